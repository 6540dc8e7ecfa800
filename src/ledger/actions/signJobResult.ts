import type { Hex } from 'viem';
import { signTypedData } from 'viem/actions';
import type { LedgerClient } from '../client.js';
import { LedgerNoAccountError, toLedgerError } from '../errors.js';
import { jobResultTypes, jobsDomain, publicOutputsHash } from '../hashes.js';
import type { ActionOptions } from '../internal/transact.js';
import type { Bytes32 } from '../types.js';

export interface SignJobResultParameters extends ActionOptions {
  readonly jobId: bigint;
  readonly resultDigest: Bytes32;
  /** The job's public output bytes, as `submitResult` records them (default `0x`: none). */
  readonly publicOutputs?: Hex;
}
export type SignJobResultReturnType = Hex;
export type SignJobResultErrorType = LedgerNoAccountError;

/**
 * Signs the EIP-712 attestation JobResult(jobId, resultDigest, keccak256(publicOutputs)) for this chain's Jobs contract with
 * the client's account. Off chain: no transaction. A committee member calls this once the result
 * digest is agreed; any party then relays all signatures with `submitResult`.
 * @example
 * ```ts
 * const signature = await signJobResult(committeeClient, { jobId, resultDigest });
 * ```
 */
export async function signJobResult(
  client: LedgerClient,
  params: SignJobResultParameters,
): Promise<SignJobResultReturnType> {
  params.signal?.throwIfAborted();
  const ctx = { contract: 'Jobs', functionName: 'signJobResult' };
  const wallet = client.walletClient;
  if (wallet === undefined) throw new LedgerNoAccountError(ctx);
  try {
    return await signTypedData(wallet, {
      account: wallet.account,
      domain: jobsDomain(wallet.chain.id, client.addresses.jobs),
      types: jobResultTypes,
      primaryType: 'JobResult',
      message: {
        jobId: params.jobId,
        resultDigest: params.resultDigest,
        publicOutputsHash: publicOutputsHash(params.publicOutputs ?? '0x'),
      },
    });
  } catch (err) {
    throw toLedgerError(err, ctx);
  }
}
