/**
 * `sum`: the exact sum Σ x_i of one numeric column over the rows of every input dataset,
 * revealed to the recipients as an integer in the column's stored units (cents for
 * `decimal(2)`; the display applies the scale: 16800000.00 EUR).
 *
 * Bounds. Inputs are the stored integers, any signed 64-bit value (|x| < 2^63), as `secint(64)`;
 * with N <= 10^7 rows the sum has at most 64 + ⌈log2 N⌉ = 88 signed bits, which
 * `SecIntVector.sum` holds exactly (it widens). Field p127 suffices: it holds 126-bit integers
 * exactly, and the sum is local (no masks need room). Cost: the inputs and one reveal.
 *
 * Output: `sum` (integer, length 1). No rows give 0.
 *
 * @module
 */
import { allIntegers, columnParam, integerColumnSchema } from './stats-common.js';
import { defineProgram, type Program } from 'parley/program';

/** The most rows in all. */
export const SUM_MAX_ROWS = 10_000_000;

/**
 * The `sum` program.
 * @example
 * ```ts
 * const params = validateParams(sum, { column: 'salary' });
 * ```
 */
const program: Program = defineProgram({
  name: 'sum',
  version: '2.0.0',
  description: 'Exact sum of a numeric column over all input datasets.',
  field: 'p127',
  params: { column: columnParam },
  input: (params) => integerColumnSchema(params, 64),
  limits: () => ({ rows: { max: SUM_MAX_ROWS } }),
  outputs: {
    sum: {
      type: 'integer',
      unit: (params) => ({ column: String(params['column']) }),
      description:
        'The exact sum of the column over every row of every input, in stored units (cents for decimal(2)).',
      to: 'recipients',
      length: 1,
    },
  },
  run(_mpc, inputs, params) {
    return Promise.resolve({ sum: allIntegers(inputs, params, 'sum', false).sum() });
  },
});

export default program;
