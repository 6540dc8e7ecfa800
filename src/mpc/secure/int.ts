/**
 * Secure integer vectors: `secint(k)` values, signed k-bit integers (k <= 64, default 64).
 *
 * Elementwise results (+, −, ×) must stay within k bits: that is the program's promise, which
 * comparisons, truncations and outputs rely on; an output that does not fit fails closed at the
 * recipient. Aggregates need no promise: {@link SecIntVector.sum} and {@link SecIntVector.dot}
 * return a wider type that holds every possible result exactly (magnitude bound in bits):
 *
 * - sum of n values of k bits: k + ⌈log2 n⌉ bits (|Σ x_i| <= n·2^(k-1));
 * - dot of n products of k_a- and k_b-bit values: k_a + k_b − 1 + ⌈log2 n⌉ bits;
 *
 * and refuse, before any round, a result that the session's field cannot hold without wrapping
 * (more than {@link maxIntBits}: 126 bits in p127, 254 in p255), with an error naming the bound
 * and the field. So a sum of 10^7 values of secint(64) (88 bits) is exact in both fields, and a
 * dot product of two such columns (152 bits) is exact in p255 and refused in p127.
 *
 * @module
 */
import type { PrimeField } from '../field/prime-field.js';
import type { FpVec } from '../field/vec.js';
import { bitDecompose } from '../protocols/bitdec.js';
import { fxpFromIntShares } from '../protocols/fixed.js';
import { divModPublic, divPublic } from '../protocols/intdiv.js';
import { dot } from '../protocols/linalg.js';
import { sum } from '../protocols/stats.js';
import { mod2m, trunc, truncPr } from '../protocols/trunc.js';
import { type Pending, pending, transposeShares } from './base.js';
import type { SecBitVector } from './bit.js';
import type { PlainValues } from './codec.js';
import type { SecFxpVector } from './fxp.js';
import { SecNumVector } from './num.js';
import {
  type SecFxpType,
  type SecIntType,
  checkTypeFits,
  maxIntBits,
  secbit,
  typeName,
  wideint,
} from './types.js';

/** ⌈log2 n⌉ (0 for n <= 1). */
function log2Ceil(n: number): number {
  let b = 0;
  while (2 ** b < n) b++;
  return b;
}

/**
 * Signed bits of a sum of `n` values of `bits` bits: bits + ⌈log2 n⌉ (|Σ| <= n·2^(bits-1)).
 * @example
 * ```ts
 * sumBits(64, 1e7); // 88
 * ```
 */
export function sumBits(bits: number, n: number): number {
  return bits + log2Ceil(n);
}

/**
 * Signed bits of a dot product of `n` products of `a`- and `b`-bit values: a + b + ⌈log2 n⌉.
 * @example
 * ```ts
 * dotBits(64, 64, 1e7); // 152: fits p255 (254 bits), not p127 (126)
 * ```
 */
export function dotBits(a: number, b: number, n: number): number {
  return a + b + log2Ceil(n);
}

/**
 * Checks that results of `bits` signed bits fit `field` without wrapping ({@link maxIntBits}).
 * @throws {RangeError} naming `op`, `what`, the bound and the field.
 * @example
 * ```ts
 * checkIntBits('dot', dotBits(64, 64, 1e7), fields.p127, 'a dot product'); // throws
 * ```
 */
export function checkIntBits(op: string, bits: number, field: PrimeField, what: string): void {
  const max = maxIntBits(field);
  if (bits > max) {
    throw new RangeError(
      `${op}: ${what} may need ${bits} bits (|result| < 2^${bits - 1}), more than field ${field.name} holds without wrapping (${max} bits); use field p255 or fewer or narrower values`,
    );
  }
}

/**
 * A secret-shared vector of signed k-bit integers.
 * @example
 * ```ts
 * const x = await mpc.input([1n, -2n], { from: 'acme', type: secint(32) });
 * ```
 */
export class SecIntVector extends SecNumVector<SecIntType> {
  override derive(share: FpVec | null, length: number): this {
    return new SecIntVector(this.session, this.type, length, share) as this;
  }

  /** A tighter magnitude bound than the type's, when an aggregate knows one. */
  private boundBits: number | undefined;

