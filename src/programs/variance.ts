/**
 * `variance`: the population variance (1/N) Σ (x_i − mean)^2 of one numeric column over the rows
 * of every input dataset, and its mean, revealed to the recipients (`SecFxpVector.variance`).
 *
 * Outputs: `mean` and `variance` (fixed point, length 1 each). Precondition: the mean of the
 * squares fits the fixed-point range, (1/N) Σ x_i^2 < 2^24, so |x| up to about 4000 (express
 * values in a larger unit, e.g. k€, if needed). Requires N >= 1.
 *
 * @module
 */
import { allValues, columnParam } from './stats-common.js';
import { defineProgram, type ProgramDefinition } from './types.js';

/**
 * The `variance` program.
 * @example
 * ```ts
 * const params = validateParams(variance, { column: 'age' });
 * ```
 */
export const variance: ProgramDefinition = defineProgram({
  name: 'variance',
  version: '1.0.0',
  description: 'Mean and population variance of a numeric column over all input datasets.',
  params: { column: columnParam },
  // The mean of squares must fit secfxp() (below 2^24): |x| < 4096.
  input: (params) => ({ [String(params['column'])]: { kind: 'number', min: -4095, max: 4095 } }),
  limits: () => ({ rows: { min: 1 }, field: 'p127' }),
  outputs: {
    mean: {
      type: 'fixed',
      unit: (params) => ({ column: String(params['column']) }),
      description: 'The mean of the column over every row of every input.',
      to: 'recipients',
      length: 1,
    },
    variance: {
      type: 'fixed',
      unit: (params) => ({ column: String(params['column']), power: 2 }),
      description: 'The population variance (divided by N) of the column.',
      to: 'recipients',
      length: 1,
    },
  },
  async run(mpc, inputs, params) {
    const x = allValues(mpc, inputs, params, 'variance', true);
    const m = await x.mean();
    const v = await x.variance();
    return { mean: m, variance: v };
  },
});
