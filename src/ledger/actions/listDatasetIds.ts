import { readContract } from 'viem/actions';
import { catalogAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { read, type ActionOptions } from '../internal/transact.js';
import type { Bytes32 } from '../types.js';

export interface ListDatasetIdsParameters extends ActionOptions {
  readonly offset: bigint;
  readonly limit: bigint;
}
export type ListDatasetIdsReturnType = readonly Bytes32[];
export type ListDatasetIdsErrorType = ContractRevertError | LedgerRpcError;

/**
 * Dataset ids in publication order, a page at a time.
 * @example
 * ```ts
 * const ids = await listDatasetIds(client, { offset: 0n, limit: 100n });
 * ```
 */
export function listDatasetIds(
  client: LedgerClient,
  params: ListDatasetIdsParameters,
): Promise<ListDatasetIdsReturnType> {
  return read(
    { contract: 'Catalog', functionName: 'listDatasetIds' },
    () =>
      readContract(client.publicClient, {
        address: client.addresses.catalog,
        abi: catalogAbi,
        functionName: 'listDatasetIds',
        args: [params.offset, params.limit],
      }),
    params,
  );
}
