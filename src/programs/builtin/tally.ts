/**
 * `tally`: counting votes. Each input dataset is a ballot box: a category column of votes (one
 * row per ballot). The candidates are a public list parameter; the count per candidate is
 * public, written on chain with the committee's attestation (`votes`, labelled by candidate).
 * A ballot for no listed candidate counts for none. Nobody learns a ballot, nor a box's counts.
 *
 * Computation (field p127): each owner shares one indicator bit per ballot and candidate
 * (one-hot, on its plaintext); the counts are local sums of the bits, so the only interaction
 * is the input sharing and the opening of the counts among the committee.
 *
 * @module
 */
import { defineProgram, type Program } from 'parley/program';

/**
 * The `tally` program.
 * @example
 * ```ts
 * const params = validateParams(tally, { candidates: ['ann', 'bob'] });
 * ```
 */
const program: Program = defineProgram({
  name: 'tally',
  version: '1.0.0',
  description: 'Counts votes per candidate over every ballot box; the counts go on chain.',
  field: 'p127',
  params: {
    candidates: {
      type: 'list',
      items: 'string',
      description: 'The candidates, as the labels of the vote column.',
      pattern: /[A-Za-z0-9 _.-]{1,64}/,
      minLength: 2,
      maxLength: 64,
    },
    column: {
      type: 'string',
      description: 'The vote column (a category).',
      pattern: /[A-Za-z0-9_.-]{1,64}/,
      default: 'vote',
    },
  },
  inputCount: { min: 1, max: 64 },
  limits: () => ({ rows: { max: 10_000_000 } }),
  input(params) {
    const candidates = params['candidates'] as readonly string[];
    return { [String(params['column'])]: { kind: 'category', labels: [...new Set(candidates)] } };
  },
  outputs: {
    votes: {
      type: 'integer',
      description: 'The ballots for each candidate, over every box; public, on chain.',
      to: 'public',
      length: (s) => new Set(s.params?.['candidates'] as readonly string[]).size,
      labels: {
        description: 'one row per candidate',
        of: (shape) => [...new Set(shape.params['candidates'] as readonly string[])],
      },
    },
  },
  run(mpc, inputs, params) {
    const column = String(params['column']);
    const candidates = [...new Set(params['candidates'] as readonly string[])];
    const counts = candidates.map((c) =>
      mpc.concat(inputs.map((i) => i.indicator(column, c))).count(64),
    );
    return Promise.resolve({ votes: mpc.concat(counts) });
  },
});

export default program;
