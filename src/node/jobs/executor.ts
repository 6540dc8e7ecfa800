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
 * chain (`failJob`; the first to land wins; a member relaying a peer's ABORT first gives the
 * peer's own reason {@link RELAY_GRACE_MS} to land). Reasons read `<phase>: <reporter> reports: <what>`,
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
import { AbortedError } from '../../mpc/errors.js';
import { type PrimeField, fields } from '../../mpc/field/prime-field.js';
import { fpConcat, fpSlice, fpVecFromBytes, fpVecToBytes } from '../../mpc/field/vec.js';
import type { SecureVector } from '../../mpc/secure/base.js';
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
import { ParleyError } from '../../errors/base.js';
import type { ProgramRegistry } from '../../programs/registry.js';
import { checkOutputs, prepareInput, shareInputs, type PreparedInput } from '../../programs/run.js';
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
  /** Source of salts; default `crypto.getRandomValues`. For tests only. */
  readonly randomBytes?: (length: number) => Uint8Array;
}

/** What a recipient gets. */
export interface JobResult {
  readonly jobId: bigint;
  readonly program: string;
  /** The digest attested on chain, which the received shares reproduce. */
  readonly resultDigest: Hex;
  readonly outputs: ProgramResult;
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

  // 2. inputs: check our datasets on the plaintext, then announce row counts, then share.
  ex.emit('inputs', `${plan.owners.length} input datasets`);
  if (plan.mine.length > 0 && o.checkInputs !== undefined) {
    const problems = await o.checkInputs(ex.signal);
    if (problems.length > 0) throw new JobInputRefusedError({ owner: plan.self, problems });
  }
  const prepared = new Map<number, PreparedInput>();
  for (const i of plan.mine) {
    try {
      const columns = await o.loadInput(o.job.inputs[i]!, ex.signal);
      prepared.set(i, prepareInput(plan.program, plan.params, i, columns));
    } catch (err: unknown) {
      throw inputInvalid(plan.self, err);
    }
  }
  const rows: number[] = new Array<number>(plan.owners.length).fill(0);
  for (const [i, p] of prepared) rows[i] = p.rows;
  if (plan.mine.length > 0) {
    const msg = encodeRows(plan.mine.map((i) => prepared.get(i)!.rows));
    for (const p of plan.parties) if (p !== plan.self) ex.send(p, STEP_ROWS, msg);
  }
  const owners = [...new Set(plan.owners)].filter((p) => p !== plan.self);
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
  const slots = plan.owners.map((owner, i) => ({ owner, rows: rows[i]! }));
  const inputs = await shareInputs(mpc, plan.program, plan.params, slots, prepared);

  // 3. computing
  ex.emit('computing', `committee of ${plan.committee.length}, t = ${plan.t}`);
  const outputs = checkOutputs(
    plan.program,
    { rows },
    await plan.program.run(mpc, inputs, plan.params),
  );

  // 4. outputs
  ex.emit('outputs', `${outputs.length} outputs to ${plan.recipients.length} recipients`);
  let digest: Hex | undefined;
  if (plan.isMember) digest = await commitAndDeliver(ex, outputs);
  const received = plan.isRecipient ? await receiveOutputs(ex, outputs) : undefined;
  if (plan.isMember) await awaitConfirmations(ex, digest!, outputs);

  // 5. attesting
  if (!plan.isMember && !plan.isRecipient) {
    // An input owner only: its part is done; report the outcome the chain records.
    await ex.channel.close();
    ex.emit('attesting', 'waiting for the result on chain');
    const job = await ex.awaitOutcome(ex.computeMs + ex.attestMs);
    return finish(ex, job, undefined);
  }
  ex.emit('attesting');
  let job: Job;
  if (plan.isMember) job = await attest(ex, digest!);
  else job = await ex.awaitOutcome(ex.attestMs + 2 * ex.stepMs);
  return finish(ex, job, received);
}

/** Members: commit to this member's output shares and deliver them; returns the result digest. */
async function commitAndDeliver(ex: Execution, outputs: [string, SecureVector][]): Promise<Hex> {
  const { plan } = ex;
  const index = plan.committee.indexOf(plan.self) + 1;
  const shares = fpVecToBytes(fpConcat(outputs.map(([, v]) => v.share!)));
  const salt = ex.o.randomBytes?.(SALT_BYTES) ?? crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const mine = outputCommitment(plan.jobId, index, salt, shares);
  const commitBytes = hexToBytes(mine);
  for (const m of plan.committee) if (m !== plan.self) ex.send(m, STEP_COMMIT, commitBytes);
  const delivery = new Uint8Array(SALT_BYTES + shares.length);
  delivery.set(salt, 0);
  delivery.set(shares, SALT_BYTES);
  for (const r of plan.recipients) ex.send(r, STEP_OUTPUT, delivery);
  const commitments = await Promise.all(
    plan.committee.map(async (m) =>
      m === plan.self
        ? mine
        : bytesToHex(
            expectBytes(
              await ex.receive(m, STEP_COMMIT, 'commitment'),
              32,
              m,
              STEP_COMMIT,
              'commitment',
            ),
          ),
    ),
  );
  return resultDigestOf(plan.jobId, commitments);
}

