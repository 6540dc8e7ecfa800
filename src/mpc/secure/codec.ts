/**
 * Encoding of JS values into field elements for a secure type, and decoding of opened field
 * elements back to JS values.
 *
 * Encodings (in the session's field, p127 or p255): a `secint(k)` value x is x mod p; a `secfxp({ f, k })` value x is
 * round(x · 2^f) mod p (nearest, halves away from zero, as `protocols/fixed.ts`); a `secbit` is
 * 0 or 1. Decoding reads an element as the signed integer in (-p/2, p/2) it represents, checks it
 * against the type's range and returns `bigint` for integers, `number` for fixed point and
 * `boolean` for bits.
 *
 * Security: the values encoded here may be secret (a party's input). Validation errors name the
 * index of the offending element and the expected range, never the value.
 *
 * @module
 */
import { MpcInputError, MpcProtocolError } from '../errors.js';
import { decodeSigned } from '../field/fp.js';
import type { PrimeField } from '../field/prime-field.js';
import { type FpVec, fpGet, fpSet, fpVec } from '../field/vec.js';
import { type SecType, typeName } from './types.js';

/** One plain value: `bigint` or `number` for numbers, `boolean` (or 0/1) for bits. */
export type PlainScalar = number | bigint | boolean;

/** Typed arrays accepted as vectors of plain values. */
export type PlainTypedArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/** A plain value or vector of plain values (a scalar is a vector of length 1). */
export type PlainValues = PlainScalar | readonly PlainScalar[] | PlainTypedArray;

/** Decoded values: `bigint` for secint, `number` for secfxp, `boolean` for secbit. */
export type Decoded<T extends SecType> = T extends { kind: 'int' }
  ? bigint[]
  : T extends { kind: 'fxp' }
    ? number[]
    : boolean[];

/** Throws the error for element `index` not fitting `expected`. */
export type EncodeFailure = (index: number, expected: string) => never;

/** The failure for secret inputs: an {@link MpcInputError} naming the index, never the value. */
export function inputFailure(op: string, type: SecType): EncodeFailure {
  return (index, expected) => {
    throw new MpcInputError(
      `${op}: element ${index} does not fit ${typeName(type)}: expected ${expected}.`,
      { index, type: typeName(type) },
    );
  };
}

/** The failure for public operands: a RangeError naming the operation and the index. */
export function publicFailure(op: string, type: SecType): EncodeFailure {
  return (index, expected) => {
    throw new RangeError(
      `${op}: public element ${index} does not fit ${typeName(type)}: expected ${expected}`,
    );
  };
}

/** The number of elements `values` holds (1 for a scalar). */
export function plainLength(values: PlainValues): number {
  return isScalar(values) ? 1 : values.length;
}

function isScalar(values: PlainValues): values is PlainScalar {
  return typeof values === 'number' || typeof values === 'bigint' || typeof values === 'boolean';
}

/** Rounds to the nearest integer, halves away from zero (as `fxpFromNumbers`). */
function roundHalfAway(v: number): number {
  // From 2^52 on every binary64 is an integer, and v ± 0.5 would itself round.
  if (Math.abs(v) >= 2 ** 52) return v;
  return v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5);
}

function pow2(e: number): bigint {
  return 1n << BigInt(e);
}

/** A human-readable range for messages: `[-2^31, 2^31)`. */
function intRange(k: number): string {
  return `an integer in [-2^${k - 1}, 2^${k - 1})`;
}

/**
 * Encodes `values` as field elements of `type`. `fail` is called (and must throw) for the first
 * element that does not fit.
 * @example
 * ```ts
 * encode(secint(8), [1, -2], inputFailure('input', secint(8))); // FpVec of 1, p - 2
 * ```
 */
