/**
 * Dealing a fresh degree-t Shamir sharing with seed compression.
 *
 * A dealer shares a vector s among members 1..n with a uniformly random polynomial g of degree t,
 * g(0) = s. Instead of drawing t random coefficients, it draws the t shares of the *seeded
 * members* S (|S| = t) from PRG seeds: share_j = PRG(seed_j) for j ∈ S, and sends member j only
 * the 32-byte seed_j. The polynomial is fixed by the t + 1 points {0} ∪ S, so every other share is
 * interpolated: share_x = λ_0(x)·s + Σ_{j∈S} λ_j(x)·share_j, and only those n − t (or n − t − 1 if
 * the dealer is a member) vectors travel in full. For n = 3, t = 1 this halves the bytes of every
 * multiplication, input and random contribution.
 *
 * Security: g is uniform among degree-t polynomials with g(0) = s exactly when the shares at S are
 * uniform, which they are up to the PRG (AES-256-CTR under a fresh key from the dealer's
 * CSPRNG). Each seed goes to one member over the confidential channel, so a coalition of at most
 * t members sees at most t points of g, as in plain Shamir sharing; security against it becomes
 * computational in the PRG instead of perfect.
 *
 * Expansion of a seed: the AES-256-CTR keystream (zero IV) under the seed, `field.bytes` bytes per
 * element (16 for p127, 32 for p255), mapped to Fp by the field's `kernels.fromRandomBytes`.
 *
 * @module
 */
import type { PrimeField } from '../field/prime-field.js';
import { type FpVec, fpVec } from '../field/vec.js';
import { lagrange } from '../sharing/shamir.js';
import { type RandomSource, keystream } from './random.js';

/** Bytes of a share seed on the wire. */
export const SEED_BYTES = 32;

/** One member's share as sent by the dealer: a full vector, or a seed that expands to it. */
export type DealtShare =
  | { readonly kind: 'vector'; readonly share: FpVec }
  | { readonly kind: 'seed'; readonly seed: Uint8Array };

/**
 * The members (1-based points) whose shares are seeded when `dealer` deals: the t members after the
 * dealer, cyclically, when the dealer is member `dealer` (1..n); members 1..t when the dealer is
 * outside the committee (`dealer` = 0).
 */
export function seededMembers(n: number, t: number, dealer: number): number[] {
  return Array.from({ length: t }, (_, k) => (dealer === 0 ? k + 1 : ((dealer + k) % n) + 1));
}

/**
 * Expands a share seed into `length` uniform field elements. A `nonce` (e.g. a step number) selects
 * an independent stream under the same seed: the AES-CTR IV is the nonce as u32 little-endian.
 */
export function expandSeed(field: PrimeField, seed: Uint8Array, length: number, nonce = 0): FpVec {
  const v = fpVec(field, length);
  field.kernels.fromRandomBytes(v, keystream(seed, nonce, length * field.bytes));
  return v;
}

/** Interpolation weights from the points {0} ∪ S to each point x, cached per (field, n, t, dealer). */
const weightCache = new Map<string, bigint[][]>();

function weights(field: PrimeField, n: number, t: number, dealer: number): bigint[][] {
  const key = `${field.name}/${n}/${t}/${dealer}`;
  let w = weightCache.get(key);
  if (w === undefined) {
    const nodes = [0, ...seededMembers(n, t, dealer)];
    w = [];
    for (let x = 1; x <= n; x++) w[x] = lagrange(field.F, nodes, x);
    weightCache.set(key, w);
  }
  return w;
}

/**
 * Deals degree-t shares of `secret` (optionally multiplied by the public `scale`, at no extra cost)
 * to members 1..n; index 0 of the result is unused. Requires 0 <= t < n.
 */
export function deal(
  field: PrimeField,
  secret: FpVec,
  n: number,
  t: number,
  dealer: number,
  random: RandomSource,
  scale = 1n,
): DealtShare[] {
  const K = field.kernels;
  const seeded = seededMembers(n, t, dealer);
  const out: DealtShare[] = [];
  const seededShares: FpVec[] = [];
  for (const j of seeded) {
    const seed = new Uint8Array(SEED_BYTES);
    random.fill(seed);
    out[j] = { kind: 'seed', seed };
    seededShares.push(expandSeed(field, seed, secret.length));
  }
  const w = weights(field, n, t, dealer);
  for (let x = 1; x <= n; x++) {
    if (out[x] !== undefined) continue;
    const lambda = w[x]!;
    const share = fpVec(field, secret.length);
    K.axpy(share, field.F.mul(lambda[0]!, scale), secret);
    for (let k = 0; k < t; k++) K.axpy(share, lambda[k + 1]!, seededShares[k]!);
    out[x] = { kind: 'vector', share };
  }
  return out;
}

/** This member's share of a dealt sharing, for `self` = the member's own point. */
export function ownShare(
  field: PrimeField,
  dealt: readonly DealtShare[],
  self: number,
  length: number,
): FpVec {
  const d = dealt[self]!;
  return d.kind === 'vector' ? d.share : expandSeed(field, d.seed, length);
}
