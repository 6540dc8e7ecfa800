import { writeContract } from 'viem/actions';
import { jobsAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { transact, type ActionOptions, type WriteResult } from '../internal/transact.js';

export interface StartJobParameters extends ActionOptions {
  readonly jobId: bigint;
}
export type StartJobReturnType = WriteResult;
export type StartJobErrorType = ContractRevertError | LedgerRpcError;

/**
 * A committee member marks a Ready job as Running.
 * Refusals: NotMember, JobNotFound, InvalidJobStatus, DeadlinePassed, NotCommitteeMember.
 * @example
 * ```ts
 * await startJob(client, { jobId });
 * ```
 */
export async function startJob(
  client: LedgerClient,
  params: StartJobParameters,
): Promise<StartJobReturnType> {
  return await transact(
    client,
    { contract: 'Jobs', functionName: 'startJob' },
    (wallet) =>
      writeContract(wallet, {
        address: client.addresses.jobs,
        abi: jobsAbi,
        functionName: 'startJob',
        args: [params.jobId],
      }),
    params,
  );
}
