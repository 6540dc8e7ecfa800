/**
 * What secure integers and secure fixed-point numbers have in common: linear arithmetic (local),
 * comparisons and ordering (which operate on the underlying signed k-bit integers, so one
 * protocol serves both types).
 *
 * Public operands: wherever a secure operand is accepted, a plain value (number, bigint, array or
 * typed array) is too; it is encoded with the vector's own type. A length-1 operand, secure or
 * public, is broadcast to the other operand's length.
 *
 * @module
 */
import { MpcProtocolError } from '../errors.js';
import { fieldOfVecOr127 } from '../field/prime-field.js';
import { type FpVec, fpVec } from '../field/vec.js';
import { eq, eqz, ge, gt, le, lt, ltz, ne } from '../protocols/compare.js';
import { argmax, argmin, elementwiseMax, elementwiseMin, max, min } from '../protocols/minmax.js';
import { type SortOptions, sort } from '../protocols/sort.js';
import { type Pending, SecureVector, broadcast } from './base.js';
import { type PlainValues, encode, plainLength, publicFailure } from './codec.js';
import type { SecBitVector } from './bit.js';
import { type SecIntType, type SecNumType, secbit, secint } from './types.js';
import type { SecIntVector } from './int.js';

/** A secure vector of numbers: {@link SecIntVector} or {@link SecFxpVector}. */
export abstract class SecNumVector<T extends SecNumType = SecNumType> extends SecureVector<T> {
  /**
   * The other operand of an elementwise operation, as shares (secure) or encoded values (public),
   * broadcast to the common length. `other` is null on non-members.
   */
  protected operand(
    op: string,
    y: this | PlainValues,
    broadcasting = true,
  ): { mine: FpVec | null; other: FpVec | null; length: number } {
    if (y instanceof SecureVector) {
      this.checkPeer(op, y);
      const length = this.zipLength(op, y.shape, y.length, broadcasting);
      if (this.share === null) return { mine: null, other: null, length };
      return {
        mine: broadcast(this.share, length),
        other: broadcast(y.share!, length),
        length,
      };
    }
    const n = plainLength(y);
    const length = this.zipLength(op, `public[${n}]`, n, broadcasting);
    const encoded = encode(this.type, y, publicFailure(op, this.type), this.session.runtime.field);
    if (this.share === null) return { mine: null, other: null, length };
    return { mine: broadcast(this.share, length), other: broadcast(encoded, length), length };
  }

  /**
   * this + y, elementwise. Local.
   * @example
   * ```ts
   * const z = x.add(y).add(1); // local
   * ```
   */
  add(y: this | PlainValues): this {
    if (y instanceof SecureVector && this.widerOf([y]) !== this.type)
      return this.retyped(this.widerOf([y])).add(y);
    const { mine, other, length } = this.operand('add', y);
    return this.derive(mine === null ? null : linear(mine, other!, 'add'), length);
  }

  /**
   * this − y, elementwise. Local.
   * @example
   * ```ts
   * const d = x.sub(y);
   * ```
   */
  sub(y: this | PlainValues): this {
    if (y instanceof SecureVector && this.widerOf([y]) !== this.type)
      return this.retyped(this.widerOf([y])).sub(y);
    const { mine, other, length } = this.operand('sub', y);
    return this.derive(mine === null ? null : linear(mine, other!, 'sub'), length);
  }

  /**
   * this · c for public integers c (any int64, a scalar is broadcast): a local product of the
   * shares with the public values, exact (the result must fit the type).
   */
  protected scale(c: PlainValues, op: string): this {
    const n = plainLength(c);
    const length = this.zipLength(op, `public[${n}]`, n);
    const encoded = encode(INT64, c, publicFailure(op, INT64), this.session.runtime.field);
    return this.derive(
      this.local((v) => {
        const out = fpVec(this.session.runtime.field, length);
        this.session.runtime.field.kernels.mul(
          out,
          broadcast(v, length),
          broadcast(encoded, length),
        );
        return out;
      }),
      length,
    );
  }

  /**
   * −this. Local.
   * @example
   * ```ts
   * x.neg();
   * ```
   */
  neg(): this {
    return this.derive(
      this.local((v) => {
        const out = fpVec(this.session.runtime.field, v.length);
        this.session.runtime.field.kernels.neg(out, v);
        return out;
      }),
      this.length,
    );
  }

  /**
   * [this < y], elementwise, as secure bits: LTZ [CdH10] on the (k+1)-bit difference
   * (steps: see the cost table of docs/programming.md). `y` may be public or of length 1.
   * @example
   * ```ts
   * const below = await salary.lt(50_000); // secure bits
   * ```
   */
  lt(y: this | PlainValues): Pending<SecBitVector> {
    return this.compare('lt', y);
  }

  /** [this <= y], elementwise; see {@link lt}. */
  le(y: this | PlainValues): Pending<SecBitVector> {
    return this.compare('le', y);
  }

  /** [this > y], elementwise; see {@link lt}. */
  gt(y: this | PlainValues): Pending<SecBitVector> {
    return this.compare('gt', y);
  }

  /** [this >= y], elementwise; see {@link lt}. */
  ge(y: this | PlainValues): Pending<SecBitVector> {
    return this.compare('ge', y);
  }

  /**
   * [this = y], elementwise: masked opening and a Hamming-distance test [CdH10] on the
   * (k+1)-bit difference (see `protocols/compare.ts`).
   * @example
   * ```ts
   * const same = await x.eq(y);
   * ```
   */
  eq(y: this | PlainValues): Pending<SecBitVector> {
    return this.compare('eq', y);
  }

  /** [this ≠ y], elementwise; see {@link eq}. */
  ne(y: this | PlainValues): Pending<SecBitVector> {
    return this.compare('ne', y);
  }

