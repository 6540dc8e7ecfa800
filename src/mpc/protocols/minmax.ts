/**
 * Minimum, maximum, argmin and argmax of a shared vector, and elementwise min/max of two vectors,
 * for signed k-bit integers (−2^(k−1) ≤ x < 2^(k−1), encoded as x mod p).
 *
 * Reduction. A balanced tournament of ⌈log2 n⌉ levels: level ℓ pairs neighbours (2i, 2i + 1) of
 * the previous level's winners (an odd last one passes through), compares all pairs of the level
 * with ONE vectorized comparison, c_i = [x_{2i+1} < x_{2i}] (min) or [x_{2i} < x_{2i+1}] (max),
 * i.e. `ltz` [CdH10] on the (k+1)-bit differences, and keeps x_{2i} + c_i·(x_{2i+1} − x_{2i})
 * with ONE multiplication round. argmin/argmax carry each winner's index through the same
 * tournament: the index differences are multiplied by the same c_i in the same round (at the
 * first level they are the public 1, so that level needs no extra multiplications).
 *
 * Ties: the right element wins only when it is strictly smaller (min) or strictly larger (max),
 * and every block of the tournament holds consecutive positions, left block first, so the
 * result is the FIRST position holding the minimum (maximum), as in mpyc and numpy.
 *
 * The masks of every level's `ltz` are data-independent and generated together before the first
 * level (`./ltz-masks.ts`), so each level costs only the online rounds of `ltz` plus one.
 *
 * Cost for n elements: the mask rounds of `ltz` once, then ⌈log2 n⌉ × (online rounds of `ltz`
 * + 1) (63 rounds for n = 1000, k = 32, t = 1); n − 1 comparisons; n − 1 multiplications for min/max besides the
 * comparisons, 2(n − 1) − ⌊n/2⌋ with the index. See docs/protocols/ordering.md.
 *
 * Security: semi-honest, t < n/2 (the committee's n), inherited from `ltz` (statistical, κ = 40)
 * and {@link Runtime.mul} [GRR98]. The schedule depends only on the public length. Inputs
 * outside the signed k-bit range give wrong results (undetected): that is the caller's contract.
 *
 * @module
 */
import { MpcProtocolError } from '../errors.js';
import { fieldOfVecOr127 } from '../field/prime-field.js';
import { type FpVec, fpConcat, fpSlice, fpVec, fpSet } from '../field/vec.js';
import type { Runtime } from '../runtime/runtime.js';
import { ltz } from './compare.js';
import { LtzMaskPlan, checkKeyBits } from './ltz-masks.js';

/** A shared position (0-based) and the shared value found there. Both have length 1. */
export interface ArgResult {
  readonly index: FpVec;
  readonly value: FpVec;
}

/**
 * Shares of min_i x_i for signed k-bit x (n ≥ 1 elements; result of length 1).
 * ⌈log2 n⌉ levels of one comparison round trip plus one multiplication round.
 * @throws {MpcProtocolError} if `x` is empty.
 * @example
 * ```ts
 * const m = await min(rt, x, 32); // shares of the smallest element, length 1
 * ```
 */
export async function min(rt: Runtime, x: FpVec, k: number): Promise<FpVec> {
  return (await tournament(rt, x, k, false, false, 'min')).value;
}

/**
 * Shares of max_i x_i for signed k-bit x (n ≥ 1 elements; result of length 1).
 * @throws {MpcProtocolError} if `x` is empty.
 * @example
 * ```ts
 * const m = await max(rt, x, 32);
 * ```
 */
export async function max(rt: Runtime, x: FpVec, k: number): Promise<FpVec> {
  return (await tournament(rt, x, k, true, false, 'max')).value;
}

/**
 * Shares of the first position i of the minimum of signed k-bit x, and of x_i.
 * Same rounds as {@link min}.
 * @throws {MpcProtocolError} if `x` is empty.
 * @example
 * ```ts
 * const { index, value } = await argmin(rt, x, 32); // index: shared 0-based position
 * ```
 */
export async function argmin(rt: Runtime, x: FpVec, k: number): Promise<ArgResult> {
  const r = await tournament(rt, x, k, false, true, 'argmin');
  return { index: r.index!, value: r.value };
}

/**
 * Shares of the first position i of the maximum of signed k-bit x, and of x_i.
 * @throws {MpcProtocolError} if `x` is empty.
 * @example
 * ```ts
 * const { index, value } = await argmax(rt, bids, 64); // winner and highest bid, still shared
 * ```
 */
export async function argmax(rt: Runtime, x: FpVec, k: number): Promise<ArgResult> {
  const r = await tournament(rt, x, k, true, true, 'argmax');
  return { index: r.index!, value: r.value };
}

/**
 * Shares of min(a_i, b_i) for signed k-bit vectors of equal length: one comparison, then one
 * multiplication round (a_i + c_i·(b_i − a_i), c_i = [b_i < a_i]).
 * @throws {MpcProtocolError} if the lengths differ.
 * @example
 * ```ts
 * const lo = await elementwiseMin(rt, a, b, 32);
 * ```
 */
