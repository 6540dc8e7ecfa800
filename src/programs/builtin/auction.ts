/**
 * `auction`: a sealed-bid first-price auction. Each input dataset is one bidder's sealed bid: one
 * row with a bid column (integer or decimal, >= 0). The highest bid wins (the first in input
 * order among equal bids). Each bidder learns only whether it won (`won`, to the input owners:
 * element i to the owner of input i); the winning price is public, written on chain with the
 * committee's attestation (`price`). Nobody learns a losing bid, nor who won unless the winner
 * says so.
 *
 * Computation (field p127): the bids as `secint(48)` (stored integers in [0, 2^47 − 1], e.g.
 * cents up to 1.4 · 10^12 EUR), one secure argmax [CdH10 comparisons, tournament], and the
 * one-hot of its index by C secure equalities against public 0..C−1.
 *
 * @module
 */
import { defineProgram, type Program } from 'parley/program';
import { inputLabels } from './labels.js';

/** Stored-integer bits of a bid: 0 <= bid < 2^47 units. */
export const BID_BITS = 48;

/**
 * The `auction` program.
 * @example
 * ```ts
 * const params = validateParams(auction, { column: 'bid' });
 * ```
 */
const program: Program = defineProgram({
  name: 'auction',
  version: '1.0.0',
  description:
    'Sealed-bid first-price auction: each bidder learns whether it won; the price goes on chain.',
  field: 'p127',
  params: {
    column: {
      type: 'string',
      description: 'The bid column (integer or decimal, >= 0), one row per bidder.',
      pattern: /[A-Za-z0-9_.-]{1,64}/,
      default: 'bid',
    },
  },
  inputCount: { min: 2, max: 64 },
  limits: () => ({ rowsPerInput: { min: 1, max: 1 } }),
  input: (params) => ({
    [String(params['column'])]: { kind: 'integer', bits: BID_BITS, min: 0n },
  }),
  outputs: {
    won: {
      type: 'boolean',
      description: 'Whether this bidder won: each bidder receives its own element only.',
      to: 'owners',
      slices: 'element',
      length: (s) => s.rows.length,
      labels: {
        description: 'one row per bidder (its owner)',
        of: (shape) => inputLabels(shape.owners),
      },
    },
    price: {
      type: 'integer',
      description: 'The winning bid, in stored units (cents for decimal(2)); public, on chain.',
      unit: (params) => ({ column: String(params['column']) }),
      to: 'public',
      length: 1,
    },
  },
  async run(mpc, inputs, params) {
    const column = String(params['column']);
    const bids = mpc.concat(inputs.map((i) => i.integer(column)));
    const { index, value } = await bids.argmax();
    const C = inputs.length;
    const won = await mpc
      .concat(Array.from({ length: C }, () => index))
      .eq(Array.from({ length: C }, (_, i) => i));
    return { won, price: value };
  },
});

export default program;
