/**
 * The audit trail of jobs, rebuilt from the chain only: the Jobs and Grants contracts' events
 * from the deployment block, block timestamps for the timings, the published params checked
 * against the on-chain params hash, and the committee's result signatures recovered from the
 * `submitResult` transaction's calldata and checked against the committee.
 *
 * Nothing here trusts the node's store: a node that lies to its users about a job cannot make
 * the audit agree. A trail that does not hold up is reported with `verified: false` and the
 * problems listed, never thrown. A job is verified when it succeeded and every check passed:
 * the params were published and hash to `paramsHash`, the spec hash matches the proposal, every
 * input was covered (owned by the proposer, a grant, or its owner's approval), and every
 * committee member signed the on-chain result digest exactly once.
 *
 * Recipients' confirmations. Committee members sign a result only after every recipient told
 * each of them that it reconstructed, checked and decoded its outputs (docs/jobs.md), so a
 * succeeded job reads `confirmedBy: <every recipient>`; a job that a recipient refused failed on
 * chain with the reason `outputs: recipient <name> refused the result: <what>`, read back into
 * `refusal`.
 *
 * @module
 */
import {
  decodeFunctionData,
  hexToBytes,
  keccak256,
  parseEventLogs,
  type Address,
  type Hex,
  type Log,
} from 'viem';
import { getBlock, getBlockNumber, getLogs, getTransaction } from 'viem/actions';
import { grantsAbi, jobsAbi } from '../ledger/abi.js';
import { getDataset } from '../ledger/actions/getDataset.js';
import type { LedgerClient } from '../ledger/client.js';
import { ContractRevertError, toLedgerError } from '../ledger/errors.js';
import { jobSpecHash, recoverJobResultSigner } from '../ledger/hashes.js';
import { parseParamsPreimage, validateParams } from '../programs/params.js';
import type { ProgramRegistry } from '../programs/registry.js';

/** When and where on chain something happened. */
export interface ChainMoment {
  readonly block: string;
  /** ISO 8601, from the block's timestamp. */
  readonly at: string;
  readonly tx: string;
}

export interface AuditSignature {
  /** The recovered signer, or null if the signature does not recover. */
  readonly signer: string | null;
  readonly inCommittee: boolean;
  /** Recovers to a committee member who signed only once. */
  readonly valid: boolean;
}

export interface AuditTrail {
  readonly jobId: string;
  /** From the events: awaiting_approval, ready, running, succeeded, failed, rejected, cancelled. */
  readonly status: string;
  readonly proposer: string;
  readonly proposed: ChainMoment;
  readonly program: { readonly hash: string; readonly name: string | null };
  readonly specHash: string;
  readonly specHashMatches: boolean;
  readonly params: {
    readonly hash: string;
    /** True if the JobParams event exists. */
    readonly published: boolean;
    readonly matchesHash: boolean;
    /** The published params, validated against the program when this node knows it. */
    readonly values: Readonly<Record<string, unknown>> | null;
  };
  readonly inputs: readonly {
    readonly datasetId: string;
    readonly owner: string | null;
    /** proposer (its own dataset), grant, approval, or null (not covered). */
    readonly coveredBy: 'proposer' | 'grant' | 'approval' | null;
    readonly grantId: string | null;
  }[];
  readonly approvals: readonly (ChainMoment & { readonly owner: string })[];
  readonly grantsUsed: readonly {
    readonly grantId: string;
    readonly datasetId: string;
    readonly uses: number;
    readonly maxUses: number;
  }[];
  readonly committee: readonly string[];
  readonly recipients: readonly string[];
  /** Unix seconds. */
  readonly deadline: number;
  readonly ready: ChainMoment | null;
  readonly started: (ChainMoment & { readonly by: string }) | null;
  readonly result:
    | (ChainMoment & {
        readonly digest: string;
        readonly signatures: readonly AuditSignature[];
      })
    | null;
  readonly failure: (ChainMoment & { readonly by: string; readonly reason: string }) | null;
  /**
   * The recipients (as the job names them, addresses) that confirmed the result before the
   * committee attested it: all of them for a succeeded job, none otherwise.
   */
  readonly confirmedBy: readonly string[];
  /** A recipient's refusal that failed the job: its member name and what it refused. */
  readonly refusal: { readonly recipient: string; readonly what: string } | null;
  readonly rejection: (ChainMoment & { readonly owner: string; readonly reason: string }) | null;
  readonly cancelled: ChainMoment | null;
  readonly timings: {
    readonly proposedAt: string;
    readonly readyAt: string | null;
    readonly startedAt: string | null;
    readonly finishedAt: string | null;
    /** From start to the end (or proposal to the end when it never started), seconds. */
    readonly durationSeconds: number | null;
  };
  readonly verified: boolean;
  readonly problems: readonly string[];
}