  /**
   * [this < 0], elementwise: LTZ [CdH10] on k bits (one bit cheaper than `lt(0)`).
   * @example
   * ```ts
   * const neg = await x.isNegative();
   * ```
   */
  isNegative(): Pending<SecBitVector> {
    const k = this.type.k;
    return this.compute<SecBitVector>(
      (s) => this.session.fromShares(secbit, this.length, s),
      (rt, x) => ltz(rt, x, k),
    );
  }

  /**
   * [this = 0], elementwise: EQZ on k bits (cheaper than `eq(0)`).
   * @example
   * ```ts
   * const zero = await x.isZero();
   * ```
   */
  isZero(): Pending<SecBitVector> {
    const k = this.type.k;
    return this.compute<SecBitVector>(
      (s) => this.session.fromShares(secbit, this.length, s),
      (rt, x) => eqz(rt, x, k),
    );
  }

  private compare(op: keyof typeof COMPARISONS, y: this | PlainValues): Pending<SecBitVector> {
    const { mine, other, length } = this.operand(op, y);
    const k = this.type.k;
    return this.compute<SecBitVector>(
      (s) => this.session.fromShares(secbit, length, s),
      (rt) => COMPARISONS[op](rt, mine!, other!, k),
    );
  }

  /**
   * Without an argument, the smallest element (length 1): a tournament of ⌈log2 n⌉ levels, each
   * one comparison and one multiplication round. With `y`, the elementwise minimum (one
   * comparison and one multiplication round).
   * @throws {MpcProtocolError} for an empty vector.
   * @example
   * ```ts
   * const lowest = await x.min(); // length 1
   * const clipped = await x.max(0); // elementwise
   * ```
   */
  min(y?: this | PlainValues): Pending<this> {
    return this.extremum('min', y);
  }

  /** As {@link min}, for the largest element or the elementwise maximum. */
  max(y?: this | PlainValues): Pending<this> {
    return this.extremum('max', y);
  }

  private extremum(op: 'min' | 'max', y: this | PlainValues | undefined): Pending<this> {
    const k = this.type.k;
    if (y === undefined) {
      this.nonEmpty(op);
      return this.compute<this>(
        (s) => this.derive(s, 1),
        (rt, x) => (op === 'min' ? min(rt, x, k) : max(rt, x, k)),
      );
    }
    const { mine, other, length } = this.operand(op, y);
    return this.compute<this>(
      (s) => this.derive(s, length),
      (rt) => (op === 'min' ? elementwiseMin : elementwiseMax)(rt, mine!, other!, k),
    );
  }

  /**
   * The first position of the smallest element and that element (both of length 1; the index is
   * a `secint(32)`). Same cost as {@link min}, plus one multiplication per comparison.
   * @example
   * ```ts
   * const { index, value } = await bids.argmin();
   * ```
   */
  argmin(): Promise<ArgResult<this>> {
    return this.arg('argmin');
  }

  /**
   * The first position of the largest element and that element; see {@link argmin}.
   * @example
   * ```ts
   * const { index } = await bids.argmax();
   * await index.revealTo('auctioneer');
   * ```
   */
  argmax(): Promise<ArgResult<this>> {
    return this.arg('argmax');
  }

  private arg(op: 'argmin' | 'argmax'): Promise<ArgResult<this>> {
    this.nonEmpty(op);
    const { session, share } = this;
    const k = this.type.k;
    return session.schedule(async () => {
      const r =
        share === null
          ? null
          : await (op === 'argmin' ? argmin : argmax)(session.runtime, share, k);
      return {
        index: session.fromShares(INDEX_TYPE, 1, r?.index ?? null),
        value: this.derive(r?.value ?? null, 1),
      };
    });
  }

  /**
   * The elements in ascending order (descending with `{ descending: true }`): Batcher's odd–even
   * merge sort, one comparison and one multiplication round per layer, m(m+1)/2 layers for up to
   * 2^m elements. Not stable, which cannot be observed for a plain vector.
   * @example
   * ```ts
   * const ranked = await bids.sort({ descending: true });
   * ```
   */
  sort(options: SortOptions = {}): Pending<this> {
    return this.compute<this>(
      (s) => this.derive(s, this.length),
      (rt, x) => sort(rt, x, this.type.k, options),
    );
  }

  /**
   * Checks a public divisor before the operation takes its turn, so that every party (members
   * and non-members alike) refuses it at the call.
   */
  protected checkDivisor(op: string, d: number | bigint): void {
    if (typeof d === 'bigint' ? d < 1n : !Number.isSafeInteger(d) || d < 1) {
      throw new RangeError(`${op}: expected a positive integer divisor, got ${d}`);
    }
  }

  private nonEmpty(op: string): void {
    if (this.length === 0) {
      throw new MpcProtocolError(`${op}: expected a non-empty vector, got ${this.shape}.`);
    }
  }
}

/** The two-operand comparison protocols, by method name. */
const COMPARISONS = { lt, le, gt, ge, eq, ne } as const;

/** Public integer multipliers may be any signed 64-bit integer. */
const INT64: SecIntType = secint(64);

/** Positions returned by argmin/argmax are secure 32-bit integers. */
const INDEX_TYPE: SecIntType = secint(32);

/** A position and the value found there, both secure vectors of length 1. */
export interface ArgResult<V> {
  readonly index: SecIntVector;
  readonly value: V;
}

function linear(a: FpVec, b: FpVec, op: 'add' | 'sub'): FpVec {
  const field = fieldOfVecOr127(a);
  const out = fpVec(field, a.length);
  field.kernels[op](out, a, b);
  return out;
}
