/**
 * The approval policy: ordered rules, each matching on program hash, dataset and requester
 * (an absent field matches anything). The first matching rule decides; no match means a person
 * decides through the inbox. Rules are replaced as a whole, in one transaction.
 *
 * @module
 */
import type { Row, Store } from './db.js';

export interface PolicyRule {
  readonly action: 'approve' | 'reject';
  readonly programHash?: string;
  readonly datasetId?: string;
  /** Chain address of the requester. */
  readonly requester?: string;
  readonly note?: string;
}

export interface PolicyRequest {
  readonly programHashes: readonly string[];
  readonly datasetId: string;
  readonly requester: string;
}

/** Replaces the whole policy: all rules or, after a failure, the previous ones. */
export function replacePolicy(store: Store, rules: readonly PolicyRule[]): void {
  store.transaction(() => {
    store.run('DELETE FROM policy_rules');
    rules.forEach((r, i) =>
      store.run(
        'INSERT INTO policy_rules (position, action, program_hash, dataset_id, requester, note) VALUES (?, ?, ?, ?, ?, ?)',
        [
          i,
          r.action,
          r.programHash?.toLowerCase() ?? null,
          r.datasetId?.toLowerCase() ?? null,
          r.requester?.toLowerCase() ?? null,
          r.note ?? null,
        ],
      ),
    );
  });
}

/** The rules in evaluation order. */
export function listPolicy(store: Store): PolicyRule[] {
  return store.all('SELECT * FROM policy_rules ORDER BY position').map((r) => {
    const opt = (k: string, v: Row[string] | undefined): Record<string, string> =>
      v === null || v === undefined ? {} : { [k]: String(v) };
    return {
      action: String(r.action) as 'approve' | 'reject',
      ...opt('programHash', r.program_hash),
      ...opt('datasetId', r.dataset_id),
      ...opt('requester', r.requester),
      ...opt('note', r.note),
    };
  });
}

/**
 * The first rule that matches a request, or undefined (then a person decides). A rule with a
 * program hash matches only if every program hash of the request is that one.
 * @example
 * ```ts
 * matchPolicy(listPolicy(store), { programHashes: [h], datasetId, requester })?.action;
 * ```
 */
export function matchPolicy(
  rules: readonly PolicyRule[],
  req: PolicyRequest,
): PolicyRule | undefined {
  const eq = (a: string | undefined, b: string): boolean =>
    a === undefined || a.toLowerCase() === b.toLowerCase();
  return rules.find(
    (r) =>
      eq(r.datasetId, req.datasetId) &&
      eq(r.requester, req.requester) &&
      (r.programHash === undefined ||
        (req.programHashes.length > 0 && req.programHashes.every((h) => eq(r.programHash, h)))),
  );
}