export function encode(
  type: SecType,
  values: PlainValues,
  fail: EncodeFailure,
  field: PrimeField,
): FpVec {
  const n = plainLength(values);
  const out = fpVec(field, n);
  // A BigInt64Array of signed 64-bit secint values needs no check at all.
  if (values instanceof BigInt64Array && type.kind === 'int' && type.k === 64) {
    field.kernels.fromInt64(out, values);
    return out;
  }
  if (type.kind === 'fxp' && type.k > 64) return encodeWideFxp(type, values, fail, field, out);
  if (type.kind === 'int' && type.k > 64) return encodeWideInt(type, values, fail, field, out);
  const ints = new BigInt64Array(n);
  const at = (i: number): PlainScalar => (isScalar(values) ? values : (values[i] as PlainScalar));
  switch (type.kind) {
    case 'int': {
      const hi = pow2(type.k - 1);
      const expected = intRange(type.k);
      for (let i = 0; i < n; i++) {
        const v = at(i);
        let x: bigint;
        if (typeof v === 'bigint') x = v;
        else if (typeof v === 'number' && Number.isSafeInteger(v)) x = BigInt(v);
        else if (typeof v === 'number' && Number.isInteger(v))
          return fail(i, `${expected} (beyond 2^53 pass a bigint: this number may be rounded)`);
        else return fail(i, expected);
        if (x < -hi || x >= hi) return fail(i, expected);
        ints[i] = x;
      }
      break;
    }
    case 'fxp': {
      const scale = 2 ** type.f;
      const bound = 2 ** (type.k - 1);
      const hi = pow2(type.k - 1);
      const expected = `a finite number with |x| < 2^${type.k - type.f - 1} (${type.f} fractional bits)`;
      for (let i = 0; i < n; i++) {
        const v = at(i);
        if (typeof v === 'number') {
          if (!Number.isFinite(v)) return fail(i, expected);
          const scaled = roundHalfAway(v * scale);
          if (scaled < -bound || scaled >= bound) return fail(i, expected);
          ints[i] = BigInt(scaled);
        } else if (typeof v === 'bigint') {
          const scaled = v << BigInt(type.f);
          if (scaled < -hi || scaled >= hi) return fail(i, expected);
          ints[i] = scaled;
        } else return fail(i, expected);
      }
      break;
    }
    case 'bit': {
      for (let i = 0; i < n; i++) {
        const v = at(i);
        if (v === true || v === 1 || v === 1n) ints[i] = 1n;
        else if (v === false || v === 0 || v === 0n) ints[i] = 0n;
        else return fail(i, 'a bit: 0, 1, false or true');
      }
      break;
    }
  }
  field.kernels.fromInt64(out, ints);
  return out;
}

/** `encode` for integers wider than 64 bits (results of sums, as public constants): bigint. */
function encodeWideInt(
  type: SecType & { kind: 'int' },
  values: PlainValues,
  fail: EncodeFailure,
  field: PrimeField,
  out: FpVec,
): FpVec {
  const at = (i: number): PlainScalar => (isScalar(values) ? values : (values[i] as PlainScalar));
  const hi = pow2(type.k - 1);
  const expected = intRange(type.k);
  for (let i = 0; i < out.length; i++) {
    const v = at(i);
    let x: bigint;
    if (typeof v === 'bigint') x = v;
    else if (typeof v === 'number' && Number.isSafeInteger(v)) x = BigInt(v);
    else return fail(i, expected);
    if (x < -hi || x >= hi) return fail(i, expected);
    fpSet(field, out, i, x);
  }
  return out;
}

