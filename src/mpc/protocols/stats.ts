/**
 * Statistics on secret-shared fixed-point vectors: sum, mean and population variance, each one
 * local kernel pass over the data and a handful of rounds on one or two elements [CS10].
 *
 * Notation: x_1..x_N are fixed-point numbers (format k, f; see `./fixed.ts`), X_i = x_i · 2^f
 * their integer representations, S = Σ X_i, Q = Σ X_i^2, and L the bit length of N
 * (2^(L-1) <= N < 2^L). "ulp" is 2^-f.
 *
 * Division by the public count N is a multiplication by a public reciprocal followed by a
 * probabilistic truncation [CS10]. Done in one step, the reciprocal would carry only about
 * k - L significant bits next to a sum of k + L bits, so the error would grow with N (up to N/2
 * ulps). Instead the sum is first truncated by L - 1 bits (bringing it back to about k bits, at a
 * cost below one ulp of the quotient) and then multiplied by round(2^(k-2+L-1) / N), a reciprocal
 * with k - 2 significant bits, and truncated by k - 2: 2 truncations, error < 4 ulps.
 *
 * Security: semi-honest, t < n/2, from the runtime primitives [GRR98] and the statistical masking
 * of `truncPr` (κ = 40). N is public. Preconditions on magnitudes are stated per function; if one
 * is violated the result is wrong and the truncation's masking is weakened.
 *
 * @module
 */
import { MpcProtocolError } from '../errors.js';
import { type FpVec, fpGet, fpSet, fpSlice, fpVec } from '../field/vec.js';
import type { PrimeField } from '../field/prime-field.js';
import type { Runtime } from '../runtime/runtime.js';
import {
  type FxpFormat,
  type FxpOptions,
  type TruncSpec,
  fxpFormat,
  mulWithMasks,
  truncMasks,
} from './fixed.js';
import type { MaskOptions } from './random.js';
import { truncPr } from './trunc.js';

/**
 * Shares of Σ a_i, a vector of one element: local, no communication. Works for integers and
 * for fixed point alike (the sum of fixed-point values is their fixed-point sum). Empty gives 0 (in `field`).
 * @example
 * ```ts
 * const s = sum(x, rt.field); // s.length === 1
 * ```
 */
export function sum(a: FpVec, field: PrimeField): FpVec {
  const out = fpVec(field, 1);
  fpSet(field, out, 0, field.kernels.sum(a));
  return out;
}

function bitLength(n: number): number {
  return n === 0 ? 0 : Math.floor(Math.log2(n)) + 1;
}

function checkCount(op: string, count: number, fmt: FxpFormat): number {
  if (count < 1) {
    throw new MpcProtocolError(`${op}: expected at least one value, got an empty vector.`);
  }
  const L = bitLength(count);
  if (L > fmt.k - fmt.f) {
    throw new MpcProtocolError(
      `${op}: expected fewer than 2^(k-f) = 2^${fmt.k - fmt.f} values, got ${count}.`,
    );
  }
  return L;
}

/** round(2^e / n) for public positive n (an exact bigint computation). */
function roundedReciprocal(e: number, n: number): bigint {
  const N = BigInt(n);
  return ((1n << BigInt(e + 1)) + N) / (2n * N);
}

/**
 * The plan of {@link divideByCount}: the truncations it makes on `len` elements (for
 * {@link truncMasks}).
 */
function divideByCountSpecs(
  len: number,
  count: number,
  pow2Only: boolean,
  fmt: FxpFormat,
): TruncSpec[] {
  const L = bitLength(count);
  const specs: TruncSpec[] = [];
  if (L > 1) specs.push({ count: len, k: 2 * fmt.k, m: L - 1 });
  if (!pow2Only) specs.push({ count: len, k: 2 * fmt.k, m: fmt.k - 2 });
  return specs;
}

/**
 * Given shares of W_j (with |W_j| < N · 2^(k-1) and |W_j · 2^(g_j) / N| < 2^(k-1)), shares of
 * W_j · 2^(g_j) / N, for public g_j >= 0; see the module doc. Error < 4 units in the last place
 * of each result. Rounds: two truncations (one when N is a power of 2 and every g_j = 0). `masks`
 * are those of the plan {@link divideByCountSpecs}.
 */
async function divideByCount(
  rt: Runtime,
  w: FpVec,
  count: number,
  gs: readonly number[],
  fmt: FxpFormat,
  masks: readonly MaskOptions[],
): Promise<FpVec> {
  const { k } = fmt;
  const L = bitLength(count);
  const len = w.length;
  let next = 0;
  // Step 1: W' = W / 2^(L-1), now below 2^k in magnitude (error < 1 unit, i.e. < 1 unit of the
  // quotient after the division by N >= 2^(L-1)).
  const w1 = L === 1 ? w : await truncPr(rt, w, 2 * k, L - 1, masks[next++]);
  if (isPow2Only(count, gs)) return w1;
  // Step 2: W' · c_j with c_j = round(2^(E + L - 1 + g_j) / N) <= 2^(E + g_j), truncated by E.
  const E = k - 2;
  const prod = fpVec(rt.field, len);
  for (let j = 0; j < len; j++) {
    const c = roundedReciprocal(E + L - 1 + gs[j]!, count);
    fpSet(rt.field, prod, j, (fpGet(w1, j) * c) % rt.field.p);
  }
  return truncPr(rt, prod, 2 * k, E, masks[next]);
}

