/**
 * Normalization of shared signed integers [CS10] (Norm): the position of the most significant
 * bit of |b|, as a shared one-hot vector, from which a scaling factor v = ±2^(k-1-m) (so that
 * b·v ∈ [2^(k-1), 2^k)) and other public functions of the position are linear.
 *
 * Two methods ({@link normalize}):
 *
 * - 'bits' (default) [CS10] Norm: `bitDecompose` [CdH10] of b, the bits XOR the sign (so that a
 *   negative b yields the bits of ¬b = |b| − 1), a log-depth prefix-or from the top, and the
 *   one-hot e_i = z_i − z_{i+1}. About 500 multiplications per element for k = 41.
 * - 'comparisons' ({@link msbOneHot}): for i = 0..k-1, u_i = [b >= 2^i] and w_i = [b <= -2^i]
 *   (u_{k-1} = 0 always, so it is not computed). For b > 0, u is a prefix of ones of length
 *   bitlen(b), and w = 0; for b < 0 the same holds with the roles swapped; for b = 0 both are 0.
 *   All 2k − 1 comparisons (k − 1 when b is known to be non-negative) are one vectorized `ltz`
 *   [CdH10] §4 on (k+1)-bit values: about 8 fewer rounds, about 14 times more bytes.
 *
 * Security: semi-honest, t < n/2, from `bitDecompose` / `ltz` and the runtime (statistical
 * distance < 2^-κ per opened element). Nothing is opened except masked values inside those.
 *
 * @module
 */
import { fieldOfVecOr127 } from '../field/prime-field.js';
import { type FpVec, fpConcat, fpSlice, fpVec } from '../field/vec.js';
import type { Runtime } from '../runtime/runtime.js';
import { bitDecompose, bitDecomposeRequests } from './bitdec.js';
import { xorWithProduct } from './bitlt.js';
import { ltz, ltzRequests } from './compare.js';
import type { MaskOptions, MaskRequest } from './random.js';

/**
 * The one-hot position of the most significant bit of |b| for N elements: `pos` holds e_i for
 * b > 0 and `neg` for b < 0 (null for unsigned input), each k·N long, position-major (e_i of
 * element j at index i·N + j). Both are all zero for b = 0.
 */
export interface MsbOneHot {
  readonly k: number;
  readonly count: number;
  readonly pos: FpVec;
  readonly neg: FpVec | null;
}

/**
 * The mask requests of {@link msbOneHot} (for batched preprocessing).
 * @example
 * ```ts
 * const [m] = await randomMasks(rt, msbOneHotRequests(n, 41, true));
 * ```
 */
export function msbOneHotRequests(count: number, k: number, signed: boolean): MaskRequest[] {
  return ltzRequests(count * (signed ? 2 * k - 1 : k - 1), k + 1);
}

/**
 * Shares of the one-hot most-significant-bit position of |b| for signed k-bit b (or, with
 * `signed = false`, for 0 <= b < 2^(k-1), where negative inputs count as 0). One `ltz` call on
 * (2k − 1)·N (resp. (k − 1)·N) values of k + 1 bits.
 * @example
 * ```ts
 * const h = await msbOneHot(rt, b, 41, true);
 * const v = linearOfPosition(h, (i) => 1n << BigInt(40 - i), (i) => rt.field.p - (1n << BigInt(40 - i)));
 * ```
 */
export async function msbOneHot(
  rt: Runtime,
  b: FpVec,
  k: number,
  signed: boolean,
  masks: MaskOptions = {},
): Promise<MsbOneHot> {
  const K = rt.field.kernels;
  const N = b.length;
  const nu = k - 1;
  const nw = signed ? k : 0;
  // Operands: b − 2^i (i < k−1), then b + 2^i − 1 (i < k).
  const ops = fpVec(rt.field, (nu + nw) * N);
  for (let i = 0; i < nu; i++) {
    K.addScalar(fpSlice(ops, i * N, (i + 1) * N), b, rt.field.p - (1n << BigInt(i)));
  }
  for (let i = 0; i < nw; i++) {
    K.addScalar(fpSlice(ops, (nu + i) * N, (nu + i + 1) * N), b, (1n << BigInt(i)) - 1n);
  }
  const lt = await ltz(rt, ops, k + 1, masks);
  // u_i = 1 − ltz(b − 2^i) for i < k−1, u_{k−1} = 0; w_i = ltz(b + 2^i − 1).
  const u = fpVec(rt.field, k * N);
  for (let i = 0; i < nu; i++) {
    const ui = fpSlice(u, i * N, (i + 1) * N);
    K.neg(ui, fpSlice(lt, i * N, (i + 1) * N));
    K.addScalar(ui, ui, 1n);
  }
  const pos = differences(u, k, N);
  const neg = signed ? differences(fpSlice(lt, nu * N, (nu + k) * N), k, N) : null;
  return { k, count: N, pos, neg };
}

