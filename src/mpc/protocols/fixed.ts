/**
 * Secure fixed-point arithmetic [CS10]: the format, public-side encoding, and multiplication.
 *
 * Format. A fixed-point number x̃ is represented by the signed integer x = round(x̃ · 2^f) with
 * -2^(k-1) <= x < 2^(k-1), encoded in the session's field Fp as x mod p. The default format is
 * the field's: in p127 (p = 2^127 - 1) f = 16 fractional bits, k = 41 bits in all (sign, 24
 * integer bits, 16 fractional bits), so |x̃| < 2^24 with resolution 2^-16 ("one ulp"); in p255
 * (p = 2^255 - 19) f = 32, k = 96 (|x̃| < 2^63, resolution 2^-32). Addition, subtraction and
 * multiplication by a public integer are local and exact (as long as the result stays in the
 * format).
 *
 * Multiplication [CS10] (FPMul): the product of two k-bit values has at most 2k bits; it is
 * truncated back by f bits with the probabilistic truncation `truncPr(·, 2k, f)` [CS10], which
 * returns floor(x / 2^f) or floor(x / 2^f) + 1 (the latter with probability equal to the
 * dropped fraction), so the result is within one ulp of the exact product, and unbiased.
 *
 * Bounds. Truncating a 2k-bit value with statistical security κ = 40 opens c = 2^(2k-1) + x + r
 * with a mask r of 2k + κ bits (plus ⌈log2(t+1)⌉ bits for the t + 1 summed contributions), and c
 * must stay below p without wrapping: 2k + κ + 1 + ⌈log2(t+1)⌉ < b, the bit length of p. Every
 * function of this family therefore requires 2k + κ + 1 < b (k <= 42 in p127, k <= 106 in p255)
 * and throws a `RangeError` naming k and the field otherwise; the t-dependent part is checked by
 * the truncation itself. With k = 41 in p127 the check reads 82 + 40 + 1 + 2 = 125 < 127 for
 * t <= 3; with k = 96 in p255, 192 + 40 + 1 + 2 = 235 < 255. Every truncation in these protocols
 * has bit length at most 2k, so this one check covers them all.
 *
 * Security: semi-honest, t < n/2, from the runtime primitives [GRR98] and the statistical masking
 * of the truncation (2^-κ statistical distance per opened element). Preconditions on magnitudes
 * (the exact result fits the format) are the caller's: a value outside its declared range is not
 * detected and may weaken the masking of the truncation that follows.
 *
 * @module
 */
import { MpcProtocolError } from '../errors.js';
import { decodeSigned } from '../field/fp.js';
import { type PrimeField, fieldOfVec, fields } from '../field/prime-field.js';
import { type FpVec, fpFromBigInts, fpToBigInts, fpVec } from '../field/vec.js';
import type { Runtime } from '../runtime/runtime.js';
import { type MaskOptions, randomMasks } from './random.js';
import { truncPr, truncPrRequests } from './trunc.js';

/** Default number of fractional bits f in p127. */
export const FXP_F = 16;
/** Default total bit length k in p127 (sign + 24 integer bits + 16 fractional bits). */
export const FXP_K = 41;
/** Default number of fractional bits f in p255. */
export const FXP_F_WIDE = 32;
/** Default total bit length k in p255 (sign + 63 integer bits + 32 fractional bits). */
export const FXP_K_WIDE = 96;
/** Statistical security parameter κ of the truncations used by fixed-point protocols. */
export const FXP_KAPPA = 40;

/**
 * Fixed-point parameters; k and f default to the field's format (p127: {@link FXP_K} /
 * {@link FXP_F}; p255: {@link FXP_K_WIDE} / {@link FXP_F_WIDE}).
 */
export interface FxpOptions {
  /** Total bit length, sign included. */
  readonly k?: number;
  /** Fractional bits. */
  readonly f?: number;
  /**
   * The field, for the public-side helpers that take no runtime (default p127). Protocols use
   * their runtime's field; a different one here is an error.
   */
  readonly field?: PrimeField;
}

/** Validated fixed-point parameters. */
export interface FxpFormat {
  readonly k: number;
  readonly f: number;
}

/** The default fixed-point format of `field` (p127: k = 41, f = 16; p255: k = 96, f = 32). */
export function fxpDefaultFormat(field: PrimeField): FxpFormat {
  return field.name === 'p255'
    ? Object.freeze({ k: FXP_K_WIDE, f: FXP_F_WIDE })
    : Object.freeze({ k: FXP_K, f: FXP_F });
}

