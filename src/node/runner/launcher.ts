/**
 * Runs jobs on this node in the background, each at most once per process, several at a time
 * on the node's one TLS endpoint (each job is its own session). The follower starts a run and
 * goes on; the run records its progress (`addJobEvent`, `updateJob`) and its outcome:
 *
 * - success: a recipient keeps the verified result (`saveJobResult`, JSON: bigints as decimal
 *   strings); every party records `succeeded` with the attested digest;
 * - failure: the reason the chain records (the first `failJob` to land), else this node's own;
 *   an owner whose own dataset failed the program's checks also records (log and job events,
 *   this node only) the message naming the row, which the public reason leaves out;
 *   a recipient whose shares do not match the attested digest records `failed` with
 *   `ERR_JOB_DIGEST` (the job succeeded on chain, but this node refuses the result);
 * - refused before connecting (no usable params, program unknown, party unknown): a committee
 *   member fails the job on chain at once with the reason, so no party waits for a timeout;
 * - cancelled (the node shutting down): nothing is recorded; after a restart the follower
 *   records what the chain says (the other parties fail the job).
 *
 * @module
 */
import { isAddressEqual, type Hex } from 'viem';
import { failJob } from '../../ledger/actions/failJob.js';
import { getJob } from '../../ledger/actions/getJob.js';
import { JobStatus, type Job } from '../../ledger/types.js';
import { AbortedError } from '../../mpc/errors.js';
import type { TlsEndpoint } from '../../net/tls.js';
import { ParleyError } from '../../errors/base.js';
import { JobDigestError, JobFailedError, JobInputInvalidError } from '../jobs/errors.js';
import { artifactId, loadArtifactShares, saveArtifact } from '../store/artifacts.js';
import type { PartyId } from '../../mpc/channel.js';
import {
  type ArtifactShares,
  runJob,
  type JobPeer,
  type JobProgress,
  type JobResult,
  type JobTimeouts,
} from '../jobs/executor.js';
import { sanitizeReason } from '../jobs/control.js';
import { readableReason } from '../jobs/steps.js';
import { addJobEvent, getJob as getLocalJob, saveJobResult, updateJob } from '../store/jobs.js';
import { committeeRuleProblems } from './approvals.js';
import { loadDatasetColumns } from './columns.js';
import { describe, type RunnerContext } from './context.js';
import { advance, jobParams } from './job-state.js';
import type { Params } from '../../programs/types.js';

/** Share of the work done when each phase starts (for `progress`). */
const PROGRESS: Readonly<Record<string, number>> = {
  connecting: 0.05,
  inputs: 0.15,
  computing: 0.3,
  outputs: 0.8,
  attesting: 0.9,
};

export interface LauncherOptions {
  readonly endpoint: TlsEndpoint;
  readonly timeouts?: JobTimeouts;
  /** How long to wait for the chain to record a failure this node saw (default 10 000 ms). */
  readonly settleMs?: number;
}

/** A recipient's result as stored: JSON-safe (bigints as decimal strings). */
export interface StoredJobResult {
  readonly jobId: string;
  readonly program: string;
  readonly resultDigest: Hex;
  readonly outputs: Readonly<Record<string, readonly (number | string | boolean)[]>>;
  /** By output, where this node received only some elements (its own slices): their indices. */
  readonly elements?: Readonly<Record<string, readonly number[]>>;
  /** By output: indices (into `outputs[name]`) withheld by disclosure control. */
  readonly suppressed?: Readonly<Record<string, readonly number[]>>;
  /** The minimum group size applied, if any. */
  readonly minGroupSize?: number | null;
}

/**
 * The JSON form of a recipient's result.
 * @example
 * ```ts
 * saveJobResult(store, '7', storedResult(result));
 * ```
 */
