/**
 * The plan of a job on one node: from the job as the chain holds it and the member directory, the
 * session's parties and each one's roles, this node's roles, the program (looked up by code hash)
 * and the validated public parameters (checked against the on-chain params hash). Pure: no I/O.
 *
 * Parties. A party id is the member's name (1..64 chars of [A-Za-z0-9._-]). The session's party
 * list, the same at every party: the committee in job order, then input owners not on the
 * committee in job order, then recipients not already listed, in job order, then (only if the
 * program has an output for every member, see `./outputs.ts`) every other consortium member, by
 * name. The committee
 * evaluates Shamir polynomials in job order; the threshold is t = ⌊(n − 1)/2⌋, the largest the
 * runtime allows (every party derives it from n, so all agree without it being on chain).
 *
 * @module
 */
import type { Address, Hex } from 'viem';
import { type PartyId, partyId } from '../../mpc/channel.js';
import type { Job } from '../../ledger/types.js';
import { JobStatus } from '../../ledger/types.js';
import { paramsHashOf, validateParams } from '../../programs/params.js';
import type { ProgramRegistry } from '../../programs/registry.js';
import type { Params, ProgramDefinition } from '../../programs/types.js';
import { JobConfigError } from './errors.js';
import { hasMembersOutput } from './outputs.js';

/** A consortium member as the executor needs it (from `getMembers` and the member's TLS key). */
export interface JobPeer {
  /** The member's name: its party id in every session. */
  readonly name: string;
  /** Its chain account. */
  readonly address: Address;
  /** Where its node listens for MPC sessions. */
  readonly host: string;
  readonly port: number;
  /** SHA-256 of its TLS SubjectPublicKeyInfo, 64 lowercase hex chars (what Consortium registers). */
  readonly fingerprint: string;
}

/** This node in a job. */
export interface JobSelf {
  readonly name: string;
  readonly address: Address;
}

/** What the executor derives from the job before any communication. */
export interface JobPlan {
  readonly jobId: bigint;
  readonly session: string;
  readonly program: ProgramDefinition;
  readonly params: Params;
  readonly self: PartyId;
  readonly parties: readonly PartyId[];
  readonly committee: readonly PartyId[];
  readonly t: number;
  /** Owner of each input dataset, in job order. */
  readonly owners: readonly PartyId[];
  readonly recipients: readonly PartyId[];
  /** Every consortium member in the directory, by name (the receivers of `members` outputs). */
  readonly members: readonly PartyId[];
  /** Indices of the inputs this node owns. */
  readonly mine: readonly number[];
  readonly isMember: boolean;
  readonly isRecipient: boolean;
  /** Every other party, with its address and pinned key. */
  readonly peers: readonly JobPeer[];
  /** The party id of each committee member's address (for checking signatures). */
  readonly addressOf: ReadonlyMap<PartyId, Address>;
}

function nameOf(directory: ReadonlyMap<string, JobPeer>, address: Address, what: string): PartyId {
  const peer = directory.get(address.toLowerCase());
  if (peer === undefined) {
    throw new JobConfigError(`The ${what} ${address} is not in the member directory.`, {
      address,
      role: what,
    });
  }
  try {
    return partyId(peer.name);
  } catch {
    throw new JobConfigError(
      `The member name of ${address} is not usable as a party id (1..64 chars of [A-Za-z0-9._-]).`,
      { address },
    );
  }
}

/**
 * Plans `job` for `self`. `session` names the job's channel (the same at every party).
 * @throws {JobConfigError} if the job is not Ready or Running, `self` is not a party, an address
 *   is not in `directory`, the program is not registered, or the params do not hash to the job's.
 * @throws {ProgramParamError} if the params do not fit the program.
 * @example
 * ```ts
 * const plan = planJob({ job, self, peers, programs, params, session: `parley-job-${job.id}` });
 * ```
 */
export function planJob(o: {
  readonly job: Job;
  readonly self: JobSelf;
  readonly peers: readonly JobPeer[];
  readonly programs: ProgramRegistry;
  readonly params: unknown;
  readonly session: string;
}): JobPlan {
  const { job } = o;
  const jobId = job.id;
  if (job.status !== JobStatus.Ready && job.status !== JobStatus.Running) {
    throw new JobConfigError(`Job ${jobId} is not Ready or Running (status ${job.status}).`, {
      jobId: jobId.toString(),
      status: job.status,
    });
  }
  const directory = new Map<string, JobPeer>(o.peers.map((p) => [p.address.toLowerCase(), p]));
  directory.set(o.self.address.toLowerCase(), {
    name: o.self.name,
    address: o.self.address,
    host: '',
    port: 0,
    fingerprint: '',
  });
  const committee = job.committee.map((a) => nameOf(directory, a, 'committee member'));
  const owners = job.inputOwners.map((a) => nameOf(directory, a, 'input owner'));
  const recipients = job.recipients.map((a) => nameOf(directory, a, 'recipient'));
  const names = new Map<string, Address>();
  for (const a of [...job.committee, ...job.inputOwners, ...job.recipients]) {
    const name = nameOf(directory, a, 'party');
    const seen = names.get(name);
    if (seen !== undefined && seen.toLowerCase() !== a.toLowerCase()) {
      throw new JobConfigError(`Two parties of job ${jobId} share the member name ${name}.`, {
        jobId: jobId.toString(),
        party: name,
      });
    }
    names.set(name, a);
  }
  const registered = o.programs.byCodeHash(job.programHash);
  const program = registered.definition;
  const members: PartyId[] = [];
  for (const peer of directory.values()) {
    try {
      members.push(partyId(peer.name));
    } catch {
      /* a member whose name is no party id cannot take part; the others are not held up */
    }
  }
  members.sort();
  const everyone = hasMembersOutput(program) ? members : [];
  const parties: PartyId[] = [];
  for (const p of [...committee, ...owners, ...recipients, ...everyone])
    if (!parties.includes(p)) parties.push(p);
  const self = partyId(o.self.name);
  if (!parties.includes(self)) {
    throw new JobConfigError(`This node (${self}) is not a party of job ${jobId}.`, {
      jobId: jobId.toString(),
      party: self,
    });
  }
  const params = validateParams(program, o.params);
  const hash: Hex = paramsHashOf(program, params);
  if (hash.toLowerCase() !== job.paramsHash.toLowerCase()) {
    throw new JobConfigError(
      `The params given for job ${jobId} do not hash to its on-chain params hash.`,
      { jobId: jobId.toString(), expected: job.paramsHash, got: hash },
    );
  }
  const byName = new Map<string, JobPeer>([...directory.values()].map((p) => [p.name, p]));
  const peers = parties.filter((p) => p !== self).map((p) => byName.get(p)!);
  const addressOf = new Map<PartyId, Address>(
    committee.map((p, i) => [p, job.committee[i]!] as const),
  );
  return {
    jobId,
    session: o.session,
    program,
    params,
    self,
    parties,
    committee,
    t: Math.floor((committee.length - 1) / 2),
    owners,
    recipients,
    members,
    mine: owners.flatMap((p, i) => (p === self ? [i] : [])),
    isMember: committee.includes(self),
    isRecipient: recipients.includes(self),
    peers,
    addressOf,
  };
}
