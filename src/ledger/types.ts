/**
 * Plain types of the ledger: what actions take, what reads return, and the contracts' enums.
 * Read types are derived from the compiled ABIs, so they cannot drift from the contracts.
 *
 * @module
 */
import type { Address, Hex, ReadContractReturnType } from 'viem';
import type { catalogAbi, consortiumAbi, grantsAbi, jobsAbi, pinsAbi } from './abi.js';

/** A 32-byte hash or identifier, 0x-prefixed. */
export type Bytes32 = Hex;

/** Public facts about a member that governance sets. */
export interface MemberInfo {
  readonly name: string;
  /** The node's endpoint, e.g. 'https://node.example.org:7443'. */
  readonly endpoint: string;
  /** The node's TLS public key (e.g. DER SubjectPublicKeyInfo), as hex. */
  readonly tlsPublicKey: Hex;
  /** ISO 3166 country or region code, e.g. 'DE'. */
  readonly jurisdiction: string;
}

/** One column of a dataset's schema. */
export interface DatasetColumn {
  readonly name: string;
  /** e.g. 'int64', 'fixed', 'bool', 'string'. */
  readonly dataType: string;
  /** e.g. 'EUR', 'years', '' when unitless. */
  readonly unit: string;
}

/** Dataset metadata as published; never the data itself. */
export interface DatasetMetadata {
  readonly title: string;
  readonly description: string;
  readonly columns: readonly DatasetColumn[];
  readonly rowCount: bigint;
  /** Hash of the dataset's canonical content, so a job's input can be matched to it. */
  readonly contentHash: Bytes32;
  readonly tags: readonly string[];
  /** Unix seconds before which the dataset may not be used in a job (0 = now). */
  readonly releaseTime: bigint;
}

/** A job as proposed. `grantIds[i]` covers `inputs[i]` (0n = none). */
export interface JobSpec {
  readonly programHash: Bytes32;
  readonly inputs: readonly Bytes32[];
  readonly grantIds: readonly bigint[];
  readonly committee: readonly Address[];
  readonly recipients: readonly Address[];
  readonly paramsHash: Bytes32;
  /** Unix seconds after which anyone may fail the job if it has not finished. */
  readonly deadline: bigint;
}

export type Member = ReadContractReturnType<typeof consortiumAbi, 'getMember'>;
export type Proposal = ReadContractReturnType<typeof consortiumAbi, 'getProposal'>;
export type Dataset = ReadContractReturnType<typeof catalogAbi, 'getDataset'>;
export type Grant = ReadContractReturnType<typeof grantsAbi, 'getGrant'>;
export type Job = ReadContractReturnType<typeof jobsAbi, 'getJob'>;
export type PinBatch = ReadContractReturnType<typeof pinsAbi, 'getBatch'>;

/** Consortium.ProposalKind */
export const ProposalKind = {
  None: 0,
  AddMember: 1,
  RemoveMember: 2,
  UpdateMember: 3,
  ApproveProgram: 4,
  RevokeProgram: 5,
  SetThreshold: 6,
} as const;
/** Consortium.ProposalStatus (Expired is computed from the block time). */
export const ProposalStatus = { None: 0, Open: 1, Executed: 2, Expired: 3 } as const;
/** Grants.GrantStatus */
export const GrantStatus = {
  None: 0,
  Pending: 1,
  Approved: 2,
  Rejected: 3,
  Revoked: 4,
} as const;
/** Jobs.JobStatus */
export const JobStatus = {
  None: 0,
  AwaitingApproval: 1,
  Ready: 2,
  Running: 3,
  Succeeded: 4,
  Failed: 5,
  Rejected: 6,
  Cancelled: 7,
} as const;
