/**
 * The node runner: follows the ledger from the checkpoint in the store and acts on what concerns
 * this node (docs/node.md has the whole picture).
 *
 * Each range of events is handled in two passes, before the checkpoint moves past it
 * (`subscribeLedgerEvents` awaits `onEvents`):
 * 0. programs: the Consortium's ProgramPublished / ProgramApproved / ProgramRevoked events go to
 *    the node's program registry first, in chain order (src/node/programs/registry.ts): an
 *    approved bundle is verified and loaded before the jobs of the same range are looked at;
 * 1. collect: which grants and jobs the events touch, the params bytes of `JobParams` events
 *    (published in the same transaction as the proposal, so in the same range), and whether a
 *    member event was seen;
 * 2. act, per grant then per job, on the state the chain holds now (one `getJob` / `getGrant`
 *    read each; events are triggers, the chain is the truth, so replays are harmless): record the
 *    grant or job locally, decide our inputs (policy or inbox), and start the runs of Ready or
 *    Running jobs this node is party to.
 * Runs go on in the background (the follower never waits for a job); a failed chain read makes
 * the range fail and the subscription retry it.
 *
 * Restart: jobs the store shows as `running` on this node that are Running on chain were cut off
 * by the restart; they are not run again (the other parties fail them) and their outcome is
 * recorded when the chain has it. Ready jobs are run.
 *
 * @module
 */
import type { Hex } from 'viem';
import { failJob } from '../../ledger/actions/failJob.js';
import { getJob } from '../../ledger/actions/getJob.js';
import type { LedgerClient } from '../../ledger/client.js';
import { LedgerRpcError } from '../../ledger/errors.js';
import {
  subscribeLedgerEvents,
  type LedgerEvent,
  type LedgerSubscription,
} from '../../ledger/events.js';
import { JobStatus, type Job } from '../../ledger/types.js';
import type { TlsEndpoint } from '../../net/tls.js';
import type { ProgramRegistry } from '../../programs/registry.js';
import type { JobTimeouts } from '../jobs/executor.js';
import type { JobSelf } from '../jobs/plan.js';
import { NodeProgramRegistry } from '../programs/registry.js';
import { SqliteCheckpointStore } from '../store/checkpoint.js';
import type { Store } from '../store/db.js';
import { listJobs, recordJob } from '../store/jobs.js';
import { decideJobInputs } from './approvals.js';
import { describe, silentLog, type RunnerContext, type RunnerLog } from './context.js';
import { syncGrant } from './grants.js';
import {
  advance,
  isRunParty,
  parsePublishedParams,
  programOf,
  recordFromChain,
} from './job-state.js';
import { JobLauncher } from './launcher.js';
import { MemberDirectory } from './members.js';

export interface StartRunnerOptions {
  readonly store: Store;
  /** A ledger client with this node's account. */
  readonly ledger: LedgerClient;
  readonly programs: ProgramRegistry;
  /** This node: its member name (its party id) and chain address. */
  readonly self: JobSelf;
  /** The node's TLS endpoint (its key, listening on the port registered in Consortium). */
  readonly endpoint: TlsEndpoint;
  /** The deployment block: where to start without a checkpoint. */
  readonly fromBlock: bigint;
  readonly log?: RunnerLog;
  /** Executor timeouts for every job. */
  readonly timeouts?: JobTimeouts;
  /** Milliseconds between polls of the chain; default the ledger client's. */
  readonly pollingInterval?: number;
  /** How long a run waits for the chain to record a failure it saw (default 10 000 ms). */
  readonly settleMs?: number;
  /** How often to look for open jobs past their deadline (default 30 000 ms). */
  readonly sweepMs?: number;
}

/** Counters, for status pages and tests. */
export interface RunnerStats {
  /** Ledger events handled since start. */
  readonly events: number;
  /** First block of the first range handled since start (undefined before any). */
  readonly firstBlock: bigint | undefined;
  /** Last block checkpointed. */
  readonly lastBlock: bigint | undefined;
  /** Runs started since start. */
  readonly runsStarted: number;
  /** Jobs running now. */
  readonly running: readonly string[];
}

