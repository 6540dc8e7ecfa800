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
 * 2. Split y = ⌊y⌋ + u with u ∈ [0, 1) exactly, and W = 2^(⌊y⌋ − J0) for ⌊y⌋ ∈ [J0, J1]
 *    (0 below), by one of two methods:
 *    - 'bits' (default): I0 = truncPr(y, ·, F) is ⌊y⌋ or ⌊y⌋ + 1, u0 = y − I0 ∈ (−1, 1); one `ltz`
 *      [CdH10] on three values gives s = [u0 < 0], [y >= J0] and [y >= J1 + 1]; then ⌊y⌋ = I0 − s
 *      and u = u0 + s. `bitDecompose` [CdH10] of ip = ⌊y⌋ − J0 (a small integer, 28 bits for the
 *      defaults) gives its low ⌈log2 k⌉ bits b_j, and W = [in range]·Π_j (1 + b_j·(2^(2^j) − 1)),
 *      a product tree of exact integers whose levels ride along in the polynomial's rounds.
 *    - 'comparisons': one `ltz` gives t_j = [y >= j] for j = J0..J1+1 (k + 1 comparisons of
 *      about 67 bits); locally ⌊y⌋ = J0 − 1 + Σ_{j<=J1} t_j, u = y − ⌊y⌋, and the one-hot
 *      e_j = t_j − t_{j+1} gives W = Σ e_j·2^(j−J0) linearly. 8 fewer steps, 7.5× the bytes.
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
 * Cost per element (t = 1, defaults): 'bits': 2 + 6 truncations, 3 comparisons, one 28-bit bit
 * decomposition, 16 multiplications; 28 steps (as counted by `rt.stats.rounds`) and 21 kB sent per
 * party (n = 3). 'comparisons': k + 1 comparisons, 10 multiplications; 20 steps and 154 kB.
 *
 * Security: semi-honest, t < n/2, from `ltz`, `bitDecompose`, `truncPr` and the runtime. Every
 * truncated or decomposed value stays in its declared range for every input of the format. The logarithm is in
 * `./log.ts`.
 *
 * @module
 */
import { type FpVec, fpConcat, fpSlice, fpVec } from '../field/vec.js';
import type { PrimeField } from '../field/prime-field.js';
import type { Runtime } from '../runtime/runtime.js';
import { bitDecompose, bitDecomposeRequests } from './bitdec.js';
import { ltz, ltzRequests } from './compare.js';
import { type FxpOptions, type TruncSpec, fxpFormat } from './fixed.js';
import type { MaskRequest } from './random.js';
import { type MaskQueue, batchMasks } from './reciprocal.js';
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

/** How {@link exp} splits y into integer and fractional parts. */
export type ExpMethod = 'bits' | 'comparisons';

/** Options of {@link exp}. */
export interface ExpOptions extends FxpOptions {
  /**
   * 'bits' (default): truncate y to its integer part, three comparisons and a 28-bit bit
   * decomposition (about 8 times fewer bytes); 'comparisons': k + 1 comparisons of y (10 fewer
   * steps).
   */
  readonly method?: ExpMethod;
}

/**
 * Exact products carried along with the polynomial's multiplication rounds: `step(level, prev)`
 * gives the pairs to multiply in round `level` (0: with the clamping of u, 1..2: with the powers)
 * from the previous level's products, or null when done.
 */
interface Carried {
  step(level: number, prev: FpVec | null): [FpVec, FpVec] | null;
}

/**
 * Shares of e^x in fixed point, elementwise (see the module doc: relative error 2^-35 plus one
 * ulp; underflow gives 0, overflow saturates).
 * @example
 * ```ts
 * const y = await exp(rt, x); // ≈ e^x
 * ```
 */
