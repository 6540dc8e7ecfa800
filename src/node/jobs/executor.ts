/**
 * The job executor: runs one job that is Ready or Running on chain, on this node, end to end, and
 * fails it closed on any error. The node calls {@link runJob} on every party of the job (committee
 * members, input owners, recipients); it takes what it needs from the node through small
 * interfaces (the TLS endpoint, a member directory, `loadInput`, a ledger client, `onProgress`),
 * so it depends on neither the store nor the REST API.
 *
 * Protocol (docs/jobs.md has the sequence chart):
 * 1. connecting: every party opens the job's channel (session `parley-job:<Jobs address>:<id>`)
 *    over mutually authenticated TLS, pinning each party's key as registered in Consortium.
 *    committee[0] marks a Ready job Running (`startJob`).
 * 2. inputs: each owner loads and checks its datasets on the plaintext (nothing is shared if one
 *    row is bad), announces its row counts (public) to everyone, then secret-shares its columns.
 * 3. computing: the committee runs the program (parties outside it run placeholders).
 * 4. outputs: each member commits to its output shares with a fresh salt, sends the commitment to
 *    the other members and (salt, shares) to each recipient; members compute the result digest
 *    from the commitments, recipients from what they received (see `./digest.ts`). Each
 *    recipient checks that every member's shares lie on one polynomial, reconstructs and decodes
 *    every output (with its type's range check), and sends its verdict (CONFIRM: the digest it
 *    computed, or a refusal naming the output or member at fault) to every member. A member goes
 *    on only when every recipient confirmed exactly the digest it computed itself; a refusal or
 *    a silent recipient fails the job (`recipient <name> refused the result: <what>`).
 * 5. attesting: each member signs (jobId, resultDigest) and sends the signature to the other
 *    members; committee[0] checks every signature and submits them (`submitResult`); the other
 *    members wait for the result on chain and submit it themselves if it does not come.
 *    Recipients wait for the job to succeed and check that the on-chain digest equals theirs.
 *
 * Every member checks every recipient's confirmation over its own authenticated link, and the
 * chain needs every member's signature, so one honest member suffices: a success on chain means
 * each recipient itself confirmed the result (no recipient, or member, can confirm for another).
 *
 * Failure: any error ends the job closed. The party that sees it sends an ABORT with the public
 * reason to every party (so they stop waiting), and a committee member records the reason on
 * chain (`failJob`; the first to land wins; a member relaying a peer's ABORT, or whose receive
 * timed out, first gives the peer's own reason {@link RELAY_GRACE_MS} to land). Reasons read `<phase>: <reporter> reports: <what>`,
 * where `<what>` is the error's short message (it names parties, protocol phases, columns; never a
 * value or a row) or just its class name for errors of unknown origin; channel step numbers are
 * written as the phase they belong to (`./steps.ts`: `at output delivery (output shares)`, not
 * `at step 4294967043`). Nothing is half-written: a result
 * reaches the chain only with every member's signature, and a recipient returns a result only
 * after the digest check. Cancelling through `signal` (the node shutting down) stops the job
 * here without any chain write; the others fail it.
 *
 * Security: shares, salts and input values never appear in events, errors or reasons.
 *
 * @module
 */
import { bytesToHex, hexToBytes, isAddressEqual, type Address, type Hex } from 'viem';
import type { Channel, PartyId } from '../../mpc/channel.js';
import { AbortedError, PeerTimeoutError } from '../../mpc/errors.js';
import { type PrimeField, fields } from '../../mpc/field/prime-field.js';
import { fpConcat, fpSlice, fpVecFromBytes, fpVecToBytes } from '../../mpc/field/vec.js';
import { decode } from '../../mpc/secure/codec.js';
import { session } from '../../mpc/secure/session.js';
import type { TlsEndpoint } from '../../net/tls.js';
import { failJob } from '../../ledger/actions/failJob.js';
import { getJob } from '../../ledger/actions/getJob.js';
import { isProgramApproved } from '../../ledger/actions/isProgramApproved.js';
import { signJobResult } from '../../ledger/actions/signJobResult.js';
import { startJob } from '../../ledger/actions/startJob.js';
import { submitResult } from '../../ledger/actions/submitResult.js';
import type { LedgerClient } from '../../ledger/client.js';
import { recoverJobResultSigner } from '../../ledger/hashes.js';
import { JobStatus, type Job } from '../../ledger/types.js';
import { ParleyError, walkCause } from '../../errors/base.js';
import type { ProgramRegistry } from '../../programs/registry.js';
import { prepareInput, shareInputs, type PreparedInput } from '../../programs/run.js';
import { discloseOutputs, type DisclosedOutput } from '../../programs/disclosure.js';
import type { SecType } from '../../mpc/secure/types.js';
import {
  encodePublicOutputs,
  outputUnits,
  receiversOf,
  type ArtifactShape,
  type OutputUnit,
} from './outputs.js';
import { checkArtifactInputs, type ArtifactInput } from './artifacts.js';
import type { SecureVector } from '../../mpc/secure/base.js';
import { programField, type DatasetColumns, type ProgramResult } from '../../programs/types.js';
import {
  STEP_ABORT,
  STEP_COMMIT,
  STEP_CONFIRM,
  STEP_OUTPUT,
  STEP_ROWS,
  STEP_SIG,
  decodeAbort,
  decodeConfirmation,
  decodeRows,
  encodeAbort,
  encodeConfirmation,
  encodeRows,
  type Confirmation,
  type RefusalKind,
  NO_MEMBER,
  expectBytes,
  sanitizeReason,
} from './control.js';
import { SALT_BYTES, outputCommitment, reconstructChecked, resultDigestOf } from './digest.js';
import { readableReason } from './steps.js';
import {
  JobConfigError,
  JobDigestError,
  JobFailedError,
  JobInputInvalidError,
  JobInputRefusedError,
  JobRefusedError,
  type JobPhase,
} from './errors.js';
import { planJob, type JobPeer, type JobPlan, type JobSelf } from './plan.js';

