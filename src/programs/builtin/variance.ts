/**
 * `variance`: the population variance (1/N) Σ (x_i − mean)^2 of one numeric column over the rows
 * of every input dataset, and its mean, revealed to the recipients in the column's stored units
 * (cents², resp. cents for `decimal(2)`; the display applies the scale).
 *
 * Computation ({@link moments}): the exact integers S1 = Σ x, S2 = Σ x² and V = N·S2 − S1² =
 * N²·variance, then one public division each: variance = ⌊V · 2^32 / N²⌋ / 2^32, error below
 * 2^-32 units².
 *
 * Bounds: stored integers |x| < 2^31 (`secint(32)`; 21474836.47 EUR for `decimal(2)`), N <= 2^24
 * rows in all; then V < 2^112 and the variance < 2^62 (fits the fixed-point range 2^63). Field
 * p255: V · 2^32 (up to 144 bits) must be divided with 40 bits of mask room, more than p127's
 * 126 bits hold. Requires N >= 1.
 *
 * Outputs: `mean` and `variance` (fixed point, length 1 each).
 *
 * @module
 */
import {
  MOMENT_INPUT_BITS,
  MOMENT_MAX_ROWS,
  allIntegers,
  columnParam,
  integerColumnSchema,
  moments,
} from './stats-common.js';
import { defineProgram, type Program } from 'parley/program';

/**
 * The `variance` program.
 * @example
 * ```ts
 * const params = validateParams(variance, { column: 'salary' });
 * ```
 */
const program: Program = defineProgram({
  name: 'variance',
  version: '2.0.0',
  description: 'Mean and population variance of a numeric column over all input datasets.',
  field: 'p255',
  params: { column: columnParam },
  input: (params) => integerColumnSchema(params, MOMENT_INPUT_BITS),
  limits: () => ({ rows: { min: 1, max: MOMENT_MAX_ROWS } }),
  outputs: {
    mean: {
      type: 'fixed',
      unit: (params) => ({ column: String(params['column']) }),
      description: 'The mean of the column over every row of every input, in stored units.',
      to: 'recipients',
      length: 1,
    },
    variance: {
      type: 'fixed',
      unit: (params) => ({ column: String(params['column']), power: 2 }),
      description: 'The population variance (divided by N) of the column, in stored units².',
      to: 'recipients',
      length: 1,
    },
  },
  async run(_mpc, inputs, params) {
    return moments(allIntegers(inputs, params, 'variance', true));
  },
});

export default program;