  /**
   * Magnitude bound in bits: every value lies in [-2^(bits-1), 2^(bits-1)). The type's k (the
   * program's promise for + − ×), or less for what an aggregate knows (a count of n bits has
   * ⌈log2(n+1)⌉ + 1). Sums, dot products and {@link toFixed} are checked with it.
   */
  get bits(): number {
    return this.boundBits ?? this.type.k;
  }

  /** This vector with the magnitude bound `bits` (at most the type's k). Internal. */
  withBits(bits: number): this {
    this.boundBits = Math.min(bits, this.type.k);
    return this;
  }

  /**
   * this · y, elementwise: a local product and one degree reduction [GRR98] (1 round). A public
   * `y` is multiplied locally ({@link mulPublic}).
   * @example
   * ```ts
   * const xy = await x.mul(y);
   * ```
   */
  mul(y: this | PlainValues): Pending<this> {
    if (!(y instanceof SecIntVector))
      return pending<this>(this.session, Promise.resolve(this.mulPublic(y)));
    if (this.widerOf([y]) !== this.type) return this.retyped(this.widerOf([y])).mul(y);
    const { mine, other, length } = this.operand('mul', y);
    return this.compute<this>(
      (s) => this.derive(s, length),
      (rt) => rt.mul(mine!, other!, 'mul'),
    );
  }

  /**
   * this · c for public integers c (any int64; a scalar is broadcast). Local.
   * @example
   * ```ts
   * const tripled = x.mulPublic(3);
   * ```
   */
  mulPublic(c: PlainValues): this {
    return this.scale(c, 'mulPublic');
  }

  /**
   * Σ x_i, a vector of length 1. Local.
   * @example
   * ```ts
   * const total = x.sum();
   * ```
   */
  sum(): SecIntVector {
    const bits = sumBits(this.bits, this.length);
    const type = this.widened('sum', bits, `the sum of ${this.length} values of ${this.bits} bits`);
    const field = this.session.runtime.field;
    const share = this.local((v) => sum(v, field));
    return new SecIntVector(this.session, type, 1, share).withBits(bits);
  }

  /**
   * The integer type of `bits` bits for the result of `op` (at least this type), or a RangeError
   * naming the bound and the field when the field cannot hold it.
   */
  private widened(op: string, bits: number, what: string): SecIntType {
    checkIntBits(op, bits, this.session.runtime.field, what);
    return bits <= this.type.k ? this.type : wideint(bits);
  }

  /** Magnitude bound of `y` in bits (public values: their largest bit length, at most 64). */
  private static bitsOf(y: SecIntVector | PlainValues): number {
    if (y instanceof SecIntVector) return y.bits;
    return 64;
  }

  /**
   * Σ x_i·y_i (length 1): one degree reduction of one element, whatever the length (1 round).
   * @example
   * ```ts
   * const s = await x.dot(y);
   * ```
   */
  dot(y: this | PlainValues): Pending<SecIntVector> {
    const kb = SecIntVector.bitsOf(y);
    const n = this.length;
    const bits = dotBits(this.bits, kb, n);
    const type = this.widened(
      'dot',
      bits,
      `the dot product of ${n} products of ${this.bits}-bit and ${kb}-bit values`,
    );
    const { mine, other } = this.operand('dot', y, false);
    return this.compute<SecIntVector>(
      (s) => new SecIntVector(this.session, type, 1, s).withBits(bits),
      (rt) => dot(rt, mine!, other!),
    );
  }

  /**
   * ⌊x / d⌋ for a public integer d >= 1, exactly (rounding towards −∞): a multiplication by a
   * public reciprocal, one or two probabilistic truncations and one vectorized comparison to
   * correct the estimate (`protocols/intdiv.ts`). Needs room under the mask bound: with k = 64
   * and small d it refuses with a RangeError (use a smaller k).
   * @example
   * ```ts
   * const weeks = await days.divPublic(7);
   * ```
   */
  divPublic(d: number | bigint): Pending<this> {
    this.checkDivisor('divPublic', d);
    const k = this.type.k;
    return this.compute<this>(
      (s) => this.derive(s, this.length),
      (rt, x) => divPublic(rt, x, k, d),
    );
  }

