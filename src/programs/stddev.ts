/**
 * `stddev`: the population standard deviation sqrt((1/N) Σ (x_i − mean)^2) of one numeric
 * column over the rows of every input dataset, revealed to the recipients
 * (`SecFxpVector.variance`, then `sqrt`). Only the standard deviation is revealed, not the mean.
 *
 * Output: `stddev` (fixed point, length 1). Limits as for `variance`: |x| ≤ 4095 (the mean of
 * squares must fit the fixed-point range, below 2^24), N >= 1.
 *
 * @module
 */
import { overallOnly } from './describe.js';
import { allValues, columnParam } from './stats-common.js';
import { defineProgram, type ProgramDefinition } from './types.js';

/**
 * The `stddev` program.
 * @example
 * ```ts
 * const params = validateParams(stddev, { column: 'age' });
 * ```
 */
export const stddev: ProgramDefinition = defineProgram({
  name: 'stddev',
  version: '1.0.0',
  description: 'Population standard deviation of a numeric column over all input datasets.',
  params: { column: columnParam },
  // The mean of squares must fit secfxp() (below 2^24): |x| < 4096.
  input: (params) => ({ [String(params['column'])]: { kind: 'number', min: -4095, max: 4095 } }),
  limits: () => ({ rows: { min: 1 }, field: 'p127' }),
  outputs: {
    stddev: {
      type: 'fixed',
      description: 'The population standard deviation (square root of the variance over N).',
      to: 'recipients',
      length: 1,
      labels: overallOnly,
      unit: (params) => ({ column: String(params['column']) }),
    },
  },
  async run(mpc, inputs, params) {
    const x = allValues(mpc, inputs, params, 'stddev', true);
    const v = await x.variance();
    return { stddev: await v.sqrt() };
  },
});
