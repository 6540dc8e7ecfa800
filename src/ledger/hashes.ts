/**
 * Hashes computed off chain exactly as the contracts compute them: a job's spec hash (what input
 * owners approve), the EIP-712 typed data committee members sign for a result, a pin batch's root,
 * and a private transfer's recipients commitment.
 *
 * @module
 */
import {
  concat,
  encodeAbiParameters,
  keccak256,
  recoverTypedDataAddress,
  type Address,
  type Hex,
  type TypedDataDomain,
} from 'viem';
import type { Bytes32, JobSpec } from './types.js';

/**
 * The hash `Jobs.jobSpecHash` returns: keccak256(abi.encode(programHash, inputs, grantIds,
 * committee, recipients, paramsHash, deadline)).
 * @example
 * ```ts
 * const specHash = jobSpecHash(spec); // pass to approveJob
 * ```
 */
export function jobSpecHash(spec: JobSpec): Bytes32 {
  return keccak256(
    encodeAbiParameters(
      [
        { type: 'bytes32' },
        { type: 'bytes32[]' },
        { type: 'uint256[]' },
        { type: 'address[]' },
        { type: 'address[]' },
        { type: 'bytes32' },
        { type: 'uint64' },
      ],
      [
        spec.programHash,
        spec.inputs,
        spec.grantIds,
        spec.committee,
        spec.recipients,
        spec.paramsHash,
        spec.deadline,
      ],
    ),
  );
}

/** EIP-712 types of the result attestation. */
export const jobResultTypes = {
  JobResult: [
    { name: 'jobId', type: 'uint256' },
    { name: 'resultDigest', type: 'bytes32' },
    { name: 'publicOutputsHash', type: 'bytes32' },
  ],
} as const;

/**
 * keccak256 of a job's public output bytes (`0x` when it has none): what the committee's result
 * signature covers besides the digest.
 * @example
 * ```ts
 * publicOutputsHash('0x'); // keccak256 of no bytes
 * ```
 */
export function publicOutputsHash(publicOutputs: Hex): Bytes32 {
  return keccak256(publicOutputs);
}

/** The EIP-712 domain of a Jobs contract. */
export function jobsDomain(chainId: number, jobs: Address): TypedDataDomain {
  return { name: 'Parley Jobs', version: '1', chainId, verifyingContract: jobs };
}

/**
 * The account whose EIP-712 `JobResult(jobId, resultDigest, keccak256(publicOutputs))`
 * signature `signature` is (`publicOutputs` default `0x`: none), for the
 * Jobs contract at `jobs` on chain `chainId` (what `submitResult` checks with ecrecover), or
 * undefined if the signature is malformed.
 * @example
 * ```ts
 * const signer = await recoverJobResultSigner(chainId, addresses.jobs, jobId, digest, sig);
 * ```
 */
export async function recoverJobResultSigner(
  chainId: number,
  jobs: Address,
  jobId: bigint,
  resultDigest: Bytes32,
  signature: Hex,
  publicOutputs: Hex = '0x',
): Promise<Address | undefined> {
  try {
    return await recoverTypedDataAddress({
      domain: jobsDomain(chainId, jobs),
      types: jobResultTypes,
      primaryType: 'JobResult',
      message: { jobId, resultDigest, publicOutputsHash: publicOutputsHash(publicOutputs) },
      signature,
    });
  } catch {
    return undefined;
  }
}

/** keccak256 of the hashes concatenated in order, as `Pins.pin` computes the batch root. */
export function pinRoot(hashes: readonly Bytes32[]): Bytes32 {
  return keccak256(concat([...hashes]));
}

/**
 * The commitment to a private transfer's recipients: keccak256(abi.encode(recipients, salt)).
 * Give `salt` (32 random bytes) to the recipients off chain; without it the commitment reveals
 * nothing practical about who they are.
 */
export function recipientsCommitment(recipients: readonly Address[], salt: Hex): Bytes32 {
  return keccak256(
    encodeAbiParameters([{ type: 'address[]' }, { type: 'bytes32' }], [recipients, salt]),
  );
}