  /**
   * x mod d in [0, d) for a public integer d >= 1; same protocol and cost as {@link divPublic}.
   * @example
   * ```ts
   * const weekday = await days.modPublic(7);
   * ```
   */
  modPublic(d: number | bigint): Pending<this> {
    this.checkDivisor('modPublic', d);
    const k = this.type.k;
    return this.compute<this>(
      (s) => this.derive(s, this.length),
      async (rt, x) => (await divModPublic(rt, x, k, d)).remainder,
    );
  }

  /**
   * ⌊x / 2^m⌋, exactly (rounding towards −∞) [CdH10] Trunc, 0 <= m < k: a masked
   * opening and a bitwise comparison of m bits.
   * @example
   * ```ts
   * const kib = await bytes.shiftRight(10);
   * ```
   */
  shiftRight(m: number): Pending<this> {
    this.checkShift('shiftRight', m);
    return this.compute<this>(
      (s) => this.derive(s, this.length),
      (rt, x) => trunc(rt, x, this.type.k, m),
    );
  }

  /**
   * ⌊x / 2^m⌋ or ⌊x / 2^m⌋ + 1, the latter with probability (x mod 2^m)/2^m (rounding to nearest
   * in expectation) [CS10] TruncPr, 0 <= m < k: one masked opening and no bitwise comparison, so
   * fewer steps than {@link shiftRight}. For when an error of one unit is acceptable.
   * @example
   * ```ts
   * const approxKib = await bytes.shiftRightApprox(10);
   * ```
   */
  shiftRightApprox(m: number): Pending<this> {
    this.checkShift('shiftRightApprox', m);
    return this.compute<this>(
      (s) => this.derive(s, this.length),
      (rt, x) => truncPr(rt, x, this.type.k, m),
    );
  }

  /**
   * x mod 2^m in [0, 2^m), exactly [CdH10] Mod2m, 0 <= m < k. Same cost as {@link shiftRight}.
   * @example
   * ```ts
   * const low = await x.mod2m(8);
   * ```
   */
  mod2m(m: number): Pending<this> {
    this.checkShift('mod2m', m);
    return this.compute<this>(
      (s) => this.derive(s, this.length),
      (rt, x) => mod2m(rt, x, this.type.k, m),
    );
  }

  /**
   * The k bits of each x in two's complement (x mod 2^k), least significant first, as secure bits:
   * element e's bits are positions e·k .. e·k + k − 1 [CdH10] BitDec (masked opening and a
   * parallel-prefix subtraction, ⌈log2(k−1)⌉ rounds deep).
   * @example
   * ```ts
   * const bits = await x.toBits(); // k bits per element, LSB first
   * ```
   */
  toBits(): Pending<SecBitVector> {
    const { k } = this.type;
    const n = this.length;
    return this.compute<SecBitVector>(
      (s) => this.session.fromShares(secbit, n * k, s),
      // bitDecompose is bit-major (bit i of element e at i·n + e); transpose to element-major.
      async (rt, x) => transposeShares(await bitDecompose(rt, x, k), k, n),
    );
  }

  private checkShift(op: string, m: number): void {
    if (!Number.isInteger(m) || m < 0 || m >= this.type.k) {
      throw new RangeError(`${op}: expected 0 <= m < k = ${this.type.k}, got m = ${m}`);
    }
  }

  /**
   * The same numbers as fixed point of `type` (default: the session's `secfxp()`): a local
   * multiplication by 2^f. Refused (RangeError naming both types and the field) unless every
   * value of this type fits: k_int + f <= k_fxp, i.e. |x| < 2^(k_fxp − 1 − f).
   * @example
   * ```ts
   * const mean = await x.toFixed().mean();
   * ```
   */
  toFixed(type: SecFxpType = this.session.secfxp()): SecFxpVector {
    checkTypeFits(type, this.session.runtime.field);
    if (this.bits + type.f > type.k) {
      throw new RangeError(
        `toFixed: values of ${this.bits} bits (${typeName(this.type)}) need ${this.bits + type.f} bits as ${typeName(type)}, which has ${type.k} (field ${this.session.runtime.field.name}); use a wider fixed-point type or a narrower integer type`,
      );
    }
    return this.session.fromShares(
      type,
      this.length,
      this.local((v) =>
        fxpFromIntShares(v, { k: type.k, f: type.f, field: this.session.runtime.field }),
      ),
    );
  }
}
