import { readContract } from 'viem/actions';
import { pinsAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { read, type ActionOptions } from '../internal/transact.js';
import type { PinBatch } from '../types.js';

export interface GetPinBatchParameters extends ActionOptions {
  readonly batchId: bigint;
}
export type GetPinBatchReturnType = PinBatch;
export type GetPinBatchErrorType = ContractRevertError | LedgerRpcError;

/**
 * Reads a pin batch: sender, time, block, count, recipients commitment and root.
 * Refusals: BatchNotFound.
 * @example
 * ```ts
 * const b = await getPinBatch(client, { batchId });
 * ```
 */
export function getPinBatch(
  client: LedgerClient,
  params: GetPinBatchParameters,
): Promise<GetPinBatchReturnType> {
  return read(
    { contract: 'Pins', functionName: 'getBatch' },
    () =>
      readContract(client.publicClient, {
        address: client.addresses.pins,
        abi: pinsAbi,
        functionName: 'getBatch',
        args: [params.batchId],
      }),
    params,
  );
}