export async function elementwiseMin(rt: Runtime, a: FpVec, b: FpVec, k: number): Promise<FpVec> {
  return elementwise(rt, a, b, k, false, 'elementwiseMin');
}

/**
 * Shares of max(a_i, b_i) for signed k-bit vectors of equal length (c_i = [a_i < b_i]).
 * @throws {MpcProtocolError} if the lengths differ.
 * @example
 * ```ts
 * const hi = await elementwiseMax(rt, a, b, 32);
 * ```
 */
export async function elementwiseMax(rt: Runtime, a: FpVec, b: FpVec, k: number): Promise<FpVec> {
  return elementwise(rt, a, b, k, true, 'elementwiseMax');
}

async function elementwise(
  rt: Runtime,
  a: FpVec,
  b: FpVec,
  k: number,
  wantMax: boolean,
  op: string,
): Promise<FpVec> {
  if (a.length !== b.length) {
    throw new MpcProtocolError(`${op}: expected equal lengths, got ${a.length} and ${b.length}.`);
  }
  checkKeyBits(op, k, rt.t, 1, rt.field);
  if (a.length === 0) return fpVec(rt.field, 0); // public length: every party skips alike
  const K = rt.field.kernels;
  const d = fpVec(rt.field, a.length);
  K.sub(d, b, a);
  const c = await ltz(rt, wantMax ? negated(d) : d, k + 1);
  const out = await rt.mul(c, d, op);
  K.add(out, out, a);
  return out;
}

/** -v as a new vector. */
function negated(v: FpVec): FpVec {
  const field = fieldOfVecOr127(v);
  const out = fpVec(field, v.length);
  field.kernels.neg(out, v);
  return out;
}

/** Elements 0, 2, 4, ... and 1, 3, 5, ... of the first 2h elements of `v` (word copies). */
function deinterleave(v: FpVec, h: number): [FpVec, FpVec] {
  const field = fieldOfVecOr127(v);
  const W = field.words;
  const even = fpVec(field, h);
  const odd = fpVec(field, h);
  const s = v.words;
  for (let i = 0; i < h; i++) {
    even.words.set(s.subarray(2 * W * i, 2 * W * i + W), W * i);
    odd.words.set(s.subarray(2 * W * i + W, 2 * W * (i + 1)), W * i);
  }
  return [even, odd];
}

async function tournament(
  rt: Runtime,
  x: FpVec,
  k: number,
  wantMax: boolean,
  withIndex: boolean,
  op: string,
): Promise<{ value: FpVec; index: FpVec | null }> {
  if (x.length === 0) {
    throw new MpcProtocolError(`${op}: expected a non-empty vector, got length 0.`);
  }
  checkKeyBits(op, k, rt.t, 1, rt.field);
  const K = rt.field.kernels;
  // Masks for the comparisons of every level, generated ahead (levels halve: n − 1 in all).
  const counts: number[] = [];
  for (let len = x.length; len > 1; len = (len >>> 1) + (len & 1)) counts.push(len >>> 1);
  const masks = new LtzMaskPlan(rt, counts, k + 1);
  let value = x;
  // Index shares; null while the indices are still the public 0..n-1 (before the first level).
  let index: FpVec | null = null;
  while (value.length > 1) {
    const len = value.length;
    const h = len >>> 1;
    const [left, right] = deinterleave(value, h);
    const d = fpVec(rt.field, h);
    K.sub(d, right, left);
    const c = await ltz(rt, wantMax ? negated(d) : d, k + 1, await masks.next());
    let nextValue: FpVec;
    let nextIndex: FpVec | null = null;
    if (!withIndex) {
      nextValue = await rt.mul(c, d, op);
    } else if (index === null) {
      // First level: positions 2i and 2i+1 are public, so the winner's index is 2i + c_i.
      nextValue = await rt.mul(c, d, op);
      nextIndex = fpVec(rt.field, h);
      for (let i = 0; i < h; i++) fpSet(rt.field, nextIndex, i, BigInt(2 * i));
      K.add(nextIndex, nextIndex, c);
    } else {
      const [il, ir] = deinterleave(index, h);
      const di = fpVec(rt.field, h);
      K.sub(di, ir, il);
      const e = await rt.mul(fpConcat([c, c]), fpConcat([d, di]), op);
      nextValue = fpSlice(e, 0, h);
      nextIndex = fpSlice(e, h, 2 * h);
      K.add(nextIndex, nextIndex, il);
    }
    K.add(nextValue, nextValue, left);
    if (len % 2 === 1) {
      // The odd last element passes through to the next level unchanged.
      nextValue = fpConcat([nextValue, fpSlice(value, len - 1, len)]);
      if (withIndex) {
        let last: FpVec;
        if (index === null) {
          last = fpVec(rt.field, 1);
          fpSet(rt.field, last, 0, BigInt(len - 1));
        } else last = fpSlice(index, len - 1, len);
        nextIndex = fpConcat([nextIndex!, last]);
      }
    }
    value = nextValue;
    index = nextIndex;
  }
  if (withIndex && index === null) index = fpVec(rt.field, 1); // n = 1: the index is the public 0.
  return { value: value === x ? fpConcat([x]) : value, index };
}
