/**
 * `mean`: the mean (1/N) Σ x_i of one numeric column over the rows of every input dataset
 * (N rows in all, N public), revealed to the recipients in the column's stored units (cents for
 * `decimal(2)`; the display applies the scale).
 *
 * Computation and bounds. Inputs are the stored integers, any signed 64-bit value, as
 * `secint(64)`; N <= 10^7. The sum S = Σ x_i is exact (64 + ⌈log2 N⌉ <= 88 bits), then ONE
 * division: mean · 2^32 = ⌊S · 2^32 / N⌋ (`SecIntVector.divPublic`, exact floor division), read
 * as fixed point with f = 32 (k = 96: |mean| < 2^63 holds since |x| < 2^63). The error is below
 * 2^-32 stored units (a relative error below 2.3e-10 / |mean|). S · 2^32 has up to 120 bits and
 * its division needs κ = 40 more bits of mask room: more than p127 holds (126 bits), so the
 * program runs in field p255.
 *
 * Output: `mean` (fixed point, length 1). Requires N >= 1: with no rows every party fails the
 * program before any computation.
 *
 * @module
 */
import { allIntegers, columnParam, divideToFixed, integerColumnSchema } from './stats-common.js';
import { defineProgram, type Program } from 'parley/program';

/** The most rows in all. */
export const MEAN_MAX_ROWS = 10_000_000;

/**
 * The `mean` program.
 * @example
 * ```ts
 * const params = validateParams(mean, { column: 'salary' });
 * ```
 */
const program: Program = defineProgram({
  name: 'mean',
  version: '2.0.0',
  description: 'Mean of a numeric column over all input datasets.',
  field: 'p255',
  params: { column: columnParam },
  input: (params) => integerColumnSchema(params, 64),
  limits: () => ({ rows: { min: 1, max: MEAN_MAX_ROWS } }),
  outputs: {
    mean: {
      type: 'fixed',
      unit: (params) => ({ column: String(params['column']) }),
      description:
        'The mean of the column over every row of every input, in stored units (cents for decimal(2)).',
      to: 'recipients',
      length: 1,
    },
  },
  async run(_mpc, inputs, params) {
    const x = allIntegers(inputs, params, 'mean', true);
    const s = x.sum();
    return { mean: await divideToFixed(s, s.bits, BigInt(x.length)) };
  },
});

export default program;
