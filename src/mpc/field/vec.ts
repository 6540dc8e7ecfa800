/**
 * Packed vectors of elements of a prime field (see `./prime-field.ts`).
 *
 * Layout: element i is `Σ_w words[W·i + w] · 2^(64w)` with W = the field's words per element
 * (2 for p = 2^127 - 1, 4 for p = 2^255 - 19), always canonical in [0, p). Vectors are the hot
 * path, so they are typed arrays, never arrays of bigint; arithmetic on them goes through the
 * field's kernels, which reject a vector of another width. Wire encoding: the little-endian bytes
 * of `words`, 8·W bytes per element (see {@link fpVecToBytes}).
 *
 * Functions that create a vector take the field; the others read the width off the vector
 * (`words.length / length`).
 *
 * @module
 */
import { mod } from './fp.js';
import type { PrimeField } from './prime-field.js';

/** A packed vector over a prime field. `words.length === W * length` (W: the field's words). */
export interface FpVec {
  readonly length: number;
  readonly words: BigUint64Array;
}

/** The part of a field descriptor that vector layout needs. */
export type FieldShape = Pick<PrimeField, 'p' | 'words' | 'bytes' | 'name' | 'firstNonCanonical'>;

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('fp vec: this engine requires a little-endian platform');
}

/** Words per element of `v` (0 for an empty vector, which is valid in every field). */
export function fpWidth(v: FpVec): number {
  return v.length === 0 ? 0 : v.words.length / v.length;
}

/** A zero vector of `length` elements of `field`. */
export function fpVec(field: FieldShape, length: number): FpVec {
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new RangeError('fpVec: expected non-negative integer length, got ' + length);
  }
  return { length, words: new BigUint64Array(field.words * length) };
}

/** Wraps `words` (W words per element) as a vector without copying or checking. Internal use. */
export function fpVecOfWords(field: FieldShape, words: BigUint64Array): FpVec {
  return { length: words.length / field.words, words };
}

/** Element `i` as a bigint (not for hot loops). */
export function fpGet(v: FpVec, i: number): bigint {
  const W = fpWidth(v);
  let x = 0n;
  for (let w = W - 1; w >= 0; w--) x = (x << 64n) | v.words[W * i + w]!;
  return x;
}

/** Sets element `i` to `x mod p` (not for hot loops). */
export function fpSet(field: FieldShape, v: FpVec, i: number, x: bigint): void {
  let r = x >= 0n && x < field.p ? x : mod(x, field.p);
  const W = field.words;
  for (let w = 0; w < W; w++) {
    v.words[W * i + w] = BigInt.asUintN(64, r);
    r >>= 64n;
  }
}

/** A vector holding `xs mod p`. Accepts signed values (they are encoded as x mod p). */
export function fpFromBigInts(field: FieldShape, xs: readonly bigint[]): FpVec {
  const v = fpVec(field, xs.length);
  for (let i = 0; i < xs.length; i++) fpSet(field, v, i, xs[i]!);
  return v;
}

/** The canonical values of `v`, in [0, p). */
export function fpToBigInts(v: FpVec): bigint[] {
  const out = new Array<bigint>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = fpGet(v, i);
  return out;
}

/** A copy of `v`. */
export function fpClone(v: FpVec): FpVec {
  return { length: v.length, words: v.words.slice() };
}

/** Elements `start..end-1` of `v`, as a view (no copy). */
export function fpSlice(v: FpVec, start: number, end: number): FpVec {
  const W = fpWidth(v);
  return { length: end - start, words: v.words.subarray(W * start, W * end) };
}

/**
 * The concatenation of `vs`.
 * @throws {RangeError} if the vectors have different widths (fields).
 */
export function fpConcat(vs: readonly FpVec[]): FpVec {
  let n = 0;
  let W = 0;
  for (const v of vs) {
    n += v.length;
    const w = fpWidth(v);
    if (w !== 0 && W !== 0 && w !== W)
      throw new RangeError(`fpConcat: vectors of different fields (${W} and ${w} words)`);
    if (w !== 0) W = w;
  }
  const out = { length: n, words: new BigUint64Array(W * n) };
  let o = 0;
  for (const v of vs) {
    out.words.set(v.words, o);
    o += v.words.length;
  }
  return out;
}

/**
 * The wire encoding of `v`: 8·W bytes per element, little-endian, no header (the receiver knows
 * the expected length from the protocol step). Returns a view of `v`'s memory, not a copy.
 */
export function fpVecToBytes(v: FpVec): Uint8Array {
  return new Uint8Array(v.words.buffer, v.words.byteOffset, v.words.byteLength);
}

/**
 * Decodes and validates a vector of `field` received from a peer: exactly `expectedLength`
 * elements, each canonical (< p). Copies, so the result is aligned and owned.
 * @throws {RangeError} naming what is wrong (length or the index of the first bad element), never
 *   the bytes themselves.
 */
export function fpVecFromBytes(
  field: FieldShape,
  bytes: Uint8Array,
  expectedLength: number,
): FpVec {
  if (bytes.byteLength !== expectedLength * field.bytes) {
    throw new RangeError(
      `fpVecFromBytes: expected ${expectedLength * field.bytes} bytes (${expectedLength} elements of ${field.name}), got ${bytes.byteLength}`,
    );
  }
  const words = new BigUint64Array(field.words * expectedLength);
  new Uint8Array(words.buffer).set(bytes);
  const bad = field.firstNonCanonical(words, expectedLength);
  if (bad >= 0) {
    throw new RangeError(
      `fpVecFromBytes: element ${bad} is not a canonical field element (${field.name})`,
    );
  }
  return { length: expectedLength, words };
}
