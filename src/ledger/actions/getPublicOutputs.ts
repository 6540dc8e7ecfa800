import { readContract } from 'viem/actions';
import type { Hex } from 'viem';
import { jobsAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { read, type ActionOptions } from '../internal/transact.js';

export interface GetPublicOutputsParameters extends ActionOptions {
  readonly jobId: bigint;
}
/** The bytes the committee attested (`0x` if the job has no public outputs or has not succeeded). */
export type GetPublicOutputsReturnType = Hex;
export type GetPublicOutputsErrorType = ContractRevertError | LedgerRpcError;

/**
 * Reads the public outputs of a job, as `submitResult` recorded them with the committee's
 * signatures (decode with `decodePublicOutputs` of `src/node/jobs/outputs.ts`).
 * Refusals: JobNotFound.
 * @example
 * ```ts
 * const bytes = await getPublicOutputs(client, { jobId });
 * ```
 */
export function getPublicOutputs(
  client: LedgerClient,
  params: GetPublicOutputsParameters,
): Promise<GetPublicOutputsReturnType> {
  return read(
    { contract: 'Jobs', functionName: 'publicOutputsOf' },
    () =>
      readContract(client.publicClient, {
        address: client.addresses.jobs,
        abi: jobsAbi,
        functionName: 'publicOutputsOf',
        args: [params.jobId],
      }),
    params,
  );
}
