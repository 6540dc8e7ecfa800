import { readContract } from 'viem/actions';
import { consortiumAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { read, type ActionOptions } from '../internal/transact.js';

export type GetThresholdParameters = ActionOptions;
export type GetThresholdReturnType = bigint;
export type GetThresholdErrorType = ContractRevertError | LedgerRpcError;

/**
 * The current governance threshold k (votes needed to pass a proposal).
 * @example
 * ```ts
 * const k = await getThreshold(client);
 * ```
 */
export function getThreshold(
  client: LedgerClient,
  params: GetThresholdParameters = {},
): Promise<GetThresholdReturnType> {
  return read(
    { contract: 'Consortium', functionName: 'threshold' },
    () =>
      readContract(client.publicClient, {
        address: client.addresses.consortium,
        abi: consortiumAbi,
        functionName: 'threshold',
        args: [],
      }),
    params,
  );
}
