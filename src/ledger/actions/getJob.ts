import { readContract } from 'viem/actions';
import { jobsAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { read, type ActionOptions } from '../internal/transact.js';
import type { Job } from '../types.js';

export interface GetJobParameters extends ActionOptions {
  readonly jobId: bigint;
}
export type GetJobReturnType = Job;
export type GetJobErrorType = ContractRevertError | LedgerRpcError;

/**
 * Reads a job: status, spec, spec hash, input owners and approvals, result digest or reason.
 * Refusals: JobNotFound.
 * @example
 * ```ts
 * const job = await getJob(client, { jobId });
 * ```
 */
export function getJob(client: LedgerClient, params: GetJobParameters): Promise<GetJobReturnType> {
  return read(
    { contract: 'Jobs', functionName: 'getJob' },
    () =>
      readContract(client.publicClient, {
        address: client.addresses.jobs,
        abi: jobsAbi,
        functionName: 'getJob',
        args: [params.jobId],
      }),
    params,
  );
}
