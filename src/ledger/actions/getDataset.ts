import { readContract } from 'viem/actions';
import { catalogAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { read, type ActionOptions } from '../internal/transact.js';
import type { Bytes32, Dataset } from '../types.js';

export interface GetDatasetParameters extends ActionOptions {
  readonly datasetId: Bytes32;
}
export type GetDatasetReturnType = Dataset;
export type GetDatasetErrorType = ContractRevertError | LedgerRpcError;

/**
 * Reads a dataset's published metadata (withdrawn datasets stay readable).
 * Refusals: DatasetNotFound.
 * @example
 * ```ts
 * const d = await getDataset(client, { datasetId });
 * ```
 */
export function getDataset(
  client: LedgerClient,
  params: GetDatasetParameters,
): Promise<GetDatasetReturnType> {
  return read(
    { contract: 'Catalog', functionName: 'getDataset' },
    () =>
      readContract(client.publicClient, {
        address: client.addresses.catalog,
        abi: catalogAbi,
        functionName: 'getDataset',
        args: [params.datasetId],
      }),
    params,
  );
}
