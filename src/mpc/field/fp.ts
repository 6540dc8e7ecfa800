/**
 * Prime fields over `bigint`, in the style of noble-curves' `abstract/modular.ts`.
 *
 * Parley's engine computes in Fp with p = 2^127 - 1 (a Mersenne prime, see docs/protocols.md for
 * why it fits 64-bit integers, fixed point with f = 16, and 40-bit statistical security). Scalar
 * code (sharing, setup, tests) uses this module; vector code uses the packed kernels in
 * `./kernels.ts`. Small fields such as p = 97 are for tests that must reach edge cases.
 *
 * All functions here are variable-time in their `bigint` arguments (JS gives no constant-time
 * guarantees for bigint arithmetic). They are used on shares and public values only, never in a
 * place where timing depends on a secret that a single party holds in the clear.
 *
 * @module
 */

/** A prime field with elements of type T (noble's `IField`). Objects are frozen. */
export interface IField<T> {
  readonly ORDER: bigint;
  /** Bits needed to hold any element. */
  readonly BITS: number;
  /** Bytes of a canonical little-endian encoding. */
  readonly BYTES: number;
  readonly ZERO: T;
  readonly ONE: T;
  create(x: T): T;
  isValid(x: T): boolean;
  eql(a: T, b: T): boolean;
  neg(a: T): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  pow(a: T, e: bigint): T;
  /** Multiplicative inverse. @throws {RangeError} for zero. */
  inv(a: T): T;
  div(a: T, b: T): T;
}

/** Non-negative remainder: `a mod b` in [0, b). */
export function mod(a: bigint, b: bigint): bigint {
  if (b <= 0n) throw new RangeError('mod: expected positive modulus, got ' + b);
  const r = a % b;
  return r >= 0n ? r : b + r;
}

/** Inverse of `a` mod `p` by the extended Euclidean algorithm (variable-time). */
export function invert(a: bigint, p: bigint): bigint {
  let x = mod(a, p);
  if (x === 0n) throw new RangeError('invert: expected non-zero element, got 0');
  let y = p;
  let u = 1n;
  let v = 0n;
  while (x !== 0n) {
    const q = y / x;
    [y, x] = [x, y - q * x];
    [v, u] = [u, v - q * u];
  }
  if (y !== 1n) throw new RangeError('invert: element is not invertible');
  return mod(v, p);
}

/**
 * Creates a frozen prime field of order `p`. Primality is not checked: pass a known prime.
 * @example
 * ```ts
 * const F = Field(97n);
 * F.mul(F.inv(5n), 5n); // 1n
 * ```
 */
export function Field(p: bigint): IField<bigint> {
  if (p < 2n) throw new RangeError('Field: expected prime >= 2, got ' + p);
  const BITS = p.toString(2).length;
  const F: IField<bigint> = {
    ORDER: p,
    BITS,
    BYTES: Math.ceil(BITS / 8),
    ZERO: 0n,
    ONE: 1n,
    create: (x) => mod(x, p),
    isValid: (x) => typeof x === 'bigint' && x >= 0n && x < p,
    eql: (a, b) => a === b,
    neg: (a) => (a === 0n ? 0n : p - a),
    add: (a, b) => mod(a + b, p),
    sub: (a, b) => mod(a - b, p),
    mul: (a, b) => mod(a * b, p),
    pow: (a, e) => {
      if (e < 0n) throw new RangeError('pow: expected non-negative exponent, got ' + e);
      let r = 1n;
      let b = mod(a, p);
      while (e > 0n) {
        if (e & 1n) r = (r * b) % p;
        b = (b * b) % p;
        e >>= 1n;
      }
      return r;
    },
    inv: (a) => invert(a, p),
    div: (a, b) => mod(a * invert(b, p), p),
  };
  return Object.freeze(F);
}

/** p = 2^127 - 1, the engine's field modulus. */
export const P127: bigint = (1n << 127n) - 1n;

/** The engine's field, Fp with p = 2^127 - 1. */
export const Fp127: IField<bigint> = Field(P127);

/**
 * Encodes a signed integer into Fp: x ↦ x mod p. Requires |x| < p/2.
 * @throws {RangeError} if |x| >= p/2 (the message does not include x).
 */
export function encodeSigned(F: IField<bigint>, x: bigint): bigint {
  const half = F.ORDER >> 1n;
  if (x > half || -x > half) throw new RangeError('encodeSigned: expected |x| < p/2');
  return mod(x, F.ORDER);
}

/** Decodes an element of Fp to the signed integer in (-p/2, p/2) it represents. */
export function decodeSigned(F: IField<bigint>, a: bigint): bigint {
  return a > F.ORDER >> 1n ? a - F.ORDER : a;
}
