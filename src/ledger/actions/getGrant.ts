import { readContract } from 'viem/actions';
import { grantsAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { read, type ActionOptions } from '../internal/transact.js';
import type { Grant } from '../types.js';

export interface GetGrantParameters extends ActionOptions {
  readonly grantId: bigint;
}
export type GetGrantReturnType = Grant;
export type GetGrantErrorType = ContractRevertError | LedgerRpcError;

/**
 * Reads a grant: dataset, grantee, status, expiry, uses and the allowed program hashes.
 * Refusals: GrantNotFound.
 * @example
 * ```ts
 * const g = await getGrant(client, { grantId });
 * ```
 */
export function getGrant(
  client: LedgerClient,
  params: GetGrantParameters,
): Promise<GetGrantReturnType> {
  return read(
    { contract: 'Grants', functionName: 'getGrant' },
    () =>
      readContract(client.publicClient, {
        address: client.addresses.grants,
        abi: grantsAbi,
        functionName: 'getGrant',
        args: [params.grantId],
      }),
    params,
  );
}