export type { JobPeer, JobSelf } from './plan.js';
export type { JobPhase } from './errors.js';

/** A progress event. `detail` is public text (counts, party names), never data. */
export interface JobProgress {
  readonly jobId: bigint;
  readonly phase: JobPhase;
  readonly detail?: string;
}

/** Timeouts, in milliseconds. */
export interface JobTimeouts {
  /** Longest wait for any one message from a peer (default 30 000). */
  readonly stepMs?: number;
  /**
   * Longest wait, on a party outside the committee, for the committee's outputs (default
   * 600 000): the whole computation happens meanwhile. Members watch each other step by step
   * (`stepMs`) and abort the job for everyone when one of them stalls.
   */
  readonly computeMs?: number;
  /** Longest wait for the result to appear on chain after signing (default 60 000). */
  readonly attestMs?: number;
  /** How often to read the job's status while waiting (default 250). */
  readonly pollMs?: number;
}

export interface RunJobOptions {
  /** The job as `getJob` returns it; Ready or Running. */
  readonly job: Job;
  /** This node: its member name and chain account. */
  readonly self: JobSelf;
  /**
   * This node's TLS endpoint: it holds the node's TLS key and certificate and listens on the port
   * registered in Consortium; one endpoint serves every job (each job is its own session).
   */
  readonly endpoint: TlsEndpoint;
  /** The member directory (from Consortium): name, address, host, port and key fingerprint. */
  readonly peers: readonly JobPeer[];
  /** The programs this node may run; the job's program hash must be one of them. */
  readonly programs: ProgramRegistry;
  /** The job's public params; they must hash to the job's on-chain params hash. */
  readonly params: unknown;
  /** Loads one of this node's datasets by its catalog id (called only for inputs it owns). */
  readonly loadInput: (datasetId: Hex, signal: AbortSignal) => Promise<DatasetColumns>;
  /** The ledger client, with this node's account (signatures, startJob, failJob, submitResult). */
  readonly ledger: LedgerClient;
  readonly timeouts?: JobTimeouts;
  /** Progress events; exceptions thrown by the callback are ignored. */
  readonly onProgress?: (event: JobProgress) => void;
  /** Cancels the job on this node (no chain write: the other parties fail it). */
  readonly signal?: AbortSignal;
  /**
   * On an input owner, right before it loads and shares its inputs: the committee-rule problems
   * it finds with the job (`../committee.ts`), empty to go on. A problem fails the job for
   * everyone with `input refused at <self>: <problems>`, before any share leaves this node.
   */
  readonly checkInputs?: (signal: AbortSignal) => Promise<readonly string[]>;
  /**
   * Keeps this member's shares of an output that goes to nobody (an artifact), once the job has
   * succeeded on chain. Required on a member of a job whose program has such an output.
   */
  readonly saveArtifact?: (artifact: ArtifactShares) => void | Promise<void>;
  /**
   * Loads this member's shares of artifact `id` (`<jobId>.<name>`), for a job that takes it as
   * an input. Required on a member of such a job.
   */
  readonly loadArtifact?: (id: string) => ArtifactShares | Promise<ArtifactShares>;
  /** Source of salts; default `crypto.getRandomValues`. For tests only. */
  readonly randomBytes?: (length: number) => Uint8Array;
}

/**
 * One committee member's shares of an output kept secret-shared (`to: 'nobody'`): everything a
 * later job needs to take it as an input. Secret (`shares`): never logged.
 */
export interface ArtifactShares {
  readonly jobId: bigint;
  /** The output's name. */
  readonly name: string;
  readonly program: string;
  readonly field: PrimeField['name'];
  /** The secure type of the elements (plain data: kind, bit length k, fractional bits f). */
  readonly type: SecType;
  readonly length: number;
  /** The committee that holds it (job order: member i holds the share at point i) and t. */
  readonly committee: readonly PartyId[];
  readonly t: number;
  /** This member's 1-based evaluation point. */
  readonly index: number;
  /** This member's shares, `field.bytes` bytes each, little-endian. */
  readonly shares: Uint8Array;
  /** What it was computed from: the job's input datasets and their owners (job order). */
  readonly lineage: { readonly datasets: readonly Hex[]; readonly owners: readonly PartyId[] };
  readonly resultDigest: Hex;
}

/** What a recipient gets. */
export interface JobResult {
  readonly jobId: bigint;
  readonly program: string;
  /** The digest attested on chain, which the received shares reproduce. */
  readonly resultDigest: Hex;
  /**
   * The outputs this party received (see `./outputs.ts`: the job's recipients get `recipients`
   * outputs, every member `members` outputs, the committee `public` ones, each input owner the
   * elements of its own inputs of `owners` outputs).
   */
  readonly outputs: ProgramResult;
  /**
   * By output, where this party received only some elements (an owner's slices): the element
   * index of each received value in the whole output.
   */
  readonly elements: Readonly<Record<string, readonly number[]>>;
  /**
   * By output: indices (into `outputs[name]`) of values withheld by disclosure control (fewer
   * rows than the minimum group size); their value in `outputs` is 0 or false.
   */
  readonly suppressed: Readonly<Record<string, readonly number[]>>;
  /** The minimum group size applied (null if the program declares none). */
  readonly minGroupSize: number | null;
}

/**
 * The job's session id: unique per Jobs contract and job.
 * @example
 * ```ts
 * jobSession(addresses.jobs, 7n); // 'parley-job:0x…:7'
 * ```
 */
export function jobSession(jobs: Address, jobId: bigint): string {
  return `parley-job:${jobs.toLowerCase()}:${jobId}`;
}

