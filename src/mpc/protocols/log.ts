/**
 * Fixed-point logarithms ln|b| and log2|b| of a secret b ≠ 0: normalization [CS10] (Norm) and a
 * polynomial for log2 on [1, 2] [AS19] (log2 by normalization and a polynomial).
 *
 * Notation: format (k, f), B = b·2^f, F' = k − 1.
 *
 * 1. Normalize (`./norm.ts`): c = |B|·2^(k-1-m) ∈ [2^(k-1), 2^k] with the one-hot of m, so
 *    |B| = (c/2^(k-1))·2^m and log2|b| = log2(1 + t) + m − f with t = c/2^(k-1) − 1 ∈ [0, 1].
 *    T = c − 2^(k-1) is t at scale F' exactly (no truncation).
 * 2. log2(1 + t) ≈ P(t), degree 8 with P(0) = 0, coefficients fitted here for absolute error
 *    (iteratively reweighted least squares toward minimax on [0, 1], 50-digit arithmetic; max
 *    error 2^-23.4).
 *    Powers t^2..t^8 take 3 multiplication rounds (products < 2^(2k-2)); the base factor (ln 2
 *    for ln) is folded into the coefficients; Σ c_i t^i is local, truncated once to scale f.
 * 3. The integer part factor·(m − f)·2^f is a public function of the position: added linearly
 *    from the one-hot, rounded to f bits.
 *
 * Error (defaults): |result − log| < 1 + 1/2 + 2^-8 ulps (truncation, rounding of factor·(m − f),
 * polynomial). log(1) = 0 exactly; b = 0 gives 0 (callers must exclude it, e.g. with `eqz`);
 * negative b gives the logarithm of |b|.
 *
 * Cost per element (t = 1): the normalization (bit decomposition and prefix-or by default, see
 * `./norm.ts`), 7 multiplications and 4 truncations for the polynomial; about 28 steps.
 *
 * Security: semi-honest, t < n/2, from the normalization, `truncPr` and the runtime; every
 * truncated value stays in range for every input of the format.
 *
 * @module
 */
import { type FpVec, fpConcat, fpSlice, fpVec } from '../field/vec.js';
import type { Runtime } from '../runtime/runtime.js';
import { type TruncSpec, fxpFormat } from './fixed.js';
import { linearOfPosition, normalize, normalizeRequests } from './norm.js';
import type { MaskRequest } from './random.js';
import { type NumericOptions, batchMasks } from './reciprocal.js';
import { truncPr } from './trunc.js';

/**
 * P(t) ≈ log2(1 + t) on [0, 1], degree 8: c_0 .. c_8 as round(c_i·2^60). Fitted for this module
 * by weighted least squares on 400 Chebyshev nodes with 40 reweighting passes toward equal
 * ripple, in 50-digit arithmetic (max absolute error 2^-24.5); c_0 (4.2e-8) is then set to 0 so
 * that log(1) and log(0) come out exactly 0, which keeps the error below 2^-23.4 (re-checked by
 * the tests).
 */
export const LOG2_COEFFICIENTS_2_60: readonly bigint[] = Object.freeze([
  0n,
  1663305575801126803n,
  -831408808455634230n,
  551631552034457884n,
  -399542727223429059n,
  277172910995016157n,
  -156711605488971153n,
  58953074856466363n,
  -10478565480140625n,
]);

/** log_base|b| = factor · log2|b|; factor given as a double (ln 2 or 1). */
async function logCore(
  rt: Runtime,
  b: FpVec,
  factor: number,
  options: NumericOptions,
): Promise<FpVec> {
  const { k, f } = fxpFormat(options, rt.field);
  const K = rt.field.kernels;
  const method = options.normalization ?? 'bits';
  const N = b.length;
  const Fp = k - 1;
  // Σ|c_i|·factor < 4 at scale Fp + Fc must stay below 2^(2k-1).
  const Fc = 2 * k - 3 - Fp;
  const fBig = BigInt(Math.round(factor * 2 ** 52)); // factor at scale 2^52
  const coef = LOG2_COEFFICIENTS_2_60.map((c) => {
    const num = c * fBig; // scale 2^112
    const sh = BigInt(112 - Fc);
    const half = 1n << (sh - 1n);
    return num >= 0n ? (num + half) >> sh : -((-num + half) >> sh);
  });
  const specs: (TruncSpec | MaskRequest[])[] = [
    normalizeRequests(N, k, true, method),
    { count: N, k: 2 * k, m: Fp }, // t^2
    { count: 2 * N, k: 2 * k, m: Fp }, // t^3, t^4
    { count: 4 * N, k: 2 * k, m: Fp }, // t^5..t^8
    { count: N, k: 2 * k, m: Fp + Fc - f }, // P(t) to scale f
  ];
  const q = await batchMasks(rt, specs, 'log');
  const { c, onehot } = await normalize(rt, b, k, { method }, q.take());
  const t1 = fpVec(rt.field, N);
  K.addScalar(t1, c, rt.field.p - (1n << BigInt(k - 1)));
  const mulTrunc = async (left: FpVec, right: FpVec): Promise<FpVec> => {
    const d = fpVec(rt.field, left.length);
    K.mul(d, left, right);
    return truncPr(rt, await rt.reshare(d, 'log'), 2 * k, Fp, q.take());
  };
  const powers: FpVec[] = [t1]; // powers[i] = t^(i+1)
  powers.push(await mulTrunc(t1, t1));
  const p34 = await mulTrunc(fpConcat([powers[1]!, powers[1]!]), fpConcat([t1, powers[1]!]));
  powers.push(fpSlice(p34, 0, N), fpSlice(p34, N, 2 * N));
  const t4 = powers[3]!;
  const p58 = await mulTrunc(fpConcat([t4, t4, t4, t4]), fpConcat(powers.slice(0, 4)));
  for (let i = 0; i < 4; i++) powers.push(fpSlice(p58, i * N, (i + 1) * N));
  const acc = fpVec(rt.field, N);
  const mod = (x: bigint): bigint => ((x % rt.field.p) + rt.field.p) % rt.field.p;
  K.addScalar(acc, acc, mod(coef[0]! << BigInt(Fp)));
  for (let i = 1; i < coef.length; i++) K.axpy(acc, mod(coef[i]!), powers[i - 1]!);
  const out = await truncPr(rt, acc, 2 * k, Fp + Fc - f, q.take());
  // + factor·(m − f) at scale f, from the one-hot of m.
  const intPart = linearOfPosition({ k, count: N, pos: onehot, neg: null }, (m) =>
    mod(BigInt(Math.round(factor * (m - f) * 2 ** f))),
  );
  K.add(out, out, intPart);
  return out;
}

/**
 * Shares of ln|b| in fixed point, elementwise (see the module doc: error < 1.51 ulps; 0 for
 * b = 0).
 * @example
 * ```ts
 * const y = await ln(rt, x); // ≈ ln x for x > 0
 * ```
 */
export async function ln(rt: Runtime, b: FpVec, options: NumericOptions = {}): Promise<FpVec> {
  return logCore(rt, b, Math.LN2, options);
}

/**
 * Shares of log2|b| in fixed point, elementwise (see the module doc: error < 1.51 ulps; 0 for
 * b = 0).
 * @example
 * ```ts
 * const y = await log2(rt, x); // ≈ log2 x for x > 0
 * ```
 */
export async function log2(rt: Runtime, b: FpVec, options: NumericOptions = {}): Promise<FpVec> {
  return logCore(rt, b, 1, options);
}