/** e_i = x_i − x_{i+1} (x_k = 0), position-major. */
function differences(x: FpVec, k: number, N: number): FpVec {
  const field = fieldOfVecOr127(x);
  const K = field.kernels;
  const e = fpVec(field, k * N);
  for (let i = 0; i < k; i++) {
    const ei = fpSlice(e, i * N, (i + 1) * N);
    if (i + 1 < k) K.sub(ei, fpSlice(x, i * N, (i + 1) * N), fpSlice(x, (i + 1) * N, (i + 2) * N));
    else ei.words.set(fpSlice(x, i * N, (i + 1) * N).words);
  }
  return e;
}

/**
 * Σ_i coef(i)·e_i (+ Σ_i negCoef(i)·e'_i for the negative part): any public function of the
 * position and sign, evaluated locally. Coefficients are field elements in [0, p).
 * @example
 * ```ts
 * const parity = linearOfPosition(h, (i) => BigInt(i & 1)); // [m is odd]
 * ```
 */
export function linearOfPosition(
  h: MsbOneHot,
  coef: (i: number) => bigint,
  negCoef?: (i: number) => bigint,
): FpVec {
  const field = fieldOfVecOr127(h.pos);
  const K = field.kernels;
  const N = h.count;
  const out = fpVec(field, N);
  for (let i = 0; i < h.k; i++) {
    K.axpy(out, coef(i), fpSlice(h.pos, i * N, (i + 1) * N));
    if (h.neg !== null && negCoef !== undefined) {
      K.axpy(out, negCoef(i), fpSlice(h.neg, i * N, (i + 1) * N));
    }
  }
  return out;
}

/**
 * The scaling factor v = sign(b)·2^(k-1-m) for m = the position of the most significant bit of
 * |b| (0 for b = 0), so that b·v ∈ [2^(k-1), 2^k) for b ≠ 0. Local.
 * @example
 * ```ts
 * const v = scaleOf(await msbOneHot(rt, b, 41, true));
 * ```
 */
export function scaleOf(h: MsbOneHot): FpVec {
  const k = h.k;
  return linearOfPosition(
    h,
    (i) => 1n << BigInt(k - 1 - i),
    (i) => fieldOfVecOr127(h.pos).p - (1n << BigInt(k - 1 - i)),
  );
}

/**
 * [b ≠ 0]: the sum of the one-hot entries. Local.
 * @example
 * ```ts
 * const nz = nonZeroOf(await msbOneHot(rt, b, 41, true));
 * ```
 */
export function nonZeroOf(h: MsbOneHot): FpVec {
  return linearOfPosition(
    h,
    () => 1n,
    () => 1n,
  );
}

/** How {@link normalize} finds the top bit: comparisons (fewer rounds) or bits (fewer bytes). */
export type NormMethod = 'bits' | 'comparisons';

/** Options of {@link normalize}. */
export interface NormalizeOptions {
  /** b may be negative (default true). With false, b must satisfy 0 <= b < 2^(k-1). */
  readonly signed?: boolean;
  /** Default 'bits'. */
  readonly method?: NormMethod;
  /** Return v = sign(b)·2^(k-1-m) (default false). */
  readonly wantScale?: boolean;
  /** Vectors x (of b's length) to return x·v for, computed in the same round as c. */
  readonly extras?: readonly FpVec[];
}

