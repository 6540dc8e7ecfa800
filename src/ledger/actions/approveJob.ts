import { writeContract } from 'viem/actions';
import { parseEventLogs } from 'viem';
import { jobsAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { transact, type ActionOptions, type WriteResult } from '../internal/transact.js';
import type { Bytes32 } from '../types.js';

export interface ApproveJobParameters extends ActionOptions {
  readonly jobId: bigint;
  /** The spec hash the owner's node checked (see `jobSpecHash`); must equal the job's. */
  readonly specHash: Bytes32;
}
export type ApproveJobReturnType = WriteResult & { readonly ready: boolean };
export type ApproveJobErrorType = ContractRevertError | LedgerRpcError;

/**
 * An input owner approves all of its inputs to this exact job; the job becomes Ready when every input is covered.
 * Refusals: NotMember, JobNotFound, InvalidJobStatus, DeadlinePassed, JobSpecMismatch, NotInputOwner, NothingToApprove.
 * @example
 * ```ts
 * const { ready } = await approveJob(client, { jobId, specHash });
 * ```
 */
export async function approveJob(
  client: LedgerClient,
  params: ApproveJobParameters,
): Promise<ApproveJobReturnType> {
  const w = await transact(
    client,
    { contract: 'Jobs', functionName: 'approveJob' },
    (wallet) =>
      writeContract(wallet, {
        address: client.addresses.jobs,
        abi: jobsAbi,
        functionName: 'approveJob',
        args: [params.jobId, params.specHash],
      }),
    params,
  );
  const address = client.addresses.jobs.toLowerCase();
  const logs = w.receipt.logs.filter((l) => l.address.toLowerCase() === address);
  return { ...w, ready: parseEventLogs({ abi: jobsAbi, eventName: 'JobReady', logs }).length > 0 };
}
