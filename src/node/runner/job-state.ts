/**
 * A job's local record from its on-chain state: this node's roles, the public details, and the
 * status, which only moves forward (awaiting approval → ready → running → a terminal status), so
 * a replayed or late event never undoes what the node recorded. Also the job's public params:
 * parsed from the published `JobParams` bytes (peer-controlled: validated against the program and
 * checked against the on-chain `paramsHash`).
 *
 * @module
 */
import { hexToBytes, isAddressEqual, type Address, type Hex } from 'viem';
import { JobStatus as ChainStatus, type Job } from '../../ledger/types.js';
import { paramsHashOf, parseParamsPreimage, validateParams } from '../../programs/params.js';
import type { ProgramRegistry, RegisteredProgram } from '../../programs/registry.js';
import type { Params, ProgramDefinition } from '../../programs/types.js';
import { hasMembersOutput } from '../jobs/outputs.js';
import type { Store } from '../store/db.js';
import { closeInboxItem } from '../store/grants.js';
import {
  TERMINAL_JOB_STATUSES,
  getJob as getLocalJob,
  recordJob,
  updateJob,
  type JobRecord,
  type JobRole,
  type JobStatus,
} from '../store/jobs.js';
import { RunnerParamsError } from './errors.js';

const RANK: Readonly<Record<JobStatus, number>> = {
  proposed: 0,
  awaiting_approval: 1,
  ready: 2,
  running: 3,
  succeeded: 4,
  failed: 4,
  rejected: 4,
  cancelled: 4,
};

/** The local status for a chain status. */
export function localStatus(status: number): JobStatus {
  switch (status) {
    case ChainStatus.AwaitingApproval:
      return 'awaiting_approval';
    case ChainStatus.Ready:
      return 'ready';
    case ChainStatus.Running:
      return 'running';
    case ChainStatus.Succeeded:
      return 'succeeded';
    case ChainStatus.Failed:
      return 'failed';
    case ChainStatus.Rejected:
      return 'rejected';
    case ChainStatus.Cancelled:
      return 'cancelled';
    default:
      return 'proposed';
  }
}

/**
 * This node's roles in `job` (empty if it is not a party). A program with an output for every
 * member (`to: 'members'`) makes every member a recipient of it.
 */
export function rolesOf(job: Job, self: Address, program?: ProgramDefinition): JobRole[] {
  const has = (list: readonly Address[]): boolean => list.some((a) => isAddressEqual(a, self));
  const roles: JobRole[] = [];
  if (isAddressEqual(job.proposer, self)) roles.push('proposer');
  if (has(job.inputOwners)) roles.push('input');
  if (has(job.committee)) roles.push('compute');
  if (has(job.recipients) || (program !== undefined && hasMembersOutput(program)))
    roles.push('recipient');
  return roles;
}

/** True if `self` takes part in running the job (owner, member or recipient). */
export function isRunParty(roles: readonly JobRole[]): boolean {
  return roles.some((r) => r !== 'proposer');
}

/** The registered program of `job`, or undefined if this node does not know its code hash. */
export function programOf(programs: ProgramRegistry, job: Job): RegisteredProgram | undefined {
  try {
    return programs.byCodeHash(job.programHash);
  } catch {
    return undefined;
  }
}

/**
 * Records `job` (roles, details, and its status if that is a step forward). Returns the record,
 * or undefined if this node is not a party.
 */
export function recordFromChain(
  store: Store,
  programs: ProgramRegistry,
  self: Address,
  job: Job,
  options: { readonly keepStatus?: boolean } = {},
): JobRecord | undefined {
  const program = programOf(programs, job);
  const roles = rolesOf(job, self, program?.definition);
  if (roles.length === 0) return undefined;
  const id = job.id.toString();
  const status = localStatus(job.status);
  // A new record starts at 'proposed' and then advances, so a job first seen when it has
  // already ended still gets its digest or reason (and its finish time).
  let rec = recordJob(store, id, 'proposed', {
    programHash: job.programHash,
    ...(program === undefined ? {} : { program: program.definition.name }),
    proposer: job.proposer,
    spec: {
      inputs: [...job.inputs],
      inputOwners: [...job.inputOwners],
      committee: [...job.committee],
      recipients: [...job.recipients],
      deadline: Number(job.deadline),
      specHash: job.specHash,
    },
    roles,
  });
  if (options.keepStatus !== true && RANK[status] > RANK[rec.status]) {
    rec = advance(store, id, job) ?? rec;
  } else if (TERMINAL_JOB_STATUSES.includes(status)) {
    closeInboxItem(store, 'job', id, `job ${status} before a decision`);
  }
  return rec;
}