function isPow2Only(count: number, gs: readonly number[]): boolean {
  return (count & (count - 1)) === 0 && gs.every((g) => g === 0);
}

/**
 * Fixed-point mean (1/N) Σ x_i of N >= 1 values: {@link sum} (one local pass), then a division by
 * the public N with two truncations (see the module doc). Returns one element.
 * Error: |result − exact| < 4 ulps (exact when N is a power of 2, up to the one truncation
 * ulp). Requires 1 <= N < 2^(k-f) and inputs in the format.
 * @throws {MpcProtocolError} for an empty vector or too many values.
 * @example
 * ```ts
 * const m = await mean(rt, x); // ≈ (x_1 + ... + x_N) / N
 * ```
 */
export async function mean(rt: Runtime, a: FpVec, options: FxpOptions = {}): Promise<FpVec> {
  const fmt = fxpFormat(options, rt.field);
  checkCount('mean', a.length, fmt);
  const masks = await truncMasks(
    rt,
    divideByCountSpecs(1, a.length, isPow2Only(a.length, [0]), fmt),
    'mean',
  );
  return divideByCount(rt, sum(a, rt.field), a.length, [0], fmt, masks);
}

/**
 * Population variance (1/N) Σ x_i^2 − ((1/N) Σ x_i)^2 of N >= 1 fixed-point values.
 *
 * Protocol: S = Σ X_i and the local dot product Σ X_i^2 (one kernel pass each), one reshare of
 * that single element giving Q [GRR98]; then [S·2^(f+g), Q] is divided by N in one vectorized
 * two-truncation division, which yields the mean of squares M2 = Q / (N·2^f) and the mean with
 * g extra fractional bits, B = S · 2^g / N (g = ⌊(k-f)/2⌋ - 1 = 11 by default, so that the
 * square of the mean loses little to the cancellation); finally D = M2 · 2^(f+2g) − B^2 is a
 * local degree-2t value, reshared and truncated by f + 2g. The masks of all three truncations
 * are made in one batch, in the same rounds as the first reshare. Latency (t = 1): 2 (reshare ‖
 * masks) + 1 (open) + 1 (open) + 1 (reshare) + 1 (open) = 6 round trips (7 steps as counted by
 * `rt.stats.rounds`), on 1 or 2 elements each, whatever N.
 *
 * Error: |result − exact| < 5 + 8·|μ|·2^-g ulps, where μ is the exact mean (from the rounding of
 * the mean, amplified by the squaring), e.g. < 9 ulps for |μ| <= 1000. The result may be a few
 * ulps below 0 when the exact variance is 0.
 *
 * Preconditions: 1 <= N < 2^(k-f) and the mean of squares (1/N) Σ x_i^2 < 2^(k-1-f) (it fits
 * the format; it bounds the variance and the squared mean).
 * @throws {MpcProtocolError} for an empty vector or too many values.
 * @example
 * ```ts
 * const v = await variance(rt, x); // ≈ (1/N) Σ (x_i − mean)^2
 * ```
 */
export async function variance(rt: Runtime, a: FpVec, options: FxpOptions = {}): Promise<FpVec> {
  const fmt = fxpFormat(options, rt.field);
  const { k, f } = fmt;
  const count = a.length;
  const L = checkCount('variance', count, fmt);
  const g = Math.floor((k - f) / 2) - 1;
  // One pass for S, one for the local Σ X_i^2; one reshare of one element.
  const sumShare = fpGet(sum(a, rt.field), 0);
  const [q, masks] = await mulWithMasks(
    rt,
    (r) => r.matmul(a, a, 1, a.length, 1, 'variance'),
    [
      { count: 2, k: 2 * k, m: f + L - 1 },
      { count: 2, k: 2 * k, m: k - 2 },
      { count: 1, k: 2 * k, m: f + 2 * g },
    ],
    'variance',
  );
  // [S·2^(f+g), Q] / 2^(f+L-1), then · round(2^(E+L-1)/N) / 2^E: B = S·2^g/N (scale f+g),
  // M2 = Q/(N·2^f) (scale f). Both inputs are below 2^(2k-1): Q < N·2^(k-1+f), and
  // |S| < N·2^((k-1+f)/2) since the mean's square is at most the mean of squares.
  const w = fpVec(rt.field, 2);
  fpSet(rt.field, w, 0, (sumShare << BigInt(f + g)) % rt.field.p);
  fpSet(rt.field, w, 1, fpGet(q, 0));
  const w1 = await truncPr(rt, w, 2 * k, f + L - 1, masks[0]);
  const E = k - 2;
  const prod = fpVec(rt.field, 2);
  const c = roundedReciprocal(E + L - 1, count);
  fpSet(rt.field, prod, 0, (fpGet(w1, 0) * c) % rt.field.p);
  fpSet(rt.field, prod, 1, (fpGet(w1, 1) * c) % rt.field.p);
  const bm = await truncPr(rt, prod, 2 * k, E, masks[1]);
  // D = M2 · 2^(f+2g) − B^2 at scale 2^(2f+2g), |D| < 2^(k-1+f+2g) <= 2^(2k-3).
  const b = fpSlice(bm, 0, 1);
  const negB = fpVec(rt.field, 1);
  rt.field.kernels.neg(negB, b);
  const dd = await rt.mul(negB, b, 'variance');
  rt.field.kernels.axpy(dd, (1n << BigInt(f + 2 * g)) % rt.field.p, fpSlice(bm, 1, 2));
  return truncPr(rt, dd, 2 * k, f + 2 * g, masks[2]);
}
