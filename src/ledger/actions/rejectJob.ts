import { writeContract } from 'viem/actions';
import { jobsAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { transact, type ActionOptions, type WriteResult } from '../internal/transact.js';

export interface RejectJobParameters extends ActionOptions {
  readonly jobId: bigint;
  /** Public; never put secrets here. */
  readonly reason: string;
}
export type RejectJobReturnType = WriteResult;
export type RejectJobErrorType = ContractRevertError | LedgerRpcError;

/**
 * An input owner refuses a job that has not started. Final.
 * Refusals: NotMember, JobNotFound, InvalidJobStatus, NotInputOwner.
 * @example
 * ```ts
 * await rejectJob(client, { jobId, reason: 'policy' });
 * ```
 */
export async function rejectJob(
  client: LedgerClient,
  params: RejectJobParameters,
): Promise<RejectJobReturnType> {
  return await transact(
    client,
    { contract: 'Jobs', functionName: 'rejectJob' },
    (wallet) =>
      writeContract(wallet, {
        address: client.addresses.jobs,
        abi: jobsAbi,
        functionName: 'rejectJob',
        args: [params.jobId, params.reason],
      }),
    params,
  );
}
