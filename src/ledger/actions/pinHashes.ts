import { zeroHash } from 'viem';
import { writeContract } from 'viem/actions';
import { pinsAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { findEvent, transact, type ActionOptions, type WriteResult } from '../internal/transact.js';
import type { Bytes32 } from '../types.js';

export interface PinHashesParameters extends ActionOptions {
  /** 1 to 1024 hashes, pinned in one transaction. */
  readonly hashes: readonly Bytes32[];
  /**
   * For a private transfer, `recipientsCommitment(recipients, salt)`; omit (zero) for a broadcast.
   */
  readonly recipientsCommitment?: Bytes32;
}
export type PinHashesReturnType = WriteResult & {
  readonly batchId: bigint;
  /** keccak256 of the hashes concatenated in order (see `pinRoot`). */
  readonly root: Bytes32;
};
export type PinHashesErrorType = ContractRevertError | LedgerRpcError;

/**
 * Pins a batch of hashes with the block's timestamp: a broadcast, or a private transfer with a
 * commitment to its recipients.
 * Refusals: NotMember, EmptyBatch, BatchTooLarge.
 * @example
 * ```ts
 * const { batchId } = await pinHashes(client, { hashes, recipientsCommitment: c });
 * ```
 */
export async function pinHashes(
  client: LedgerClient,
  params: PinHashesParameters,
): Promise<PinHashesReturnType> {
  const w = await transact(
    client,
    { contract: 'Pins', functionName: 'pin' },
    (wallet) =>
      writeContract(wallet, {
        address: client.addresses.pins,
        abi: pinsAbi,
        functionName: 'pin',
        args: [params.hashes, params.recipientsCommitment ?? zeroHash],
      }),
    params,
  );
  const event = findEvent(w.receipt, pinsAbi, 'Pinned', client.addresses.pins);
  return { ...w, batchId: event.args.batchId, root: event.args.root };
}
