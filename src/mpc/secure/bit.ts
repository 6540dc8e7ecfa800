/**
 * Secure bit vectors: the results of comparisons, and the conditions of oblivious selection.
 *
 * Every element is a shared 0 or 1. Bits only come from comparisons, from `input` with type
 * `secbit` (which checks each value) and from the operations below, which preserve the
 * invariant; select relies on it.
 *
 * @module
 */
import { MpcProtocolError } from '../errors.js';
import { type FpVec, fpSet, fpVec } from '../field/vec.js';
import { select } from '../protocols/select.js';
import { type Pending, SecureVector, broadcast } from './base.js';
import { type PlainValues, encode, plainLength, publicFailure } from './codec.js';
import type { SecIntVector } from './int.js';
import type { SecNumVector } from './num.js';
import { type SecBitType, type SecIntType, sameType, secint } from './types.js';

/**
 * A secret-shared vector of bits.
 * @example
 * ```ts
 * const rich = await salary.gt(100_000); // a SecBitVector
 * ```
 */
export class SecBitVector extends SecureVector<SecBitType> {
  override derive(share: FpVec | null, length: number): this {
    return new SecBitVector(this.session, this.type, length, share) as this;
  }

  /** The other bit operand, broadcast to the common length; shares are null on non-members. */
  private bitOperand(
    op: string,
    y: SecBitVector | PlainValues,
  ): { mine: FpVec | null; other: FpVec | null; length: number } {
    if (y instanceof SecBitVector) {
      this.checkPeer(op, y);
      const length = this.zipLength(op, y.shape, y.length);
      if (this.share === null) return { mine: null, other: null, length };
      return { mine: broadcast(this.share, length), other: broadcast(y.share!, length), length };
    }
    const n = plainLength(y);
    const length = this.zipLength(op, `public[${n}]`, n);
    const encoded = encode(this.type, y, publicFailure(op, this.type), this.session.runtime.field);
    if (this.share === null) return { mine: null, other: null, length };
    return { mine: broadcast(this.share, length), other: broadcast(encoded, length), length };
  }

  /**
   * ¬b = 1 − b. Local.
   * @example
   * ```ts
   * const poor = rich.not();
   * ```
   */
  not(): this {
    return this.derive(
      this.local((v) => {
        const out = fpVec(this.session.runtime.field, v.length);
        const K = this.session.runtime.field.kernels;
        K.neg(out, v);
        K.addScalar(out, out, 1n);
        return out;
      }),
      this.length,
    );
  }

  /**
   * b ∧ y = b·y (1 round).
   * @example
   * ```ts
   * const both = await a.and(b);
   * ```
   */
  and(y: SecBitVector | PlainValues): Pending<this> {
    const { mine, other, length } = this.bitOperand('and', y);
    return this.compute<this>(
      (s) => this.derive(s, length),
      (rt) => rt.mul(mine!, other!, 'and'),
    );
  }

  /**
   * b ∨ y = b + y − b·y (1 round).
   * @example
   * ```ts
   * const either = await a.or(b);
   * ```
   */
  or(y: SecBitVector | PlainValues): Pending<this> {
    const { mine, other, length } = this.bitOperand('or', y);
    return this.compute<this>(
      (s) => this.derive(s, length),
      async (rt) => {
        const out = await rt.mul(mine!, other!, 'or');
        const K = this.session.runtime.field.kernels;
        K.neg(out, out);
        K.add(out, out, mine!);
        K.add(out, out, other!);
        return out;
      },
    );
  }

  /**
   * b ⊕ y = b + y − 2·b·y (1 round).
   * @example
   * ```ts
   * const differ = await a.xor(b);
   * ```
   */
  xor(y: SecBitVector | PlainValues): Pending<this> {
    const { mine, other, length } = this.bitOperand('xor', y);
    return this.compute<this>(
      (s) => this.derive(s, length),
      async (rt) => {
        const out = await rt.mul(mine!, other!, 'xor');
        const K = this.session.runtime.field.kernels;
        K.mulScalar(out, out, this.session.runtime.field.p - 2n);
        K.add(out, out, mine!);
        K.add(out, out, other!);
        return out;
      },
    );
  }

  /**
   * Oblivious selection, elementwise: `a` where this bit is 1, `b` where it is 0 (1 round, via
   * the select protocol). `b` has `a`'s type, or is public (plain values encoded with `a`'s
   * type); operands of length 1 are broadcast.
   * @throws {TypeError} if `a` and `b` differ in type; {@link MpcProtocolError} if the lengths
   *   do not match; both name the operation and the shapes.
   * @example
   * ```ts
   * const capped = await (await x.gt(cap)).select(cap, x);
   * ```
   */
  select<V extends SecNumVector>(a: V, b: V | PlainValues): Pending<V> {
    const op = 'select';
    if (a.session !== this.session) {
      throw new MpcProtocolError(`${op}: operands belong to different sessions.`);
    }
    let bShare: FpVec | null;
    let bShape: string;
    let bLength: number;
    if (b instanceof SecureVector) {
      if (b.session !== this.session) {
        throw new MpcProtocolError(`${op}: operands belong to different sessions.`);
      }
      if (!sameType(a.type, b.type)) {
        throw new TypeError(`${op}: expected a and b of one type, got ${a.shape} and ${b.shape}`);
      }
      [bShare, bShape, bLength] = [b.share, b.shape, b.length];
    } else {
      bLength = plainLength(b);
      bShape = `public[${bLength}]`;
      const encoded = encode(a.type, b, publicFailure(op, a.type), a.session.runtime.field);
      bShare = this.share === null ? null : encoded;
    }
    const length = Math.max(this.length, a.length, bLength);
    if ([this.length, a.length, bLength].some((l) => l !== length && l !== 1)) {
      throw new MpcProtocolError(
        `${op}: expected equal lengths (or length 1), got condition ${this.shape}, a ${a.shape}, b ${bShape}.`,
        { op, condition: this.shape, a: a.shape, b: bShape },
      );
    }
    return this.compute<V>(
      (s) => a.derive(s, length),
      (rt, c) =>
        select(rt, broadcast(c, length), broadcast(a.share!, length), broadcast(bShare!, length)),
    );
  }

  /**
   * The bits as secure integers 0 and 1 of type `type` (default secint(64)). Local.
   * @example
   * ```ts
   * const ones = bits.toInt();
   * ```
   */
  toInt(type: SecIntType = secint(64)): SecIntVector {
    return this.session.fromShares(type, this.length, this.share);
  }

  /**
   * The number of 1 bits, as a secure integer of type `type` (default secint(64)). Local.
   * @example
   * ```ts
   * const women = isWoman.count();
   * ```
   */
  count(type: SecIntType = secint(64)): SecIntVector {
    // 0 <= count <= n: ⌈log2(n + 1)⌉ + 1 signed bits.
    let bits = 1;
    while (2 ** (bits - 1) <= this.length) bits++;
    const s = this.local((v) => {
      const out = fpVec(this.session.runtime.field, 1);
      fpSet(this.session.runtime.field, out, 0, this.session.runtime.field.kernels.sum(v));
      return out;
    });
    return this.session.fromShares(type, 1, s).withBits(bits);
  }
}
