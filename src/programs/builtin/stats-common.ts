/**
 * What the column statistics programs (sum, mean, variance, stddev) share: the `column`
 * parameter, the concatenation of that column over every input dataset as exact stored integers,
 * and the one public division that turns an exact integer into fixed point.
 *
 * Exactness. Every statistic is computed on the stored integers (cents for `decimal(2)`), with
 * sums and dot products that widen instead of wrapping (`SecretInt.sum` / `dot`), and only the
 * final quotient is rounded: q = ⌊a · 2^f / d⌋ for a public d (`SecretInt.divPublic`), read
 * as fixed point with f = 32 fractional bits. Its error is below 2^-32 stored units, whatever a
 * and d.
 *
 * @module
 */
import {
  ProgramInputError,
  type Input,
  type InputSchema,
  type ParamSpec,
  type Params,
  type SecretFixed,
  type SecretInt,
} from 'parley/program';

/** The `column` parameter: the name of the numeric column, the same in every input dataset. */
export const columnParam: ParamSpec = {
  type: 'string',
  description: 'The numeric column (integer or decimal) to aggregate, in every input dataset.',
  pattern: /[A-Za-z0-9_.-]{1,64}/,
};

/** Fractional bits of the fixed-point results (p255's `secfxp()`: k = 96, f = 32). */
export const RESULT_FRACTION_BITS = 32;

/**
 * The input schema: one integer column named by the `column` parameter, stored integers of
 * `bits` signed bits.
 * @example
 * ```ts
 * integerColumnSchema({ column: 'salary' }, 64); // { salary: { kind: 'integer', bits: 64 } }
 * ```
 */
export function integerColumnSchema(params: Params, bits: number): InputSchema {
  return { [String(params['column'])]: { kind: 'integer', bits } };
}

/**
 * The column of every input, concatenated (public length: the total row count), as the stored
 * integers.
 * @throws {ProgramInputError} on every party alike if there are no rows at all (`needRows`).
 * @example
 * ```ts
 * const x = allIntegers(inputs, params, 'mean', true);
 * ```
 */
export function allIntegers(
  inputs: readonly Input[],
  params: Params,
  program: string,
  needRows: boolean,
): SecretInt {
  const total = inputs.reduce((n, i) => n + i.rows, 0);
  if (needRows && total === 0) {
    throw new ProgramInputError(`${program}: the input datasets have no rows.`, { program });
  }
  const [first, ...rest] = inputs.map((i) => i.integer(String(params['column'])));
  if (first === undefined) {
    throw new ProgramInputError(`${program}: no input datasets.`, { program });
  }
  return first.concat(...rest);
}

/**
 * a / d as fixed point of the field's format (f = 32), for a secret integer `a` of
 * magnitude below 2^(aBits − 1) and a public integer d >= 1: q = ⌊a · 2^32 / d⌋ exactly, so the
 * error is below 2^-32 (rounding towards −∞). `a · 2^32` is held in a wide integer of
 * aBits + 32 bits, which the field must hold with room for the division's masks (p255: aBits up
 * to about 150). Precondition: |a / d| < 2^63, the fixed-point range.
 * @example
 * ```ts
 * const mean = await divideToFixed(total, 88, 1000n);
 * ```
 */
export async function divideToFixed(a: SecretInt, aBits: number, d: bigint): Promise<SecretFixed> {
  const f = RESULT_FRACTION_BITS;
  const wide = a.widen(aBits + f).mulPublic(1n << BigInt(f));
  const q = await wide.divPublic(d);
  return q.asFixed();
}

/**
 * ⌈log2 n⌉ (0 for n <= 1).
 * @example
 * ```ts
 * log2Ceil(100_000); // 17
 * ```
 */
export function log2Ceil(n: number): number {
  let b = 0;
  while (2 ** b < n) b++;
  return b;
}

/** The most rows in all for variance and stddev (see {@link moments}). */
export const MOMENT_MAX_ROWS: number = 2 ** 24;
/** Stored-integer bits of a variance or stddev input: |x| < 2^31 units. */
export const MOMENT_INPUT_BITS = 32;

/**
 * The mean and the population variance of `x` (N = x.length >= 1, public) as fixed point
 * (f = 32), from exact integer moments and one public division each:
 *
 * - S1 = Σ x_i (local) and S2 = Σ x_i² (`dot`, one degree reduction), exact;
 * - V = N·S2 − S1², exact (one multiplication), V = N² · variance >= 0;
 * - mean · 2^32 = ⌊S1 · 2^32 / N⌋ and variance · 2^32 = ⌊V · 2^32 / N²⌋, both errors below
 *   2^-32 (units, resp. units²).
 *
 * Bounds, for |x| < 2^31 (`secint(32)`) and N <= 2^24 (L = ⌈log2 N⌉): |S1| < 2^(31+L),
 * 0 <= S2 < 2^(62+L), and N·S2, S1² and V are all at most N²·2^62 <= 2^(62+2L), so held in
 * 64 + 2L <= 112 signed bits; V · 2^32 in at most 144, whose division by N² leaves the masks'
 * κ = 40 bits of room in p255 (254-bit integers) but not in p127 (126). The variance is below
 * 2^62 and fits fxp(96, 32), whose range is 2^63.
 * @example
 * ```ts
 * const { mean, variance } = await moments(x);
 * ```
 */
export async function moments(x: SecretInt): Promise<{ mean: SecretFixed; variance: SecretFixed }> {
  const n = x.length;
  const L = log2Ceil(n);
  const vBits = 2 * (x.bits - 1) + 2 * L + 2;
  const s1 = x.sum();
  const s2 = await x.dot(x);
  const s1w = s1.widen(vBits);
  const s2w = s2.widen(vBits);
  const v = s2w.mulPublic(BigInt(n)).sub(await s1w.mul(s1w));
  const [m, variance] = await Promise.all([
    divideToFixed(s1, s1.bits, BigInt(n)),
    divideToFixed(v, vBits, BigInt(n) * BigInt(n)),
  ]);
  return { mean: m, variance };
}