export async function exp(rt: Runtime, a: FpVec, options: ExpOptions = {}): Promise<FpVec> {
  const { k, f } = fxpFormat(options, rt.field);
  const method = options.method ?? 'bits';
  const K = rt.field.kernels;
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
  const kY = signedBits(maxY + 1n);
  const maxI = (maxY >> BigInt(F)) + 2n; // |⌊y⌋ + {0, 1}|
  const kb = signedBits(maxI + 1n + BigInt(-J0)); // ip − J0
  // Coefficient scale: P(u) <= 2 at scale F + Fc must stay below 2^(2k-1).
  const Fc = 2 * k - 3 - F;
  const coef = EXP2_COEFFICIENTS_2_64.map((c) => (c + (1n << BigInt(63 - Fc))) >> BigInt(64 - Fc));
  const tail: TruncSpec[] = [
    { count: N, k: 2 * k, m: F }, // u^2
    { count: 2 * N, k: 2 * k, m: F }, // u^3, u^4
    { count: 4 * N, k: 2 * k, m: F }, // u^5..u^8
    { count: N, k: 2 * k, m: Fc }, // P(u)
    { count: N, k: 2 * k, m: F + 1 }, // W·P(u)
  ];
  const head: (TruncSpec | MaskRequest[])[] =
    method === 'comparisons'
      ? [{ count: N, k: 2 * k, m: shift }, ltzRequests(nCmp * N, kc)]
      : [
          { count: N, k: 2 * k, m: shift },
          { count: N, k: kY, m: F },
          ltzRequests(3 * N, kc),
          bitDecomposeRequests(N, kb),
        ];
  const q = await batchMasks(rt, [...head, ...tail], 'exp');
  const bitOf = (lt: FpVec, i: number, negate: boolean): FpVec => {
    const v = fpVec(rt.field, N);
    if (negate) {
      K.neg(v, fpSlice(lt, i * N, (i + 1) * N));
      K.addScalar(v, v, 1n);
    } else v.words.set(fpSlice(lt, i * N, (i + 1) * N).words);
    return v;
  };
  const shifted = (y: FpVec, j: number): FpVec => {
    const v = fpVec(rt.field, N);
    K.addScalar(v, y, (((-BigInt(j) << BigInt(F)) % rt.field.p) + rt.field.p) % rt.field.p);
    return v;
  };

  // 1. Y = x·log2(e) at scale F.
  const z = fpVec(rt.field, N);
  K.mulScalar(z, a, C);
  const y = await truncPr(rt, z, 2 * k, shift, q.take());
  const u = fpVec(rt.field, N); // y − ⌊y⌋ at scale F where y is in range
  const inRange = fpVec(rt.field, N); // [J0 <= y < J1 + 1]
  let hi: FpVec; // [y >= J1 + 1]
  let carried: Carried;
  if (method === 'comparisons') {
    // 2. t_j = [Y >= j·2^F] = 1 − ltz(Y − j·2^F), j = J0..J1+1, position-major.
    const ops = fpConcat(Array.from({ length: nCmp }, (_, i) => shifted(y, J0 + i)));
    const lt = await ltz(rt, ops, kc, q.take());
    const t = Array.from({ length: nCmp }, (_, i) => bitOf(lt, i, true));
    // u = Y − (J0 − 1 + Σ_{j<=J1} t_j)·2^F; in range ⇔ t_{J0} − t_{J1+1} = 1.
    u.words.set(y.words);
    K.addScalar(u, u, (((BigInt(1 - J0) << BigInt(F)) % rt.field.p) + rt.field.p) % rt.field.p);
    for (let i = 0; i + 1 < nCmp; i++) K.axpy(u, rt.field.p - (1n << BigInt(F)), t[i]!);
    K.sub(inRange, t[0]!, t[nCmp - 1]!);
    hi = t[nCmp - 1]!;
    // W = Σ_{j=J0..J1} (t_j − t_{j+1})·2^(j − J0), linear: carried along as W·1.
    const w = fpVec(rt.field, N);
    for (let i = 0; i + 1 < nCmp; i++) {
      const e = fpVec(rt.field, N);
      K.sub(e, t[i]!, t[i + 1]!);
      K.axpy(w, 1n << BigInt(i), e);
    }
    carried = { step: (level) => (level === 0 ? [w, onesLike(rt.field, N)] : null) };
  } else {
    // 2. I0 = ⌊y⌋ or ⌊y⌋ + 1; u0 = y − I0 ∈ (−1, 1); s = [u0 < 0], lo = [y >= J0], hi = [y >= J1+1].
    const i0 = await truncPr(rt, y, kY, F, q.take());
    const u0 = fpVec(rt.field, N);
    K.mulScalar(u0, i0, rt.field.p - (1n << BigInt(F)));
    K.add(u0, u0, y);
    const lt = await ltz(rt, fpConcat([u0, shifted(y, J0), shifted(y, J1 + 1)]), kc, q.take());
    const sgn = bitOf(lt, 0, false);
    const lo = bitOf(lt, 1, true);
    hi = bitOf(lt, 2, true);
    K.sub(inRange, lo, hi);
    // ⌊y⌋ = I0 − s, u = u0 + s·2^F; ip' = ⌊y⌋ − J0 ∈ [0, k−1] in range.
    u.words.set(u0.words);
    K.axpy(u, 1n << BigInt(F), sgn);
    const ip = fpVec(rt.field, N);
    K.sub(ip, i0, sgn);
    K.addScalar(ip, ip, BigInt(-J0));
    // 3. W = inRange · Π_{j<6} (1 + b_j·(2^(2^j) − 1)) from the low bits of ip' (exact products).
    const nb = Math.ceil(Math.log2(k));
    const bits = await bitDecompose(rt, ip, kb, q.take());
    const factors = Array.from({ length: nb }, (_, j) => {
      const v = fpVec(rt.field, N);
      K.mulScalar(v, fpSlice(bits, j * N, (j + 1) * N), (1n << (1n << BigInt(j))) - 1n);
      K.addScalar(v, v, 1n);
      return v;
    });
    factors.push(inRange);
    // Balanced product tree over the factors, one level per carried round.
    let width = factors.length;
    carried = {
      step: (level, prev) => {
        if (width === 1) return null;
        const cur = level === 0 ? factors : splitN(prev!, N, width);
        const half = width >> 1;
        const left = cur.slice(0, half);
        const right = cur.slice(half, 2 * half);
        if (width % 2 === 1) {
          left.push(cur[width - 1]!);
          right.push(onesLike(rt.field, N));
        }
        width = left.length;
        return [fpConcat(left), fpConcat(right)];
      },
    };
  }
  return polynomialTail(rt, q, u, inRange, hi, carried, { k, F, Fc, coef, N });
}

