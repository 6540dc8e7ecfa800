/**
 * The result digest: what the committee signs for a job, computed without anyone on the committee
 * learning the result, and checked by each recipient against the shares it received.
 *
 * Notation: members P_1..P_n (job committee order), jobId as a uint256, the job's delivery units
 * 0..U-1 (output ranges with their receivers, see `./outputs.ts`), and for member i and unit u:
 * - `shares_{i,u}`: its Shamir shares of the unit's elements, each element `field.bytes` bytes
 *   little-endian (`fpVecToBytes`), concatenated;
 * - `salt_{i,u}`: 32 fresh random bytes;
 * - c_{i,u} = keccak256("parley-output/2" ‖ jobId (32 bytes, big-endian) ‖ i (4 bytes,
 *   big-endian) ‖ u (4 bytes, big-endian) ‖ salt_{i,u} ‖ shares_{i,u}), its commitment.
 *
 * resultDigest = keccak256("parley-result/2" ‖ jobId (32 bytes) ‖ c_{1,0} ‖ … ‖ c_{1,U-1} ‖ … ‖
 * c_{n,U-1}) (member-major). Each unit's receivers get (salt, shares) of that unit only, and the
 * commitment lists of every member, so a receiver learns nothing of the units it does not get.
 *
 * Why salted commitments, and not hashes of the shares alone: a coalition of t members knows t
 * shares of each output; together with a guess of the output they determine every other member's
 * share (a degree-t polynomial through t + 1 points). With unsalted hashes the coalition could test
 * guesses of a small output (a pass/fail bit, a mean from a narrow range) against the other
 * members' hashes. The 256-bit salt, sent only to the recipients, makes c_i hiding; keccak256
 * makes it binding. Members exchange only the c_i, so the committee learns nothing about the
 * result, and a recipient who receives (salt_i, shares_i) from every member recomputes every c_i
 * and the digest, and accepts the result only if the digest equals the one attested on chain.
 *
 * @module
 */
import { concat, hexToBytes, keccak256, numberToBytes, stringToBytes, type Hex } from 'viem';
import { type PrimeField, fields } from '../../mpc/field/prime-field.js';
import type { FpVec } from '../../mpc/field/vec.js';
import { decodeAll } from '../../mpc/runtime/decode.js';
import { JobDigestError } from './errors.js';

/** Bytes of a salt. */
export const SALT_BYTES = 32;

/**
 * c_{i,u} of the module doc. `index` is the member's 1-based evaluation point, `unit` the
 * delivery unit (default 0).
 * @example
 * ```ts
 * const c = outputCommitment(7n, 1, salt, shareBytes, 0);
 * ```
 */
export function outputCommitment(
  jobId: bigint,
  index: number,
  salt: Uint8Array,
  shares: Uint8Array,
  unit = 0,
): Hex {
  if (salt.length !== SALT_BYTES) throw new RangeError(`outputCommitment: expected a 32-byte salt`);
  return keccak256(
    concat([
      stringToBytes('parley-output/2'),
      numberToBytes(jobId, { size: 32 }),
      numberToBytes(index, { size: 4 }),
      numberToBytes(unit, { size: 4 }),
      salt,
      shares,
    ]),
  );
}

/**
 * The result digest of the module doc, from the commitments, member-major (committee order, then
 * unit order).
 * @example
 * ```ts
 * const resultDigest = resultDigestOf(7n, [c1, c2, c3]);
 * ```
 */
export function resultDigestOf(jobId: bigint, commitments: readonly Hex[]): Hex {
  return keccak256(
    concat([
      stringToBytes('parley-result/2'),
      numberToBytes(jobId, { size: 32 }),
      // Bytes, not hex strings: viem's concat of byte arrays does not convert strings.
      ...commitments.map((c) => hexToBytes(c, { size: 32 })),
    ]),
  );
}

/**
 * Interpolates the secrets from all n members' shares (shares[j-1] at point j) and checks that
 * all n lie on the same degree-t polynomials (the engine's `decodeAll`, one copy for both). On
 * disagreement a member is named only when the shares convict it by unique decoding (a degree-t
 * polynomial agrees with all but e <= (n − t − 1)/2 members; so never for n = 3, t = 1).
 * @throws {JobDigestError} with `details.party` only when the shares identify that member.
 * @example
 * ```ts
 * const secrets = reconstructChecked([s1, s2, s3], 1, ['acme', 'globex', 'initech']);
 * ```
 */
export function reconstructChecked(
  shares: readonly FpVec[],
  t: number,
  names: readonly string[],
  field: PrimeField = fields.p127,
): FpVec {
  const d = decodeAll(field, shares, t);
  if (d.ok) return d.values;
  if (d.culprits.length === 0) {
    throw new JobDigestError(
      'The output shares are inconsistent; no member can be identified from them.',
    );
  }
  const who = d.culprits.map((j) => names[j - 1]!);
  throw new JobDigestError(
    `The output shares of ${who.join(', ')} disagree with those of the other members.`,
    who.length === 1 ? { party: who[0]! } : { parties: who.join(', ') },
  );
}
