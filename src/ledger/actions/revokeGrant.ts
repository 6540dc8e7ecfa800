import { writeContract } from 'viem/actions';
import { grantsAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { transact, type ActionOptions, type WriteResult } from '../internal/transact.js';

export interface RevokeGrantParameters extends ActionOptions {
  readonly grantId: bigint;
  /** Public; never put secrets here. */
  readonly reason: string;
}
export type RevokeGrantReturnType = WriteResult;
export type RevokeGrantErrorType = ContractRevertError | LedgerRpcError;

/**
 * The dataset's owner revokes a pending or approved grant, effective immediately.
 * Refusals: NotMember, GrantNotFound, NotDatasetOwner, GrantAlreadyClosed.
 * @example
 * ```ts
 * await revokeGrant(client, { grantId, reason: 'contract ended' });
 * ```
 */
export async function revokeGrant(
  client: LedgerClient,
  params: RevokeGrantParameters,
): Promise<RevokeGrantReturnType> {
  return await transact(
    client,
    { contract: 'Grants', functionName: 'revokeGrant' },
    (wallet) =>
      writeContract(wallet, {
        address: client.addresses.grants,
        abi: grantsAbi,
        functionName: 'revokeGrant',
        args: [params.grantId, params.reason],
      }),
    params,
  );
}
