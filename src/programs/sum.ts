/**
 * `sum`: the sum of one numeric column over the rows of every input dataset, revealed to the
 * recipients. Cost: the inputs and one reveal; the sum itself is local.
 *
 * Output: `sum` (fixed point, length 1). Precondition: |sum| < 2^24 (the `secfxp()` range); a
 * larger sum does not fit the output type and the recipients refuse it (the reveal's range check)
 * rather than accept a wrong value.
 *
 * @module
 */
import { allValues, columnParam, columnSchema } from './stats-common.js';
import { defineProgram, type ProgramDefinition } from './types.js';

/**
 * The `sum` program.
 * @example
 * ```ts
 * const params = validateParams(sum, { column: 'salary' });
 * ```
 */
export const sum: ProgramDefinition = defineProgram({
  name: 'sum',
  version: '1.0.0',
  description: 'Sum of a numeric column over all input datasets.',
  params: { column: columnParam },
  input: columnSchema,
  limits: (params) => ({ absSum: { [String(params['column'])]: 2 ** 24 }, field: 'p127' }),
  outputs: {
    sum: {
      type: 'fixed',
      unit: (params) => ({ column: String(params['column']) }),
      description: 'The sum of the column over every row of every input.',
      to: 'recipients',
      length: 1,
    },
  },
  run(mpc, inputs, params) {
    return Promise.resolve({ sum: allValues(mpc, inputs, params, 'sum', false).sum() });
  },
});
