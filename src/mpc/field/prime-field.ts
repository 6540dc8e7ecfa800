/**
 * Field descriptors: the prime field a session computes in, chosen per session (per job).
 *
 * Two fields ship (see docs/protocols.md, "Fields"):
 *
 * - `fields.p127`: p = 2^127 - 1 (2 words, 16 bytes per element). The default: fastest kernels
 *   (WebAssembly), integers up to 64 bits, fixed point up to k = 42 (default k = 41, f = 16).
 * - `fields.p255`: p = 2^255 - 19 (4 words, 32 bytes per element). For wide fixed point
 *   (default k = 96, f = 32, |x| < 2^63 at resolution 2^-32) and sums or dot products of many
 *   64-bit values: 2k + κ + 1 + ⌈log2(t+1)⌉ <= 254 for k = 96, κ = 40, t <= 3.
 *
 * A descriptor is frozen and there is no global "current field": a `Runtime` takes one in its
 * options and every protocol reads `rt.field`. The kernels of a descriptor check that every
 * vector has the field's width (`words.length === words × length`) and throw a RangeError
 * otherwise, so vectors of two fields never mix silently.
 *
 * @module
 */
import { Field, type IField, P127 } from './fp.js';
import { type FpKernels, kernels as p127Kernels } from './kernels.js';
import { p255FirstNonCanonical, p255Kernels as p255KernelsImpl } from './kernels-p255.js';
import { P255 } from './p255.js';
import type { FpVec } from './vec.js';

/** Names of the shipped fields. */
export type FieldName = 'p127' | 'p255';

/** A prime field the engine can compute in. Objects are frozen. */
export interface PrimeField {
  readonly name: FieldName;
  /** The prime modulus. */
  readonly p: bigint;
  /** Bit length of p (127 or 255). */
  readonly bits: number;
  /** 64-bit words per element in an {@link FpVec}. */
  readonly words: number;
  /** Bytes per element on the wire (8 × words). */
  readonly bytes: number;
  /** Scalar arithmetic (bigint). */
  readonly F: IField<bigint>;
  /** Vector kernels; they reject vectors of another width. */
  readonly kernels: FpKernels;
  /**
   * Index of the first element of the packed `words` (`length` elements) that is not canonical
   * (>= p), or -1 when all are.
   */
  firstNonCanonical(words: BigUint64Array, length: number): number;
}

export { P255 };

/** Wraps `k` so that every vector argument must have `words` words per element. */
function widthChecked(k: FpKernels, words: number, field: string): FpKernels {
  const check = (op: string, v: FpVec): void => {
    if (v.words.length !== words * v.length) {
      throw new RangeError(
        `${op}: vector of ${v.length} elements has ${v.words.length} words, expected ${words * v.length} ` +
          `(a vector of another field than ${field}?)`,
      );
    }
  };
  return Object.freeze({
    get name() {
      return k.name;
    },
    add(out, a, b) {
      check('add', out);
      check('add', a);
      check('add', b);
      k.add(out, a, b);
    },
    sub(out, a, b) {
      check('sub', out);
      check('sub', a);
      check('sub', b);
      k.sub(out, a, b);
    },
    neg(out, a) {
      check('neg', out);
      check('neg', a);
      k.neg(out, a);
    },
    mul(out, a, b) {
      check('mul', out);
      check('mul', a);
      check('mul', b);
      k.mul(out, a, b);
    },
    addScalar(out, a, s) {
      check('addScalar', out);
      check('addScalar', a);
      k.addScalar(out, a, s);
    },
    mulScalar(out, a, s) {
      check('mulScalar', out);
      check('mulScalar', a);
      k.mulScalar(out, a, s);
    },
    axpy(out, s, a) {
      check('axpy', out);
      check('axpy', a);
      k.axpy(out, s, a);
    },
    sum(a) {
      check('sum', a);
      return k.sum(a);
    },
    dot(a, b) {
      check('dot', a);
      check('dot', b);
      return k.dot(a, b);
    },
    matmul(out, a, b, m, kk, n) {
      check('matmul', out);
      check('matmul', a);
      check('matmul', b);
      k.matmul(out, a, b, m, kk, n);
    },
    fromRandomBytes(out, bytes) {
      check('fromRandomBytes', out);
      k.fromRandomBytes(out, bytes);
    },
    fromInt64(out, x) {
      check('fromInt64', out);
      k.fromInt64(out, x);
    },
    toInt64(out, a) {
      check('toInt64', a);
      return k.toInt64(out, a);
    },
    modPow2(out, a, m) {
      check('modPow2', out);
      check('modPow2', a);
      k.modPow2(out, a, m);
    },
    lowBits(out, a, m) {
      check('lowBits', a);
      k.lowBits(out, a, m);
    },
  } satisfies FpKernels);
}