/** Moves the local record to the chain's status, with the digest or reason it carries. */
export function advance(store: Store, id: string, job: Job): JobRecord | undefined {
  const status = localStatus(job.status);
  if (TERMINAL_JOB_STATUSES.includes(status)) {
    // Nobody can approve or reject an ended job: its pending inbox item (if any) is closed.
    closeInboxItem(store, 'job', id, `job ${status} before a decision`);
  }
  const cur = getLocalJob(store, id);
  if (cur === undefined || RANK[status] <= RANK[cur.status]) return cur;
  switch (status) {
    case 'succeeded':
      return updateJob(store, id, { status, resultDigest: job.resultDigest });
    case 'failed':
      return updateJob(store, id, {
        status,
        errorCode: 'ERR_JOB_FAILED',
        errorReason: job.reason === '' ? 'failed on chain (no reason given)' : job.reason,
      });
    case 'rejected':
      return updateJob(store, id, {
        status,
        errorReason: job.reason === '' ? 'rejected by an input owner' : job.reason,
      });
    default:
      return updateJob(store, id, { status });
  }
}

/**
 * Parses published params bytes for `job`: they must name the job's program, fit it, and hash
 * to the job's `paramsHash`.
 * @throws {RunnerParamsError} naming what does not fit.
 */
export function parsePublishedParams(program: RegisteredProgram, job: Job, bytes: Hex): Params {
  const jobId = job.id.toString();
  let raw: Uint8Array;
  try {
    raw = hexToBytes(bytes);
  } catch {
    throw new RunnerParamsError(`The params published for job ${jobId} are not bytes.`, { jobId });
  }
  const parsed = parseParamsPreimage(raw);
  if (parsed === undefined) {
    throw new RunnerParamsError(`The params published for job ${jobId} do not parse.`, { jobId });
  }
  if (parsed.program !== program.definition.name) {
    throw new RunnerParamsError(
      `The params published for job ${jobId} are for program ${parsed.program.slice(0, 64)}, not ${program.definition.name}.`,
      { jobId },
    );
  }
  let params: Params;
  try {
    params = validateParams(program.definition, parsed.params);
  } catch (err) {
    throw new RunnerParamsError(
      `The params published for job ${jobId} do not fit program ${program.definition.name}.`,
      { jobId },
      { cause: err },
    );
  }
  if (paramsHashOf(program.definition, params).toLowerCase() !== job.paramsHash.toLowerCase()) {
    throw new RunnerParamsError(
      `The params published for job ${jobId} do not hash to its paramsHash.`,
      { jobId },
    );
  }
  return params;
}

/**
 * The params to run or approve `job` with: those recorded from its JobParams event, or, for a
 * job proposed without published params, the program's defaults if they hash to its paramsHash.
 * @throws {RunnerParamsError} if there are none.
 */
export function jobParams(program: RegisteredProgram, job: Job, record: JobRecord): Params {
  if (record.params !== null) return validateParams(program.definition, record.params);
  try {
    const defaults = validateParams(program.definition, {});
    if (paramsHashOf(program.definition, defaults).toLowerCase() === job.paramsHash.toLowerCase()) {
      return defaults;
    }
  } catch {
    /* the program has parameters without defaults */
  }
  throw new RunnerParamsError(
    `Job ${job.id} has no usable params on chain: none were published (proposeJobWithParams) that fit program ${program.definition.name} and hash to its paramsHash.`,
    { jobId: job.id.toString() },
  );
}
