import { writeContract } from 'viem/actions';
import { catalogAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { transact, type ActionOptions, type WriteResult } from '../internal/transact.js';
import type { Bytes32 } from '../types.js';

export interface WithdrawDatasetParameters extends ActionOptions {
  readonly datasetId: Bytes32;
}
export type WithdrawDatasetReturnType = WriteResult;
export type WithdrawDatasetErrorType = ContractRevertError | LedgerRpcError;

/**
 * Withdraws a dataset: it stays readable for audit but can no longer be granted or used.
 * Refusals: NotMember, DatasetNotFound, NotDatasetOwner, DatasetIsWithdrawn.
 * @example
 * ```ts
 * await withdrawDataset(client, { datasetId });
 * ```
 */
export async function withdrawDataset(
  client: LedgerClient,
  params: WithdrawDatasetParameters,
): Promise<WithdrawDatasetReturnType> {
  return await transact(
    client,
    { contract: 'Catalog', functionName: 'withdrawDataset' },
    (wallet) =>
      writeContract(wallet, {
        address: client.addresses.catalog,
        abi: catalogAbi,
        functionName: 'withdrawDataset',
        args: [params.datasetId],
      }),
    params,
  );
}
