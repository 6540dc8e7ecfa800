/**
 * `stddev`: the population standard deviation sqrt((1/N) Σ (x_i − mean)^2) of one numeric
 * column over the rows of every input dataset, revealed to the recipients in the column's stored
 * units (cents for `decimal(2)`). Only the standard deviation is revealed, not the mean.
 *
 * Computation: the variance exactly as `variance` does ({@link moments}: exact integer moments,
 * one public division, error below 2^-32 units²), then the secure `sqrt` of fxp(96, 32) (error
 * below 1.1 ulps = 2.6e-10 units). Bounds as for `variance`: stored integers |x| < 2^31,
 * N <= 2^24, N >= 1; field p255 (see there).
 *
 * Output: `stddev` (fixed point, length 1).
 *
 * @module
 */
import { overallOnly } from './labels.js';
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
 * The `stddev` program.
 * @example
 * ```ts
 * const params = validateParams(stddev, { column: 'salary' });
 * ```
 */
const program: Program = defineProgram({
  name: 'stddev',
  version: '2.0.0',
  description: 'Population standard deviation of a numeric column over all input datasets.',
  field: 'p255',
  params: { column: columnParam },
  input: (params) => integerColumnSchema(params, MOMENT_INPUT_BITS),
  limits: () => ({ rows: { min: 1, max: MOMENT_MAX_ROWS } }),
  outputs: {
    stddev: {
      type: 'fixed',
      description:
        'The population standard deviation (square root of the variance over N), in stored units.',
      to: 'recipients',
      length: 1,
      labels: overallOnly,
      unit: (params) => ({ column: String(params['column']) }),
    },
  },
  async run(_mpc, inputs, params) {
    const { variance } = await moments(allIntegers(inputs, params, 'stddev', true));
    return { stddev: await variance.sqrt() };
  },
});

export default program;