/** The result of {@link normalize}; see there. */
export interface Normalized {
  /** |b|·2^(k-1-m) ∈ [2^(k-1), 2^k] (2^(k-1) where b = 0). */
  readonly c: FpVec;
  /** sign(b)·2^(k-1-m), 0 where b = 0 (null unless `wantScale`). */
  readonly v: FpVec | null;
  /** [b ≠ 0] */
  readonly nonZero: FpVec;
  /** The one-hot top-bit position e_0..e_{k-1} (position-major, k·N). */
  readonly onehot: FpVec;
  /** x·v for each of `extras`. */
  readonly scaled: FpVec[];
}

/**
 * The mask requests of {@link normalize} (one entry, to take from a mask queue in order).
 * @example
 * ```ts
 * const q = await batchMasks(rt, [normalizeRequests(n, 41, true, 'bits')], 'norm');
 * ```
 */
export function normalizeRequests(
  count: number,
  k: number,
  signed: boolean,
  method: NormMethod,
): MaskRequest[] {
  return method === 'bits' ? bitDecomposeRequests(count, k) : msbOneHotRequests(count, k, signed);
}

/**
 * Normalization [CS10] (Norm) of signed (or non-negative) k-bit b: m = the top bit of |b| (for
 * negative b, of |b| − 1 = ¬b, so that |b| ∈ [2^m, 2^(m+1)] and c may equal 2^k exactly when |b|
 * is a power of two), c = |b|·2^(k-1-m) ∈ [2^(k-1), 2^k], the one-hot of m, and optionally
 * v = sign(b)·2^(k-1-m) and x·v for other vectors x. b = 0 gives c = 2^(k-1), v = 0.
 *
 * Methods. 'comparisons': {@link msbOneHot} (one `ltz` on 2k − 1 values per element, k − 1 for
 * non-negative b), then one reshare. 'bits' [CS10] Norm: `bitDecompose` [CdH10] of b, one
 * multiplication round for the bits XOR the sign (so negative b yields the bits of ¬b), a
 * log-depth prefix-or from the top (OR(x, y) = x + y − xy, ⌈log2(k−1)⌉ rounds, about
 * (k/2)·log2 k multiplications), then one reshare: about 20 times fewer bytes than the
 * comparisons for k = 41, for about 8 more rounds.
 * @example
 * ```ts
 * const { c, v } = await normalize(rt, b, 41, { wantScale: true }, q.take());
 * ```
 */
