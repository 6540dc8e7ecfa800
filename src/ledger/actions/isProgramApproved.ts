import { readContract } from 'viem/actions';
import { consortiumAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { read, type ActionOptions } from '../internal/transact.js';
import type { Bytes32 } from '../types.js';

export interface IsProgramApprovedParameters extends ActionOptions {
  readonly programHash: Bytes32;
}
export type IsProgramApprovedReturnType = boolean;
export type IsProgramApprovedErrorType = ContractRevertError | LedgerRpcError;

/**
 * True if governance approved `programHash` and has not revoked it.
 * @example
 * ```ts
 * await isProgramApproved(client, { programHash });
 * ```
 */
export function isProgramApproved(
  client: LedgerClient,
  params: IsProgramApprovedParameters,
): Promise<IsProgramApprovedReturnType> {
  return read(
    { contract: 'Consortium', functionName: 'isProgramApproved' },
    () =>
      readContract(client.publicClient, {
        address: client.addresses.consortium,
        abi: consortiumAbi,
        functionName: 'isProgramApproved',
        args: [params.programHash],
      }),
    params,
  );
}
