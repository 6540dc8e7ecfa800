/**
 * Fixed-point reciprocal 1/b of a secret b [CS10] (AppRcr + Goldschmidt iterations), and the
 * normalized-reciprocal core that division and square root share.
 *
 * Notation: fixed-point format (k, f) (see `./fixed.ts`), B = b·2^f the integer representation,
 * F = k − 2 the working precision of the iterations.
 *
 * 1. Normalize (`./norm.ts`, [CS10] Norm): v = sign(b)·2^(k-1-m) with m the top bit of |B| (of
 *    |B| − 1 for negative B with the 'bits' method), and c = |B|·2^(k-1-m) ∈ [2^(k-1), 2^k], i.e.
 *    x = c/2^k ∈ [1/2, 1] (the analysis below holds on the closed interval).
 * 2. Initial approximation [CS10] (AppRcr): y0 = 2.9142 − 2x, with relative error
 *    |1 − x·y0| <= 0.0858 (3.5 bits) on [1/2, 1].
 * 3. Goldschmidt iterations [CS10]: e0 = 1 − x·y0, then y_{i+1} = y_i(1 + e_i) and e_{i+1} = e_i^2,
 *    so 1 − x·y_i = e0^(2^i). θ = ⌈log2(F / 3.5)⌉ iterations (4 for k = 41) bring e0^(2^θ) below
 *    2^-F; each truncation adds at most 2^-F, so w = y_θ·2^F satisfies |1 − x·w/2^F| < 2^-33
 *    (about 10·2^-F for θ = 4, F = 39, with margin; checked by the tests). Both products of an
 *    iteration share one reshare and one truncation round.
 * 4. Scale back: 1/b = v·w / 2^(F + k − 2f) in fixed point: one multiplication and truncation.
 *
 * Every product stays below 2^(2k-1) and every truncation is `truncPr(·, 2k, ·)`, so the format
 * bound 2k + κ + 1 < b (the field's bit length) covers them. The masks of all truncations and of the comparisons are
 * made in one batch at the start.
 *
 * Cost per element (t = 1, k = 41): normalization by bit decomposition and prefix-or (default;
 * about 320 + 40 + 120 multiplications) or by 2k − 1 comparisons (option `normalization:
 * 'comparisons'`), then 2θ + 2 multiplications and θ + 2 truncations. Steps counted by
 * `rt.stats.rounds`: 30 with 'bits', 22 with 'comparisons'; bytes sent per element and party
 * (n = 3): 13 kB with 'bits', 187 kB with 'comparisons'.
 *
 * Error (defaults): |result − 1/b| < 1 + |1/b|·2^(f−33) ulps, i.e. < 2 ulps for every b ≠ 0.
 * b = 0 gives 0 (the normalization treats it as 2^-f internally so all values stay in range;
 * callers that must detect it use `eqz`). Precondition: 2f <= k − 2 (so 1/b fits the format for
 * every non-zero b).
 *
 * Security: semi-honest, t < n/2, from `ltz`, `truncPr` and the runtime (statistical distance
 * < 2^-κ per opened element); the number of iterations depends only on public k.
 *
 * @module
 */
import { type FpVec, fpConcat, fpSlice, fpVec } from '../field/vec.js';
import type { Runtime } from '../runtime/runtime.js';
import { type FxpFormat, type FxpOptions, type TruncSpec, fxpFormat } from './fixed.js';
import { type NormMethod, normalize, normalizeRequests } from './norm.js';
import { type Mask, type MaskOptions, type MaskRequest, randomMasks } from './random.js';
import { truncPr, truncPrRequests } from './trunc.js';

/** AppRcr's linear approximation of 1/x on [1/2, 1): y0 = ALPHA − 2x [CS10]. */
export const RECIPROCAL_ALPHA = 2.9142;

/**
 * Iterations for working precision F: e0 = 0.0858 has 3.54 bits, doubled per iteration.
 * @example
 * ```ts
 * goldschmidtIterations(39); // 4
 * ```
 */
export function goldschmidtIterations(F: number): number {
  return Math.max(1, Math.ceil(Math.log2(F / 3.54)));
}

/**
 * Hands out preprocessed masks in order (one `MaskOptions` per protocol call).
 * @example
 * ```ts
 * const q = await batchMasks(rt, [{ count: n, k: 82, m: 16 }], 'x');
 * const y = await truncPr(rt, x, 82, 16, q.take());
 * ```
 */
export class MaskQueue {
  private next = 0;
  constructor(private readonly masks: readonly Mask[]) {}
  take(): MaskOptions {
    return { masks: [this.masks[this.next++]!] };
  }
  takeMany(count: number): MaskOptions {
    const m = this.masks.slice(this.next, this.next + count);
    this.next += count;
    return { masks: m };
  }
}

/**
 * The masks of a protocol's truncations and comparisons, generated in one batch (one
 * `randomMasks` call) and handed out in the order given: each part is a truncation spec (one
 * `truncPr` call) or the mask requests of one comparison call (e.g. `ltzRequests`).
 * @example
 * ```ts
 * const q = await batchMasks(rt, [ltzRequests(n, 42), { count: n, k: 82, m: 16 }], 'x');
 * const bits = await ltz(rt, a, 42, q.take());
 * const y = await truncPr(rt, x, 82, 16, q.take());
 * ```
 */