/** The largest k with 2k + κ + 1 < bits of `field` (42 for p127, 106 for p255). */
export function fxpMaxK(field: PrimeField): number {
  return Math.floor((field.bits - 2 - FXP_KAPPA) / 2);
}

/**
 * Validates fixed-point parameters in `field` (default: `options.field`, else p127): integers
 * with 1 <= f and f + 2 <= k, and 2k + κ + 1 < bits(p) so that a product (2k bits) can be
 * truncated with κ = 40 bits of statistical security (k <= 42 in p127, k <= 106 in p255).
 * @throws {RangeError} naming k, f and the field when out of range.
 * @example
 * ```ts
 * fxpFormat(); // { k: 41, f: 16 }
 * fxpFormat({}, fields.p255); // { k: 96, f: 32 }
 * fxpFormat({ k: 50 }); // throws RangeError: k = 50 does not fit p127
 * ```
 */
export function fxpFormat(options: FxpOptions = {}, field?: PrimeField): FxpFormat {
  if (field !== undefined && options.field !== undefined && options.field !== field) {
    throw new RangeError(
      `fxpFormat: the options name field ${options.field.name}, but the session computes in ${field.name}`,
    );
  }
  const fd = field ?? options.field ?? fields.p127;
  const def = fxpDefaultFormat(fd);
  const k = options.k ?? def.k;
  const f = options.f ?? def.f;
  const maxK = fxpMaxK(fd);
  if (!Number.isInteger(k) || k < 3 || k > maxK) {
    throw new RangeError(
      `fxpFormat: expected an integer k with 2k + κ + 1 < ${fd.bits} (κ = ${FXP_KAPPA}, so k <= ${maxK} in field ${fd.name}), got k = ${k}`,
    );
  }
  if (!Number.isInteger(f) || f < 1 || f + 2 > k) {
    throw new RangeError(`fxpFormat: expected an integer 1 <= f <= k - 2 (k = ${k}), got f = ${f}`);
  }
  return Object.freeze({ k, f });
}

/** Rounds to the nearest integer, halves away from zero (exact for every binary64). */
function roundHalfAway(v: number): number {
  // From 2^52 on every binary64 is an integer, and v ± 0.5 would itself round.
  if (Math.abs(v) >= 2 ** 52) return v;
  return v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5);
}

/**
 * Encodes plain numbers as fixed-point integers round(x · 2^f) (halves away from zero; x · 2^f
 * is exact in binary64, so this is the correctly rounded value). Public-side helper.
 * @throws {RangeError} naming the index of the first element that is NaN, infinite, or outside
 *   the format (|round(x · 2^f)| must fit k signed bits). The value itself is never named.
 * @example
 * ```ts
 * fxpFromNumbers([1.5, -0.25]); // [98304n, -16384n]
 * ```
 */
export function fxpFromNumbers(xs: ArrayLike<number>, options: FxpOptions = {}): bigint[] {
  const { k, f } = fxpFormat(options);
  const scale = 2 ** f;
  const max = 2 ** (k - 1);
  const out = new Array<bigint>(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new RangeError(`fxpFromNumbers: element ${i} is not a finite number`);
    }
    const r = roundHalfAway(x * scale);
    if (r >= max || r < -max) {
      throw new RangeError(
        `fxpFromNumbers: element ${i} is outside the fixed-point range (k = ${k}, f = ${f})`,
      );
    }
    out[i] = BigInt(r === 0 ? 0 : r);
  }
  return out;
}

/**
 * Decodes fixed-point integers to numbers x / 2^f (exact for |x| < 2^53, else the nearest
 * binary64; relative error <= 2^-53). Public-side helper.
 * @throws {RangeError} naming the index of the first element outside the k-bit format.
 * @example
 * ```ts
 * fxpToNumbers([98304n, -16384n]); // [1.5, -0.25]
 * ```
 */
export function fxpToNumbers(xs: readonly bigint[], options: FxpOptions = {}): number[] {
  const { k, f } = fxpFormat(options);
  const max = 1n << BigInt(k - 1);
  return xs.map((x, i) => {
    if (x >= max || x < -max) {
      throw new RangeError(
        `fxpToNumbers: element ${i} is outside the fixed-point range (k = ${k}, f = ${f})`,
      );
    }
    return Number(x) / 2 ** f;
  });
}

/**
 * Encodes plain numbers into a packed vector of fixed-point field elements, ready for
 * {@link Runtime.input}. Same rounding and errors as {@link fxpFromNumbers}.
 * @example
 * ```ts
 * const x = await rt.input(owner, rt.self === owner ? fxpEncode([1.5, -2]) : 2);
 * ```
 */