export interface AuditReport {
  readonly jobs: readonly AuditTrail[];
  /** True if there is at least one job and every job is verified. */
  readonly verified: boolean;
  /** Every job's problems, each prefixed with `job <id>: `. */
  readonly problems: readonly string[];
}

export interface AuditOptions {
  /** The deployment block; events are read from here. */
  readonly fromBlock: bigint;
  /** Only this job (decimal id); default every job. */
  readonly jobId?: string;
  /** To name programs and validate their params. */
  readonly programs?: ProgramRegistry;
  /** Most blocks per eth_getLogs; default 5000. */
  readonly maxBlockRange?: bigint;
}

type JobsEvent = ReturnType<typeof parseEventLogs<typeof jobsAbi>>[number];
type GrantsEvent = ReturnType<typeof parseEventLogs<typeof grantsAbi>>[number];

async function readLogs(
  ledger: LedgerClient,
  address: Address,
  fromBlock: bigint,
  toBlock: bigint,
  range: bigint,
): Promise<Log[]> {
  const out: Log[] = [];
  for (let from = fromBlock; from <= toBlock; from += range) {
    const to = from + range - 1n < toBlock ? from + range - 1n : toBlock;
    try {
      out.push(...(await getLogs(ledger.publicClient, { address, fromBlock: from, toBlock: to })));
    } catch (err) {
      throw toLedgerError(err, { contract: 'chain', functionName: 'eth_getLogs' });
    }
  }
  return out;
}

const lower = (a: string): string => a.toLowerCase();

/**
 * Rebuilds the audit trail of one job or all jobs from the chain.
 * @throws {LedgerRpcError} only if the chain cannot be read at all; a bad trail is reported.
 * @example
 * ```ts
 * const report = await auditJobs(ledger, { fromBlock: config.ledger.fromBlock ?? 0n, jobId: '7' });
 * if (!report.verified) console.log(report.problems);
 * ```
 */
export async function auditJobs(ledger: LedgerClient, options: AuditOptions): Promise<AuditReport> {
  const range = options.maxBlockRange ?? 5000n;
  let head: bigint;
  try {
    head = await getBlockNumber(ledger.publicClient, { cacheTime: 0 });
  } catch (err) {
    throw toLedgerError(err, { contract: 'chain', functionName: 'eth_blockNumber' });
  }
  const [jobLogs, grantLogs] = await Promise.all([
    readLogs(ledger, ledger.addresses.jobs, options.fromBlock, head, range),
    readLogs(ledger, ledger.addresses.grants, options.fromBlock, head, range),
  ]);
  const jobEvents = parseEventLogs({ abi: jobsAbi, logs: jobLogs });
  const grantEvents = parseEventLogs({ abi: grantsAbi, logs: grantLogs });
  const byJob = new Map<string, JobsEvent[]>();
  for (const e of jobEvents) {
    const id = e.args.jobId.toString();
    if (options.jobId !== undefined && id !== options.jobId) continue;
    const list = byJob.get(id) ?? [];
    list.push(e);
    byJob.set(id, list);
  }
  const ids =
    options.jobId !== undefined
      ? [options.jobId]
      : [...byJob.keys()].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));

  const blockTimes = new Map<bigint, Promise<bigint>>();
  const timeOf = (block: bigint): Promise<bigint> => {
    let t = blockTimes.get(block);
    if (t === undefined) {
      t = getBlock(ledger.publicClient, { blockNumber: block }).then(
        (b) => b.timestamp,
        (err: unknown) => {
          throw toLedgerError(err, { contract: 'chain', functionName: 'eth_getBlockByNumber' });
        },
      );
      blockTimes.set(block, t);
    }
    return t;
  };
  const moment = async (e: {
    blockNumber: bigint;
    transactionHash: Hex;
  }): Promise<ChainMoment> => ({
    block: e.blockNumber.toString(),
    at: new Date(Number(await timeOf(e.blockNumber)) * 1000).toISOString(),
    tx: e.transactionHash,
  });

  const jobs: AuditTrail[] = [];
  for (const id of ids) {
    const trail = await auditOne(
      ledger,
      id,
      byJob.get(id) ?? [],
      grantEvents.filter((g) => g.eventName === 'GrantUsed' && g.args.jobId.toString() === id),
      moment,
      options.programs,
    );
    if (trail !== undefined) jobs.push(trail);
  }
  const problems = jobs.flatMap((j) => j.problems.map((p) => `job ${j.jobId}: ${p}`));
  if (options.jobId !== undefined && jobs.length === 0) {
    problems.push(`job ${options.jobId}: no JobProposed event on chain`);
  }
  return { jobs, verified: jobs.length > 0 && jobs.every((j) => j.verified), problems };
}

