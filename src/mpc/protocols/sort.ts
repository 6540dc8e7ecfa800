/**
 * Data-oblivious sorting of a shared vector, and of shared rows by a key column, for signed
 * k-bit integer keys (−2^(k−1) ≤ key < 2^(k−1), encoded as key mod p).
 *
 * Network. Batcher's odd–even merge sort [Bat68] (see `./network.ts`): for n ≤ 2^m it has
 * m(m+1)/2 layers of disjoint comparators (55 layers for n = 1000) and about (log2 n)²/4
 * comparators per element. Non-powers of two are handled by pruning the network (exact, no
 * sentinel values; see `./network.ts`). The schedule depends only on the public n.
 *
 * One layer = one comparison call + one multiplication round, whatever the number of
 * comparators. For every comparator (lo, hi) of the layer, with d = x_hi − x_lo:
 *   c = [d < 0] (ascending) or [−d < 0] (descending), by `ltz` [CdH10] on (k+1)-bit values;
 *   e = c·d (ONE multiplication per pair, all pairs of the layer in one round);
 *   x_lo ← x_lo + e (the min, or the max when descending), x_hi ← x_hi − e (the other one),
 * so min and max together cost one multiplication: max = x_lo + x_hi − min. For rows, the same
 * bit c moves the whole row: w multiplications per comparator, still one round per layer. The
 * masks of every layer's `ltz` are data-independent and generated ahead, in batches of about
 * 2^20 random bits (`./ltz-masks.ts`), so a layer costs only the online rounds of `ltz` plus one:
 * for t = 1 and 32-bit keys, 6 rounds per layer, 333 rounds for 10^3 keys.
 * See docs/protocols/ordering.md for the cost table.
 *
 * Stability. The network is not stable: rows with equal keys may come out in any (data-
 * independent, but not input) order. `sortRows(..., { stable: true })` makes it stable by
 * sorting on the composite key key·2^b + i (b = ⌈log2 m⌉, i the original row, or m − 1 − i when
 * descending), which costs b more bits per comparison and one more multiplication per comparator.
 *
 * Security: semi-honest, t < n/2 (the committee's n), inherited from `ltz` (statistical, κ = 40)
 * and {@link Runtime.mul} [GRR98]; no value is opened. Keys outside the signed k-bit range give
 * a wrong order (undetected): that is the caller's contract.
 *
 * @module
 */
import { MpcProtocolError } from '../errors.js';
import { fieldOfVecOr127 } from '../field/prime-field.js';
import { type FpVec, fpClone, fpConcat, fpSlice, fpVec } from '../field/vec.js';
import type { Runtime } from '../runtime/runtime.js';
import { ltz } from './compare.js';
import { LtzMaskPlan, checkKeyBits } from './ltz-masks.js';
import { oddEvenMergeSortNetwork } from './network.js';
import { repeatEach } from './select.js';

export interface SortOptions {
  /** Largest first (default: ascending, smallest first). */
  readonly descending?: boolean;
}

export interface SortRowsOptions extends SortOptions {
  /**
   * Keep rows with equal keys in their input order (default false). Costs ⌈log2 m⌉ more bits per
   * comparison and one more multiplication per comparator.
   */
  readonly stable?: boolean;
}

/**
 * Shares of the elements of `x` (signed k-bit integers) in ascending order (descending with
 * `{ descending: true }`). Batcher's odd–even merge sort [Bat68]: for n ≤ 2^m elements, m(m+1)/2
 * layers, each one `ltz` [CdH10] call plus one multiplication round; about (log2 n)²/4
 * comparisons and as many multiplications per element. Empty and one-element vectors cost no
 * round.
 * @example
 * ```ts
 * const sorted = await sort(rt, x, 32); // shares of x in ascending order
 * ```
 */
export async function sort(
  rt: Runtime,
  x: FpVec,
  k: number,
  options: SortOptions = {},
): Promise<FpVec> {
  checkKeyBits('sort', k, rt.t, 1, rt.field);
  const keys = fpClone(x);
  await sortInPlace(rt, keys, null, 0, k + 1, options.descending === true);
  return keys;
}

