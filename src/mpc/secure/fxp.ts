/**
 * Secure fixed-point vectors: `secfxp({ f, k })` values x = x̄ / 2^f for signed k-bit integers x̄
 * (defaults f = 16, k = 41: |x| < 2^24, resolution 2^-16, one "ulp"). Multiplications truncate
 * the 2k-bit product back by f bits probabilistically [CS10], so products are within one ulp of
 * the exact value and unbiased; see `protocols/fixed.ts` for the error of each operation.
 *
 * @module
 */
import type { FpVec } from '../field/vec.js';
import { divide } from '../protocols/divide.js';
import { exp } from '../protocols/exp.js';
import { fxpConstant, fxpMul, fxpMulPublic } from '../protocols/fixed.js';
import { divPublic } from '../protocols/intdiv.js';
import { ln, log2 } from '../protocols/log.js';
import { fxpDot } from '../protocols/linalg.js';
import { reciprocal } from '../protocols/reciprocal.js';
import { sqrt } from '../protocols/sqrt.js';
import { mean, sum, variance } from '../protocols/stats.js';
import { trunc } from '../protocols/trunc.js';
import { type Pending, pending } from './base.js';
import type { PlainValues } from './codec.js';
import type { SecIntVector } from './int.js';
import { SecNumVector } from './num.js';
import { type SecFxpType, secint } from './types.js';

/**
 * A secret-shared vector of fixed-point numbers.
 * @example
 * ```ts
 * const pay = await mpc.input([4100.5, 5200], { from: 'acme' }); // secfxp() by default
 * ```
 */
export class SecFxpVector extends SecNumVector<SecFxpType> {
  override derive(share: FpVec | null, length: number): this {
    return new SecFxpVector(this.session, this.type, length, share) as this;
  }

  /**
   * this · y, elementwise [CS10] (FPMul): one multiplication round, then one probabilistic
   * truncation by f (rounds: 1 + those of `truncPr`). A public scalar is multiplied with
   * {@link mulPublic} instead; a public vector is encoded with this type.
   * @example
   * ```ts
   * const area = await w.mul(h);
   * ```
   */
  mul(y: this | PlainValues): Pending<this> {
    if (typeof y === 'number' || typeof y === 'bigint') return this.mulPublic(y);
    const { mine, other, length } = this.operand('mul', y);
    return this.compute<this>(
      (s) => this.derive(s, length),
      (rt) => fxpMul(rt, mine!, other!, this.type),
    );
  }

  /**
   * this · c for a public number c. An integer c (number or bigint) is local and exact; any other
   * c is encoded with as many fractional bits as the format allows and the product truncated once
   * (no multiplication round; error below 1.5 ulps for |c| <= 1).
   * @example
   * ```ts
   * const eur = await usd.mulPublic(0.92);
   * ```
   */
  mulPublic(c: number | bigint): Pending<this> {
    if (typeof c === 'bigint' || Number.isInteger(c)) {
      return pending<this>(this.session, Promise.resolve(this.scale(c, 'mulPublic')));
    }
    fxpConstant(c, this.type); // refuses a constant outside the format at the call, on every party
    return this.compute<this>(
      (s) => this.derive(s, this.length),
      (rt, x) => fxpMulPublic(rt, x, c, this.type),
    );
  }

  /**
   * this / y, elementwise [CS10] (Div): normalization of y, Goldschmidt iterations for its
   * reciprocal, one scale-back (steps: see the cost table of docs/programming.md); error
   * < 2 + |x/y|·2^(f−33) ulps.
   * Division by 0 gives 0. A public scalar divisor is cheaper: an integer d uses
   * {@link divPublic}, any other c a multiplication by 1/c ({@link mulPublic}). Requires
   * 2f <= k − 2 (true for the defaults) and the quotient to fit the format.
   * @example
   * ```ts
   * const ratio = await a.div(b);
   * ```
   */
  div(y: this | PlainValues): Pending<this> {
    if (typeof y === 'bigint' || (typeof y === 'number' && Number.isInteger(y) && y >= 1)) {
      return this.divPublic(y);
    }
    if (typeof y === 'number') return this.mulPublic(1 / y);
    const { mine, other, length } = this.operand('div', y);
    return this.compute<this>(
      (s) => this.derive(s, length),
      (rt) => divide(rt, mine!, other!, this.type),
    );
  }

  /**
   * 1/x, elementwise [CS10]: normalization and Goldschmidt iterations (steps: see the cost
   * table of docs/programming.md); error < 1 + |1/x|·2^(f−33) ulps (< 2 ulps). 1/0 gives 0.
   * @example
   * ```ts
   * const inv = await x.reciprocal();
   * ```
   */
  reciprocal(): Pending<this> {
    return this.compute<this>(
      (s) => this.derive(s, this.length),
      (rt, x) => reciprocal(rt, x, this.type),
    );
  }