async function auditOne(
  ledger: LedgerClient,
  id: string,
  events: readonly JobsEvent[],
  grantEvents: readonly GrantsEvent[],
  moment: (e: { blockNumber: bigint; transactionHash: Hex }) => Promise<ChainMoment>,
  programs: ProgramRegistry | undefined,
): Promise<AuditTrail | undefined> {
  const problems: string[] = [];
  const proposedEv = events.find((e) => e.eventName === 'JobProposed');
  if (proposedEv === undefined || proposedEv.eventName !== 'JobProposed') return undefined;
  const p = proposedEv.args;
  const proposed = await moment(proposedEv);
  const committee = p.committee.map(lower);
  const recipients = p.recipients.map(lower);

  // Program.
  let programName: string | null = null;
  let program;
  try {
    program = programs?.byCodeHash(p.programHash);
    programName = program?.definition.name ?? null;
  } catch {
    program = undefined;
  }

  // Params.
  const paramsEv = events.find((e) => e.eventName === 'JobParams');
  let published = false;
  let matchesHash = false;
  let values: Record<string, unknown> | null = null;
  if (paramsEv === undefined || paramsEv.eventName !== 'JobParams') {
    problems.push('the params were not published on chain (no JobParams event)');
  } else {
    published = true;
    matchesHash = keccak256(paramsEv.args.params) === lower(p.paramsHash);
    if (!matchesHash) problems.push('the published params do not hash to paramsHash');
    const parsed = parseParamsPreimage(hexToBytes(paramsEv.args.params));
    if (parsed === undefined)
      problems.push('the published params are not a parley-params/1 encoding');
    else {
      values = parsed.params;
      if (program !== undefined) {
        if (parsed.program !== program.definition.name) {
          problems.push(
            `the published params name program ${parsed.program}, the job runs ${program.definition.name}`,
          );
        } else {
          try {
            values = { ...validateParams(program.definition, parsed.params) };
          } catch (err) {
            problems.push(`the published params do not fit the program: ${(err as Error).message}`);
          }
        }
      }
    }
  }

  // Inputs: owners (Catalog), grants (JobInputGranted), approvals (JobApproved).
  const granted = new Map<string, string>();
  for (const e of events) {
    if (e.eventName === 'JobInputGranted')
      granted.set(lower(e.args.datasetId), e.args.grantId.toString());
  }
  const approvals: (ChainMoment & { owner: string })[] = [];
  for (const e of events) {
    if (e.eventName === 'JobApproved')
      approvals.push({ ...(await moment(e)), owner: lower(e.args.owner) });
  }
  const inputs: {
    datasetId: string;
    owner: string | null;
    coveredBy: 'proposer' | 'grant' | 'approval' | null;
    grantId: string | null;
  }[] = [];
  for (const ds of p.inputs) {
    let owner: string | null = null;
    try {
      owner = lower((await getDataset(ledger, { datasetId: ds })).owner);
    } catch (err) {
      // Only the Catalog's own refusal is a finding; an unreadable chain is an error.
      if (!(err instanceof ContractRevertError && err.errorName === 'DatasetNotFound')) throw err;
      problems.push(`input ${ds} is not in the Catalog`);
    }
    const grantId = granted.get(lower(ds)) ?? null;
    const coveredBy =
      owner !== null && owner === lower(p.proposer)
        ? 'proposer'
        : grantId !== null
          ? 'grant'
          : owner !== null && approvals.some((a) => a.owner === owner)
            ? 'approval'
            : null;
    inputs.push({ datasetId: lower(ds), owner, coveredBy, grantId });
  }

  // The spec hash the owners approved must be the hash of what was proposed.
  const specHashMatches =
    jobSpecHash({
      programHash: p.programHash,
      inputs: p.inputs,
      grantIds: p.inputs.map((d) => BigInt(granted.get(lower(d)) ?? 0)),
      committee: p.committee,
      recipients: p.recipients,
      paramsHash: p.paramsHash,
      deadline: p.deadline,
    }) === lower(p.specHash);
  if (!specHashMatches) problems.push('the spec hash does not match the proposed spec');

  const find = <N extends JobsEvent['eventName']>(name: N) =>
    events.find((e) => e.eventName === name) as Extract<JobsEvent, { eventName: N }> | undefined;
  const readyEv = find('JobReady');
  const startedEv = find('JobStarted');
  const succeededEv = find('JobSucceeded');
  const failedEv = find('JobFailed');
  const rejectedEv = find('JobRejected');
  const cancelledEv = find('JobCancelled');
  const ready = readyEv === undefined ? null : await moment(readyEv);
  const started =
    startedEv === undefined ? null : { ...(await moment(startedEv)), by: lower(startedEv.args.by) };
  if (ready !== null) {
    for (const i of inputs) {
      if (i.coveredBy === null)
        problems.push(`input ${i.datasetId} was used without its owner's approval`);
    }
  }
  if (started !== null && !committee.includes(started.by)) {
    problems.push(`the job was started by ${started.by}, who is not in the committee`);
  }

  let result: AuditTrail['result'] = null;
  if (succeededEv !== undefined) {
    const digest = lower(succeededEv.args.resultDigest);
    const m = await moment(succeededEv);
    const signatures = await recoverSignatures(
      ledger,
      BigInt(id),
      digest as Hex,
      m.tx as Hex,
      committee,
      problems,
    );
    const counts = new Map<string, number>();
    for (const s of signatures)
      if (s.signer !== null) counts.set(s.signer, (counts.get(s.signer) ?? 0) + 1);
    const checked = signatures.map((s) => ({
      ...s,
      valid: s.signer !== null && s.inCommittee && counts.get(s.signer) === 1,
    }));
    for (const c of committee) {
      const n = counts.get(c) ?? 0;
      if (n !== 1)
        problems.push(`committee member ${c} signed the result ${n} times (expected once)`);
    }
    for (const s of checked) {
      if (s.signer === null) problems.push('a result signature does not recover to an address');
      else if (!s.inCommittee)
        problems.push(`the result was signed by ${s.signer}, who is not in the committee`);
    }
    result = { ...m, digest, signatures: checked };
  }

  const failure =
    failedEv === undefined
      ? null
      : { ...(await moment(failedEv)), by: lower(failedEv.args.by), reason: failedEv.args.reason };
  const rejection =
    rejectedEv === undefined
      ? null
      : {
          ...(await moment(rejectedEv)),
          owner: lower(rejectedEv.args.owner),
          reason: rejectedEv.args.reason,
        };
  const cancelled = cancelledEv === undefined ? null : await moment(cancelledEv);
  const status =
    result !== null
      ? 'succeeded'
      : failure !== null
        ? 'failed'
        : rejection !== null
          ? 'rejected'
          : cancelled !== null
            ? 'cancelled'
            : started !== null
              ? 'running'
              : ready !== null
                ? 'ready'
                : 'awaiting_approval';
  if (failure !== null) problems.push(`the job failed (by ${failure.by}): ${failure.reason}`);
  if (rejection !== null)
    problems.push(`the job was rejected by ${rejection.owner}: ${rejection.reason}`);
  if (cancelled !== null) problems.push('the job was cancelled by its proposer');
  if (status === 'awaiting_approval' || status === 'ready' || status === 'running') {
    problems.push(`the job has not finished (${status})`);
  }

  const end = result ?? failure ?? rejection ?? cancelled;
  const from = started ?? proposed;
  const durationSeconds = end === null ? null : (Date.parse(end.at) - Date.parse(from.at)) / 1000;

  return {
    jobId: id,
    status,
    proposer: lower(p.proposer),
    proposed,
    program: { hash: lower(p.programHash), name: programName },
    specHash: lower(p.specHash),
    specHashMatches,
    params: { hash: lower(p.paramsHash), published, matchesHash, values },
    inputs,
    approvals,
    grantsUsed: grantEvents.flatMap((g) =>
      g.eventName === 'GrantUsed'
        ? [
            {
              grantId: g.args.grantId.toString(),
              datasetId:
                [...granted.entries()].find(([, gid]) => gid === g.args.grantId.toString())?.[0] ??
                '',
              uses: g.args.uses,
              maxUses: g.args.maxUses,
            },
          ]
        : [],
    ),
    committee,
    recipients,
    deadline: Number(p.deadline),
    ready,
    started,
    result,
    failure,
    confirmedBy: status === 'succeeded' ? recipients : [],
    refusal: refusalOf(failure?.reason),
    rejection,
    cancelled,
    timings: {
      proposedAt: proposed.at,
      readyAt: ready?.at ?? null,
      startedAt: started?.at ?? null,
      finishedAt: end?.at ?? null,
      durationSeconds,
    },
    verified: status === 'succeeded' && problems.length === 0,
    problems,
  };
}