export async function batchMasks(
  rt: Runtime,
  parts: ReadonlyArray<TruncSpec | readonly MaskRequest[]>,
  label: string,
): Promise<MaskQueue> {
  const reqs = parts.flatMap((p) =>
    Array.isArray(p)
      ? (p as readonly MaskRequest[])
      : truncPrRequests((p as TruncSpec).count, (p as TruncSpec).k, (p as TruncSpec).m),
  );
  return new MaskQueue(reqs.length === 0 ? [] : await randomMasks(rt, reqs, label));
}

/**
 * The truncations of {@link reciprocalNormalized} on N elements (for {@link batchMasks}).
 * @example
 * ```ts
 * const q = await batchMasks(rt, reciprocalNormalizedSpecs(n, 41), 'rcp');
 * ```
 */
export function reciprocalNormalizedSpecs(N: number, k: number): TruncSpec[] {
  const F = k - 2;
  const theta = goldschmidtIterations(F);
  const specs: TruncSpec[] = [{ count: N, k: 2 * k, m: k + 1 }];
  for (let i = 1; i <= theta; i++) {
    specs.push({ count: i === theta ? N : 2 * N, k: 2 * k, m: i === 1 ? k - 1 : F });
  }
  return specs;
}

/**
 * Given shares of c ∈ [2^(k-1), 2^k) (x = c/2^k ∈ [1/2, 1)), shares of w ≈ 2^F/x at scale
 * F = k − 2, w ∈ (2^F, 2^(F+1)], with relative error below 2^-33 for k = 41 (see the module
 * doc). Masks: those of {@link reciprocalNormalizedSpecs}, in order.
 * @example
 * ```ts
 * const w = await reciprocalNormalized(rt, c, 41, q); // ≈ 2^39 · 2^41 / c
 * ```
 */
export async function reciprocalNormalized(
  rt: Runtime,
  c: FpVec,
  k: number,
  q: MaskQueue,
): Promise<FpVec> {
  const K = rt.field.kernels;
  const N = c.length;
  const F = k - 2;
  const theta = goldschmidtIterations(F);
  // y0 = α − 2x at scale 2^(k-1): Y0 = round(α·2^(k-1)) − c.
  const alpha = BigInt(Math.round(RECIPROCAL_ALPHA * 2 ** (k - 1)));
  const y0 = fpVec(rt.field, N);
  K.neg(y0, c);
  K.addScalar(y0, y0, alpha);
  // E0 = 2^(2k-1) − c·Y0 = (1 − x·y0)·2^(2k-1); e0 = E0 / 2^(k+1) at scale F.
  const e0 = await rt.mul(c, y0, 'reciprocal');
  K.neg(e0, e0);
  K.addScalar(e0, e0, 1n << BigInt(2 * k - 1));
  let e = await truncPr(rt, e0, 2 * k, k + 1, q.take());
  let y = y0;
  for (let i = 1; i <= theta; i++) {
    const last = i === theta;
    // y·(2^F + e) and e·e (the latter doubled in the first iteration, where y is at scale k−1).
    const onePlusE = fpVec(rt.field, N);
    K.addScalar(onePlusE, e, 1n << BigInt(F));
    let e2 = e;
    if (i === 1 && !last) {
      e2 = fpVec(rt.field, N);
      K.add(e2, e, e);
    }
    const left = last ? y : fpConcat([y, e2]);
    const right = last ? onePlusE : fpConcat([onePlusE, e]);
    const reduced = await rt.mul(left, right, 'reciprocal');
    const next = await truncPr(rt, reduced, 2 * k, i === 1 ? k - 1 : F, q.take());
    y = last ? next : fpSlice(next, 0, N);
    e = last ? e : fpSlice(next, N, 2 * N);
  }
  return y;
}

/** Options of the numeric functions: the format, and how to normalize (see `./norm.ts`). */
export interface NumericOptions extends FxpOptions {
  /** 'bits' (default: bit decomposition and prefix-or, fewer bytes) or 'comparisons' (fewer rounds). */
  readonly normalization?: NormMethod;
}

function checkReciprocalFormat(fn: string, fmt: FxpFormat): void {
  if (2 * fmt.f > fmt.k - 2) {
    throw new RangeError(
      `${fn}: expected 2f <= k - 2 so that 1/b fits the format, got k = ${fmt.k}, f = ${fmt.f}`,
    );
  }
}

/**
 * Shares of the fixed-point reciprocal 1/b [CS10] (see the module doc for the method, cost and
 * error: < 2 ulps for the default format; 0 for b = 0).
 * @throws {RangeError} for a format with 2f > k − 2.
 * @example
 * ```ts
 * const r = await reciprocal(rt, b); // ≈ 1/b
 * ```
 */
export async function reciprocal(
  rt: Runtime,
  b: FpVec,
  options: NumericOptions = {},
): Promise<FpVec> {
  const fmt = fxpFormat(options, rt.field);
  checkReciprocalFormat('reciprocal', fmt);
  const { k, f } = fmt;
  const method = options.normalization ?? 'bits';
  const N = b.length;
  const F = k - 2;
  const q = await batchMasks(
    rt,
    [
      normalizeRequests(N, k, true, method),
      ...reciprocalNormalizedSpecs(N, k),
      { count: N, k: 2 * k, m: F + k - 2 * f },
    ],
    'reciprocal',
  );
  const { c, v } = await normalize(rt, b, k, { method, wantScale: true }, q.take());
  const w = await reciprocalNormalized(rt, c, k, q);
  return truncPr(rt, await rt.mul(w, v!, 'reciprocal'), 2 * k, F + k - 2 * f, q.take());
}