function onesLike(field: PrimeField, N: number): FpVec {
  const v = fpVec(field, N);
  field.kernels.addScalar(v, v, 1n);
  return v;
}

function splitN(v: FpVec, N: number, parts: number): FpVec[] {
  return Array.from({ length: parts }, (_, i) => fpSlice(v, i * N, (i + 1) * N));
}

/**
 * u clamped to 0 out of range, powers u^2..u^8 (3 rounds, with the carried exact products in the
 * same reshares), P(u) = Σ c_i u^i, and W·P(u)/2^(F+1) + hi·(2^(k-1) − 1).
 */
async function polynomialTail(
  rt: Runtime,
  q: MaskQueue,
  u: FpVec,
  inRange: FpVec,
  hi: FpVec,
  carried: Carried,
  p: { k: number; F: number; Fc: number; coef: readonly bigint[]; N: number },
): Promise<FpVec> {
  const K = rt.field.kernels;
  const { k, F, Fc, coef, N } = p;
  let prev: FpVec | null = null;
  let level = 0;
  /** One reshare of [left ⊙ right, carried products]; truncates the first part by F (if `trunc`). */
  const round = async (left: FpVec, right: FpVec, trunc: boolean): Promise<FpVec> => {
    const extra = carried.step(level++, prev);
    const l = extra === null ? left : fpConcat([left, extra[0]]);
    const r = extra === null ? right : fpConcat([right, extra[1]]);
    const d = fpVec(rt.field, l.length);
    K.mul(d, l, r);
    const red = await rt.reshare(d, 'exp');
    if (extra !== null) prev = fpSlice(red, left.length, red.length);
    const main = fpSlice(red, 0, left.length);
    return trunc ? truncPr(rt, main, 2 * k, F, q.take()) : main;
  };
  // 3. u zeroed out of range (exact product with a bit), then powers.
  const u1 = await round(u, inRange, false);
  const powers: FpVec[] = [u1]; // powers[i] = u^(i+1)
  powers.push(await round(u1, u1, true));
  const p34 = await round(fpConcat([powers[1]!, powers[1]!]), fpConcat([u1, powers[1]!]), true);
  powers.push(fpSlice(p34, 0, N), fpSlice(p34, N, 2 * N));
  const u4 = powers[3]!;
  const p58 = await round(fpConcat([u4, u4, u4, u4]), fpConcat(powers.slice(0, 4)), true);
  for (let i = 0; i < 4; i++) powers.push(fpSlice(p58, i * N, (i + 1) * N));
  // W: the carried products' final value (the tree has at most 3 levels for k <= 64; any further
  // level gets its own round).
  let w = prev!;
  for (let extra = carried.step(level++, w); extra !== null; extra = carried.step(level++, w)) {
    const d = fpVec(rt.field, extra[0].length);
    K.mul(d, extra[0], extra[1]);
    w = await rt.reshare(d, 'exp');
  }
  // Σ c_i·u^i at scale F + Fc, truncated to scale F.
  const acc = fpVec(rt.field, N);
  K.addScalar(acc, acc, coef[0]! << BigInt(F));
  for (let i = 1; i < coef.length; i++) K.axpy(acc, coef[i]!, powers[i - 1]!);
  const pu = await truncPr(rt, acc, 2 * k, Fc, q.take());
  // 4. W·P(u) / 2^(F+1), plus saturation where y >= J1 + 1.
  const wp = fpVec(rt.field, N);
  K.mul(wp, w, pu);
  const out = await truncPr(rt, await rt.reshare(wp, 'exp'), 2 * k, F + 1, q.take());
  K.axpy(out, (1n << BigInt(k - 1)) - 1n, hi);
  return out;
}
