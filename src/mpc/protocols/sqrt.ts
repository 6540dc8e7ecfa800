/**
 * Fixed-point square root of a secret b >= 0: normalization [CS10] and Goldschmidt's iteration
 * for the square root [Lie12].
 *
 * Notation: format (k, f), B = b·2^f, F = k − 2 the working precision; the result is
 * sqrt(b)·2^f = sqrt(B·2^f) in fixed point.
 *
 * 1. Normalize (`./norm.ts` [CS10] Norm, unsigned): m = the top bit of B, v = 2^(k-1-m), c = B·v ∈
 *    [2^(k-1), 2^k), x = c/2^k ∈ [1/2, 1), so B·2^f = x·2^s with s = m + 1 + f.
 * 2. Initial approximation of 1/sqrt(x): y0 = α − (3/4)x with α = 1.7487595 (minimax for the
 *    relative error |1 − x·y0^2| <= 0.0564, 4.1 bits, over [1/2, 1]); the slope 3/4 keeps y0 an
 *    integer combination of c. g0 = x·y0 ≈ sqrt(x), h0 = y0/2 ≈ 1/(2 sqrt(x)).
 * 3. Goldschmidt [Lie12]: r = 1/2 − g·h, g ← g + g·r, h ← h + h·r (g·h → 1/2, g → sqrt(x)); three
 *    iterations take the relative error from 0.0564 to 2^-37 (the last one skips h).
 * 4. Scale back: sqrt(B·2^f) = sqrt(x)·2^(s/2), and 2^(s/2) (times sqrt(2) for odd s) is a public
 *    function of the one-hot position, P = Σ_m e_m·round(2^(G + s_m/2)), so one multiplication g·P
 *    and a truncation by F + G finish (G = k − ⌈(k-1+f)/2⌉, 13 by default, keeps g·P < 2^(2k-2)).
 *
 * Error (defaults): |result − sqrt(b)| < 1.1 ulps for every b in the format (one truncation ulp,
 * plus 2^-36-relative from the iterations times sqrt(b)·2^f < 2^28). sqrt(0) = 0; negative b
 * is treated as 0 (precondition b >= 0).
 *
 * Cost per element (t = 1): the normalization (bit decomposition and prefix-or by default, or
 * k − 1 comparisons), 9 multiplications, 9 truncations; 34 steps and 14 kB per element and party
 * (n = 3) with 'bits', 27 steps and 96 kB with 'comparisons'. All masks come in one batch.
 *
 * Security: semi-honest, t < n/2, from `ltz`, `truncPr` and the runtime; the iteration count is
 * public.
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

/** The initial approximation 1/sqrt(x) ≈ SQRT_ALPHA − (3/4)·x on [1/2, 1). */
export const SQRT_ALPHA = 1.7487595375;

/**
 * Goldschmidt iterations: 3 for k <= 42 (0.0564 → 2^-37, which the formats of p127 need); for
 * wider formats one more per doubling of the precision until it covers F = k − 2 (5 for p255's
 * k = 96: 2^-37 → 2^-74 → 2^-148).
 */
function iterationsFor(k: number): number {
  if (k <= 42) return 3;
  let it = 3;
  for (let prec = 37; prec < k - 2; prec *= 2) it++;
  return it;
}

/** Bits of the public scale-back factor for format (k, f). */
function scaleBits(k: number, f: number): number {
  return k - Math.ceil((k - 1 + f) / 2);
}

/**
 * round(2^(G + s/2)) as a bigint, computed exactly for odd s as ⌊sqrt(2^(2G + s))⌉ by integer
 * square root.
 */
function powHalf(G: number, s: number): bigint {
  const target = 1n << BigInt(2 * G + s); // (2^(G + s/2))^2
  // integer sqrt by Newton, then round to nearest
  let x = 1n << BigInt(Math.ceil((2 * G + s) / 2));
  for (;;) {
    const y = (x + target / x) >> 1n;
    if (y >= x) break;
    x = y;
  }
  while (x * x > target) x--;
  // x = ⌊sqrt⌋; nearest: compare (x + 1/2)^2 = x^2 + x + 1/4 with target
  return 4n * (target - x * x) > 4n * x + 1n ? x + 1n : x;
}

