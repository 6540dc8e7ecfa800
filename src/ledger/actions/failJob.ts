import { writeContract } from 'viem/actions';
import { jobsAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { transact, type ActionOptions, type WriteResult } from '../internal/transact.js';

export interface FailJobParameters extends ActionOptions {
  readonly jobId: bigint;
  /** Public; never put secrets here. */
  readonly reason: string;
}
export type FailJobReturnType = WriteResult;
export type FailJobErrorType = ContractRevertError | LedgerRpcError;

/**
 * Fails an unfinished job: a committee member may fail a Ready or Running job at any time; after the deadline anyone may fail any unfinished job.
 * Refusals: JobNotFound, InvalidJobStatus, DeadlineNotPassed.
 * @example
 * ```ts
 * await failJob(client, { jobId, reason: 'peer 3 timed out' });
 * ```
 */
export async function failJob(
  client: LedgerClient,
  params: FailJobParameters,
): Promise<FailJobReturnType> {
  return await transact(
    client,
    { contract: 'Jobs', functionName: 'failJob' },
    (wallet) =>
      writeContract(wallet, {
        address: client.addresses.jobs,
        abi: jobsAbi,
        functionName: 'failJob',
        args: [params.jobId, params.reason],
      }),
    params,
  );
}
