/**
 * The wide field Fp255, p = 2^255 - 19, for fixed-point-heavy jobs.
 *
 * Fp127 leaves too little room for secure fixed point with k = 96 integer+fraction bits and
 * f = 32 fractional bits: truncation and comparison of a k-bit value need
 * 2k + κ + 1 + ⌈log2(t + 1)⌉ bits below p (κ = 40 the statistical security parameter, [CdH10],
 * [CS10]); with k = 96 that is 233 + ⌈log2(t + 1)⌉ <= 254 for any committee with t < 2^21. p is
 * the prime of Curve25519, chosen because 2^255 ≡ 19 and 2^256 ≡ 38 (mod p) make reduction a
 * cheap fold.
 *
 * Packed layout (see `./kernels-p255.ts`): element i of an `FpVec` over Fp255 occupies 4 words,
 * `words[4i] + 2^64 words[4i+1] + 2^128 words[4i+2] + 2^192 words[4i+3]`, canonical in [0, p);
 * on the wire it is those 32 bytes, little-endian. The helpers here are for tests, setup and
 * edges (one bigint per element), not for hot loops.
 *
 * @module
 */
import { type IField, Field, mod } from './fp.js';
import type { FpVec } from './vec.js';

/** p = 2^255 - 19. */
export const P255: bigint = (1n << 255n) - 19n;

/**
 * The field Fp with p = 2^255 - 19.
 * @example
 * ```ts
 * Fp255.mul(Fp255.inv(3n), 3n); // 1n
 * Fp255.neg(1n) === P255 - 1n; // true
 * ```
 */
export const Fp255: IField<bigint> = Field(P255);

/** Bytes per element of Fp255 in memory and on the wire. */
export const P255_BYTES = 32;

/** 64-bit words per element of Fp255. */
export const P255_WORDS = 4;

const MASK64 = (1n << 64n) - 1n;

/**
 * A zero vector of `length` elements of Fp255 (4 words each).
 * @throws {RangeError} if `length` is not a non-negative safe integer.
 * @example
 * ```ts
 * const v = p255Vec(3); // v.words.length === 12
 * ```
 */
export function p255Vec(length: number): FpVec {
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new RangeError('p255Vec: expected non-negative integer length, got ' + length);
  }
  return { length, words: new BigUint64Array(4 * length) };
}

/**
 * Element `i` of an Fp255 vector as a bigint (not for hot loops; `i` is not range-checked).
 * @example
 * ```ts
 * p255Get(p255FromBigInts([5n, -1n]), 1); // P255 - 1n
 * ```
 */
export function p255Get(v: FpVec, i: number): bigint {
  const w = v.words;
  const o = 4 * i;
  return (w[o + 3]! << 192n) | (w[o + 2]! << 128n) | (w[o + 1]! << 64n) | w[o]!;
}

/**
 * Sets element `i` of an Fp255 vector to `x mod p` (not for hot loops).
 * @example
 * ```ts
 * const v = p255Vec(1);
 * p255Set(v, 0, P255 + 2n); // v holds 2n
 * ```
 */
export function p255Set(v: FpVec, i: number, x: bigint): void {
  const r = x >= 0n && x < P255 ? x : mod(x, P255);
  const w = v.words;
  const o = 4 * i;
  w[o] = r & MASK64;
  w[o + 1] = (r >> 64n) & MASK64;
  w[o + 2] = (r >> 128n) & MASK64;
  w[o + 3] = r >> 192n;
}

/**
 * A vector over Fp255 holding `xs mod p`; signed values are encoded as x mod p.
 * @example
 * ```ts
 * p255ToBigInts(p255FromBigInts([1n, -1n])); // [1n, P255 - 1n]
 * ```
 */
export function p255FromBigInts(xs: readonly bigint[]): FpVec {
  const v = p255Vec(xs.length);
  for (let i = 0; i < xs.length; i++) p255Set(v, i, xs[i]!);
  return v;
}

/**
 * The values of an Fp255 vector as bigints (canonical when the vector is).
 * @example
 * ```ts
 * p255ToBigInts(p255Vec(2)); // [0n, 0n]
 * ```
 */
export function p255ToBigInts(v: FpVec): bigint[] {
  const out = new Array<bigint>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = p255Get(v, i);
  return out;
}
