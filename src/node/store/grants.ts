/**
 * Grants (access requests to our datasets, and our requests to others') and the approval inbox:
 * the items a person or the policy must decide. A grant request that arrives is stored together
 * with its inbox item in one transaction.
 *
 * @module
 */
import { now, type Row, type Store } from './db.js';

export type GrantDirection = 'incoming' | 'outgoing';
export type GrantStatus = 'requested' | 'approved' | 'rejected' | 'revoked' | 'expired';

export interface GrantRecord {
  /** The ledger's grant id, decimal. */
  readonly id: string;
  readonly datasetId: string;
  readonly direction: GrantDirection;
  /** Chain address of the requester. */
  readonly requester: string;
  readonly purpose: string;
  readonly programHashes: readonly string[];
  /** Unix seconds, or null for none. */
  readonly expiry: number | null;
  readonly maxUses: number | null;
  readonly status: GrantStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type GrantInput = Omit<GrantRecord, 'createdAt' | 'updatedAt'>;

export type InboxKind = 'grant' | 'job';
/** `closed`: the job or grant ended (failed, cancelled, revoked, ...) before anyone decided. */
export type InboxState = 'pending' | 'approved' | 'rejected' | 'closed';

export interface InboxItem {
  readonly id: number;
  readonly kind: InboxKind;
  /** Grant id or job id. */
  readonly ref: string;
  readonly state: InboxState;
  readonly decidedBy: 'policy' | 'user' | null;
  readonly reason: string | null;
  readonly createdAt: string;
  readonly decidedAt: string | null;
}

const grant = (r: Row): GrantRecord => ({
  id: String(r.id),
  datasetId: String(r.dataset_id),
  direction: String(r.direction) as GrantDirection,
  requester: String(r.requester),
  purpose: String(r.purpose),
  programHashes: JSON.parse(String(r.program_hashes)) as string[],
  expiry: r.expiry === null ? null : Number(r.expiry),
  maxUses: r.max_uses === null ? null : Number(r.max_uses),
  status: String(r.status) as GrantStatus,
  createdAt: String(r.created_at),
  updatedAt: String(r.updated_at),
});

const item = (r: Row): InboxItem => ({
  id: Number(r.id),
  kind: String(r.kind) as InboxKind,
  ref: String(r.ref),
  state: String(r.state) as InboxState,
  decidedBy: r.decided_by === null ? null : (String(r.decided_by) as 'policy' | 'user'),
  reason: r.reason === null ? null : String(r.reason),
  createdAt: String(r.created_at),
  decidedAt: r.decided_at === null ? null : String(r.decided_at),
});

/**
 * Inserts a grant or updates its mutable fields (status, expiry, uses). Idempotent, so ledger
 * events replayed after a restart are harmless.
 * @example
 * ```ts
 * upsertGrant(store, { id: '7', datasetId, direction: 'incoming', requester, purpose: 'audit',
 *   programHashes: [hash], expiry: null, maxUses: 1, status: 'requested' });
 * ```
 */
export function upsertGrant(store: Store, g: GrantInput): GrantRecord {
  const t = now();
  store.run(
    `INSERT INTO grants (id, dataset_id, direction, requester, purpose, program_hashes, expiry, max_uses, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, expiry = excluded.expiry,
       max_uses = excluded.max_uses, updated_at = excluded.updated_at`,
    [
      g.id,
      g.datasetId,
      g.direction,
      g.requester,
      g.purpose,
      JSON.stringify(g.programHashes),
      g.expiry,
      g.maxUses,
      g.status,
      t,
      t,
    ],
  );
  return getGrant(store, g.id)!;
}

export function getGrant(store: Store, id: string): GrantRecord | undefined {
  const r = store.get('SELECT * FROM grants WHERE id = ?', [id]);
  return r === undefined ? undefined : grant(r);
}

export function listGrants(
  store: Store,
  filter: { readonly direction?: GrantDirection; readonly status?: GrantStatus } = {},
): GrantRecord[] {
  return store
    .all(
      'SELECT * FROM grants WHERE (?1 IS NULL OR direction = ?1) AND (?2 IS NULL OR status = ?2) ORDER BY CAST(id AS INTEGER)',
      [filter.direction ?? null, filter.status ?? null],
    )
    .map(grant);
}

/** Adds an inbox item for (kind, ref) unless one exists; returns the item either way. */
export function addInboxItem(store: Store, kind: InboxKind, ref: string): InboxItem {
  store.run('INSERT INTO inbox (kind, ref, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [
    kind,
    ref,
    now(),
  ]);
  return item(store.get('SELECT * FROM inbox WHERE kind = ? AND ref = ?', [kind, ref])!);
}

/**
 * Stores an incoming grant request and its inbox item, both or neither.
 * @example
 * ```ts
 * const { grant, inbox } = recordGrantRequest(store, g);
 * ```
 */
export function recordGrantRequest(
  store: Store,
  g: GrantInput,
): { readonly grant: GrantRecord; readonly inbox: InboxItem } {
  return store.transaction(() => ({
    grant: upsertGrant(store, g),
    inbox: addInboxItem(store, 'grant', g.id),
  }));
}

export function listInbox(store: Store, filter: { readonly state?: InboxState } = {}): InboxItem[] {
  return store
    .all('SELECT * FROM inbox WHERE (?1 IS NULL OR state = ?1) ORDER BY id', [filter.state ?? null])
    .map(item);
}

export function getInboxItem(store: Store, id: number): InboxItem | undefined {
  const r = store.get('SELECT * FROM inbox WHERE id = ?', [id]);
  return r === undefined ? undefined : item(r);
}

/**
 * Records a decision on a pending inbox item. Returns undefined if the item does not exist or is
 * already decided (a decision is never overwritten). A `closed` item may still take the decision:
 * that happens only when the chain already holds it (the follower saw the job end, e.g. rejected
 * by our own transaction, before the decider recorded it), and the chain's truth wins.
 */
export function decideInboxItem(
  store: Store,
  id: number,
  decision: {
    readonly state: 'approved' | 'rejected';
    readonly decidedBy: 'policy' | 'user';
    readonly reason?: string;
  },
): InboxItem | undefined {
  const changed = store.run(
    "UPDATE inbox SET state = ?, decided_by = ?, reason = ?, decided_at = ? WHERE id = ? AND state IN ('pending', 'closed')",
    [decision.state, decision.decidedBy, decision.reason ?? null, now(), id],
  );
  return changed === 0 ? undefined : getInboxItem(store, id);
}

/**
 * Closes the pending inbox item for (kind, ref), if there is one, because what it asks about has
 * ended without a decision (e.g. the job failed at its deadline or was cancelled). `reason` is
 * public text. Returns the closed item, or undefined if none was pending.
 * @example
 * ```ts
 * closeInboxItem(store, 'job', '7', 'job cancelled by its proposer before a decision');
 * ```
 */
export function closeInboxItem(
  store: Store,
  kind: InboxKind,
  ref: string,
  reason: string,
): InboxItem | undefined {
  return store.transaction(() => {
    const changed = store.run(
      "UPDATE inbox SET state = 'closed', reason = ?, decided_at = ? WHERE kind = ? AND ref = ? AND state = 'pending'",
      [reason, now(), kind, ref],
    );
    if (changed === 0) return undefined;
    return item(store.get('SELECT * FROM inbox WHERE kind = ? AND ref = ?', [kind, ref])!);
  });
}