export interface NodeRunner {
  /** Resolves once the backlog since the checkpoint is handled (rejects if stopped before). */
  readonly caughtUp: Promise<bigint>;
  readonly directory: MemberDirectory;
  stats(): RunnerStats;
  /** Resolves once job `id`'s run on this node (if any) has ended. */
  settled(id: string): Promise<void>;
  /** Stops following, cancels every run (no chain write) and waits for them. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts following the ledger (see the module doc). Returns at once; a chain that is down is
 * retried every polling interval and reported through `log`.
 * @example
 * ```ts
 * const runner = startRunner({ store, ledger, programs, self, endpoint, fromBlock });
 * await runner.caughtUp;
 * await runner.stop();
 * ```
 */
export function startRunner(o: StartRunnerOptions): NodeRunner {
  const log = o.log ?? silentLog;
  const directory = new MemberDirectory({
    ledger: o.ledger,
    self: o.self,
    endpoint: o.endpoint,
    onProblem: (err) => log.error('member directory', describe(err)),
  });
  const ctx: RunnerContext = {
    store: o.store,
    ledger: o.ledger,
    programs: o.programs,
    self: o.self,
    directory,
    log,
  };
  const launcher = new JobLauncher(ctx, {
    endpoint: o.endpoint,
    ...(o.timeouts === undefined ? {} : { timeouts: o.timeouts }),
    ...(o.settleMs === undefined ? {} : { settleMs: o.settleMs }),
  });
  let events = 0;
  let runsStarted = 0;
  let firstBlock: bigint | undefined;
  let lastError = '';

  const syncJob = async (jobId: bigint, paramsBytes: Hex | undefined): Promise<void> => {
    const job: Job = await getJob(o.ledger, { jobId });
    const id = jobId.toString();
    // While this process runs the job, the run records the outcome (a recipient verifies first).
    const record = recordFromChain(o.store, o.programs, o.self.address, job, {
      keepStatus: launcher.isRunning(id),
    });
    if (record === undefined) return;
    let rec = record;
    if (paramsBytes !== undefined && rec.params === null) {
      const program = programOf(o.programs, job);
      if (program !== undefined) {
        try {
          const params = parsePublishedParams(program, job, paramsBytes);
          rec = recordJob(o.store, id, rec.status, { params });
        } catch (err) {
          log.warn('published params refused', { jobId: id, ...describe(err) });
        }
      }
    }
    if (job.status === JobStatus.AwaitingApproval) {
      await decideJobInputs(ctx, job, rec);
      return;
    }
    if (job.status !== JobStatus.Ready && job.status !== JobStatus.Running) return;
    if (!isRunParty(rec.roles) || launcher.started(id)) return;
    if (
      job.status === JobStatus.Running &&
      rec.status === 'running' &&
      rec.phase !== null &&
      rec.phase !== 'proposed' // the proposer's own API entry, not a run of this node
    ) {
      // This node ran the job before a restart: the others fail it; the chain tells the outcome.
      log.warn('job was running when this node stopped; waiting for its outcome on chain', {
        jobId: id,
      });
      return;
    }
    if (launcher.launch(job)) runsStarted++;
  };

  const guard = async (what: Record<string, string>, fn: () => Promise<void>): Promise<void> => {
    try {
      await fn();
    } catch (err) {
      // A chain that does not answer: retry the whole range. Anything else concerns this one
      // grant or job only; log it and go on, so one bad record never stalls the follower.
      if (err instanceof LedgerRpcError) throw err;
      log.error('could not handle a ledger event', { ...what, ...describe(err) });
    }
  };

  const onEvents = async (
    batch: readonly LedgerEvent[],
    range: { readonly fromBlock: bigint },
  ): Promise<void> => {
    firstBlock ??= range.fromBlock;
    const grants = new Set<bigint>();
    const jobs = new Map<bigint, Hex | undefined>();
    let members = false;
    for (const e of batch) {
      events++;
      if (e.contract === 'consortium') {
        // Published, approved and revoked programs: loaded or dropped before this range's jobs.
        if (o.programs instanceof NodeProgramRegistry) o.programs.onLedgerEvent(e);
        if (
          e.eventName === 'MemberAdded' ||
          e.eventName === 'MemberUpdated' ||
          e.eventName === 'MemberRemoved'
        ) {
          members = true;
        }
      } else if (e.contract === 'grants') {
        grants.add(e.args.grantId);
      } else if (e.contract === 'jobs') {
        const prev = jobs.get(e.args.jobId);
        jobs.set(e.args.jobId, e.eventName === 'JobParams' ? e.args.params : prev);
      }
    }
    if (members) {
      directory.invalidate();
      await directory.refresh();
    }
    for (const g of grants) await guard({ grantId: g.toString() }, () => syncGrant(ctx, g));
    for (const [j, params] of jobs) {
      await guard({ jobId: j.toString() }, () => syncJob(j, params));
    }
  };

  const sub: LedgerSubscription = subscribeLedgerEvents(o.ledger, {
    checkpoint: new SqliteCheckpointStore(o.store),
    fromBlock: o.fromBlock,
    onEvents,
    onError: (err) => {
      const d = describe(err);
      // One line per distinct problem, not one per poll while the chain is down.
      const key = JSON.stringify(d);
      if (key !== lastError) log.error('ledger follower: will retry', d);
      lastError = key;
    },
    ...(o.pollingInterval === undefined ? {} : { pollingInterval: o.pollingInterval }),
  });

  // Jobs left open locally by a previous process: catch up on their outcome from the chain
  // (their events may lie before the checkpoint), and run the Ready ones.
  const resume = async (): Promise<void> => {
    await sub.caughtUp;
    for (const rec of listJobs(o.store)) {
      if (['succeeded', 'failed', 'rejected', 'cancelled'].includes(rec.status)) continue;
      try {
        await syncJob(BigInt(rec.id), undefined);
      } catch (err) {
        log.warn('could not resume a job', { jobId: rec.id, ...describe(err) });
      }
    }
  };
  resume().catch(() => undefined);

  // A job nobody finishes (an owner never decides, every other party died) would stay open
  // forever: once its deadline has passed on chain, its proposer and committee members fail it.
  const sweep = async (): Promise<void> => {
    const open = listJobs(o.store).filter(
      (r) =>
        !['succeeded', 'failed', 'rejected', 'cancelled'].includes(r.status) &&
        r.spec !== null &&
        (r.roles.includes('proposer') || r.roles.includes('compute')) &&
        !launcher.isRunning(r.id),
    );
    if (open.length === 0) return;
    // The wall clock, not the last block's time (an idle chain mines no blocks); a transaction
    // that comes too early reverts with DeadlineNotPassed and is retried next sweep.
    const now = Math.floor(Date.now() / 1000);
    for (const rec of open) {
      if (rec.spec!.deadline > now) continue;
      await guard({ jobId: rec.id }, async () => {
        const jobId = BigInt(rec.id);
        const job = await getJob(o.ledger, { jobId });
        if (
          job.status === JobStatus.AwaitingApproval ||
          job.status === JobStatus.Ready ||
          job.status === JobStatus.Running
        ) {
          const reason = `deadline: ${o.self.name} reports: the job did not finish before its deadline`;
          await failJob(o.ledger, { jobId, reason }).catch(() => undefined); // first one lands
        }
        advance(o.store, rec.id, await getJob(o.ledger, { jobId }));
      });
    }
  };
  let sweeping = false;
  const sweepTimer = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    sweep()
      .catch((err: unknown) => log.warn('deadline sweep', describe(err)))
      .finally(() => (sweeping = false));
  }, o.sweepMs ?? 30_000);
  sweepTimer.unref();
  directory.refresh().catch((err: unknown) => log.warn('member directory', describe(err)));

  let stopping: Promise<void> | undefined;
  return {
    caughtUp: sub.caughtUp,
    directory,
    stats: () => ({
      events,
      firstBlock,
      lastBlock: sub.lastProcessedBlock(),
      runsStarted,
      running: launcher.running(),
    }),
    settled: (id) => launcher.settled(id),
    stop: () =>
      (stopping ??= (async () => {
        clearInterval(sweepTimer);
        await sub.stop();
        await launcher.stop();
      })()),
  };
}