export async function normalize(
  rt: Runtime,
  b: FpVec,
  k: number,
  options: NormalizeOptions = {},
  masks: MaskOptions = {},
): Promise<Normalized> {
  const signed = options.signed ?? true;
  const extras = options.extras ?? [];
  const K = rt.field.kernels;
  const N = b.length;
  const fixZero = (c: FpVec, nz: FpVec): void => {
    const fix = fpVec(rt.field, N);
    K.mulScalar(fix, nz, rt.field.p - (1n << BigInt(k - 1)));
    K.addScalar(fix, fix, 1n << BigInt(k - 1));
    K.add(c, c, fix);
  };
  if ((options.method ?? 'bits') === 'comparisons') {
    const h = await msbOneHot(rt, b, k, signed, masks);
    const v = scaleOf(h);
    const left = fpConcat([b, ...extras]);
    const right = fpConcat(Array<FpVec>(1 + extras.length).fill(v));
    const red = await rt.mul(left, right, 'normalize');
    const c = fpSlice(red, 0, N);
    const nz = nonZeroOf(h);
    fixZero(c, nz);
    const onehot = fpVec(rt.field, k * N);
    K.add(onehot, onehot, h.pos);
    if (h.neg !== null) K.add(onehot, onehot, h.neg);
    return {
      c,
      v: options.wantScale === true ? v : null,
      nonZero: nz,
      onehot,
      scaled: extras.map((_, j) => fpSlice(red, (j + 1) * N, (j + 2) * N)),
    };
  }
  // 'bits': two's complement bits of b, bit-major.
  const bits = await bitDecompose(rt, b, k, masks);
  const L = k - 1;
  const at = (v: FpVec, i: number): FpVec => fpSlice(v, i * N, (i + 1) * N);
  let d: FpVec; // d_i, i < k−1: bits of |b| (b >= 0) or of ¬b (b < 0), with d_0 OR-ed with s
  let absB = b;
  let signedExtras = [...extras];
  const s = signed ? at(bits, k - 1) : null;
  if (s === null) {
    d = fpSlice(bits, 0, L * N);
  } else {
    // One round: bit_i·s (i < k−1), b·s and x_j·s.
    const left = fpConcat([fpSlice(bits, 0, L * N), b, ...extras]);
    const right = fpConcat(Array<FpVec>(L + 1 + extras.length).fill(s));
    const ps = await rt.mul(left, right, 'normalize');
    d = fpVec(rt.field, L * N);
    for (let i = 0; i < L; i++) xorWithProduct(at(d, i), at(bits, i), s, at(ps, i));
    // d_0 := bit_0 OR s = bit_0 + s − bit_0·s, so that b = −1 (¬b = 0) has top bit 0.
    const d0 = at(d, 0);
    K.add(d0, at(bits, 0), s);
    K.sub(d0, d0, at(ps, 0));
    const absSigned = (x: FpVec, xs: FpVec): FpVec => {
      const out = fpVec(rt.field, N);
      K.mulScalar(out, xs, rt.field.p - 2n);
      K.add(out, out, x);
      return out;
    };
    absB = absSigned(b, at(ps, L));
    signedExtras = extras.map((x, j) => absSigned(x, at(ps, L + 1 + j)));
  }
  // Prefix-or from the top: y_j = d_{L-1-j}, Y_j = OR_{i<=j} y_i (Sklansky, in place).
  const y = fpVec(rt.field, L * N);
  for (let j = 0; j < L; j++) at(y, j).words.set(at(d, L - 1 - j).words);
  for (let w = 1; w < L; w <<= 1) {
    const idx: number[] = [];
    for (let j = 0; j < L; j++) if ((j & w) !== 0) idx.push(j);
    const lower = (j: number): number => (j & ~(2 * w - 1)) + w - 1;
    const left = fpConcat(idx.map((j) => at(y, j)));
    const right = fpConcat(idx.map((j) => at(y, lower(j))));
    const ps = await rt.mul(left, right, 'normalize');
    idx.forEach((j, q) => {
      const yj = at(y, j);
      K.add(yj, yj, at(y, lower(j)));
      K.sub(yj, yj, at(ps, q));
    });
  }
  // Z_i = OR_{i' >= i} d_{i'} = Y_{L-1-i}; e_i = Z_i − Z_{i+1} (Z_{k-1} = 0, e_{k-1} = 0).
  const onehot = fpVec(rt.field, k * N);
  for (let i = 0; i < L; i++) {
    const ei = at(onehot, i);
    ei.words.set(at(y, L - 1 - i).words);
    if (i + 1 < L) K.sub(ei, ei, at(y, L - 2 - i));
  }
  const nz = fpVec(rt.field, N);
  if (L > 0) nz.words.set(at(y, L - 1).words);
  const h: MsbOneHot = { k, count: N, pos: onehot, neg: null };
  const V = linearOfPosition(h, (i) => 1n << BigInt(k - 1 - i));
  // One round: |b|·V, the signed extras·V and (for v) s·V.
  const wantV = options.wantScale === true;
  const lefts = [absB, ...signedExtras, ...(wantV && s !== null ? [s] : [])];
  const left = fpConcat(lefts);
  const right = fpConcat(Array<FpVec>(lefts.length).fill(V));
  const red = await rt.mul(left, right, 'normalize');
  const c = fpSlice(red, 0, N);
  fixZero(c, nz);
  let v: FpVec | null = null;
  if (wantV) {
    v = fpVec(rt.field, N);
    v.words.set(V.words);
    if (s !== null)
      K.axpy(v, rt.field.p - 2n, fpSlice(red, (1 + extras.length) * N, (2 + extras.length) * N));
  }
  return {
    c,
    v,
    nonZero: nz,
    onehot,
    scaled: extras.map((_, j) => fpSlice(red, (j + 1) * N, (j + 2) * N)),
  };
}