/** The field of the job's session (the outputs' runtime; p127 when there are no outputs). */
function fieldOfOutputs(outputs: readonly [string, SecureVector][]): PrimeField {
  return outputs[0]?.[1].session.runtime.field ?? fields.p127;
}

interface Received {
  readonly digest: Hex;
  readonly outputs: ProgramResult;
}

/** Outputs' names and members' names for refusals, as every party knows them. */
function refusalText(
  kind: Confirmation & { ok: false },
  outputs: readonly [string, SecureVector][],
  committee: readonly string[],
): string {
  if (kind.kind === 'range') return `output ${outputs[kind.index]![0]} out of range`;
  if (kind.kind === 'inconsistent' && kind.index === NO_MEMBER)
    return 'the output shares are inconsistent (no member can be identified from them)';
  const m = committee[kind.index]!;
  return kind.kind === 'inconsistent'
    ? `the output shares of ${m} disagree with the other members'`
    : `the output shares of ${m} are not field elements`;
}

/**
 * Recipients: receive every member's (salt, shares), compute the digest they imply, check the
 * shares, reconstruct and decode every output, and send the verdict to every member. A refusal
 * is thrown here (after the members are told).
 */
async function receiveOutputs(ex: Execution, outputs: [string, SecureVector][]): Promise<Received> {
  const { plan } = ex;
  const length = outputs.reduce((n, [, v]) => n + v.length, 0);
  const field = fieldOfOutputs(outputs);
  const expected = SALT_BYTES + length * field.bytes;
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
  const commitments = parts.map((b, k) =>
    outputCommitment(plan.jobId, k + 1, b.subarray(0, SALT_BYTES), b.subarray(SALT_BYTES)),
  );
  const digest = resultDigestOf(plan.jobId, commitments);
  const checked = openOutputs(field, parts, length, outputs, plan.t, plan.committee);
  const verdict: Confirmation = checked.ok ? { ok: true, digest } : checked.refusal;
  const msg = encodeConfirmation(verdict);
  for (const m of plan.committee) if (m !== plan.self) ex.send(m, STEP_CONFIRM, msg);
  if (!verdict.ok) {
    throw new JobRefusedError(
      { recipient: plan.self, what: refusalText(verdict, outputs, plan.committee), local: true },
      { cause: checked.ok ? undefined : checked.cause },
    );
  }
  return { digest, outputs: checked.ok ? checked.outputs : {} };
}

type Opened =
  | { readonly ok: true; readonly outputs: ProgramResult }
  | {
      readonly ok: false;
      readonly refusal: Confirmation & { ok: false };
      readonly cause: unknown;
    };

/** Checks the members' shares lie on one polynomial, reconstructs and decodes every output. */
function openOutputs(
  field: PrimeField,
  parts: readonly Uint8Array[],
  length: number,
  outputs: readonly [string, SecureVector][],
  t: number,
  committee: readonly PartyId[],
): Opened {
  const refuse = (kind: RefusalKind, index: number, cause: unknown): Opened => ({
    ok: false,
    refusal: { ok: false, kind, index },
    cause,
  });
  const shares = [];
  for (const [k, b] of parts.entries()) {
    try {
      shares.push(fpVecFromBytes(field, b.subarray(SALT_BYTES), length));
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
  const result: Record<string, number[] | bigint[] | boolean[]> = {};
  let at = 0;
  for (const [k, [name, v]] of outputs.entries()) {
    try {
      result[name] = decode(v.type, fpSlice(secrets, at, at + v.length), `output ${name}`, field);
    } catch (err: unknown) {
      return refuse('range', k, err);
    }
    at += v.length;
  }
  return { ok: true, outputs: result };
}

/**
 * Members: wait for every other recipient's verdict; go on only if each confirmed this member's
 * own digest. A recipient that is this member checked its outputs in {@link receiveOutputs}.
 */
async function awaitConfirmations(
  ex: Execution,
  digest: Hex,
  outputs: [string, SecureVector][],
): Promise<void> {
  const { plan } = ex;
  const limits = { outputs: outputs.length, members: plan.committee.length };
  await Promise.all(
    plan.recipients
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

/** Members: sign, exchange signatures, submit (committee[0], or anyone as a fallback). */
async function attest(ex: Execution, digest: Hex): Promise<Job> {
  const { o, plan } = ex;
  const signature = await signJobResult(o.ledger, {
    jobId: plan.jobId,
    resultDigest: digest,
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

/** Reads the outcome: on recipients, checks the attested digest; throws if the job failed. */
function finish(ex: Execution, job: Job, received: Received | undefined): JobResult | null {
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
  if (plan.isMember && (ex.remoteAbort === undefined || (await stillOpen(ex)))) {
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
