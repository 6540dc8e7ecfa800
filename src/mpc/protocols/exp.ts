/**
 * Fixed-point exponential e^x of a secret x, as 2^y with y = x·log2(e): the integer part of y
 * selects a public power of two through a one-hot vector, the fractional part goes through a
 * polynomial [AS19] (exp2 by splitting y into integer and fractional parts), in the fixed-point
 * framework of [CS10].
 *
 * Notation: format (k, f), X = x·2^f, F = k − 2 the working precision, J0 = −(f+1) and
 * J1 = k − 2 − f the smallest and largest integer parts that matter (2^(J0+f) is half an ulp,
 * 2^(J1+1+f) is the first value outside the format).
 *
 * 1. Z = X·C with C = round(log2(e)·2^(k-1)) (exact local product), Y = truncPr(Z, 2k, f + k − 1 − F):
 *    y at scale F (error 2^-F plus the rounding of C, below 2^-37 relative on e^x).
 * 2. One vectorized `ltz` [CdH10] gives t_j = [y >= j] for j = J0..J1+1 (k + 1 comparisons). Then,
 *    locally: ⌊y⌋ = J0 − 1 + Σ_{j<=J1} t_j for y in range, u = y − ⌊y⌋ ∈ [0, 1) exactly, and the
 *    one-hot e_j = t_j − t_{j+1} gives W = 2^(⌊y⌋ − J0) = Σ e_j·2^(j−J0) (0 below J0).
 * 3. u is zeroed outside [J0, J1+1) (one multiplication by the in-range bit), so the polynomial
 *    never sees a large value. 2^u ≈ P(u), degree 8, coefficients fitted here for relative error
 *    (iteratively reweighted least squares toward minimax on [0, 1]; max relative error
 *    2^-40.2). Powers u^2..u^8 take 3 multiplication rounds; the combination Σ c_i·u^i is local
 *    and truncated once.
 * 4. result = truncPr(W·P(u), 2k, F + 1); where y >= J1 + 1 (overflow), the result saturates to
 *    the largest value of the format (added linearly from t_{J1+1}).
 *
 * Domain and error (defaults): every x in the format; e^x for x < X_max = (k−1−f)·ln 2 ≈ 16.6355
 * has |result − e^x| < 1 + e^x·2^(f−35) ulps (relative error 2^-35 for large results, at most one
 * ulp for small ones; e^x below half an ulp gives 0 or 1 ulp). x >= X_max saturates to the
 * largest value of the format.
 *
 * Cost per element (t = 1): k + 1 comparisons of about 2k − f + 3 − (f + k − 1 − F) bits, 10
 * multiplications, 6 truncations; rounds ≈ 2 (masks) + 1 + ltz (≈ 8) + 1 + 6 + 1 + 2 ≈ 21.
 *
 * Security: semi-honest, t < n/2, from `ltz`, `truncPr` and the runtime. The logarithm is not
 * implemented (see docs/protocols/fixed-point.md).
 *
 * @module
 */
import { P127 } from '../field/fp.js';
import { kernels } from '../field/kernels.js';
import { type FpVec, fpConcat, fpSlice, fpVec } from '../field/vec.js';
import type { Runtime } from '../runtime/runtime.js';
import { ltz, ltzRequests } from './compare.js';
import { type FxpOptions, type TruncSpec, fxpFormat } from './fixed.js';
import type { MaskRequest } from './random.js';
import { batchMasks } from './reciprocal.js';
import { truncPr } from './trunc.js';

/**
 * P(u) ≈ 2^u on [0, 1], degree 8, max relative error 2^-40.2: c_0 .. c_8 as round(c_i·2^64).
 * Fitted for this module by weighted least squares on 400 Chebyshev nodes with 30 reweighting
 * passes toward equal ripple, in 50-digit arithmetic; the error was measured on a 4001-point
 * grid (and is re-checked by the tests).
 */
export const EXP2_COEFFICIENTS_2_64: readonly bigint[] = Object.freeze([
  18446744073723836915n,
  12786308642734881300n,
  4431396962789464495n,
  1023869348902249240n,
  177427078962979071n,
  24584535954800095n,
  2861227510616065n,
  261904132196602n,
  34372679507203n,
]);

/**
 * The largest x whose exponential fits the format (k, f): (k − 1 − f)·ln 2.
 * @example
 * ```ts
 * expMaxInput(); // ≈ 16.6355
 * ```
 */
export function expMaxInput(options: FxpOptions = {}): number {
  const { k, f } = fxpFormat(options);
  return (k - 1 - f) * Math.LN2;
}

function signedBits(maxAbs: bigint): number {
  return maxAbs.toString(2).length + 1;
}

/**
 * Shares of e^x in fixed point, elementwise (see the module doc: relative error 2^-35 plus one
 * ulp; underflow gives 0, overflow saturates).
 * @example
 * ```ts
 * const y = await exp(rt, x); // ≈ e^x
 * ```
 */
