import { readContract } from 'viem/actions';
import { consortiumAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { read, type ActionOptions } from '../internal/transact.js';
import type { Member } from '../types.js';

export type GetMembersParameters = ActionOptions;
export type GetMembersReturnType = readonly Member[];
export type GetMembersErrorType = ContractRevertError | LedgerRpcError;

/**
 * Reads every current member.
 * @example
 * ```ts
 * const members = await getMembers(client);
 * ```
 */
export function getMembers(
  client: LedgerClient,
  params: GetMembersParameters = {},
): Promise<GetMembersReturnType> {
  return read(
    { contract: 'Consortium', functionName: 'getMembers' },
    () =>
      readContract(client.publicClient, {
        address: client.addresses.consortium,
        abi: consortiumAbi,
        functionName: 'getMembers',
        args: [],
      }),
    params,
  );
}
