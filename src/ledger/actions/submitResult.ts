import { writeContract } from 'viem/actions';
import type { Hex } from 'viem';
import { jobsAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { transact, type ActionOptions, type WriteResult } from '../internal/transact.js';
import type { Bytes32 } from '../types.js';

export interface SubmitResultParameters extends ActionOptions {
  readonly jobId: bigint;
  readonly resultDigest: Bytes32;
  /** The public outputs the signatures cover (default `0x`: none); recorded on chain. */
  readonly publicOutputs?: Hex;
  /** One EIP-712 signature per committee member, any order (see `signJobResult`). */
  readonly signatures: readonly Hex[];
}
export type SubmitResultReturnType = WriteResult;
export type SubmitResultErrorType = ContractRevertError | LedgerRpcError;

/**
 * Records the result digest and public outputs of a Running job, attested by every committee member's signature. Anyone may relay it.
 * Refusals: JobNotFound, InvalidJobStatus, DeadlinePassed, TooMany (public outputs over 16 KiB), WrongSignatureCount, InvalidSignature, SignerNotInCommittee, DuplicateSigner, NotMember.
 * @example
 * ```ts
 * await submitResult(client, { jobId, resultDigest, signatures });
 * ```
 */
export async function submitResult(
  client: LedgerClient,
  params: SubmitResultParameters,
): Promise<SubmitResultReturnType> {
  return await transact(
    client,
    { contract: 'Jobs', functionName: 'submitResult' },
    (wallet) =>
      writeContract(wallet, {
        address: client.addresses.jobs,
        abi: jobsAbi,
        functionName: 'submitResult',
        args: [params.jobId, params.resultDigest, params.publicOutputs ?? '0x', params.signatures],
      }),
    params,
  );
}
