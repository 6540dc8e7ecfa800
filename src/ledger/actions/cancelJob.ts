import { writeContract } from 'viem/actions';
import { jobsAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { transact, type ActionOptions, type WriteResult } from '../internal/transact.js';

export interface CancelJobParameters extends ActionOptions {
  readonly jobId: bigint;
}
export type CancelJobReturnType = WriteResult;
export type CancelJobErrorType = ContractRevertError | LedgerRpcError;

/**
 * The proposer withdraws a job that has not started. Grant uses already counted stay counted.
 * Refusals: NotMember, JobNotFound, NotProposer, InvalidJobStatus.
 * @example
 * ```ts
 * await cancelJob(client, { jobId });
 * ```
 */
export async function cancelJob(
  client: LedgerClient,
  params: CancelJobParameters,
): Promise<CancelJobReturnType> {
  return await transact(
    client,
    { contract: 'Jobs', functionName: 'cancelJob' },
    (wallet) =>
      writeContract(wallet, {
        address: client.addresses.jobs,
        abi: jobsAbi,
        functionName: 'cancelJob',
        args: [params.jobId],
      }),
    params,
  );
}
