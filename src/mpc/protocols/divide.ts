/**
 * Fixed-point division a/b of secrets [CS10] (Div): normalization of b, Goldschmidt iterations
 * for the normalized reciprocal (`./reciprocal.ts`), and a scale-back that keeps the precision of
 * the iterations instead of rounding 1/b to f bits first.
 *
 * Notation: A = a·2^f, B = b·2^f, v = sign(b)·2^(k-1-m) and c = B·v ∈ [2^(k-1), 2^k) from the
 * normalization, w ≈ 2^F·2^k/c with F = k − 2. Then a/b in fixed point is A·v·w / 2^(F+k-f).
 *
 * 1. Normalize b and, in the same reshare, compute the exact product A·v (|A·v| < 2^(2k-2)).
 * 2. AV' = truncPr(A·v, 2k, k − f − 1), concurrently with the first round of the iterations
 *    (both step numbers are taken in a fixed order on every party).
 * 3. w by Goldschmidt iterations; result = truncPr(AV'·w, 2k, F + 1). The product AV'·w equals
 *    result·2^(F+1), below 2^(2k-1) whenever the result fits the format.
 *
 * Error (defaults): |result − a/b| < 2 + |a/b|·2^(f−33) ulps: one ulp from each truncation and the
 * relative error 2^-33 of w; e.g. < 2.01 ulps for |a/b| <= 2^8. Division by b = 0 gives 0.
 * Precondition: |a/b| < 2^(k-1-f) (the quotient fits the format) and 2f <= k − 2.
 *
 * Cost per element (t = 1): as `reciprocal` plus one multiplication (A·v, in the normalization's
 * last reshare) and one truncation (concurrent with the first iteration): 31 steps and 14 kB per
 * element and party (n = 3) with the default 'bits' normalization, 23 steps with 'comparisons'.
 *
 * Security: semi-honest, t < n/2, from `ltz`, `truncPr` and the runtime.
 *
 * @module
 */
import { MpcProtocolError } from '../errors.js';
import { type FpVec } from '../field/vec.js';
import type { Runtime } from '../runtime/runtime.js';
import { fxpFormat } from './fixed.js';
import { normalize, normalizeRequests } from './norm.js';
import {
  type NumericOptions,
  batchMasks,
  reciprocalNormalized,
  reciprocalNormalizedSpecs,
} from './reciprocal.js';
import { truncPr } from './trunc.js';

/**
 * Shares of the fixed-point quotient a/b, elementwise [CS10] (see the module doc: error < 2 ulps
 * plus 2^(f-33) relative; 0 where b = 0).
 * @throws {MpcProtocolError} if the lengths differ.
 * @throws {RangeError} for a format with 2f > k − 2.
 * @example
 * ```ts
 * const z = await divide(rt, a, b); // ≈ a / b
 * ```
 */
export async function divide(
  rt: Runtime,
  a: FpVec,
  b: FpVec,
  options: NumericOptions = {},
): Promise<FpVec> {
  const fmt = fxpFormat(options, rt.field);
  const { k, f } = fmt;
  if (2 * f > k - 2) {
    throw new RangeError(`divide: expected 2f <= k - 2, got k = ${k}, f = ${f}`);
  }
  if (a.length !== b.length) {
    throw new MpcProtocolError(`divide: expected equal lengths, got ${a.length} and ${b.length}.`);
  }
  const N = b.length;
  const F = k - 2;
  const method = options.normalization ?? 'bits';
  const q = await batchMasks(
    rt,
    [
      normalizeRequests(N, k, true, method),
      { count: N, k: 2 * k, m: k - f - 1 },
      ...reciprocalNormalizedSpecs(N, k),
      { count: N, k: 2 * k, m: F + 1 },
    ],
    'divide',
  );
  // c = |B|·2^(k-1-m) and A·v in the same reshare.
  const { c, scaled } = await normalize(rt, b, k, { method, extras: [a] }, q.take());
  // AV' (truncation) and the iterations start together; the truncation takes its step first.
  const avMasks = q.take();
  const [av, w] = await Promise.all([
    truncPr(rt, scaled[0]!, 2 * k, k - f - 1, avMasks),
    reciprocalNormalized(rt, c, k, q),
  ]);
  return truncPr(rt, await rt.mul(av, w, 'divide'), 2 * k, F + 1, q.take());
}