const MAX_ROWS = 1 << 24;
/** Listeners for ABORT wait at most this long (the job's other timeouts end it first). */
const LISTEN_MS = 2 ** 31 - 1;

function describeError(err: unknown): string {
  if (err instanceof ParleyError) return err.shortMessage;
  if (err instanceof Error) return err.name; // unknown origin: its message might hold data
  return 'unknown error';
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort(): void {
      clearTimeout(timer);
      reject(new AbortedError('waiting for the chain'));
    }
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * An owner's load or check of its own dataset failed: the public part (column and defect, no
 * row) for the chain, the whole message (with the row) for this node's operator only.
 */
function inputInvalid(owner: string, err: unknown): unknown {
  if (err instanceof AbortedError || !(err instanceof ParleyError)) return err;
  const d = err.details;
  const pub = d['public'];
  // A defect of one row (its value out of range, not an integer, ...) is a fact about that row:
  // the chain gets only "input invalid at <owner>". A defect of the whole dataset (a missing
  // column, columns of different lengths) is named.
  let what: string | undefined;
  if (d['row'] !== undefined) what = undefined;
  else if (typeof pub === 'string') what = pub;
  else what = err.shortMessage;
  return new JobInputInvalidError(
    { owner, ...(what === undefined ? {} : { what }), localMessage: err.shortMessage },
    { cause: err },
  );
}

/** One execution: the state shared by the phases. */
class Execution {
  phase: JobPhase = 'connecting';
  channel: Channel | undefined;
  /** Aborted on a remote ABORT, on cancellation, or when this party fails. */
  readonly ctl = new AbortController();
  remoteAbort: string | undefined;
  readonly stepMs: number;
  readonly attestMs: number;
  readonly pollMs: number;
  readonly computeMs: number;
  constructor(
    readonly o: RunJobOptions,
    readonly plan: JobPlan,
  ) {
    this.stepMs = o.timeouts?.stepMs ?? 30_000;
    this.attestMs = o.timeouts?.attestMs ?? 60_000;
    this.pollMs = o.timeouts?.pollMs ?? 250;
    this.computeMs = o.timeouts?.computeMs ?? 600_000;
  }

  emit(phase: JobPhase, detail?: string): void {
    this.phase = phase === 'failed' || phase === 'done' ? this.phase : phase;
    try {
      this.o.onProgress?.({
        jobId: this.plan.jobId,
        phase,
        ...(detail === undefined ? {} : { detail }),
      });
    } catch {
      /* a progress callback must not break the job */
    }
  }

  get signal(): AbortSignal {
    return this.ctl.signal;
  }

  send(to: PartyId, step: number, payload: Uint8Array): void {
    try {
      this.channel?.send(to, step, payload);
    } catch {
      /* a peer whose link is gone: its own receive reports that */
    }
  }

