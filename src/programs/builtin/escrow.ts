/**
 * `escrow` and `escrow-sum`: an escrowed record set, and a later computation on it.
 *
 * `escrow` reads one integer column (integer or decimal, any signed 64-bit stored value) of every
 * input dataset and keeps it, row by row, secret-shared by the job's committee as the artifact
 * `records` (`to: 'nobody'`): nobody learns a value, and the owners' nodes need not take part
 * again. Its id is `<jobId>.records` (`parley artifact list` on a committee member).
 *
 * `escrow-sum` takes such an artifact (param `records`) and reveals the exact sum of its values
 * to the job's recipients. As for every artifact input, its committee must be the escrow's (same
 * members, same order) and its inputs the escrowed datasets, whose owners approve this use.
 *
 * Bounds: values are `secint(64)`; the sum of at most 10^7 of them widens exactly (88 bits) in
 * field p127.
 *
 * @module
 */
import { defineProgram, type Program } from 'parley/program';
import { columnParam } from './stats-common.js';

/** The most rows `escrow` keeps in all. */
export const ESCROW_MAX_ROWS = 10_000_000;

/**
 * The `escrow` program.
 * @example
 * ```ts
 * const params = validateParams(escrow, { column: 'salary' });
 * ```
 */
const program: Program = defineProgram({
  name: 'escrow',
  version: '1.0.0',
  description:
    'Keeps one integer column of every input secret-shared by the committee, as an artifact for later jobs.',
  field: 'p127',
  params: { column: columnParam },
  input: (params) => ({ [String(params['column'])]: { kind: 'integer', bits: 64 } }),
  limits: () => ({ rows: { max: ESCROW_MAX_ROWS } }),
  outputs: {
    records: {
      type: 'integer',
      description: 'Every row of the column, inputs in job order; revealed to nobody.',
      to: 'nobody',
      length: (s) => s.rows.reduce((a, r) => a + r, 0),
    },
  },
  run(mpc, inputs, params) {
    const column = String(params['column']);
    return Promise.resolve({ records: mpc.concat(inputs.map((i) => i.integer(column))) });
  },
});

export default program;
