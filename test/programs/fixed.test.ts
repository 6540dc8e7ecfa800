/**
 * `number` requirements: a column reaches the program as the field's fixed point, exactly
 * round(x · 2^f) (fixed columns of 2^-32 units bit for bit in p255's fxp(96, 32)), within the
 * field's range (|x| < 2^63 in p255, 2^24 in p127), checked at the owner before sharing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fxpLimit } from '../../src/programs/limits.js';
import { validateParams } from '../../src/programs/params.js';
import { prepareInput } from '../../src/programs/run.js';
import {
  defineProgram,
  type ColumnData,
  type ProgramDefinition,
} from '../../src/programs/types.js';
import { decimal, rng, runLocalProgram } from './helpers.js';

/** A p255 fixed-point sum of column `x` (test only). */
const wideSum: ProgramDefinition = defineProgram({
  name: 'wide-sum',
  version: '1.0.0',
  description: 'test only: the fixed-point sum of x in p255',
  field: 'p255',
  params: {},
  input: () => ({ x: { kind: 'number' } }),
  outputs: { sum: { type: 'fixed', description: 'the sum', to: 'recipients', length: 1 } },
  run: (mpc, inputs) =>
    Promise.resolve({ sum: mpc.concat(inputs.map((i) => i.number('x'))).sum() }),
});
const params = validateParams(wideSum, {});

const fixed32 = (values: readonly bigint[]): ColumnData => ({
  type: 'fixed',
  fractionBits: 32,
  values,
});

test('fixed columns reach a p255 program exactly as fxp(96, 32), far beyond 2^24', async () => {
  const r = rng(5);
  // x in [0, 2^30) with all 32 fractional bits used: stored v = x · 2^32 < 2^62
  const cols = [0, 1, 2].map(() =>
    Array.from(
      { length: 20 },
      () => (BigInt(Math.floor(r() * 2 ** 30)) << 32n) + BigInt(Math.floor(r() * 2 ** 32)),
    ),
  );
  const inputs = cols.map((values, i) => ({
    owner: `co${i + 1}`,
    columns: { x: fixed32(values) },
  }));
  const got = await runLocalProgram(wideSum, params, 3, inputs);
  const exact = cols.flat().reduce((a, b) => a + b, 0n);
  // the exact sum of the scaled integers, as the nearest double (what the output decodes to)
  const want = Number(exact) / 2 ** 32;
  assert.equal(got['sum']?.[0], want);
  assert.ok(want > 2 ** 24 * 1000, 'far beyond p127 fixed point');
});

test('decimals and integers are rounded to 2^-32 once, at the owner; the range is the field’s', async () => {
  const inputs = [
    { owner: 'a', columns: { x: decimal([1n, -1n, 5000000012n]) } },
    { owner: 'b', columns: { x: { type: 'integer' as const, bits: 64, values: [2n ** 40n] } } },
  ];
  const got = await runLocalProgram(wideSum, params, 3, inputs);
  const scaled = (cents: bigint): bigint => (cents * 2n ** 32n + 50n) / 100n; // >= 0: half up
  const exact = scaled(1n) - scaled(1n) + scaled(5000000012n) + ((2n ** 40n) << 32n);
  assert.equal(got['sum']?.[0], Number(exact) / 2 ** 32);
  assert.equal(fxpLimit(wideSum), 2 ** 63);
  prepareInput(wideSum, params, 0, { x: fixed32([(2n ** 62n - 1n) << 32n]) });
  assert.throws(() => prepareInput(wideSum, params, 0, { x: fixed32([1n, 2n ** 95n]) }), {
    code: 'ERR_PROGRAM_INPUT',
    message: /column x, row 2: expected a number above -9\.22e18 and below 9\.22e18\./,
  });
});