  receive(from: PartyId, step: number, label: string, timeoutMs?: number): Promise<Uint8Array> {
    return this.channel!.receive(from, step, {
      signal: this.signal,
      label,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
  }

  /** Listens for an ABORT from every other party until the job ends. */
  listenForAborts(): void {
    for (const p of this.plan.parties) {
      if (p === this.plan.self) continue;
      this.channel!.receive(p, STEP_ABORT, {
        signal: this.signal,
        timeoutMs: LISTEN_MS,
        label: 'abort',
      }).then(
        (bytes) => {
          let reason: string;
          try {
            reason = decodeAbort(bytes, p);
          } catch {
            reason = 'an unreadable reason';
          }
          this.remoteAbort ??= `${p} aborted (${reason})`;
          this.ctl.abort();
        },
        () => {
          /* the peer closed its end, or the job ended */
        },
      );
    }
  }

  /** Reads the job until it leaves Ready/Running, or `ms` pass (then returns the last read). */
  async awaitOutcome(ms: number): Promise<Job> {
    const end = Date.now() + ms;
    for (;;) {
      const job = await getJob(this.o.ledger, { jobId: this.plan.jobId });
      if (job.status !== JobStatus.Running && job.status !== JobStatus.Ready) return job;
      if (Date.now() >= end) return job;
      await sleep(this.pollMs, this.signal);
    }
  }
}

/**
 * Runs job `options.job` on this node (see the module doc). Resolves with the verified result on
 * a recipient and with null on every other party, once the job has succeeded on chain.
 * @throws {JobFailedError} when the job fails (its reason is recorded on chain by a committee
 *   member); {@link JobConfigError} when the job cannot run here; {@link JobDigestError} on a
 *   recipient whose shares do not reproduce the attested digest; `AbortedError` on cancellation.
 * @example
 * ```ts
 * const result = await runJob({ job, self, endpoint, peers, programs, params, loadInput, ledger });
 * if (result !== null) console.log(result.outputs['pass']);
 * ```
 */
export async function runJob(options: RunJobOptions): Promise<JobResult | null> {
  options.signal?.throwIfAborted();
  const jobs = options.ledger.addresses.jobs;
  let plan: JobPlan;
  try {
    plan = planJob({ ...options, session: jobSession(jobs, options.job.id) });
  } catch (err: unknown) {
    // Refused before connecting: the other parties fail the job for want of a link from us.
    try {
      options.onProgress?.({
        jobId: options.job.id,
        phase: 'failed',
        detail: readableReason(describeError(err)),
      });
    } catch {
      /* a progress callback must not break the job */
    }
    throw err;
  }
  const ex = new Execution(options, plan);
  const onCancel = (): void => ex.ctl.abort();
  options.signal?.addEventListener('abort', onCancel, { once: true });
  try {
    return await execute(ex);
  } catch (err: unknown) {
    throw await failClosed(ex, err);
  } finally {
    options.signal?.removeEventListener('abort', onCancel);
    ex.ctl.abort();
    const ch = ex.channel;
    if (ch !== undefined) await ch.close().catch(() => undefined);
  }
}

async function execute(ex: Execution): Promise<JobResult | null> {
  const { o, plan } = ex;
  // 1. connecting
  ex.emit('connecting', `${plan.parties.length} parties`);
  for (const p of plan.peers) {
    try {
      o.endpoint.setPeer({
        id: p.name as PartyId,
        host: p.host,
        port: p.port,
        fingerprint: p.fingerprint,
      });
    } catch (err: unknown) {
      throw new JobConfigError(
        `The registered endpoint or key of ${p.name} is unusable.`,
        { party: p.name },
        { cause: err },
      );
    }
  }
  // The chain checked the approval at proposal; a revocation since then stops the job too.
  if (!(await isProgramApproved(o.ledger, { programHash: o.job.programHash, signal: ex.signal }))) {
    throw new JobConfigError(`The program of job ${plan.jobId} is no longer approved.`, {
      jobId: plan.jobId.toString(),
      programHash: o.job.programHash,
    });
  }
  if (o.job.status === JobStatus.Ready && plan.committee[0] === plan.self) {
    await startJob(o.ledger, { jobId: plan.jobId, signal: ex.signal });
  }
  ex.channel = await o.endpoint.openChannel({
    session: plan.session,
    parties: plan.parties,
    timeoutMs: ex.stepMs,
    signal: ex.signal,
  });
  ex.listenForAborts();

  // Artifacts the job takes: every party checks them against the chain (the proposer's node did
  // too); members load their shares. The job's datasets are then approvals only.
  const nameOf = (a: Address): string =>
    o.peers.find((p) => isAddressEqual(p.address, a))?.name ??
    (isAddressEqual(a, o.self.address) ? o.self.name : a);
  const arts = await checkArtifactInputs(
    o.ledger,
    o.programs,
    plan.program,
    plan.params,
    o.job.committee,
    o.job.inputs,
    nameOf,
  );
  const artShares = plan.isMember ? await loadArtifactShares(ex, arts) : undefined;
  const lineageOnly = arts.length > 0;

  // 2. inputs: check our datasets on the plaintext, then announce row counts, then share.
  ex.emit(
    'inputs',
    lineageOnly ? `${arts.length} artifacts` : `${plan.owners.length} input datasets`,
  );
  if (plan.mine.length > 0 && o.checkInputs !== undefined) {
    const problems = await o.checkInputs(ex.signal);
    if (problems.length > 0) throw new JobInputRefusedError({ owner: plan.self, problems });
  }
  const prepared = new Map<number, PreparedInput>();
  for (const i of lineageOnly ? [] : plan.mine) {
    try {
      const columns = await o.loadInput(o.job.inputs[i]!, ex.signal);
      prepared.set(i, prepareInput(plan.program, plan.params, i, columns));
    } catch (err: unknown) {
      throw inputInvalid(plan.self, err);
    }
  }
  const rows: number[] = new Array<number>(lineageOnly ? 0 : plan.owners.length).fill(0);
  for (const [i, p] of prepared) rows[i] = p.rows;
  if (!lineageOnly && plan.mine.length > 0) {
    const msg = encodeRows(plan.mine.map((i) => prepared.get(i)!.rows));
    for (const p of plan.parties) if (p !== plan.self) ex.send(p, STEP_ROWS, msg);
  }
  const owners = lineageOnly ? [] : [...new Set(plan.owners)].filter((p) => p !== plan.self);
  await Promise.all(
    owners.map(async (owner) => {
      const theirs = plan.owners.flatMap((p, i) => (p === owner ? [i] : []));
      const got = decodeRows(
        await ex.receive(owner, STEP_ROWS, 'rows'),
        owner,
        theirs.length,
        MAX_ROWS,
      );
      theirs.forEach((i, k) => (rows[i] = got[k]!));
    }),
  );
  const mpc = session({
    channel: ex.channel,
    committee: plan.committee,
    t: plan.t,
    signal: ex.signal,
    field: programField(plan.program),
  });
  const slots = lineageOnly ? [] : plan.owners.map((owner, i) => ({ owner, rows: rows[i]! }));
  const inputs = await shareInputs(mpc, plan.program, plan.params, slots, prepared);
  const field = programField(plan.program);
  const artifacts: Record<string, SecureVector> = {};
  arts.forEach((a, k) => {
    const share =
      artShares === undefined ? null : fpVecFromBytes(field, artShares[k]!.shares, a.length);
    artifacts[a.param] = mpc.fromShares(a.type, a.length, share);
  });

  // 3. computing
  ex.emit('computing', `committee of ${plan.committee.length}, t = ${plan.t}`);
  const returned = await plan.program.run(mpc, inputs, plan.params, artifacts);
  const outputs = await discloseOutputs(
    plan.program,
    plan.params,
    { rows, params: plan.params },
    returned,
  );
  const units = outputUnits(
    plan.program,
    outputs.map((d) => [d.name, d.vector.length] as const),
    { ...plan, rows },
  );
  const receivers = receiversOf(units);
  const isReceiver = receivers.includes(plan.self);

  // 4. outputs
  if (plan.isMember && o.saveArtifact === undefined && units.some((u) => u.to.length === 0)) {
    throw new JobConfigError(
      `This node cannot keep the artifacts of job ${plan.jobId} (no artifact store).`,
      { jobId: plan.jobId.toString() },
    );
  }
  ex.emit('outputs', `${outputs.length} outputs to ${receivers.length} receivers`);
  const d: Delivery = { outputs, units, receivers };
  let digest: Hex | undefined;
  if (plan.isMember) digest = await commitAndDeliver(ex, d);
  const received = isReceiver ? await receiveOutputs(ex, d) : undefined;
  if (plan.isMember) await awaitConfirmations(ex, digest!, d);

  // 5. attesting
  if (!plan.isMember && !isReceiver) {
    // An input owner only: its part is done; report the outcome the chain records.
    await ex.channel.close();
    ex.emit('attesting', 'waiting for the result on chain');
    const job = await ex.awaitOutcome(ex.computeMs + ex.attestMs);
    return finish(ex, job, undefined);
  }
  ex.emit('attesting');
  let job: Job;
  if (plan.isMember) {
    const pub = publicBytes(d, received);
    job = await attest(ex, digest!, pub);
    if (job.status === JobStatus.Succeeded) await keepArtifacts(ex, d, job);
  } else job = await ex.awaitOutcome(ex.attestMs + 2 * ex.stepMs);
  return finish(ex, job, received, d);
}

/** What phase 4 delivers: the outputs (name order), their units and every receiver. */
interface Delivery {
  readonly outputs: readonly DisclosedOutput[];
  readonly units: readonly OutputUnit[];
  readonly receivers: readonly PartyId[];
}

/** Elements of unit `u` on the wire: its values, then (if its output is grouped) its shown bits. */
function unitLength(d: Delivery, u: OutputUnit): number {
  const o = d.outputs[u.output]!;
  return (u.end - u.start) * (o.shown === undefined ? 1 : 2);
}

/** This member's shares of unit `u`, as wire bytes. */
function unitShares(d: Delivery, u: OutputUnit): Uint8Array {
  const o = d.outputs[u.output]!;
  const parts = [fpSlice(o.vector.share!, u.start, u.end)];
  if (o.shown !== undefined) parts.push(fpSlice(o.shown.share!, u.start, u.end));
  return fpVecToBytes(fpConcat(parts));
}

/**
 * Members: loads this member's shares of each artifact and checks they are the ones the chain
 * describes (producing job, committee, this member's point, t, field, type, length, digest).
 */
async function loadArtifactShares(
  ex: Execution,
  arts: readonly ArtifactInput[],
): Promise<ArtifactShares[]> {
  const { o, plan } = ex;
  if (arts.length === 0) return [];
  if (o.loadArtifact === undefined) {
    throw new JobConfigError(`This node cannot load artifacts (no artifact store).`, {
      jobId: plan.jobId.toString(),
    });
  }
  const field = programField(plan.program);
  const out: ArtifactShares[] = [];
  for (const a of arts) {
    const s = await o.loadArtifact(a.id);
    const sameType = JSON.stringify(s.type) === JSON.stringify(a.type);
    const ok =
      s.jobId === a.jobId &&
      s.name === a.name &&
      s.index === plan.committee.indexOf(plan.self) + 1 &&
      s.t === plan.t &&
      s.committee.length === plan.committee.length &&
      s.committee.every((m, i) => m === plan.committee[i]) &&
      s.field === field.name &&
      sameType &&
      s.length === a.length &&
      s.shares.length === a.length * field.bytes &&
      s.resultDigest.toLowerCase() === a.resultDigest.toLowerCase();
    if (!ok) {
      throw new JobConfigError(
        `The shares of artifact ${a.id} on ${plan.self} do not match the artifact the chain describes (job, committee, field, type, length or digest).`,
        { artifact: a.id, party: plan.self },
      );
    }
    out.push(s);
  }
  return out;
}

/** Members: hands this member's shares of every `nobody` output to the node's artifact store. */
async function keepArtifacts(ex: Execution, d: Delivery, job: Job): Promise<void> {
  const { o, plan } = ex;
  for (const u of d.units) {
    if (u.to.length > 0) continue;
    const out = d.outputs[u.output]!;
    await o.saveArtifact!({
      jobId: plan.jobId,
      name: out.name,
      program: plan.program.name,
      field: fieldOfOutputs(d.outputs).name,
      type: out.vector.type,
      length: out.vector.length,
      committee: plan.committee,
      t: plan.t,
      index: plan.committee.indexOf(plan.self) + 1,
      shares: fpVecToBytes(out.vector.share!).slice(),
      lineage: { datasets: [...o.job.inputs], owners: plan.owners },
      resultDigest: job.resultDigest,
    });
  }
  ex.emit('attesting', `kept ${d.units.filter((u) => u.to.length === 0).length} artifacts`);
}

/** Members: the public output bytes of the job (`0x` without public outputs). */
function publicBytes(d: Delivery, received: Received | undefined): Hex {
  const names = d.units.filter((u) => u.public).map((u) => u.name);
  // The public shape (type, length) of each artifact, for the jobs that take it later.
  const kept: Record<string, ArtifactShape> = {};
  for (const u of d.units) {
    if (u.to.length > 0) continue;
    const v = d.outputs[u.output]!.vector;
    kept[u.name] = { type: v.type, length: v.length };
  }
  if (names.length === 0) return encodePublicOutputs({}, {}, kept);
  const values: Record<string, readonly number[] | readonly bigint[] | readonly boolean[]> = {};
  const hidden: Record<string, readonly number[]> = {};
  for (const n of names) {
    values[n] = received!.outputs[n]!;
    const s = received!.suppressed[n];
    if (s !== undefined) hidden[n] = s;
  }
  return encodePublicOutputs(values, hidden, kept);
}

/** 32-byte commitments, concatenated, as a list. */
function splitCommitments(bytes: Uint8Array): Hex[] {
  const out: Hex[] = [];
  for (let at = 0; at < bytes.length; at += 32) out.push(bytesToHex(bytes.subarray(at, at + 32)));
  return out;
}

/**
 * Members: commit to this member's shares of every unit and deliver each unit to its receivers
 * (with the commitment list); returns the result digest.
 */
async function commitAndDeliver(ex: Execution, d: Delivery): Promise<Hex> {
  const { plan } = ex;
  const index = plan.committee.indexOf(plan.self) + 1;
  const sealed = d.units.map((u, k) => {
    const shares = unitShares(d, u);
    const salt =
      ex.o.randomBytes?.(SALT_BYTES) ?? crypto.getRandomValues(new Uint8Array(SALT_BYTES));
    return { salt, shares, c: outputCommitment(plan.jobId, index, salt, shares, k) };
  });
  const list = new Uint8Array(32 * sealed.length);
  sealed.forEach((x, k) => list.set(hexToBytes(x.c), 32 * k));
  for (const m of plan.committee) if (m !== plan.self) ex.send(m, STEP_COMMIT, list);
  for (const r of d.receivers) {
    const mine = d.units.flatMap((u, k) => (u.to.includes(r) ? [sealed[k]!] : []));
    const size = mine.reduce((n, x) => n + SALT_BYTES + x.shares.length, list.length);
    const msg = new Uint8Array(size);
    msg.set(list, 0);
    let at = list.length;
    for (const x of mine) {
      msg.set(x.salt, at);
      msg.set(x.shares, at + SALT_BYTES);
      at += SALT_BYTES + x.shares.length;
    }
    ex.send(r, STEP_OUTPUT, msg);
  }
  const lists = await Promise.all(
    plan.committee.map(async (m) =>
      m === plan.self
        ? sealed.map((x) => x.c)
        : splitCommitments(
            expectBytes(
              await ex.receive(m, STEP_COMMIT, 'commitment'),
              list.length,
              m,
              STEP_COMMIT,
              'commitment',
            ),
          ),
    ),
  );
  return resultDigestOf(plan.jobId, lists.flat());
}

/** The field of the job's session (the outputs' runtime; p127 when there are no outputs). */
function fieldOfOutputs(outputs: readonly DisclosedOutput[]): PrimeField {
  return outputs[0]?.vector.session.runtime.field ?? fields.p127;
}

interface Received {
  readonly digest: Hex;
  /** The outputs (or, for an owner's slices, the elements) this party received. */
  readonly outputs: ProgramResult;
  /** By output: the element indices this party received, where it did not receive them all. */
  readonly elements: Readonly<Record<string, readonly number[]>>;
  /** By output: the received elements (indices into `outputs`) that were suppressed. */
  readonly suppressed: Readonly<Record<string, readonly number[]>>;
}

/** Outputs' names and members' names for refusals, as every party knows them. */
function refusalText(
  kind: Confirmation & { ok: false },
  outputs: readonly DisclosedOutput[],
  committee: readonly string[],
): string {
  if (kind.kind === 'range') return `output ${outputs[kind.index]!.name} out of range`;
  if (kind.kind === 'inconsistent' && kind.index === NO_MEMBER)
    return 'the output shares are inconsistent (no member can be identified from them)';
  const m = committee[kind.index]!;
  return kind.kind === 'inconsistent'
    ? `the output shares of ${m} disagree with the other members'`
    : `the output shares of ${m} are not field elements`;
}

/**
 * Receivers: receive every member's commitment list and (salt, shares) of this party's units,
 * check each unit against its commitment, compute the digest, check the shares, reconstruct and
 * decode every unit, and send the verdict to every member. A refusal is thrown here (after the
 * members are told).
 */
async function receiveOutputs(ex: Execution, d: Delivery): Promise<Received> {
  const { plan } = ex;
  const field = fieldOfOutputs(d.outputs);
  const mine = d.units.flatMap((u, k) => (u.to.includes(plan.self) ? [k] : []));
  const listBytes = 32 * d.units.length;
  const lengths = mine.map((k) => unitLength(d, d.units[k]!));
  const expected = lengths.reduce((n, l) => n + SALT_BYTES + l * field.bytes, listBytes);
  const parts = await Promise.all(
    plan.committee.map(async (m) =>
      expectBytes(
        await ex.receive(m, STEP_OUTPUT, 'output shares', plan.isMember ? undefined : ex.computeMs),
        expected,
        m,
        STEP_OUTPUT,
        'output shares',
      ),
    ),
  );
  const lists = parts.map((b) => splitCommitments(b.subarray(0, listBytes)));
  const digest = resultDigestOf(plan.jobId, lists.flat());
  // Each member's (salt, shares) of each of our units must open its own commitment.
  let verdict: Confirmation | undefined;
  let cause: unknown;
  const shareBytes: Uint8Array[][] = parts.map(() => []);
  for (const [j, b] of parts.entries()) {
    let at = listBytes;
    for (const [q, k] of mine.entries()) {
      const size = lengths[q]! * field.bytes;
      const salt = b.subarray(at, at + SALT_BYTES);
      const shares = b.subarray(at + SALT_BYTES, at + SALT_BYTES + size);
      at += SALT_BYTES + size;
      if (outputCommitment(plan.jobId, j + 1, salt, shares, k) !== lists[j]![k]) {
        verdict ??= { ok: false, kind: 'inconsistent', index: j };
        cause ??= new JobDigestError(
          `The output shares of ${plan.committee[j]} do not open its own commitment.`,
          { party: plan.committee[j] },
        );
      }
      shareBytes[j]!.push(shares);
    }
  }
  let opened: Opened | undefined;
  if (verdict === undefined) {
    opened = openUnits(field, shareBytes, mine, lengths, d, plan.t, plan.committee);
    verdict = opened.ok ? { ok: true, digest } : opened.refusal;
    cause = opened.ok ? undefined : opened.cause;
  }
  const msg = encodeConfirmation(verdict);
  for (const m of plan.committee) if (m !== plan.self) ex.send(m, STEP_CONFIRM, msg);
  if (!verdict.ok || opened === undefined || !opened.ok) {
    throw new JobRefusedError(
      {
        recipient: plan.self,
        what: refusalText(verdict as Confirmation & { ok: false }, d.outputs, plan.committee),
        local: true,
      },
      { cause },
    );
  }
  return { digest, ...opened.result };
}

type Opened =
  | { readonly ok: true; readonly result: Omit<Received, 'digest'> }
  | {
      readonly ok: false;
      readonly refusal: Confirmation & { ok: false };
      readonly cause: unknown;
    };

/**
 * Checks the members' shares of this party's units lie on one polynomial, reconstructs and
 * decodes them; assembles them by output.
 */
function openUnits(
  field: PrimeField,
  shareBytes: readonly (readonly Uint8Array[])[],
  mine: readonly number[],
  lengths: readonly number[],
  d: Delivery,
  t: number,
  committee: readonly PartyId[],
): Opened {
  const refuse = (kind: RefusalKind, index: number, cause: unknown): Opened => ({
    ok: false,
    refusal: { ok: false, kind, index },
    cause,
  });
  const total = lengths.reduce((a, b) => a + b, 0);
  const shares = [];
  for (const [k, list] of shareBytes.entries()) {
    try {
      const all = new Uint8Array(total * field.bytes);
      let at = 0;
      for (const b of list) {
        all.set(b, at);
        at += b.length;
      }
      shares.push(fpVecFromBytes(field, all, total));
    } catch (err: unknown) {
      return refuse('malformed', k, err);
    }
  }
  let secrets;
  try {
    secrets = reconstructChecked(shares, t, committee, field);
  } catch (err: unknown) {
    const party = err instanceof JobDigestError ? err.details['party'] : undefined;
    // Name a member only when the shares convict it (unique decoding); never guess.
    const index = committee.findIndex((m) => m === party);
    return refuse('inconsistent', index < 0 ? NO_MEMBER : index, err);
  }
  const outputs: Record<string, (number | bigint | boolean)[]> = {};
  const elements: Record<string, number[]> = {};
  const suppressed: Record<string, number[]> = {};
  let at = 0;
  for (const [q, k] of mine.entries()) {
    const u = d.units[k]!;
    const o = d.outputs[u.output]!;
    const n = u.end - u.start;
    let values: (number | bigint | boolean)[];
    let shown: boolean[] | undefined;
    try {
      values = decode(o.vector.type, fpSlice(secrets, at, at + n), `output ${o.name}`, field);
      if (o.shown !== undefined) {
        shown = decode(
          o.shown.type,
          fpSlice(secrets, at + n, at + 2 * n),
          `output ${o.name}`,
          field,
        );
      }
    } catch (err: unknown) {
      return refuse('range', u.output, err);
    }
    at += lengths[q]!;
    const list = (outputs[o.name] ??= []);
    const idx = (elements[o.name] ??= []);
    values.forEach((v, i) => {
      if (shown !== undefined && !shown[i]) (suppressed[o.name] ??= []).push(list.length);
      list.push(v);
      idx.push(u.start + i);
    });
  }
  // Whole outputs need no element list.
  for (const [name, idx] of Object.entries(elements)) {
    const o = d.outputs.find((x) => x.name === name)!;
    if (idx.length === o.vector.length && idx.every((e, i) => e === i)) delete elements[name];
  }
  return {
    ok: true,
    result: { outputs: outputs as ProgramResult, elements, suppressed },
  };
}

/**
 * Members: wait for every other recipient's verdict; go on only if each confirmed this member's
 * own digest. A recipient that is this member checked its outputs in {@link receiveOutputs}.
 */
async function awaitConfirmations(ex: Execution, digest: Hex, d: Delivery): Promise<void> {
  const { plan } = ex;
  const outputs = d.outputs;
  const limits = { outputs: outputs.length, members: plan.committee.length };
  await Promise.all(
    d.receivers
      .filter((r) => r !== plan.self)
      .map(async (r) => {
        const c = decodeConfirmation(await ex.receive(r, STEP_CONFIRM, 'confirmation'), r, limits);
        if (!c.ok) {
          throw new JobRefusedError({
            recipient: r,
            what: refusalText(c, outputs, plan.committee),
            local: false,
          });
        }
        if (c.digest.toLowerCase() !== digest.toLowerCase()) {
          throw new JobDigestError(
            `The output shares recipient ${r} received do not reproduce the members' commitments (a member delivered other shares than it committed to ${plan.self}).`,
            { party: r },
          );
        }
      }),
  );
}

/**
 * Members: sign (digest, public outputs), exchange signatures, submit (committee[0], or anyone
 * as a fallback).
 */
async function attest(ex: Execution, digest: Hex, publicOutputs: Hex): Promise<Job> {
  const { o, plan } = ex;
  const signature = await signJobResult(o.ledger, {
    jobId: plan.jobId,
    resultDigest: digest,
    publicOutputs,
    signal: ex.signal,
  });
  const sigBytes = hexToBytes(signature);
  for (const m of plan.committee) if (m !== plan.self) ex.send(m, STEP_SIG, sigBytes);
  const chainId = o.ledger.publicClient.chain.id;
  const signatures = await Promise.all(
    plan.committee.map(async (m) => {
      if (m === plan.self) return signature;
      const sig = bytesToHex(
        expectBytes(await ex.receive(m, STEP_SIG, 'signature'), 65, m, STEP_SIG, 'signature'),
      );
      const signer = await recoverJobResultSigner(
        chainId,
        o.ledger.addresses.jobs,
        plan.jobId,
        digest,
        sig,
        publicOutputs,
      );
      if (signer === undefined || !isAddressEqual(signer, plan.addressOf.get(m)!)) {
        throw new JobDigestError(
          `The result signature of ${m} does not sign this job's digest with its account (the members disagree on the result).`,
          { party: m },
        );
      }
      return sig;
    }),
  );
  const submit = async (): Promise<void> => {
    try {
      await submitResult(o.ledger, {
        jobId: plan.jobId,
        resultDigest: digest,
        publicOutputs,
        signatures,
        signal: ex.signal,
      });
    } catch (err: unknown) {
      // Another member may have submitted first; the outcome read below decides.
      const job = await getJob(o.ledger, { jobId: plan.jobId });
      if (job.status === JobStatus.Running) throw err;
    }
  };
  if (plan.committee[0] === plan.self) {
    ex.emit('attesting', 'submitting the signed result');
    await submit();
    return ex.awaitOutcome(0);
  }
  let job = await ex.awaitOutcome(ex.attestMs);
  if (job.status === JobStatus.Running) {
    ex.emit('attesting', `${plan.committee[0]} did not submit; submitting`);
    await submit();
    job = await ex.awaitOutcome(0);
  }
  return job;
}

/** Reads the outcome: on receivers, checks the attested digest; throws if the job failed. */
function finish(
  ex: Execution,
  job: Job,
  received: Received | undefined,
  d?: Delivery,
): JobResult | null {
  const { plan } = ex;
  if (job.status === JobStatus.Failed) {
    throw new JobFailedError({
      jobId: plan.jobId,
      phase: 'attesting',
      reason: job.reason,
      onChain: true,
    });
  }
  if (job.status !== JobStatus.Succeeded) {
    throw new JobFailedError({
      jobId: plan.jobId,
      phase: 'attesting',
      reason: `attesting: ${plan.self} reports: no result on chain in time (status ${job.status})`,
      onChain: false,
    });
  }
  if (received === undefined) {
    ex.emit('done');
    return null;
  }
  if (received.digest.toLowerCase() !== job.resultDigest.toLowerCase()) {
    throw new JobDigestError(
      `The output shares received for job ${plan.jobId} do not match the digest attested on chain.`,
      { jobId: plan.jobId.toString() },
    );
  }
  ex.emit('done', 'result verified against the on-chain digest');
  return {
    jobId: plan.jobId,
    program: plan.program.name,
    resultDigest: job.resultDigest,
    outputs: received.outputs,
    elements: received.elements,
    suppressed: received.suppressed,
    minGroupSize: d?.outputs.find((o) => o.minGroupSize !== undefined)?.minGroupSize ?? null,
  };
}

/** How long a member relaying a peer's ABORT waits for the peer's own reason to land on chain. */
const RELAY_GRACE_MS = 2000;

/** Whether the job is still open on chain after at most {@link RELAY_GRACE_MS} (true if unreadable). */
async function stillOpen(ex: Execution): Promise<boolean> {
  const end = Date.now() + RELAY_GRACE_MS;
  for (;;) {
    try {
      const job = await getJob(ex.o.ledger, { jobId: ex.plan.jobId });
      if (job.status !== JobStatus.Running && job.status !== JobStatus.Ready) return false;
    } catch {
      return true;
    }
    if (Date.now() >= end || ex.o.signal?.aborted === true) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Fails the job closed: tells the others, records the reason on chain (members), returns the error to throw. */
async function failClosed(ex: Execution, err: unknown): Promise<unknown> {
  const { o, plan } = ex;
  if (o.signal?.aborted === true) {
    ex.emit('failed', 'cancelled on this node');
    return err instanceof AbortedError
      ? err
      : new AbortedError(`job ${plan.jobId}`, { cause: err });
  }
  if (err instanceof JobDigestError && ex.phase === 'attesting' && !plan.isMember) {
    // The job succeeded on chain, but this recipient refuses the result: nothing to fail there.
    ex.emit('failed', err.shortMessage);
    return err;
  }
  if (err instanceof JobFailedError && err.details['onChain'] === true) {
    ex.emit('failed', err.reason);
    return err;
  }
  const what = ex.remoteAbort ?? describeError(err);
  // A refusal reads the same on every member: it is the recipient's verdict, not this node's view.
  const refused =
    ex.remoteAbort === undefined &&
    (err instanceof JobRefusedError ||
      err instanceof JobInputInvalidError ||
      err instanceof JobInputRefusedError);
  const reason = sanitizeReason(
    readableReason(
      refused ? `${ex.phase}: ${err.shortMessage}` : `${ex.phase}: ${plan.self} reports: ${what}`,
    ),
  );
  const phase = ex.phase;
  // The refusing recipient told the members in its CONFIRM; an ABORT would race with it.
  const local = err instanceof JobRefusedError && err.local;
  if (ex.remoteAbort === undefined && ex.channel !== undefined && !local) {
    const msg = encodeAbort(reason);
    // Every member has the recipient's refusal itself: an ABORT from us could reach one first
    // and make its failJob (which may land first) read "<us> aborted (...)" instead.
    const skip = err instanceof JobRefusedError ? new Set<string>(plan.committee) : new Set();
    for (const p of plan.parties) if (p !== plan.self && !skip.has(p)) ex.send(p, STEP_ABORT, msg);
  }
  let onChain = false;
  // A member that only relays a peer's ABORT lets the peer's own reason land first (it names
  // the fault at its source, e.g. "input invalid at globex"); it records its relayed reason only
  // if the job is still open after a short grace, e.g. because the aborting peer is no member.
  // A timeout is no evidence either: the silent peer may be honest and itself stuck waiting on
  // the one that really dropped a message, and its own timeout (naming that one) may be about to
  // land. So a member whose receive timed out also gives it the grace.
  const timedOut = walkCause(err, (e) => e instanceof PeerTimeoutError) !== null;
  const relays = ex.remoteAbort !== undefined || timedOut;
  if (plan.isMember && (!relays || (await stillOpen(ex)))) {
    try {
      await failJob(o.ledger, { jobId: plan.jobId, reason });
      onChain = true;
    } catch {
      // Another member failed (or finished) it first; the chain keeps the first reason.
    }
  }
  ex.emit('failed', reason);
  return new JobFailedError({ jobId: plan.jobId, phase, reason, onChain }, { cause: err });
}