export function fxpEncode(xs: ArrayLike<number>, options: FxpOptions = {}): FpVec {
  return fpFromBigInts(options.field ?? fields.p127, fxpFromNumbers(xs, options));
}

/**
 * Decodes an opened (public) vector of fixed-point field elements to numbers.
 * @throws {RangeError} naming the index of the first element outside the k-bit format (an
 *   overflow somewhere in the computation).
 * @example
 * ```ts
 * fxpDecode(await rt.open(z)); // e.g. [3, -0.5]
 * ```
 */
export function fxpDecode(v: FpVec, options: FxpOptions = {}): number[] {
  const field = options.field ?? fieldOfVec(v) ?? fields.p127;
  return fxpToNumbers(
    fpToBigInts(v).map((x) => decodeSigned(field.F, x)),
    { ...options, field },
  );
}

/**
 * Public integers as fixed-point integers x · 2^f.
 * @throws {RangeError} naming the index of the first integer whose fixed-point value does not
 *   fit k signed bits.
 * @example
 * ```ts
 * fxpFromInts([3n, -1n]); // [196608n, -65536n]
 * ```
 */
export function fxpFromInts(xs: readonly bigint[], options: FxpOptions = {}): bigint[] {
  const { k, f } = fxpFormat(options);
  const max = 1n << BigInt(k - 1);
  return xs.map((x, i) => {
    const y = x << BigInt(f);
    if (y >= max || y < -max) {
      throw new RangeError(
        `fxpFromInts: element ${i} is outside the fixed-point range (k = ${k}, f = ${f})`,
      );
    }
    return y;
  });
}

/**
 * Shares of secret integers as shares of fixed-point numbers (local: multiplies by 2^f). The
 * integers must satisfy |x| < 2^(k-1-f) for the result to fit the format (not checked).
 * @example
 * ```ts
 * const xf = fxpFromIntShares(xi); // x̃ = x
 * ```
 */
export function fxpFromIntShares(a: FpVec, options: FxpOptions = {}): FpVec {
  const field = options.field ?? fieldOfVec(a) ?? fields.p127;
  const { f } = fxpFormat(options, field);
  const out = fpVec(field, a.length);
  field.kernels.mulScalar(out, a, 1n << BigInt(f));
  return out;
}

/** One planned probabilistic truncation: `count` elements of `k` bits, truncated by `m`. */
export interface TruncSpec {
  readonly count: number;
  readonly k: number;
  readonly m: number;
}

/**
 * Generates the masks of several later `truncPr` calls in one batch (one {@link randomMasks}
 * call: 1 contribute round + ⌈log2(t+1)⌉ multiplication rounds for all of them). Returns one
 * `MaskOptions` per spec, to pass to the matching `truncPr` call. The masks are data-independent,
 * so protocols start this before (or concurrently with) their first data-dependent round.
 * @example
 * ```ts
 * const [m1, m2] = await truncMasks(rt, [{ count: 2, k: 82, m: 16 }, { count: 2, k: 82, m: 39 }]);
 * const y = await truncPr(rt, x, 82, 16, m1);
 * ```
 */
export async function truncMasks(
  rt: Runtime,
  specs: readonly TruncSpec[],
  label = 'fxp masks',
): Promise<MaskOptions[]> {
  const reqs = specs.map((s) => truncPrRequests(s.count, s.k, s.m));
  const flat = reqs.some((r) => r.length > 0) ? await randomMasks(rt, reqs.flat(), label) : [];
  let o = 0;
  return reqs.map((r) => {
    const masks = flat.slice(o, o + r.length);
    o += r.length;
    return { masks };
  });
}

/**
 * A multiplication of the runtime (`product`, e.g. `(rt) => rt.mul(a, b)`, which must take its
 * step when called) together with the masks of the truncations in `specs`: the mask generation
 * is issued first, then the product, so both run in the same network round trips (step numbers
 * are taken synchronously in call order, identically on every party). Returns the product's
 * shares and one `MaskOptions` per spec.
 * @example
 * ```ts
 * const [q, [m]] = await mulWithMasks(rt, (r) => r.mul(a, b), [{ count: n, k: 82, m: 16 }], 'mul');
 * const z = await truncPr(rt, q, 82, 16, m);
 * ```
 */
export async function mulWithMasks(
  rt: Runtime,
  product: (rt: Runtime) => Promise<FpVec>,
  specs: readonly TruncSpec[],
  label: string,
): Promise<[FpVec, MaskOptions[]]> {
  const masks = truncMasks(rt, specs, label);
  const reduced = product(rt);
  const [m, r] = await Promise.all([masks, reduced]);
  return [r, m];
}