export function storedResult(r: JobResult): StoredJobResult {
  const outputs: Record<string, (number | string | boolean)[]> = {};
  for (const [name, values] of Object.entries(r.outputs)) {
    outputs[name] = values.map((v: number | bigint | boolean) =>
      typeof v === 'bigint' ? v.toString() : v,
    );
  }
  return {
    jobId: r.jobId.toString(),
    program: r.program,
    resultDigest: r.resultDigest,
    outputs,
    ...(Object.keys(r.elements).length === 0 ? {} : { elements: r.elements }),
    ...(Object.keys(r.suppressed).length === 0 ? {} : { suppressed: r.suppressed }),
    ...(r.minGroupSize === null ? {} : { minGroupSize: r.minGroupSize }),
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The runs of this process. */
export class JobLauncher {
  readonly #ctx: RunnerContext;
  readonly #o: LauncherOptions;
  /** Jobs started in this process (never started twice). */
  readonly #started = new Set<string>();
  readonly #running = new Map<string, { ctl: AbortController; done: Promise<void> }>();
  #stopped = false;

  constructor(ctx: RunnerContext, options: LauncherOptions) {
    this.#ctx = ctx;
    this.#o = options;
  }

  /** Ids of the jobs running now. */
  running(): string[] {
    return [...this.#running.keys()];
  }

  /** True if this process started job `id` (it may have finished). */
  started(id: string): boolean {
    return this.#started.has(id);
  }

  isRunning(id: string): boolean {
    return this.#running.has(id);
  }

  /** Resolves once job `id`'s run (if any) has ended. */
  async settled(id: string): Promise<void> {
    await this.#running.get(id)?.done;
  }

  /**
   * Starts `job` (Ready or Running on chain) in the background unless it was started in this
   * process already. Returns false if it was not started.
   */
  launch(job: Job): boolean {
    const id = job.id.toString();
    if (this.#stopped || this.#started.has(id)) return false;
    this.#started.add(id);
    const ctl = new AbortController();
    const done = this.#run(job, ctl.signal).catch((err: unknown) => {
      this.#ctx.log.error('job run ended with an unexpected error', {
        jobId: id,
        ...describe(err),
      });
    });
    this.#running.set(id, { ctl, done });
    void done.finally(() => this.#running.delete(id));
    return true;
  }

  /** Cancels every run (no chain write) and waits for them to end. */
  async stop(): Promise<void> {
    this.#stopped = true;
    const runs = [...this.#running.values()];
    for (const r of runs) r.ctl.abort();
    await Promise.all(runs.map((r) => r.done));
  }

  async #run(job: Job, signal: AbortSignal): Promise<void> {
    const { store, ledger, self, log } = this.#ctx;
    const id = job.id.toString();
    const isMember = job.committee.some((a) => isAddressEqual(a, self.address));
    log.info('running job', { jobId: id });
    let params: Params;
    try {
      // Throws the registry's own reason: unknown, revoked, or a stored bundle whose hash is not
      // the approved one (checked again here, before every job).
      const program = this.#ctx.programs.byCodeHash(job.programHash);
      params = jobParams(program, job, getLocalJob(store, id)!);
    } catch (err) {
      await this.#refuse(job, isMember, err);
      return;
    }
    const onProgress = (e: JobProgress): void => {
      try {
        addJobEvent(store, id, e.phase, e.detail);
        const progress = PROGRESS[e.phase];
        if (progress !== undefined) updateJob(store, id, { status: 'running', progress });
      } catch {
        /* the store is closing: the outcome is recorded from the chain after a restart */
      }
    };
    let peers: readonly JobPeer[];
    try {
      peers = await this.#ctx.directory.peers();
    } catch (err) {
      // The chain is unreachable for now: that says nothing about the job, so do not fail it on
      // chain; forget the launch so the next event or the resume pass tries again.
      log.warn('member directory unreadable; job not started', { jobId: id, ...describe(err) });
      this.#started.delete(id);
      return;
    }
    let result: JobResult | null;
    try {
      result = await runJob({
        job,
        self,
        endpoint: this.#o.endpoint,
        peers,
        programs: this.#ctx.programs,
        params,
        loadInput: (datasetId) => Promise.resolve(loadDatasetColumns(store, datasetId)),
        // The committee rules again, right before sharing: inputs covered by a grant never came
        // to this node's decision, and its policy may have changed since it approved.
        checkInputs: () => committeeRuleProblems(this.#ctx, job, 'share'),
        saveArtifact: (a) => {
          saveArtifact(store, {
            id: artifactId(a.jobId, a.name),
            jobId: a.jobId.toString(),
            name: a.name,
            program: a.program,
            field: a.field,
            type: a.type,
            length: a.length,
            committee: [...a.committee],
            t: a.t,
            index: a.index,
            shares: a.shares,
            lineage: { datasets: [...a.lineage.datasets], owners: [...a.lineage.owners] },
            resultDigest: a.resultDigest,
          });
          log.info('artifact kept', { jobId: id, artifact: artifactId(a.jobId, a.name) });
        },
        loadArtifact: (artifact) => {
          const r = loadArtifactShares(store, artifact);
          return {
            jobId: BigInt(r.jobId),
            name: r.name,
            program: r.program,
            field: r.field as ArtifactShares['field'],
            type: r.type,
            length: r.length,
            committee: r.committee as PartyId[],
            t: r.t,
            index: r.index,
            shares: r.shares,
            lineage: { datasets: r.lineage.datasets, owners: r.lineage.owners as PartyId[] },
            resultDigest: r.resultDigest,
          };
        },
        ledger,
        ...(this.#o.timeouts === undefined ? {} : { timeouts: this.#o.timeouts }),
        onProgress,
        signal,
      });
    } catch (err) {
      if (signal.aborted || err instanceof AbortedError) {
        log.warn('job run cancelled on this node', { jobId: id });
        return;
      }
      if (!(err instanceof JobFailedError) && !(err instanceof JobDigestError)) {
        // Refused before connecting (runJob's planning): tell the chain rather than let the
        // others time out waiting for us.
        await this.#refuse(job, isMember, err);
        return;
      }
      await this.#failed(job, err);
      return;
    }
    if (result !== null) saveJobResult(store, id, storedResult(result));
    const onChain = await getJob(ledger, { jobId: job.id });
    advance(store, id, onChain);
    log.info('job succeeded', { jobId: id, resultDigest: onChain.resultDigest });
  }

  /** This node cannot run the job at all: members fail it on chain; everyone records it failed. */
  async #refuse(job: Job, isMember: boolean, err: unknown): Promise<void> {
    const { store, ledger, self, log } = this.#ctx;
    const id = job.id.toString();
    const what = err instanceof ParleyError ? err.shortMessage : 'an unexpected error';
    const reason = sanitizeReason(readableReason(`connecting: ${self.name} reports: ${what}`));
    const code = err instanceof ParleyError ? err.code : 'ERR_JOB_CONFIG';
    log.warn('job cannot run on this node', { jobId: id, reason });
    try {
      addJobEvent(store, id, 'failed', reason);
    } catch {
      /* store closing */
    }
    if (isMember) {
      try {
        await failJob(ledger, { jobId: job.id, reason });
      } catch (e) {
        log.warn('could not fail the job on chain', { jobId: id, ...describe(e) });
      }
    }
    const onChain = await this.#settle(job.id);
    if (onChain !== undefined && onChain.status === JobStatus.Failed && onChain.reason !== reason) {
      advance(store, id, onChain);
    } else {
      updateJob(store, id, {
        status: 'failed',
        errorCode: code,
        errorReason: reason,
      });
    }
  }

  async #failed(job: Job, err: JobFailedError | JobDigestError): Promise<void> {
    const { store, log } = this.#ctx;
    const id = job.id.toString();
    if (err instanceof JobDigestError) {
      log.error('refused the result: the shares do not match the attested digest', {
        jobId: id,
        error: err.shortMessage,
      });
      updateJob(store, id, {
        status: 'failed',
        errorCode: 'ERR_JOB_DIGEST',
        errorReason: err.shortMessage,
      });
      return;
    }
    const invalid = err.walk((e) => e instanceof JobInputInvalidError);
    if (invalid instanceof JobInputInvalidError) {
      // Our own dataset: the operator sees the row here; the chain has only the column.
      log.error('input dataset refused before sharing', {
        jobId: id,
        detail: invalid.localMessage,
      });
      try {
        addJobEvent(store, id, 'inputs', invalid.localMessage);
      } catch {
        /* store closing */
      }
    }
    const onChain = await this.#settle(job.id);
    if (onChain?.status === JobStatus.Failed) advance(store, id, onChain);
    else updateJob(store, id, { status: 'failed', errorCode: err.code, errorReason: err.reason });
    log.warn('job failed', { jobId: id, reason: getLocalJob(store, id)?.errorReason });
  }

  /** The job once the chain records an outcome, or its last state after `settleMs`. */
  async #settle(jobId: bigint): Promise<Job | undefined> {
    const end = Date.now() + (this.#o.settleMs ?? 10_000);
    for (;;) {
      let job: Job | undefined;
      try {
        job = await getJob(this.#ctx.ledger, { jobId });
      } catch {
        job = undefined;
      }
      const open =
        job === undefined || job.status === JobStatus.Ready || job.status === JobStatus.Running;
      if (!open || Date.now() >= end) return job;
      await sleep(200);
    }
  }
}
