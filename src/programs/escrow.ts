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
import type { SecIntVector } from '../mpc/secure/int.js';
import { defineProgram, type ParamSpec, type ProgramDefinition } from './types.js';

const columnParam: ParamSpec = {
  type: 'string',
  description: 'The integer column to escrow, in every input dataset.',
  pattern: /[A-Za-z0-9_.-]{1,64}/,
};

/** The most rows `escrow` keeps in all. */
export const ESCROW_MAX_ROWS = 10_000_000;

/**
 * The `escrow` program.
 * @example
 * ```ts
 * const params = validateParams(escrow, { column: 'salary' });
 * ```
 */
export const escrow: ProgramDefinition = defineProgram({
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

/**
 * The `escrow-sum` program.
 * @example
 * ```ts
 * const params = validateParams(escrowSum, { records: '12.records' });
 * ```
 */
export const escrowSum: ProgramDefinition = defineProgram({
  name: 'escrow-sum',
  version: '1.0.0',
  description: 'The exact sum of an escrowed record set (an escrow artifact), to the recipients.',
  field: 'p127',
  params: {
    records: { type: 'artifact', description: 'The escrow artifact, <jobId>.records.' },
  },
  inputCount: { min: 0, max: 0 },
  input: () => ({}),
  outputs: {
    sum: {
      type: 'integer',
      description: 'The sum of every escrowed value, in stored units.',
      to: 'recipients',
      length: 1,
    },
  },
  run(_mpc, _inputs, _params, artifacts) {
    const records = artifacts?.['records'];
    if (records === undefined || records.type.kind !== 'int') {
      throw new TypeError('escrow-sum: the records artifact is not an integer vector');
    }
    return Promise.resolve({ sum: (records as SecIntVector).sum() });
  },
});
