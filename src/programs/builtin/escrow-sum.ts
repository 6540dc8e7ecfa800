/**
 * `escrow-sum`: the exact sum of an escrowed record set. It takes an `escrow` artifact (param
 * `records`, `<jobId>.records`) and reveals the sum of its values to the job's recipients. As for
 * every artifact input, its committee must be the escrow's (same members, same order) and its
 * inputs the escrowed datasets, whose owners approve this use (see `./escrow.ts`).
 *
 * Bounds: the values are `secint(64)`; the sum of at most 10^7 of them widens exactly (88 bits)
 * in field p127.
 *
 * @module
 */
import { defineProgram, type Program } from 'parley/program';

/**
 * The `escrow-sum` program.
 * @example
 * ```ts
 * const params = validateParams(escrowSum, { records: '12.records' });
 * ```
 */
const program: Program = defineProgram({
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
    const records = artifacts['records'];
    if (records?.kind !== 'int') {
      throw new TypeError('escrow-sum: the records artifact is not an integer vector');
    }
    return Promise.resolve({ sum: records.sum() });
  },
});

export default program;