/** First element >= 2^127 - 1 of packed p127 words (32-bit limbs, no allocation per element). */
function p127FirstNonCanonical(words: BigUint64Array, length: number): number {
  const u = new Uint32Array(words.buffer, words.byteOffset, 4 * length);
  for (let i = 0; i < length; i++) {
    const w3 = u[4 * i + 3]!;
    // `&` yields a signed int32, so "all ones" is -1.
    if (
      w3 > 0x7fffffff ||
      (w3 === 0x7fffffff && (u[4 * i]! & u[4 * i + 1]! & u[4 * i + 2]!) === -1)
    )
      return i;
  }
  return -1;
}

let p127Checked: FpKernels | undefined;
let p127CheckedOf: FpKernels | undefined;
// The p255 kernels (./kernels-p255.ts) check the width of every operand themselves; the wrapper
// makes the error message name the field like p127's.
const p255Kernels = widthChecked(p255KernelsImpl, 4, 'p255');

const p127: PrimeField = Object.freeze({
  name: 'p127',
  p: P127,
  bits: 127,
  words: 2,
  bytes: 16,
  F: Field(P127),
  // The p127 kernels are chosen on first use (WebAssembly unless PARLEY_NO_WASM=1).
  get kernels(): FpKernels {
    const k = p127Kernels();
    if (p127CheckedOf !== k) {
      p127Checked = widthChecked(k, 2, 'p127');
      p127CheckedOf = k;
    }
    return p127Checked!;
  },
  firstNonCanonical: p127FirstNonCanonical,
} satisfies PrimeField);

const p255: PrimeField = Object.freeze({
  name: 'p255',
  p: P255,
  bits: 255,
  words: 4,
  bytes: 32,
  F: Field(P255),
  kernels: p255Kernels,
  firstNonCanonical: p255FirstNonCanonical,
} satisfies PrimeField);

/**
 * The shipped fields.
 * @example
 * ```ts
 * const rt = new Runtime({ channel, committee, t: 1, field: fields.p255 });
 * rt.field.bits; // 255
 * ```
 */
export const fields: Readonly<Record<FieldName, PrimeField>> = Object.freeze({ p127, p255 });

/**
 * The field named `name`.
 * @throws {RangeError} for an unknown name.
 */
export function fieldByName(name: string): PrimeField {
  if (name === 'p127' || name === 'p255') return fields[name];
  throw new RangeError(`unknown field ${JSON.stringify(name)}: expected p127 or p255`);
}

/**
 * The shipped field whose width `v` has (2 words: p127, 4 words: p255), or undefined for an empty
 * vector (valid in every field). For local helpers that take no runtime.
 * @throws {RangeError} for a width no shipped field has.
 */
export function fieldOfVec(v: FpVec): PrimeField | undefined {
  if (v.length === 0) return undefined;
  const w = v.words.length / v.length;
  if (w === 2) return p127;
  if (w === 4) return p255;
  throw new RangeError(`vector of ${v.length} elements has ${v.words.length} words: no such field`);
}

/** {@link fieldOfVec}, with p127 for an empty vector (for outputs as long as the input). */
export function fieldOfVecOr127(v: FpVec): PrimeField {
  return fieldOfVec(v) ?? p127;
}
