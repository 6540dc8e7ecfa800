/**
 * Secure types: the descriptors that say how a secret-shared vector's field elements are read.
 * They play the role of MPyC's `mpc.SecInt(l)` and `mpc.SecFxp(l, f)` type factories.
 *
 * - `secint(k)`: signed integers x with -2^(k-1) <= x < 2^(k-1), 1 <= k <= 64 (default 64),
 *   encoded as x mod p.
 * - `secfxp({ f, k })`: fixed-point numbers x = x̄ / 2^f for a signed k-bit integer x̄ (defaults
 *   f = 16, k = 41: |x| < 2^24 with a resolution of 2^-16 ≈ 1.5e-5), encoded as x̄ mod p.
 * - `secbit`: the bits 0 and 1, the results of comparisons.
 *
 * The bit length k is a promise the program makes: results of + − × must stay within k bits,
 * because comparisons, truncations and outputs rely on it (see docs/protocols.md for the bounds
 * the field p = 2^127 - 1 gives). Outputs are checked against it, so an overflow fails closed at
 * the recipient instead of delivering a wrong value.
 *
 * @module
 */
import { type FxpOptions, fxpFormat } from '../protocols/fixed.js';

/** Secure signed k-bit integers. */
export interface SecIntType {
  readonly kind: 'int';
  /** Bit length, sign included: values lie in [-2^(k-1), 2^(k-1)). */
  readonly k: number;
}

/** Secure fixed-point numbers: k-bit signed integers scaled by 2^-f. */
export interface SecFxpType {
  readonly kind: 'fxp';
  /** Fractional bits. */
  readonly f: number;
  /** Bit length of the scaled integer, sign included. */
  readonly k: number;
}

/** Secure bits (0 or 1). */
export interface SecBitType {
  readonly kind: 'bit';
}

/** Any secure number type. */
export type SecType = SecIntType | SecFxpType | SecBitType;
/** The types of numbers that support arithmetic beyond that of bits. */
export type SecNumType = SecIntType | SecFxpType;

/** Largest integer bit length: decoded outputs are signed 64-bit integers. */
export const MAX_INT_BITS = 64;
/** Default integer bit length. */
export const DEFAULT_INT_BITS = 64;

/**
 * The type of secure signed `k`-bit integers, 1 <= k <= 64.
 * @throws {RangeError} if `k` is not an integer in 1..64.
 * @example
 * ```ts
 * const salary = secint(32); // values in [-2^31, 2^31)
 * ```
 */
export function secint(k: number = DEFAULT_INT_BITS): SecIntType {
  if (!Number.isInteger(k) || k < 1 || k > MAX_INT_BITS) {
    throw new RangeError(`secint: expected bit length 1 <= k <= ${MAX_INT_BITS}, got ${k}`);
  }
  return Object.freeze({ kind: 'int', k });
}

/**
 * The type of secure fixed-point numbers with `f` fractional bits and `k` bits in all (defaults
 * f = 16, k = 41). The fixed-point protocols bound them: 1 <= f <= k - 2 and 2k + κ + 1 < 127
 * (κ = 40, so k <= 42) so that a product can be truncated securely (see `protocols/fixed.ts`).
 * @throws {RangeError} naming k or f if they are out of range.
 * @example
 * ```ts
 * const real = secfxp(); // f = 16, k = 41: |x| < 2^24, steps of 2^-16
 * const coarse = secfxp({ f: 8, k: 32 });
 * ```
 */
export function secfxp(options: FxpOptions = {}): SecFxpType {
  const { f, k } = fxpFormat(options);
  return Object.freeze({ kind: 'fxp', f, k });
}

/** The type of secure bits. */
export const secbit: SecBitType = Object.freeze({ kind: 'bit' });

/**
 * The bit length of values of type `type` (1 for bits).
 * @example
 * ```ts
 * bitLength(secfxp()); // 41
 * ```
 */
export function bitLength(type: SecType): number {
  return type.kind === 'bit' ? 1 : type.k;
}

/**
 * A short name of `type` for messages: `secint(32)`, `secfxp(f=16, k=41)`, `secbit`.
 * @example
 * ```ts
 * typeName(secint(32)); // 'secint(32)'
 * ```
 */
export function typeName(type: SecType): string {
  switch (type.kind) {
    case 'int':
      return `secint(${type.k})`;
    case 'fxp':
      return `secfxp(f=${type.f}, k=${type.k})`;
    case 'bit':
      return 'secbit';
  }
}

/**
 * True when `a` and `b` are the same type with the same parameters.
 * @example
 * ```ts
 * sameType(secint(32), secint(32)); // true
 * ```
 */
export function sameType(a: SecType, b: SecType): boolean {
  return typeName(a) === typeName(b);
}