/** The refusal a failure reason records (`<phase>: recipient <name> refused the result: <what>`). */
function refusalOf(reason: string | undefined): { recipient: string; what: string } | null {
  const m =
    reason === undefined ? null : /^\w+: recipient (\S+) refused the result: (.*)$/s.exec(reason);
  return m === null ? null : { recipient: m[1]!, what: m[2]! };
}

/** The signatures of the submitResult call in `tx`, each recovered; problems are appended. */
async function recoverSignatures(
  ledger: LedgerClient,
  jobId: bigint,
  digest: Hex,
  tx: Hex,
  committee: readonly string[],
  problems: string[],
): Promise<{ signer: string | null; inCommittee: boolean }[]> {
  let input: Hex;
  try {
    input = (await getTransaction(ledger.publicClient, { hash: tx })).input;
  } catch {
    problems.push(`the result transaction ${tx} cannot be read`);
    return [];
  }
  let args: readonly unknown[];
  try {
    const decoded = decodeFunctionData({ abi: jobsAbi, data: input });
    if (decoded.functionName !== 'submitResult') throw new Error('not submitResult');
    args = decoded.args;
  } catch {
    problems.push(
      `the result transaction ${tx} is not a direct submitResult call; signatures not checked`,
    );
    return [];
  }
  const [callJobId, callDigest, publicOutputs, signatures] = args as [
    bigint,
    Hex,
    Hex,
    readonly Hex[],
  ];
  if (callJobId !== jobId || lower(callDigest) !== digest) {
    problems.push('the submitResult call does not match the recorded job and digest');
  }
  const out: { signer: string | null; inCommittee: boolean }[] = [];
  for (const signature of signatures) {
    const recovered = await recoverJobResultSigner(
      ledger.publicClient.chain.id,
      ledger.addresses.jobs,
      jobId,
      digest,
      signature,
      publicOutputs,
    );
    const signer: string | null = recovered === undefined ? null : lower(recovered);
    out.push({ signer, inCommittee: signer !== null && committee.includes(signer) });
  }
  return out;
}
