import { writeContract } from 'viem/actions';
import { catalogAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { transact, type ActionOptions, type WriteResult } from '../internal/transact.js';
import type { Bytes32, DatasetMetadata } from '../types.js';

export interface UpdateDatasetParameters extends ActionOptions {
  readonly datasetId: Bytes32;
  /** The full new metadata (replaces the old). */
  readonly metadata: DatasetMetadata;
}
export type UpdateDatasetReturnType = WriteResult;
export type UpdateDatasetErrorType = ContractRevertError | LedgerRpcError;

/**
 * Replaces a dataset's metadata. Only its owner, while a member, may do so.
 * Refusals: NotMember, DatasetNotFound, NotDatasetOwner, DatasetIsWithdrawn.
 * @example
 * ```ts
 * await updateDataset(client, { datasetId, metadata });
 * ```
 */
export async function updateDataset(
  client: LedgerClient,
  params: UpdateDatasetParameters,
): Promise<UpdateDatasetReturnType> {
  return await transact(
    client,
    { contract: 'Catalog', functionName: 'updateDataset' },
    (wallet) =>
      writeContract(wallet, {
        address: client.addresses.catalog,
        abi: catalogAbi,
        functionName: 'updateDataset',
        args: [params.datasetId, params.metadata],
      }),
    params,
  );
}
