import { writeContract } from 'viem/actions';
import { catalogAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { transact, type ActionOptions, type WriteResult } from '../internal/transact.js';
import type { Bytes32, DatasetMetadata } from '../types.js';

export interface PublishDatasetParameters extends ActionOptions {
  /** An id of the owner's choosing, unique forever. */
  readonly datasetId: Bytes32;
  readonly metadata: DatasetMetadata;
}
export type PublishDatasetReturnType = WriteResult;
export type PublishDatasetErrorType = ContractRevertError | LedgerRpcError;

/**
 * Publishes a dataset's metadata; the caller becomes its owner. Never the data itself.
 * Refusals: NotMember, ZeroDatasetId, DatasetExists.
 * @example
 * ```ts
 * await publishDataset(client, { datasetId, metadata });
 * ```
 */
export async function publishDataset(
  client: LedgerClient,
  params: PublishDatasetParameters,
): Promise<PublishDatasetReturnType> {
  return await transact(
    client,
    { contract: 'Catalog', functionName: 'publishDataset' },
    (wallet) =>
      writeContract(wallet, {
        address: client.addresses.catalog,
        abi: catalogAbi,
        functionName: 'publishDataset',
        args: [params.datasetId, params.metadata],
      }),
    params,
  );
}
