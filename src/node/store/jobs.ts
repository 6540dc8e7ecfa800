/**
 * Jobs as this node's runner sees them: ledger status, this node's roles, progress, and the
 * outcome (result digest, or an error code and a reason that is safe to show).
 *
 * @module
 */
import { now, type Row, type Store } from './db.js';

export type JobStatus =
  | 'proposed'
  | 'awaiting_approval'
  | 'ready'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'rejected'
  | 'cancelled';
export type JobRole = 'proposer' | 'input' | 'compute' | 'recipient';

/** Statuses after which a job never changes. */
export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = Object.freeze([
  'succeeded',
  'failed',
  'rejected',
  'cancelled',
]);

export interface JobRecord {
  /** The ledger's job id, decimal. */
  readonly id: string;
  readonly status: JobStatus;
  readonly roles: readonly JobRole[];
  /** 0..1 */
  readonly progress: number;
  readonly resultDigest: string | null;
  readonly errorCode: string | null;
  readonly errorReason: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

export interface JobUpdate {
  readonly status?: JobStatus;
  readonly progress?: number;
  readonly resultDigest?: string;
  readonly errorCode?: string;
  readonly errorReason?: string;
}

const s = (v: Row[string] | undefined): string | null =>
  v === null || v === undefined ? null : String(v);
const job = (r: Row): JobRecord => ({
  id: String(r.id),
  status: String(r.status) as JobStatus,
  roles: JSON.parse(String(r.roles)) as JobRole[],
  progress: Number(r.progress),
  resultDigest: s(r.result_digest),
  errorCode: s(r.error_code),
  errorReason: s(r.error_reason),
  createdAt: String(r.created_at),
  updatedAt: String(r.updated_at),
  startedAt: s(r.started_at),
  finishedAt: s(r.finished_at),
});

/** Records a job this node takes part in; an existing job is returned unchanged. */
export function createJob(
  store: Store,
  p: { readonly id: string; readonly status: JobStatus; readonly roles: readonly JobRole[] },
): JobRecord {
  const t = now();
  store.run(
    'INSERT INTO jobs (id, status, roles, created_at, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
    [p.id, p.status, JSON.stringify(p.roles), t, t],
  );
  return getJob(store, p.id)!;
}

export function getJob(store: Store, id: string): JobRecord | undefined {
  const r = store.get('SELECT * FROM jobs WHERE id = ?', [id]);
  return r === undefined ? undefined : job(r);
}

export function listJobs(store: Store, filter: { readonly status?: JobStatus } = {}): JobRecord[] {
  return store
    .all('SELECT * FROM jobs WHERE (?1 IS NULL OR status = ?1) ORDER BY created_at, id', [
      filter.status ?? null,
    ])
    .map(job);
}

/**
 * Updates a job. Entering `running` sets `startedAt`, entering a terminal status sets
 * `finishedAt`; a terminal job is never changed again (returns undefined then, or if unknown).
 */
export function updateJob(store: Store, id: string, u: JobUpdate): JobRecord | undefined {
  return store.transaction(() => {
    const cur = getJob(store, id);
    if (cur === undefined || TERMINAL_JOB_STATUSES.includes(cur.status)) return undefined;
    const t = now();
    const status = u.status ?? cur.status;
    store.run(
      `UPDATE jobs SET status = ?, progress = ?, result_digest = ?, error_code = ?, error_reason = ?,
         updated_at = ?, started_at = ?, finished_at = ? WHERE id = ?`,
      [
        status,
        u.progress ?? (status === 'succeeded' ? 1 : cur.progress),
        u.resultDigest ?? cur.resultDigest,
        u.errorCode ?? cur.errorCode,
        u.errorReason ?? cur.errorReason,
        t,
        cur.startedAt ?? (status === 'running' ? t : null),
        TERMINAL_JOB_STATUSES.includes(status) ? t : null,
        id,
      ],
    );
    return getJob(store, id);
  });
}
