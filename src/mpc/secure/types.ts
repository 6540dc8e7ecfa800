/**
 * Secure types: the descriptors that say how a secret-shared vector's field elements are read.
 * They play the role of MPyC's `mpc.SecInt(l)` and `mpc.SecFxp(l, f)` type factories.
 *
 * - `secint(k)`: signed integers x with -2^(k-1) <= x < 2^(k-1), encoded as x mod p. Inputs
 *   and programs use k <= 64 (default 64); sums and dot products widen k by what they may grow
 *   (see `./int.ts`), up to what the session's field holds ({@link maxIntBits}: 126 bits in
 *   p127, 254 in p255). Decoded as `bigint`, exactly.
 * - `secfxp({ f, k })`: fixed-point numbers x = x̄ / 2^f for a signed k-bit integer x̄. The
 *   default follows the session's field: f = 16, k = 41 in p127 (|x| < 2^24, resolution
 *   2^-16 ≈ 1.5e-5); f = 32, k = 96 in p255 (|x| < 2^63, resolution 2^-32 ≈ 2.3e-10). Encoded
 *   as x̄ mod p; decoded as the nearest `number` (float64).
 * - `secbit`: the bits 0 and 1, the results of comparisons.
 *
 * The bit length k is a promise the program makes: results of + − × must stay within k bits,
 * because comparisons, truncations and outputs rely on it (see docs/protocols.md for the bounds
 * each field gives). Outputs are checked against it, so an overflow fails closed at
 * the recipient instead of delivering a wrong value.
 *
 * @module
 */
import type { PrimeField } from '../field/prime-field.js';
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

/** Largest integer bit length of inputs and of `secint(k)` in programs. */
export const MAX_INT_BITS = 64;
/** Largest integer bit length of any field (p255); sums and dot products may reach it. */
export const MAX_WIDE_INT_BITS = 254;

/**
 * The largest k such that every signed k-bit integer is exact in `field`: 2^(k-1) <= (p-1)/2,
 * so 126 in p127 and 254 in p255.
 * @example
 * ```ts
 * maxIntBits(fields.p255); // 254
 * ```
 */
export function maxIntBits(field: PrimeField): number {
  return field.bits - 1;
}
/** Default integer bit length. */
export const DEFAULT_INT_BITS = 64;

/**
 * The type of secure signed `k`-bit integers, 1 <= k <= 64 (or up to 254 for the wide results
 * of sums and dot products, see {@link wideint}).
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
 * The type of secure signed `k`-bit integers for 1 <= k <= 254: what sums and dot products of
 * `secint` vectors return when they may outgrow 64 bits. A session refuses a type its field
 * cannot hold ({@link maxIntBits}).
 * @throws {RangeError} if `k` is not an integer in 1..254.
 * @example
 * ```ts
 * const total = wideint(88); // the sum of 2^24 values of secint(64)
 * ```
 */
export function wideint(k: number): SecIntType {
  if (!Number.isInteger(k) || k < 1 || k > MAX_WIDE_INT_BITS) {
    throw new RangeError(`wideint: expected bit length 1 <= k <= ${MAX_WIDE_INT_BITS}, got ${k}`);
  }
  return Object.freeze({ kind: 'int', k });
}

/**
 * Checks that `type` fits `field`: integers of at most {@link maxIntBits} bits, fixed point with
 * 2k + κ + 1 < bits (see `protocols/fixed.ts`).
 * @throws {RangeError} naming the type, the field and the limit.
 * @example
 * ```ts
 * checkTypeFits(secfxp({ k: 96, f: 32 }), fields.p127); // throws: k <= 42 in field p127
 * ```
 */
export function checkTypeFits(type: SecType, field: PrimeField): void {
  if (type.kind === 'int' && type.k > maxIntBits(field)) {
    throw new RangeError(
      `${typeName(type)} does not fit field ${field.name}: it holds signed integers of at most ${maxIntBits(field)} bits`,
    );
  }
  if (type.kind === 'fxp') {
    try {
      fxpFormat({ k: type.k, f: type.f }, field);
    } catch (err) {
      throw new RangeError(
        `${typeName(type)} does not fit field ${field.name}: ${err instanceof Error ? err.message : ''}`,
        { cause: err },
      );
    }
  }
}
/**
 * The type of secure fixed-point numbers with `f` fractional bits and `k` bits in all. Defaults
 * are those of `options.field` (p127 when absent: f = 16, k = 41; p255: f = 32, k = 96);
 * {@link Session.secfxp} gives the session's. The fixed-point protocols bound them:
 * 1 <= f <= k - 2 and 2k + κ + 1 < bits(p) (κ = 40, so k <= 42 in p127 and k <= 106 in p255)
 * so that a product can be truncated securely (see `protocols/fixed.ts`).
 * @throws {RangeError} naming k, f and the field if they are out of range.
 * @example
 * ```ts
 * const real = secfxp(); // f = 16, k = 41: |x| < 2^24, steps of 2^-16
 * const wide = secfxp({ field: fields.p255 }); // f = 32, k = 96: |x| < 2^63, steps of 2^-32
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
