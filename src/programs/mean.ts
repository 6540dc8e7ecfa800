/**
 * `mean`: the mean of one numeric column over the rows of every input dataset (N rows in all,
 * N public), revealed to the recipients. The committee divides the shared sum by the public N
 * (`SecFxpVector.mean`, error below 4 ulps of 2^-16, whatever N).
 *
 * Output: `mean` (fixed point, length 1). Requires N >= 1: with no rows every party fails the
 * program before any computation.
 *
 * @module
 */
import { allValues, columnParam, columnSchema } from './stats-common.js';
import { defineProgram, type ProgramDefinition } from './types.js';

/**
 * The `mean` program.
 * @example
 * ```ts
 * const params = validateParams(mean, { column: 'salary' });
 * ```
 */
export const mean: ProgramDefinition = defineProgram({
  name: 'mean',
  version: '1.0.0',
  description: 'Mean of a numeric column over all input datasets.',
  params: { column: columnParam },
  input: columnSchema,
  limits: () => ({ rows: { min: 1 }, field: 'p127' }),
  outputs: {
    mean: {
      type: 'fixed',
      unit: (params) => ({ column: String(params['column']) }),
      description: 'The mean of the column over every row of every input.',
      to: 'recipients',
      length: 1,
    },
  },
  async run(mpc, inputs, params) {
    return { mean: await allValues(mpc, inputs, params, 'mean', true).mean() };
  },
});