/** `encode` for fixed point wider than 64 bits (k > 64, p255): bigint per element. */
function encodeWideFxp(
  type: SecType & { kind: 'fxp' },
  values: PlainValues,
  fail: EncodeFailure,
  field: PrimeField,
  out: FpVec,
): FpVec {
  const n = out.length;
  const at = (i: number): PlainScalar => (isScalar(values) ? values : (values[i] as PlainScalar));
  const scale = 2 ** type.f;
  const bound = 2 ** (type.k - 1);
  const hi = pow2(type.k - 1);
  const expected = `a finite number with |x| < 2^${type.k - type.f - 1} (${type.f} fractional bits)`;
  for (let i = 0; i < n; i++) {
    const v = at(i);
    let scaled: bigint;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return fail(i, expected);
      // v · 2^f is exact in binary64 (a power-of-two scaling), so the rounding is correct.
      const r = roundHalfAway(v * scale);
      if (r < -bound || r >= bound) return fail(i, expected);
      scaled = BigInt(r);
    } else if (typeof v === 'bigint') {
      scaled = v << BigInt(type.f);
      if (scaled < -hi || scaled >= hi) return fail(i, expected);
    } else return fail(i, expected);
    fpSet(field, out, i, scaled);
  }
  return out;
}

/**
 * Decodes opened field elements of `type`. An element outside the type's range means the program
 * overflowed its declared bit length; that fails closed with an {@link MpcProtocolError} naming
 * the operation and the index (not the value) rather than returning a wrong number.
 * @example
 * ```ts
 * decode(secfxp(), opened, 'open'); // e.g. [1.5, -0.25]
 * ```
 */
export function decode<T extends SecType>(
  type: T,
  opened: FpVec,
  op: string,
  field: PrimeField,
): Decoded<T> {
  const n = opened.length;
  const overflow = (i: number): never => {
    throw new MpcProtocolError(
      `${op}: element ${i} is outside the range of ${typeName(type)} (the computation overflowed its bit length).`,
      { index: i, type: typeName(type) },
    );
  };
  if (type.kind === 'int' && type.k > 64) {
    // Wide integers (sums and dot products): exact bigints.
    const hi = pow2(type.k - 1);
    const out = new Array<bigint>(n);
    for (let i = 0; i < n; i++) {
      const x = decodeSigned(field.F, fpGet(opened, i));
      if (x < -hi || x >= hi) overflow(i);
      out[i] = x;
    }
    return out as Decoded<T>;
  }
  if (type.kind === 'fxp' && type.k > 64) {
    // Wide fixed point (p255): each element as a bigint, then the nearest binary64.
    const hi = pow2(type.k - 1);
    const scale = 2 ** type.f;
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const x = decodeSigned(field.F, fpGet(opened, i));
      if (x < -hi || x >= hi) overflow(i);
      out[i] = fxpBigToNumber(x, type.f, scale);
    }
    return out as Decoded<T>;
  }
  const ints = new BigInt64Array(n);
  const bad = field.kernels.toInt64(ints, opened);
  if (bad >= 0) overflow(bad);
  switch (type.kind) {
    case 'int':
    case 'fxp': {
      const hi = pow2(type.k - 1);
      for (let i = 0; i < n; i++) if (ints[i]! < -hi || ints[i]! >= hi) overflow(i);
      if (type.kind === 'int') return Array.from(ints) as Decoded<T>;
      const scale = 2 ** type.f;
      return Array.from(ints, (x) => Number(x) / scale) as Decoded<T>;
    }
    case 'bit': {
      for (let i = 0; i < n; i++) if (ints[i] !== 0n && ints[i] !== 1n) overflow(i);
      return Array.from(ints, (x) => x === 1n) as Decoded<T>;
    }
  }
  // Unreachable: the switch is exhaustive over SecType.
  throw new TypeError('decode: unknown type');
}

/**
 * x / 2^f as the nearest binary64 (relative error <= 2^-53): integer and fractional parts
 * converted separately so that neither loses more than one rounding.
 */
function fxpBigToNumber(x: bigint, f: number, scale: number): number {
  const neg = x < 0n;
  const a = neg ? -x : x;
  const ip = a >> BigInt(f);
  const fp = a & (pow2(f) - 1n);
  const v = Number(ip) + Number(fp) / scale;
  return neg ? -v : v;
}