/**
 * Shares of sqrt(b) in fixed point, elementwise, for b >= 0 (see the module doc: error < 1.1
 * ulps; sqrt(0) = 0).
 * @example
 * ```ts
 * const s = await sqrt(rt, b); // ≈ √b
 * ```
 */
export async function sqrt(rt: Runtime, b: FpVec, options: NumericOptions = {}): Promise<FpVec> {
  const { k, f } = fxpFormat(options, rt.field);
  const K = rt.field.kernels;
  const N = b.length;
  const F = k - 2;
  const G = scaleBits(k, f);
  const method = options.normalization ?? 'bits';
  const ITERATIONS = iterationsFor(k);
  const specs: (TruncSpec | MaskRequest[])[] = [
    normalizeRequests(N, k, false, method),
    { count: N, k: k + 4, m: 4 }, // y0 < 1.37·2^(k+2)
    { count: N, k: 2 * k, m: k }, // g0
  ];
  for (let i = 1; i <= ITERATIONS; i++) {
    specs.push({ count: N, k: 2 * k, m: F + 1 }); // g·h
    specs.push({ count: i === ITERATIONS ? N : 2 * N, k: 2 * k, m: F }); // g·r, h·r
  }
  specs.push({ count: N, k: 2 * k, m: F + G }); // scale back
  const q = await batchMasks(rt, specs, 'sqrt');

  // 1. Normalize (b = 0 gives c = 2^(k-1), which keeps the iterations in range, and P = 0).
  const { c, onehot } = await normalize(rt, b, k, { method, signed: false }, q.take());
  // 2. y0 = α − (3/4)x at scale k + 2 is round(α·2^(k+2)) − 3c; truncated to scale F.
  const y0s = fpVec(rt.field, N);
  K.mulScalar(y0s, c, rt.field.p - 3n);
  K.addScalar(y0s, y0s, BigInt(Math.round(SQRT_ALPHA * 2 ** (k + 2))));
  const y0 = await truncPr(rt, y0s, k + 4, 4, q.take());
  // g0 = x·y0 = c·y0 / 2^k (scale F); h0 = y0/2 is y0 read at scale F + 1.
  let g = await truncPr(rt, await rt.mul(c, y0, 'sqrt'), 2 * k, k, q.take());
  let h = y0;
  // 3. Goldschmidt.
  for (let i = 1; i <= ITERATIONS; i++) {
    const last = i === ITERATIONS;
    const ghT = await truncPr(rt, await rt.mul(g, h, 'sqrt'), 2 * k, F + 1, q.take());
    const r = fpVec(rt.field, N);
    K.neg(r, ghT);
    K.addScalar(r, r, 1n << BigInt(F - 1)); // r = 1/2 − g·h at scale F
    const left = last ? g : fpConcat([g, h]);
    const right = last ? r : fpConcat([r, r]);
    const upd = await truncPr(rt, await rt.mul(left, right, 'sqrt'), 2 * k, F, q.take());
    const gNext = fpVec(rt.field, N);
    K.add(gNext, g, fpSlice(upd, 0, N));
    if (!last) {
      const hNext = fpVec(rt.field, N);
      K.add(hNext, h, fpSlice(upd, N, 2 * N));
      h = hNext;
    }
    g = gNext;
  }
  // 4. Scale back by P = Σ_m e_m · round(2^(G + (m + 1 + f)/2)).
  const P = linearOfPosition({ k, count: N, pos: onehot, neg: null }, (i) => powHalf(G, i + 1 + f));
  return truncPr(rt, await rt.mul(g, P, 'sqrt'), 2 * k, F + G, q.take());
}
