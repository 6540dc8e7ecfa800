import { bytesToHex, parseEventLogs, type Hex } from 'viem';
import { writeContract } from 'viem/actions';
import { jobsAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { findEvent, transact, type ActionOptions, type WriteResult } from '../internal/transact.js';
import type { Bytes32, JobSpec } from '../types.js';

export interface ProposeJobParameters extends ActionOptions {
  readonly spec: JobSpec;
  /**
   * The job's public parameters as the exact preimage of `spec.paramsHash` (keccak256), to
   * publish them on chain (`JobParams` event) so every party reads what the owners approve.
   * The contract refuses bytes that do not hash to `paramsHash` (ParamsMismatch).
   */
  readonly params?: Hex | Uint8Array;
}
export type ProposeJobReturnType = WriteResult & {
  readonly jobId: bigint;
  /** What input owners approve (equals `jobSpecHash(spec)`). */
  readonly specHash: Bytes32;
  /** True if every input was already covered (own datasets, grants): the job is Ready. */
  readonly ready: boolean;
};
export type ProposeJobErrorType = ContractRevertError | LedgerRpcError;

/**
 * Proposes a job. Inputs the proposer owns are approved at once; inputs with a grant id are
 * covered by that grant, whose use is counted now; the other owners must call `approveJob`.
 * Refusals: NotMember (caller, committee member or recipient), ProgramNotApproved, InvalidDeadline,
 * ParamsMismatch (published params that do not hash to paramsHash), LengthMismatch, TooMany, EmptyCommittee, EmptyRecipients, DuplicateCommitteeMember,
 * DuplicateInput, DatasetNotFound, DatasetIsWithdrawn, DatasetNotReleased, and the grant's
 * refusals (GrantNotApproved, GrantIsRevoked, GrantExpired, GrantExhausted, ProgramNotAllowed, ...).
 * @example
 * ```ts
 * const { jobId, specHash } = await proposeJob(client, { spec });
 * ```
 */
export async function proposeJob(
  client: LedgerClient,
  params: ProposeJobParameters,
): Promise<ProposeJobReturnType> {
  const { spec } = params;
  const published =
    params.params === undefined
      ? undefined
      : typeof params.params === 'string'
        ? params.params
        : bytesToHex(params.params);
  const w = await transact(
    client,
    {
      contract: 'Jobs',
      functionName: published === undefined ? 'proposeJob' : 'proposeJobWithParams',
    },
    (wallet) =>
      published === undefined
        ? writeContract(wallet, {
            address: client.addresses.jobs,
            abi: jobsAbi,
            functionName: 'proposeJob',
            args: [spec],
          })
        : writeContract(wallet, {
            address: client.addresses.jobs,
            abi: jobsAbi,
            functionName: 'proposeJobWithParams',
            args: [spec, published],
          }),
    params,
  );
  const proposed = findEvent(w.receipt, jobsAbi, 'JobProposed', client.addresses.jobs);
  const address = client.addresses.jobs.toLowerCase();
  const logs = w.receipt.logs.filter((l) => l.address.toLowerCase() === address);
  const ready = parseEventLogs({ abi: jobsAbi, eventName: 'JobReady', logs }).length > 0;
  return { ...w, jobId: proposed.args.jobId, specHash: proposed.args.specHash, ready };
}
