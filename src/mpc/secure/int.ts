/**
 * Secure integer vectors: `secint(k)` values, signed k-bit integers (k <= 64, default 64).
 *
 * Results must stay within k bits: the field (p = 2^127 - 1) holds the exact product of two
 * 63-bit values, but comparisons, truncations and outputs assume k bits, and an output that
 * does not fit fails closed at the recipient.
 *
 * @module
 */
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
import { type SecFxpType, type SecIntType, secbit, secfxp } from './types.js';

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
  sum(): this {
    return this.derive(this.local(sum), 1);
  }

  /**
   * Σ x_i·y_i (length 1): one degree reduction of one element, whatever the length (1 round).
   * @example
   * ```ts
   * const s = await x.dot(y);
   * ```
   */
  dot(y: this | PlainValues): Pending<this> {
    const { mine, other } = this.operand('dot', y, false);
    return this.compute<this>(
      (s) => this.derive(s, 1),
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
   * The same numbers as fixed point of `type` (default `secfxp()`): a local multiplication by
   * 2^f. The values must fit: |x| < 2^(k − 1 − f) of the fixed-point type (not checked).
   * @example
   * ```ts
   * const mean = await x.toFixed().mean();
   * ```
   */
  toFixed(type: SecFxpType = secfxp()): SecFxpVector {
    return this.session.fromShares(
      type,
      this.length,
      this.local((v) => fxpFromIntShares(v, type)),
    );
  }
}
