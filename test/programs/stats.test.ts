import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mean } from '../../src/programs/mean.js';
import { validateParams } from '../../src/programs/params.js';
import { stddev } from '../../src/programs/stddev.js';
import { sum } from '../../src/programs/sum.js';
import { variance } from '../../src/programs/variance.js';
import { fixed, integer, q16, rng, runLocalProgram, type LocalInput } from './helpers.js';

const ULP = 2 ** -16;

/** Plaintext references over the values the datasets hold (rounded to 2^-16). */
function reference(values: readonly number[]): { sum: number; mean: number; variance: number } {
  const s = values.reduce((a, b) => a + b, 0);
  const m = s / values.length;
  const v = values.reduce((a, b) => a + (b - m) ** 2, 0) / values.length;
  return { sum: s, mean: m, variance: v };
}

function near(got: unknown, want: number, tol: number, what: string): void {
  assert.equal(typeof got, 'number', `${what} is a number`);
  assert.ok(
    Math.abs((got as number) - want) <= tol,
    `${what}: got ${String(got)}, want ${want} ± ${tol}`,
  );
}

/** Three companies outside the committee, each with a `pay` column. */
function companies(cols: readonly (readonly number[])[], asInteger = false): LocalInput[] {
  return cols.map((values, i) => ({
    owner: `co${i + 1}`,
    columns: {
      pay: asInteger ? integer(values) : fixed(values),
      other: fixed(values.map(() => 1)),
    },
  }));
}

const params = validateParams(sum, { column: 'pay' });

for (const n of [3, 4]) {
  describe(`column statistics, committee n = ${n} (t = 1), inputs from outside the committee`, () => {
    test('random data: sum, mean and variance match the plaintext reference', async () => {
      const r = rng(42 + n);
      const cols = [5, 8, 3].map((len) => Array.from({ length: len }, () => q16(r() * 2000 - 500)));
      const inputs = companies(cols);
      const ref = reference(cols.flat());
      const N = cols.flat().length;
      const s = await runLocalProgram(sum, params, n, inputs);
      near(s['sum']?.[0], ref.sum, 1e-9, 'sum (exact)');
      const m = await runLocalProgram(mean, params, n, inputs);
      near(m['mean']?.[0], ref.mean, 4 * ULP, 'mean');
      const v = await runLocalProgram(variance, params, n, inputs);
      near(v['mean']?.[0], ref.mean, 4 * ULP, 'variance: mean');
      near(v['variance']?.[0], ref.variance, 1e-4 * ref.variance + 64 * ULP, `variance (N = ${N})`);
      const sd = await runLocalProgram(stddev, params, n, inputs);
      const sdRef = Math.sqrt(ref.variance);
      near(sd['stddev']?.[0], sdRef, 1e-4 * sdRef + 64 * ULP, `stddev (N = ${N})`);
      assert.deepEqual(Object.keys(sd), ['stddev'], 'stddev reveals only the standard deviation');
    });

    test('one row in all: mean is the value, variance 0', async () => {
      const inputs = companies([[123.25]]);
      const m = await runLocalProgram(mean, params, n, inputs);
      near(m['mean']?.[0], 123.25, 4 * ULP, 'mean of one row');
      const v = await runLocalProgram(variance, params, n, inputs);
      near(v['variance']?.[0], 0, 8 * ULP, 'variance of one row');
    });

    test('integer columns, negative values and an empty dataset next to others', async () => {
      const cols = [[-7, 3, 12], [], [100000, -100000, 5]];
      const inputs = companies(cols, true);
      const ref = reference(cols.flat());
      const s = await runLocalProgram(sum, params, n, inputs);
      near(s['sum']?.[0], ref.sum, 0, 'integer sum');
      const m = await runLocalProgram(mean, params, n, inputs);
      near(m['mean']?.[0], ref.mean, 4 * ULP, 'integer mean');
    });

    test('values near the fixed-point range: the mean is right although their sum exceeds 2^24', async () => {
      const big = 2 ** 24 - 1;
      const cols = [[big, big - 1000.5], [big - 1, big - 2.25], [big - 3]];
      const ref = reference(cols.flat().map(q16));
      assert.ok(ref.sum > 2 ** 24, 'the sum itself would not fit secfxp');
      const m = await runLocalProgram(mean, params, n, companies(cols));
      near(m['mean']?.[0], ref.mean, 4 * ULP, 'mean of big values');
    });
  });
}

test('variance: small values with a known variance (sample 2, 4, 4, 4, 5, 5, 7, 9: 4)', async () => {
  const inputs = companies([
    [2, 4, 4],
    [4, 5],
    [5, 7, 9],
  ]);
  const v = await runLocalProgram(variance, params, 3, inputs);
  near(v['mean']?.[0], 5, 4 * ULP, 'mean');
  near(v['variance']?.[0], 4, 16 * ULP, 'variance');
});

test('mean of no rows at all fails on every party instead of dividing by zero', async () => {
  await assert.rejects(runLocalProgram(mean, params, 3, companies([[], []])), {
    code: 'ERR_PROGRAM_INPUT',
  });
});

test('the committee may provide inputs too (members p1, p2 and an outsider)', async () => {
  const inputs: LocalInput[] = [
    { owner: 'p1', columns: { pay: fixed([1, 2]) } },
    { owner: 'p2', columns: { pay: fixed([3]) } },
    { owner: 'co9', columns: { pay: fixed([4, 5, 6]) } },
  ];
  const s = await runLocalProgram(sum, params, 3, inputs, 'p3');
  near(s['sum']?.[0], 21, 0, 'sum to a member');
});

test('one owner with two datasets shares both, in job order', async () => {
  const inputs: LocalInput[] = [
    { owner: 'co1', columns: { pay: fixed([1, 2]) } },
    { owner: 'co2', columns: { pay: fixed([10]) } },
    { owner: 'co1', columns: { pay: integer([100, 200, 300]) } },
  ];
  const s = await runLocalProgram(sum, params, 3, inputs);
  near(s['sum']?.[0], 613, 0, 'sum over both datasets of co1');
});

test('stddev: all-equal values, one row, and values at the column bound match the reference', async () => {
  for (const cols of [[[7, 7], [7], [7, 7, 7]], [[123.25]], [[4095, -4095], [0], [4095]]]) {
    const ref = reference(cols.flat());
    const sd = await runLocalProgram(stddev, params, 3, companies(cols));
    const want = Math.sqrt(ref.variance);
    near(sd['stddev']?.[0], want, 1e-4 * want + 256 * ULP, `stddev of ${JSON.stringify(cols)}`);
  }
});
