import { writeContract } from 'viem/actions';
import { grantsAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { findEvent, transact, type ActionOptions, type WriteResult } from '../internal/transact.js';
import type { Bytes32 } from '../types.js';

export interface RequestGrantParameters extends ActionOptions {
  readonly datasetId: Bytes32;
  /** Why the data is needed; shown to the owner. */
  readonly purpose: string;
  /** The programs the grant may be used with (at least one). */
  readonly programHashes: readonly Bytes32[];
  /** Unix seconds; must be in the future. */
  readonly expiresAt: bigint;
  /** How many jobs may use the grant (at least 1). */
  readonly maxUses: number;
}
export type RequestGrantReturnType = WriteResult & { readonly grantId: bigint };
export type RequestGrantErrorType = ContractRevertError | LedgerRpcError;

/**
 * Requests the use of a dataset; the caller is the grantee and the dataset's owner decides.
 * Refusals: NotMember, DatasetNotFound, DatasetIsWithdrawn, InvalidExpiry, InvalidMaxUses, EmptyProgramList.
 * @example
 * ```ts
 * const { grantId } = await requestGrant(client, { datasetId, purpose, programHashes, expiresAt, maxUses: 3 });
 * ```
 */
export async function requestGrant(
  client: LedgerClient,
  params: RequestGrantParameters,
): Promise<RequestGrantReturnType> {
  const w = await transact(
    client,
    { contract: 'Grants', functionName: 'requestGrant' },
    (wallet) =>
      writeContract(wallet, {
        address: client.addresses.grants,
        abi: grantsAbi,
        functionName: 'requestGrant',
        args: [
          params.datasetId,
          params.purpose,
          params.programHashes,
          params.expiresAt,
          params.maxUses,
        ],
      }),
    params,
  );
  const event = findEvent(w.receipt, grantsAbi, 'GrantRequested', client.addresses.grants);
  return { ...w, grantId: event.args.grantId };
}