/**
 * Sorts m rows of w shared values (`rows` is m×w, row-major) by column `key`, whose values are
 * signed k-bit integers: whole rows move. Not stable unless `{ stable: true }` (see the module
 * doc). Per layer: one `ltz` call and one multiplication round of w (w + 1 if stable)
 * multiplications per comparator.
 * @throws {MpcProtocolError} if the shape or the key column is invalid.
 * @example
 * ```ts
 * // rows of (age, salary), oldest first, ties in input order
 * const byAge = await sortRows(rt, rows, 2, 0, 8, { descending: true, stable: true });
 * ```
 */
export async function sortRows(
  rt: Runtime,
  rows: FpVec,
  w: number,
  key: number,
  k: number,
  options: SortRowsOptions = {},
): Promise<FpVec> {
  if (!Number.isSafeInteger(w) || w < 1 || rows.length % w !== 0) {
    throw new MpcProtocolError(
      `sortRows: expected a positive row width dividing ${rows.length}, got ${w}.`,
    );
  }
  if (!Number.isSafeInteger(key) || key < 0 || key >= w) {
    throw new MpcProtocolError(`sortRows: expected a key column in 0..${w - 1}, got ${key}.`);
  }
  const m = rows.length / w;
  const descending = options.descending === true;
  const K = rt.field.kernels;
  const keys = column(rows, w, key);
  if (options.stable === true) {
    // Composite key key·2^b + i: distinct, and ordered like (key, i); i counts down when
    // descending so that equal keys still come out in input order.
    const b = m <= 1 ? 0 : Math.ceil(Math.log2(m));
    checkKeyBits('sortRows', k, rt.t, b + 1, rt.field);
    K.mulScalar(keys, keys, 1n << BigInt(b));
    const pos = fpVec(rt.field, m);
    K.fromInt64(
      pos,
      BigInt64Array.from({ length: m }, (_, i) => BigInt(descending ? m - 1 - i : i)),
    );
    K.add(keys, keys, pos);
    const payload = fpClone(rows);
    await sortInPlace(rt, keys, payload, w, k + b + 1, descending);
    return payload;
  }
  checkKeyBits('sortRows', k, rt.t, 1, rt.field);
  if (w === 1) {
    await sortInPlace(rt, keys, null, 0, k + 1, descending);
    return keys;
  }
  const payload = dropColumn(rows, w, key);
  await sortInPlace(rt, keys, payload, w - 1, k + 1, descending);
  return insertColumn(payload, w - 1, key, keys);
}

/**
 * Runs the network on `keys` (length m) and moves `payload` (m rows of `wp` values, or null)
 * with them, in place. `kDiff` is the bit length of key differences, passed to `ltz`.
 */
async function sortInPlace(
  rt: Runtime,
  keys: FpVec,
  payload: FpVec | null,
  wp: number,
  kDiff: number,
  descending: boolean,
): Promise<void> {
  const K = rt.field.kernels;
  const net = oddEvenMergeSortNetwork(keys.length);
  const width = 1 + (payload === null ? 0 : wp);
  // The masks of every layer's comparison, generated ahead in a few batches.
  const masks = new LtzMaskPlan(
    rt,
    net.layers.map((l) => l.lo.length),
    kDiff,
  );
  for (const layer of net.layers) {
    const pairs = layer.lo.length;
    // Gathered operands, laid out [keys of the pairs | payload rows of the pairs].
    const lo = fpVec(rt.field, pairs * width);
    const hi = fpVec(rt.field, pairs * width);
    gather(lo, keys, payload, wp, layer.lo);
    gather(hi, keys, payload, wp, layer.hi);
    const diff = fpVec(rt.field, pairs * width);
    K.sub(diff, hi, lo);
    const d = fpSlice(diff, 0, pairs);
    let c: FpVec;
    if (descending) {
      const nd = fpVec(rt.field, pairs);
      K.neg(nd, d);
      c = await ltz(rt, nd, kDiff, await masks.next());
    } else {
      c = await ltz(rt, d, kDiff, await masks.next());
    }
    const bits = width === 1 ? c : fpConcat([c, repeatEach(c, wp)]);
    const e = await rt.mul(bits, diff, 'sort');
    K.add(lo, lo, e);
    K.sub(hi, hi, e);
    scatter(lo, keys, payload, wp, layer.lo);
    scatter(hi, keys, payload, wp, layer.hi);
  }
}

