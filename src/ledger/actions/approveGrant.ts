import { writeContract } from 'viem/actions';
import { grantsAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { transact, type ActionOptions, type WriteResult } from '../internal/transact.js';

export interface ApproveGrantParameters extends ActionOptions {
  readonly grantId: bigint;
}
export type ApproveGrantReturnType = WriteResult;
export type ApproveGrantErrorType = ContractRevertError | LedgerRpcError;

/**
 * The dataset's owner approves a pending grant.
 * Refusals: NotMember, GrantNotFound, NotDatasetOwner, GrantNotPending, GrantExpired.
 * @example
 * ```ts
 * await approveGrant(client, { grantId });
 * ```
 */
export async function approveGrant(
  client: LedgerClient,
  params: ApproveGrantParameters,
): Promise<ApproveGrantReturnType> {
  return await transact(
    client,
    { contract: 'Grants', functionName: 'approveGrant' },
    (wallet) =>
      writeContract(wallet, {
        address: client.addresses.grants,
        abi: grantsAbi,
        functionName: 'approveGrant',
        args: [params.grantId],
      }),
    params,
  );
}
