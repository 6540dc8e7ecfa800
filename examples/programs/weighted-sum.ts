/**
 * `weighted-sum`: an example program written outside Parley's source (see docs/programs.md).
 *
 * Each input dataset i has an integer column (`column`); the recipients learn the exact
 * weighted total Σ_i w_i · Σ_rows x, where the public weights w_i are one integer per input
 * dataset (`weights`, a list parameter in input order), and each input's own weighted subtotal.
 * Nobody learns a row.
 *
 * Bounds: values |x| < 2^31 (`bits: 32`), at most 2^20 rows in all, weights |w| <= 10^6 (checked
 * with the list at proposal) and at most 64 inputs: each subtotal has at most 32 + 20 + 20 = 72
 * bits and the total 78, exact in field p127 (126-bit integers).
 */
import { ProgramParamError, defineProgram, type Params, type Program } from 'parley/program';

/** The weights of `params`, one per input; refuses a count that does not match. */
function weightsOf(params: Params, inputs: number): readonly number[] {
  const w = params['weights'] as readonly number[];
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
      type: 'list',
      items: 'number',
      description: 'One integer weight per input dataset, in input order.',
      integer: true,
      min: -1_000_000,
      max: 1_000_000,
      minLength: 1,
      maxLength: 64,
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
    // Each weight is an integer in [-10^6, 10^6]: the list's declaration, checked at proposal.
    const weights = weightsOf(params, inputs.length);
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
