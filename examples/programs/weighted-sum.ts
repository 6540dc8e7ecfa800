/**
 * `weighted-sum`: an example program written outside Parley's source (see docs/programs.md).
 *
 * Each input dataset i has an integer column (`column`); the recipients learn the exact
 * weighted total Σ_i w_i · Σ_rows x, where the public weights w_i are one integer per input
 * dataset (`weights`, comma-separated in input order), and each input's own weighted subtotal.
 * Nobody learns a row.
 *
 * Bounds: values |x| < 2^31 (`bits: 32`), at most 2^20 rows in all, weights |w| <= 10^6 and at
 * most 64 inputs: each subtotal has at most 32 + 20 + 20 = 72 bits and the total 78, exact in
 * field p127 (126-bit integers).
 */
import { ProgramParamError, defineProgram, type Params, type Program } from 'parley/program';

/** The weights of `params`, one per input; refuses a count that does not match. */
function weightsOf(params: Params, inputs: number): bigint[] {
  const w = String(params['weights'])
    .split(',')
    .map((s) => BigInt(s.trim()));
  if (w.length !== inputs) {
    throw new ProgramParamError(
      'weighted-sum',
      'weights',
      `${inputs} weights, one per input dataset`,
    );
  }
  return w;
}

const program: Program = defineProgram({
  name: 'weighted-sum',
  version: '1.0.0',
  description: 'Exact weighted sum of an integer column, one public weight per input dataset.',
  field: 'p127',
  params: {
    column: {
      type: 'string',
      description: 'The integer column to add up, in every input dataset.',
      pattern: /[A-Za-z0-9_.-]{1,64}/,
      default: 'amount',
    },
    weights: {
      type: 'string',
      description: 'One integer weight per input dataset, comma-separated (|w| <= 1000000).',
      pattern: /-?[0-9]{1,7}(,-?[0-9]{1,7}){0,63}/,
    },
  },
  inputCount: { min: 1, max: 64 },
  input: (params) => ({ [String(params['column'])]: { kind: 'integer', bits: 32 } }),
  limits: () => ({ rows: { max: 2 ** 20 } }),
  outputs: {
    total: {
      type: 'integer',
      description: 'Σ_i w_i · (the sum of the column in input i), exact, in stored units.',
      to: 'recipients',
      length: 1,
    },
    perInput: {
      type: 'integer',
      description: 'w_i · (the sum of the column in input i), per input in input order.',
      to: 'recipients',
      length: (shape) => shape.rows.length,
      labels: { description: 'one row per input (its owner)', of: (shape) => [...shape.owners] },
    },
  },
  run(mpc, inputs, params) {
    const weights = weightsOf(params, inputs.length);
    if (weights.some((w) => w > 1_000_000n || w < -1_000_000n)) {
      throw new ProgramParamError(
        'weighted-sum',
        'weights',
        'weights between -1000000 and 1000000',
      );
    }
    const column = String(params['column']);
    // One exact sum per input (local), as 72-bit integers so that they concatenate. No
    // communication at all: the engine's only opening is the delivery of the outputs.
    const sums = mpc.concat(inputs.map((input) => input.integer(column).sum().widen(72)));
    // Times the public weights (local; |w| <= 10^6 < 2^20 keeps every product in 72 bits).
    const perInput = sums.mulPublic(weights);
    // The total: an exact sum, which widens by ⌈log2 64⌉ bits (local).
    return Promise.resolve({ total: perInput.sum(), perInput });
  },
});

export default program;
