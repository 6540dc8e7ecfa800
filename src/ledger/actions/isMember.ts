import { readContract } from 'viem/actions';
import type { Address } from 'viem';
import { consortiumAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { read, type ActionOptions } from '../internal/transact.js';

export interface IsMemberParameters extends ActionOptions {
  readonly account: Address;
}
export type IsMemberReturnType = boolean;
export type IsMemberErrorType = ContractRevertError | LedgerRpcError;

/**
 * True if `account` is a current member.
 * @example
 * ```ts
 * if (await isMember(client, { account })) ...
 * ```
 */
export function isMember(
  client: LedgerClient,
  params: IsMemberParameters,
): Promise<IsMemberReturnType> {
  return read(
    { contract: 'Consortium', functionName: 'isMember' },
    () =>
      readContract(client.publicClient, {
        address: client.addresses.consortium,
        abi: consortiumAbi,
        functionName: 'isMember',
        args: [params.account],
      }),
    params,
  );
}
