/**
 * The approval policy: ordered rules, each matching on program hash, dataset and requester
 * (an absent field matches anything). The first matching rule decides; no match means a person
 * decides through the inbox. Rules are replaced as a whole, in one transaction.
 *
 * Next to the rules, the owner's **requirements** (`PolicyRequirement`): committee rules and caps
 * that every job using a dataset must meet whoever approves it (the policy or a person): a
 * minimum committee size and threshold, requester or recipients off the committee, committee
 * jurisdictions, caps on rows, outputs and uses (see `../jobs/committee-rules.ts`). A requirement
 * with a `datasetId` applies to that dataset, one without to all of this node's datasets; every
 * requirement that applies must hold. They are stored as one JSON record each, so a new
 * requirement field needs no migration.
 *
 * @module
 */
import type { OwnerRequirements } from '../jobs/committee-rules.js';
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

/** One requirement record of the policy: the requirements, and the dataset they apply to. */
export interface PolicyRequirement extends OwnerRequirements {
  /** The dataset (0x id) this applies to; absent: every dataset of this node. */
  readonly datasetId?: string;
  readonly note?: string;
}

/**
 * Replaces the whole policy: all rules (and, when given, all requirements) or, after a failure,
 * the previous ones.
 */
export function replacePolicy(
  store: Store,
  rules: readonly PolicyRule[],
  requirements?: readonly PolicyRequirement[],
): void {
  store.transaction(() => {
    if (requirements !== undefined) {
      store.run('DELETE FROM policy_requirements');
      requirements.forEach((r, i) => {
        const { datasetId, note, ...rest } = r;
        store.run(
          'INSERT INTO policy_requirements (position, dataset_id, requirements_json, note) VALUES (?, ?, ?, ?)',
          [i, datasetId?.toLowerCase() ?? null, JSON.stringify(rest), note ?? null],
        );
      });
    }
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

/** The requirement records, in the order they were set. */
export function listRequirements(store: Store): PolicyRequirement[] {
  return store.all('SELECT * FROM policy_requirements ORDER BY position').map((r) => ({
    ...(r.dataset_id === null ? {} : { datasetId: String(r.dataset_id) }),
    ...(JSON.parse(String(r.requirements_json)) as OwnerRequirements),
    ...(r.note === null ? {} : { note: String(r.note) }),
  }));
}

/**
 * The requirement records that apply to `datasetId` (its own and the node-wide ones).
 * @example
 * ```ts
 * requirementsFor(listRequirements(store), job.inputs[0]);
 * ```
 */
export function requirementsFor(
  list: readonly PolicyRequirement[],
  datasetId: string,
): PolicyRequirement[] {
  return list.filter(
    (r) => r.datasetId === undefined || r.datasetId.toLowerCase() === datasetId.toLowerCase(),
  );
}