  /**
   * √x, elementwise: normalization [CS10] and Goldschmidt's square-root iteration (steps: see
   * the cost table of docs/programming.md); error < 1.1 ulps over the whole format. Requires x >= 0 (negative x is
   * treated as 0).
   * @example
   * ```ts
   * const sd = await (await x.variance()).sqrt();
   * ```
   */
  sqrt(): Pending<this> {
    return this.compute<this>(
      (s) => this.derive(s, this.length),
      (rt, x) => sqrt(rt, x, this.type),
    );
  }

  /**
   * e^x, elementwise, as 2^(x·log2 e): the integer part picks a public power of two, the
   * fraction goes through a polynomial of degree 8 (f ≤ 19) or 16 (steps: see the cost table of
   * docs/programming.md). Error < 1 + e^x·2^(f−35) ulps (p127's default format), < 1 +
   * e^x·2^(f−89) (p255's); x >= (k−1−f)·ln 2 (≈ 16.64 in p127, 43.67 in p255) saturates to the
   * largest value of the format.
   * @example
   * ```ts
   * const growth = await rate.exp();
   * ```
   */
  exp(): Pending<this> {
    return this.compute<this>(
      (s) => this.derive(s, this.length),
      (rt, x) => exp(rt, x, this.type),
    );
  }

  /**
   * ln x, elementwise: normalization [CS10] and a polynomial for log2 on [1, 2] of degree 8
   * (f ≤ 19) or 16 (steps: see the cost table of docs/programming.md). Error < 1.51 ulps in both
   * default formats. Requires x > 0: ln 0 gives 0
   * and a negative x gives ln |x|.
   * @example
   * ```ts
   * const logPay = await pay.ln();
   * ```
   */
  ln(): Pending<this> {
    return this.compute<this>(
      (s) => this.derive(s, this.length),
      (rt, x) => ln(rt, x, this.type),
    );
  }

  /**
   * log2 x, elementwise; as {@link ln} (error < 1.51 ulps; log2 0 gives 0).
   * @example
   * ```ts
   * const bits = await x.log2();
   * ```
   */
  log2(): Pending<this> {
    return this.compute<this>(
      (s) => this.derive(s, this.length),
      (rt, x) => log2(rt, x, this.type),
    );
  }

  /**
   * x / d for a public integer d >= 1, rounded down to the ulp (exact floor division of the
   * scaled integers; see `SecIntVector.divPublic` for the cost). For a non-integer public divisor
   * multiply by its reciprocal with {@link mulPublic}.
   * @example
   * ```ts
   * const perHead = await total.divPublic(12);
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
   * Σ x_i, a vector of length 1. Local.
   * @example
   * ```ts
   * const total = pay.sum();
   * ```
   */
  sum(): this {
    const field = this.session.runtime.field;
    return this.derive(
      this.local((v) => sum(v, field)),
      1,
    );
  }

  /**
   * The mean (1/N) Σ x_i (length 1): the local sum divided by the public N with two truncations;
   * error below 4 ulps. Requires 1 <= N < 2^(k-f).
   * @example
   * ```ts
   * await pay.mean().revealTo('regulator');
   * ```
   */
  mean(): Pending<this> {
    return this.compute<this>(
      (s) => this.derive(s, 1),
      (rt, x) => mean(rt, x, this.type),
    );
  }

  /**
   * The population variance (1/N) Σ (x_i − mean)^2 (length 1): 2 multiplication rounds and 3
   * truncations on one or two elements, whatever N. Requires the mean of squares to fit the
   * format; see `protocols/stats.ts` for the error (a few ulps for moderate means).
   * @example
   * ```ts
   * const v = await pay.variance();
   * ```
   */
  variance(): Pending<this> {
    return this.compute<this>(
      (s) => this.derive(s, 1),
      (rt, x) => variance(rt, x, this.type),
    );
  }

  /**
   * Σ x_i·y_i (length 1): one multiplication round for any length, then one truncation.
   * @example
   * ```ts
   * const score = await weights.dot(features);
   * ```
   */
  dot(y: this | PlainValues): Pending<this> {
    const { mine, other } = this.operand('dot', y, false);
    return this.compute<this>(
      (s) => this.derive(s, 1),
      (rt) => fxpDot(rt, mine!, other!, this.type),
    );
  }

  /**
   * ⌊x⌋ as secure integers of `secint(k − f)` (exact, rounding towards −∞) [CdH10] Trunc:
   * a masked opening and a bitwise comparison of f bits.
   * @example
   * ```ts
   * const whole = await x.floor(); // secint(k - f)
   * ```
   */
  floor(): Pending<SecIntVector> {
    const type = secint(this.type.k - this.type.f);
    return this.compute<SecIntVector>(
      (s) => this.session.fromShares(type, this.length, s),
      (rt, x) => trunc(rt, x, this.type.k, this.type.f),
    );
  }
}