/** out = [keys[idx[0..P]] | payload rows idx[0..P]] (word copies). */
function gather(
  out: FpVec,
  keys: FpVec,
  payload: FpVec | null,
  wp: number,
  idx: readonly number[],
): void {
  const P = idx.length;
  const o = out.words;
  const kw = keys.words;
  const W = kw.length / keys.length;
  for (let c = 0; c < P; c++) {
    const i = idx[c]!;
    for (let w = 0; w < W; w++) o[W * c + w] = kw[W * i + w]!;
  }
  if (payload === null) return;
  const pw = payload.words;
  const rowWords = W * wp;
  for (let c = 0; c < P; c++) {
    const src = idx[c]! * rowWords;
    o.set(pw.subarray(src, src + rowWords), W * P + c * rowWords);
  }
}

/** The inverse of {@link gather}: writes the gathered values back to their positions. */
function scatter(
  from: FpVec,
  keys: FpVec,
  payload: FpVec | null,
  wp: number,
  idx: readonly number[],
): void {
  const P = idx.length;
  const f = from.words;
  const kw = keys.words;
  const W = kw.length / keys.length;
  for (let c = 0; c < P; c++) {
    const i = idx[c]!;
    for (let w = 0; w < W; w++) kw[W * i + w] = f[W * c + w]!;
  }
  if (payload === null) return;
  const pw = payload.words;
  const rowWords = W * wp;
  for (let c = 0; c < P; c++) {
    const src = W * P + c * rowWords;
    pw.set(f.subarray(src, src + rowWords), idx[c]! * rowWords);
  }
}

/** Column `j` of an m×w row-major matrix, as a new vector. */
function column(rows: FpVec, w: number, j: number): FpVec {
  const m = rows.length / w;
  const field = fieldOfVecOr127(rows);
  const W = field.words;
  const out = fpVec(field, m);
  for (let r = 0; r < m; r++) {
    out.words.set(rows.words.subarray(W * (r * w + j), W * (r * w + j + 1)), W * r);
  }
  return out;
}

/** The m×(w−1) matrix without column `j`. */
function dropColumn(rows: FpVec, w: number, j: number): FpVec {
  const m = rows.length / w;
  const field = fieldOfVecOr127(rows);
  const W = field.words;
  const out = fpVec(field, m * (w - 1));
  for (let r = 0; r < m; r++) {
    const src = rows.words.subarray(W * r * w, W * (r + 1) * w);
    out.words.set(src.subarray(0, W * j), W * r * (w - 1));
    out.words.set(src.subarray(W * (j + 1)), W * (r * (w - 1) + j));
  }
  return out;
}

/** The m×(wp+1) matrix with `col` inserted as column `j` of the m×wp matrix `rows`. */
function insertColumn(rows: FpVec, wp: number, j: number, col: FpVec): FpVec {
  const m = col.length;
  const w = wp + 1;
  const field = fieldOfVecOr127(col);
  const W = field.words;
  const out = fpVec(field, m * w);
  for (let r = 0; r < m; r++) {
    const src = rows.words.subarray(W * r * wp, W * (r + 1) * wp);
    out.words.set(src.subarray(0, W * j), W * r * w);
    out.words.set(col.words.subarray(W * r, W * (r + 1)), W * (r * w + j));
    out.words.set(src.subarray(W * j), W * (r * w + j + 1));
  }
  return out;
}
