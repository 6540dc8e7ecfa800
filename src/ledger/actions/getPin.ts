import { readContract } from 'viem/actions';
import { pinsAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { read, type ActionOptions } from '../internal/transact.js';
import type { Bytes32, PinBatch } from '../types.js';

export interface GetPinParameters extends ActionOptions {
  readonly hash: Bytes32;
}
export type GetPinReturnType = PinBatch;
export type GetPinErrorType = ContractRevertError | LedgerRpcError;

/**
 * Reads the batch that first pinned `hash`: who pinned it and when.
 * Refusals: NotPinned.
 * @example
 * ```ts
 * const { sender, timestamp } = await getPin(client, { hash });
 * ```
 */
export function getPin(client: LedgerClient, params: GetPinParameters): Promise<GetPinReturnType> {
  return read(
    { contract: 'Pins', functionName: 'pinOf' },
    () =>
      readContract(client.publicClient, {
        address: client.addresses.pins,
        abi: pinsAbi,
        functionName: 'pinOf',
        args: [params.hash],
      }),
    params,
  );
}
