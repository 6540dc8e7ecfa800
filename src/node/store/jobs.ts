/**
 * Jobs as this node's runner sees them: ledger status, this node's roles, progress, the job's
 * public details (program, params, committee, recipients), a progress log, and the outcome
 * (result digest, or an error code and a reason that is safe to show). A recipient also keeps
 * the verified, decoded result (its organization's own data; never shares).
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

/** The public parts of a job as proposed on chain. Addresses and hashes are 0x-hex. */
export interface JobSpecRecord {
  readonly inputs: readonly string[];
  readonly inputOwners: readonly string[];
  readonly committee: readonly string[];
  readonly recipients: readonly string[];
  /** Unix seconds. */
  readonly deadline: number;
  readonly specHash: string;
}

export interface JobRecord {
  /** The ledger's job id, decimal. */
  readonly id: string;
  readonly status: JobStatus;
  readonly roles: readonly JobRole[];
  readonly programHash: string | null;
  /** The program's name, when this node's registry knows the hash. */
  readonly program: string | null;
  /** The public params (validated, canonical), once known. */
  readonly params: Readonly<Record<string, unknown>> | null;
  /** Chain address of the proposer. */
  readonly proposer: string | null;
  readonly spec: JobSpecRecord | null;
  /** The last executor phase seen on this node (connecting, inputs, ..., done, failed). */
  readonly phase: string | null;
  /** True once this node (a recipient) holds the verified result. */
  readonly hasResult: boolean;
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

/** Listeners of each store's job changes (see {@link onJobChange}). */
const jobListeners = new WeakMap<Store, Set<(jobId: string) => void>>();

/**
 * Calls `listener(jobId)` after a job's row or progress log changed in `store` (status,
 * progress, details, a new event). Called on a later microtask, so an enclosing transaction has
 * committed; read the job and its events again to see what changed (a call may stand for several
 * changes, and a rolled-back change may still cause a call). Returns the unsubscribe function.
 * @example
 * ```ts
 * const off = onJobChange(store, (id) => { if (id === '7') wake(); });
 * // ... later
 * off();
 * ```
 */
export function onJobChange(store: Store, listener: (jobId: string) => void): () => void {
  let set = jobListeners.get(store);
  if (set === undefined) jobListeners.set(store, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
  };
}

function changed(store: Store, jobId: string): void {
  const set = jobListeners.get(store);
  if (set === undefined || set.size === 0) return;
  queueMicrotask(() => {
    for (const l of [...set]) l(jobId);
  });
}

const s = (v: Row[string] | undefined): string | null =>
  v === null || v === undefined ? null : String(v);
const job = (r: Row): JobRecord => ({
  id: String(r.id),
  status: String(r.status) as JobStatus,
  roles: JSON.parse(String(r.roles)) as JobRole[],
  programHash: s(r.program_hash),
  program: s(r.program),
  params:
    r.params_json === null ? null : (JSON.parse(String(r.params_json)) as JobRecord['params']),
  proposer: s(r.proposer),
  spec: r.spec_json === null ? null : (JSON.parse(String(r.spec_json)) as JobSpecRecord),
  phase: s(r.phase),
  hasResult: r.result_json !== null,
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
  changed(store, p.id);
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
    changed(store, id);
    return getJob(store, id);
  });
}

/** Details learnt from the chain or from the proposal; fields already known are kept. */
export interface JobDetails {
  readonly programHash?: string;
  readonly program?: string;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly proposer?: string;
  readonly spec?: JobSpecRecord;
  /** Roles to add to the job's roles. */
  readonly roles?: readonly JobRole[];
}

/**
 * Records a job with its details, or fills in details of a known job (a field already set is
 * never overwritten; roles are merged). Idempotent, so replayed ledger events are harmless.
 * @example
 * ```ts
 * recordJob(store, '7', 'awaiting_approval', { programHash, proposer, spec, roles: ['input'] });
 * ```
 */
export function recordJob(
  store: Store,
  id: string,
  status: JobStatus,
  d: JobDetails = {},
): JobRecord {
  return store.transaction(() => {
    const cur = createJob(store, { id, status, roles: d.roles ?? [] });
    const roles = [...new Set([...cur.roles, ...(d.roles ?? [])])];
    store.run(
      `UPDATE jobs SET roles = ?, program_hash = COALESCE(program_hash, ?), program = COALESCE(program, ?),
         params_json = COALESCE(params_json, ?), proposer = COALESCE(proposer, ?),
         spec_json = COALESCE(spec_json, ?), updated_at = ? WHERE id = ?`,
      [
        JSON.stringify(roles),
        d.programHash ?? null,
        d.program ?? null,
        d.params === undefined ? null : JSON.stringify(d.params),
        d.proposer ?? null,
        d.spec === undefined ? null : JSON.stringify(d.spec),
        now(),
        id,
      ],
    );
    changed(store, id);
    return getJob(store, id)!;
  });
}

/** One entry of a job's progress log (public text only). */
export interface JobEvent {
  /** Increasing; pass the last seen id as `after` to read only newer entries. */
  readonly id: number;
  readonly jobId: string;
  readonly at: string;
  readonly phase: string;
  readonly detail: string | null;
}

/**
 * Appends to a job's progress log and sets the job's current phase, in one transaction.
 * `detail` must be public text (counts, party names, reasons), never data.
 */
export function addJobEvent(store: Store, jobId: string, phase: string, detail?: string): JobEvent {
  return store.transaction(() => {
    const at = now();
    store.run('INSERT INTO job_events (job_id, at, phase, detail) VALUES (?, ?, ?, ?)', [
      jobId,
      at,
      phase,
      detail ?? null,
    ]);
    store.run('UPDATE jobs SET phase = ? WHERE id = ?', [phase, jobId]);
    changed(store, jobId);
    const r = store.get('SELECT * FROM job_events WHERE id = last_insert_rowid()')!;
    return jobEvent(r);
  });
}

const jobEvent = (r: Row): JobEvent => ({
  id: Number(r.id),
  jobId: String(r.job_id),
  at: String(r.at),
  phase: String(r.phase),
  detail: s(r.detail),
});

/** A job's progress log in order, optionally only the entries after id `after`. */
export function listJobEvents(store: Store, jobId: string, after = 0): JobEvent[] {
  return store
    .all('SELECT * FROM job_events WHERE job_id = ? AND id > ? ORDER BY id', [jobId, after])
    .map(jobEvent);
}

/**
 * Keeps a recipient's verified, decoded result (JSON-serializable) with the job. Set once: a
 * second call for the same job does nothing and returns false.
 */
export function saveJobResult(store: Store, jobId: string, result: unknown): boolean {
  const saved =
    store.run('UPDATE jobs SET result_json = ? WHERE id = ? AND result_json IS NULL', [
      JSON.stringify(result),
      jobId,
    ]) > 0;
  if (saved) changed(store, jobId);
  return saved;
}

/** A recipient's stored result, or undefined if this node holds none for the job. */
export function getJobResult(store: Store, jobId: string): unknown {
  const r = store.get('SELECT result_json FROM jobs WHERE id = ?', [jobId]);
  return r === undefined || r.result_json === null ? undefined : JSON.parse(String(r.result_json));
}
