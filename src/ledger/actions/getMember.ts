import { readContract } from 'viem/actions';
import type { Address } from 'viem';
import { consortiumAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { read, type ActionOptions } from '../internal/transact.js';
import type { Member } from '../types.js';

export interface GetMemberParameters extends ActionOptions {
  readonly account: Address;
}
export type GetMemberReturnType = Member;
export type GetMemberErrorType = ContractRevertError | LedgerRpcError;

/**
 * Reads a member's public facts: name, endpoint, TLS key, jurisdiction, join time.
 * Refusals: NotMember.
 * @example
 * ```ts
 * const m = await getMember(client, { account });
 * ```
 */
export function getMember(
  client: LedgerClient,
  params: GetMemberParameters,
): Promise<GetMemberReturnType> {
  return read(
    { contract: 'Consortium', functionName: 'getMember' },
    () =>
      readContract(client.publicClient, {
        address: client.addresses.consortium,
        abi: consortiumAbi,
        functionName: 'getMember',
        args: [params.account],
      }),
    params,
  );
}
