/**
 * Packed vectors of elements of Fp127 (p = 2^127 - 1).
 *
 * Layout: element i is `words[2i] + 2^64 * words[2i+1]`, always canonical in [0, p). Vectors are
 * the hot path, so they are typed arrays, never arrays of bigint; arithmetic on them goes through
 * the kernels in `./kernels.ts`. Wire encoding: the little-endian bytes of `words`, 16 bytes per
 * element (see {@link fpVecToBytes}).
 *
 * @module
 */
import { P127, mod } from './fp.js';

/** A packed vector over Fp127. `words.length === 2 * length`. */
export interface FpVec {
  readonly length: number;
  readonly words: BigUint64Array;
}

/** Bytes per element on the wire and in memory. */
export const FP_BYTES = 16;

const MASK64 = (1n << 64n) - 1n;

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('fp vec: this engine requires a little-endian platform');
}

/** A zero vector of `length` elements. */
export function fpVec(length: number): FpVec {
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new RangeError('fpVec: expected non-negative integer length, got ' + length);
  }
  return { length, words: new BigUint64Array(2 * length) };
}

/** Wraps `words` (length 2n) as a vector without copying or checking. Internal use. */
export function fpVecOfWords(words: BigUint64Array): FpVec {
  return { length: words.length >>> 1, words };
}

/** Element `i` as a bigint (not for hot loops). */
export function fpGet(v: FpVec, i: number): bigint {
  return (v.words[2 * i + 1]! << 64n) | v.words[2 * i]!;
}

/** Sets element `i` to `x mod p` (not for hot loops). */
export function fpSet(v: FpVec, i: number, x: bigint): void {
  const r = x >= 0n && x < P127 ? x : mod(x, P127);
  v.words[2 * i] = r & MASK64;
  v.words[2 * i + 1] = r >> 64n;
}

/** A vector holding `xs mod p`. Accepts signed values (they are encoded as x mod p). */
export function fpFromBigInts(xs: readonly bigint[]): FpVec {
  const v = fpVec(xs.length);
  for (let i = 0; i < xs.length; i++) fpSet(v, i, xs[i]!);
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
  return { length: end - start, words: v.words.subarray(2 * start, 2 * end) };
}

/** The concatenation of `vs`. */
export function fpConcat(vs: readonly FpVec[]): FpVec {
  let n = 0;
  for (const v of vs) n += v.length;
  const out = fpVec(n);
  let o = 0;
  for (const v of vs) {
    out.words.set(v.words, o);
    o += v.words.length;
  }
  return out;
}

/**
 * The wire encoding of `v`: 16 bytes per element, little-endian, no header (the receiver knows the
 * expected length from the protocol step). Returns a view of `v`'s memory, not a copy.
 */
export function fpVecToBytes(v: FpVec): Uint8Array {
  return new Uint8Array(v.words.buffer, v.words.byteOffset, v.words.byteLength);
}

/**
 * Decodes and validates a vector received from a peer: exactly `expectedLength` elements, each
 * canonical (< p). Copies, so the result is aligned and owned.
 * @throws {RangeError} naming what is wrong (length or the index of the first bad element), never
 *   the bytes themselves.
 */
export function fpVecFromBytes(bytes: Uint8Array, expectedLength: number): FpVec {
  if (bytes.byteLength !== expectedLength * FP_BYTES) {
    throw new RangeError(
      `fpVecFromBytes: expected ${expectedLength * FP_BYTES} bytes (${expectedLength} elements), got ${bytes.byteLength}`,
    );
  }
  const words = new BigUint64Array(2 * expectedLength);
  new Uint8Array(words.buffer).set(bytes);
  // Canonical means < 2^127 - 1: bit 127 clear, and not all 127 low bits set. Checked on 32-bit
  // limbs so the loop allocates nothing. `&` yields a signed int32, so "all ones" is -1.
  const u = new Uint32Array(words.buffer);
  for (let i = 0; i < expectedLength; i++) {
    const w3 = u[4 * i + 3]!;
    if (
      w3 > 0x7fffffff ||
      (w3 === 0x7fffffff && (u[4 * i]! & u[4 * i + 1]! & u[4 * i + 2]!) === -1)
    ) {
      throw new RangeError(`fpVecFromBytes: element ${i} is not a canonical field element`);
    }
  }
  return { length: expectedLength, words };
}
