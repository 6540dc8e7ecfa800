import { writeContract } from 'viem/actions';
import { grantsAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { transact, type ActionOptions, type WriteResult } from '../internal/transact.js';

export interface RejectGrantParameters extends ActionOptions {
  readonly grantId: bigint;
  /** Public; never put secrets here. */
  readonly reason: string;
}
export type RejectGrantReturnType = WriteResult;
export type RejectGrantErrorType = ContractRevertError | LedgerRpcError;

/**
 * The dataset's owner rejects a pending grant.
 * Refusals: NotMember, GrantNotFound, NotDatasetOwner, GrantNotPending.
 * @example
 * ```ts
 * await rejectGrant(client, { grantId, reason: 'purpose too broad' });
 * ```
 */
export async function rejectGrant(
  client: LedgerClient,
  params: RejectGrantParameters,
): Promise<RejectGrantReturnType> {
  return await transact(
    client,
    { contract: 'Grants', functionName: 'rejectGrant' },
    (wallet) =>
      writeContract(wallet, {
        address: client.addresses.grants,
        abi: grantsAbi,
        functionName: 'rejectGrant',
        args: [params.grantId, params.reason],
      }),
    params,
  );
}