/**
 * Truncates shared values of at most 2k bits (e.g. products) by f bits with `truncPr` [CS10]:
 * the result is within one ulp of x / 2^f (floor, or floor + 1 with probability equal to the
 * dropped fraction). Rounds and cost are those of `truncPr` on the whole vector.
 * @example
 * ```ts
 * const z = await fxpTrunc(rt, await rt.mul(x, y));
 * ```
 */
export async function fxpTrunc(
  rt: Runtime,
  a: FpVec,
  options: FxpOptions = {},
  masks: MaskOptions = {},
): Promise<FpVec> {
  const { k, f } = fxpFormat(options, rt.field);
  return truncPr(rt, a, 2 * k, f, masks);
}

/**
 * Fixed-point product a ⊙ b [CS10] (FPMul): local products, one reshare round [GRR98], then
 * `truncPr(·, 2k, f)`, whose masks are generated in the same rounds as the reshare. Cost per
 * element: 2 reshared elements (product and mask) and one opened element; latency 3 network
 * round trips for t = 1 (contribute ‖ reshare, mask XOR, open), ⌈log2(t+1)⌉ + 2 in general
 * (4, resp. 3 + ⌈log2(t+1)⌉, steps as counted by `rt.stats.rounds`). Error: |result − a·b| < 1 ulp (2^-f), unbiased.
 * Precondition: the exact product fits the format.
 * @throws {MpcProtocolError} if the lengths differ.
 * @example
 * ```ts
 * const z = await fxpMul(rt, x, y); // z ≈ x · y
 * ```
 */
export async function fxpMul(
  rt: Runtime,
  a: FpVec,
  b: FpVec,
  options: FxpOptions = {},
): Promise<FpVec> {
  const fmt = fxpFormat(options, rt.field);
  if (a.length !== b.length) {
    throw new MpcProtocolError(`fxpMul: expected equal lengths, got ${a.length} and ${b.length}.`);
  }
  const [q, [masks]] = await mulWithMasks(
    rt,
    (r) => r.mul(a, b, 'fxp mul'),
    [{ count: a.length, k: 2 * fmt.k, m: fmt.f }],
    'fxp mul',
  );
  return fxpTrunc(rt, q, fmt, masks);
}

/**
 * The public constant `c` as an integer C = round(c · 2^e) with the largest e such that
 * |C| < 2^k (so that C times a k-bit value has fewer than 2k bits), e <= 2k - 2. Since c must be
 * in the format, e >= f + 1. Returns [C, e]. Public-side helper.
 * @throws {RangeError} if c is not finite or outside the format.
 * @example
 * ```ts
 * fxpConstant(0.5, fxpFormat()); // [2n ** 40n, 41]
 * ```
 */
export function fxpConstant(c: number, fmt: FxpFormat): [bigint, number] {
  const { k, f } = fmt;
  if (!Number.isFinite(c) || Math.abs(c) >= 2 ** (k - 1 - f)) {
    throw new RangeError(
      `fxpConstant: expected a finite constant inside the fixed-point range (k = ${k}, f = ${f})`,
    );
  }
  let e = 2 * k - 2;
  if (c !== 0) {
    // Largest e with |c| · 2^e < 2^k - 1/2 (so the rounded value stays below 2^k).
    e = Math.min(e, k - 1 - Math.floor(Math.log2(Math.abs(c))));
    while (e > 0 && Math.abs(roundHalfAway(c * 2 ** e)) >= 2 ** k) e--;
  }
  return [BigInt(roundHalfAway(c * 2 ** e)), e];
}

/**
 * Fixed-point product a · c by a public constant c (a plain number in the format). The constant
 * is encoded with e >= f fractional bits, as many as keep the product below 2^(2k-1), and the
 * product is truncated by e: no reshare, one `truncPr(·, 2k, e)`. Error: |result − a·c| <
 * 1 + 2^(k-2-e) ulps (e is about k - 1 - log2|c|, so under 1.5 ulps for |c| <= 1).
 * @throws {RangeError} if c is not finite or outside the format.
 * @example
 * ```ts
 * const y = await fxpMulPublic(rt, x, Math.LOG2E); // y ≈ x · log2(e)
 * ```
 */
export async function fxpMulPublic(
  rt: Runtime,
  a: FpVec,
  c: number,
  options: FxpOptions = {},
): Promise<FpVec> {
  const fmt = fxpFormat(options, rt.field);
  const [C, e] = fxpConstant(c, fmt);
  const d = fpVec(rt.field, a.length);
  rt.field.kernels.mulScalar(d, a, C < 0n ? C + rt.field.p : C);
  return truncPr(rt, d, 2 * fmt.k, e);
}