export async function exp(rt: Runtime, a: FpVec, options: FxpOptions = {}): Promise<FpVec> {
  const { k, f } = fxpFormat(options);
  const K = kernels();
  const N = a.length;
  const F = k - 2;
  const J0 = -(f + 1);
  const J1 = k - 2 - f;
  const nCmp = J1 + 2 - J0; // j = J0..J1+1
  const eC = k - 1;
  const C = BigInt(Math.round(Math.LOG2E * 2 ** eC)); // < 2^k
  const shift = f + eC - F; // Z at scale f + eC → Y at scale F
  // |Y| < 2^(k-1) · C / 2^shift + 1; comparison operands Y − j·2^F add at most |J|·2^F.
  const maxY = ((1n << BigInt(k - 1)) * C) >> BigInt(shift);
  const kc = signedBits(maxY + BigInt(Math.max(-J0, J1 + 1) + 1) * (1n << BigInt(F)));
  // Coefficient scale: P(u) <= 2 at scale F + Fc must stay below 2^(2k-1).
  const Fc = 2 * k - 3 - F;
  const coef = EXP2_COEFFICIENTS_2_64.map((c) => (c + (1n << BigInt(63 - Fc))) >> BigInt(64 - Fc));
  const specs: (TruncSpec | MaskRequest[])[] = [
    { count: N, k: 2 * k, m: shift }, // Y
    ltzRequests(nCmp * N, kc), // t_j
    { count: N, k: 2 * k, m: F }, // u^2
    { count: 2 * N, k: 2 * k, m: F }, // u^3, u^4
    { count: 4 * N, k: 2 * k, m: F }, // u^5..u^8
    { count: N, k: 2 * k, m: Fc }, // P(u)
    { count: N, k: 2 * k, m: F + 1 }, // W·P(u)
  ];
  const q = await batchMasks(rt, specs, 'exp');

  // 1. Y = x·log2(e) at scale F.
  const z = fpVec(N);
  K.mulScalar(z, a, C);
  const y = await truncPr(rt, z, 2 * k, shift, q.take());
  // 2. t_j = [Y >= j·2^F] = 1 − ltz(Y − j·2^F), j = J0..J1+1, position-major.
  const ops = fpVec(nCmp * N);
  for (let i = 0; i < nCmp; i++) {
    const j = BigInt(J0 + i);
    const shiftJ = (((-j << BigInt(F)) % P127) + P127) % P127;
    K.addScalar(fpSlice(ops, i * N, (i + 1) * N), y, shiftJ);
  }
  const lt = await ltz(rt, ops, kc, q.take());
  const tj = (i: number): FpVec => {
    const v = fpVec(N);
    K.neg(v, fpSlice(lt, i * N, (i + 1) * N));
    K.addScalar(v, v, 1n);
    return v;
  };
  const t = Array.from({ length: nCmp }, (_, i) => tj(i));
  // u = Y − (J0 − 1 + Σ_{j<=J1} t_j)·2^F; in range ⇔ t_{J0} − t_{J1+1} = 1.
  const u = fpVec(N);
  u.words.set(y.words);
  K.addScalar(u, u, (((BigInt(1 - J0) << BigInt(F)) % P127) + P127) % P127);
  for (let i = 0; i + 1 < nCmp; i++) K.axpy(u, P127 - (1n << BigInt(F)), t[i]!);
  const inRange = fpVec(N);
  K.sub(inRange, t[0]!, t[nCmp - 1]!);
  // W = Σ_{j=J0..J1} (t_j − t_{j+1})·2^(j − J0).
  const w = fpVec(N);
  for (let i = 0; i + 1 < nCmp; i++) {
    const e = fpVec(N);
    K.sub(e, t[i]!, t[i + 1]!);
    K.axpy(w, 1n << BigInt(i), e);
  }
  // 3. u zeroed out of range (exact product with a bit), then powers.
  const uz = fpVec(N);
  K.mul(uz, u, inRange);
  const u1 = await rt.reshare(uz, 'exp');
  const powers: FpVec[] = [u1]; // powers[i] = u^(i+1)
  const mulTrunc = async (left: FpVec, right: FpVec): Promise<FpVec> => {
    const d = fpVec(left.length);
    K.mul(d, left, right);
    return truncPr(rt, await rt.reshare(d, 'exp'), 2 * k, F, q.take());
  };
  powers.push(await mulTrunc(u1, u1));
  const p34 = await mulTrunc(fpConcat([powers[1]!, powers[1]!]), fpConcat([u1, powers[1]!]));
  powers.push(fpSlice(p34, 0, N), fpSlice(p34, N, 2 * N));
  const u4 = powers[3]!;
  const p58 = await mulTrunc(fpConcat([u4, u4, u4, u4]), fpConcat(powers.slice(0, 4)));
  for (let i = 0; i < 4; i++) powers.push(fpSlice(p58, i * N, (i + 1) * N));
  // Σ c_i·u^i at scale F + Fc, truncated to scale F.
  const acc = fpVec(N);
  K.addScalar(acc, acc, coef[0]! << BigInt(F));
  for (let i = 1; i < coef.length; i++) K.axpy(acc, coef[i]!, powers[i - 1]!);
  const pu = await truncPr(rt, acc, 2 * k, Fc, q.take());
  // 4. W·P(u) / 2^(F+1), plus saturation where y >= J1 + 1.
  const wp = fpVec(N);
  K.mul(wp, w, pu);
  const out = await truncPr(rt, await rt.reshare(wp, 'exp'), 2 * k, F + 1, q.take());
  K.axpy(out, (1n << BigInt(k - 1)) - 1n, t[nCmp - 1]!);
  return out;
}
