/**
 * sum, mean, variance and stddev against exact bigint references computed here: random money in
 * cents, negatives, one row, all equal, zero, the bounds' extremes, empty datasets next to others;
 * and the limits (a value over the bound, rows over the limit) refused before anything is shared.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mean } from '../../src/programs/mean.js';
import { validateParams } from '../../src/programs/params.js';
import { prepareInput } from '../../src/programs/run.js';
import { stddev } from '../../src/programs/stddev.js';
import { sum } from '../../src/programs/sum.js';
import { variance } from '../../src/programs/variance.js';
import { checkRowCounts } from '../../src/programs/limits.js';
import { decimal, integer, rng, runLocalProgram, type LocalInput } from './helpers.js';

/** Exact moments: S1 = Σx, S2 = Σx², N. */
function moments(values: readonly bigint[]): { s1: bigint; s2: bigint; n: bigint } {
  let s1 = 0n;
  let s2 = 0n;
  for (const v of values) {
    s1 += v;
    s2 += v * v;
  }
  return { s1, s2, n: BigInt(values.length) };
}

/** a / b for bigints as the nearest double (to about 1 ulp of float64). */
function ratio(a: bigint, b: bigint): number {
  const q = a / b;
  return Number(q) + Number(a - q * b) / Number(b);
}

/** Exact-rational references converted to doubles at the end. */
function reference(values: readonly bigint[]): { sum: bigint; mean: number; variance: number } {
  const { s1, s2, n } = moments(values);
  return { sum: s1, mean: ratio(s1, n), variance: ratio(n * s2 - s1 * s1, n * n) };
}

function near(got: unknown, want: number, rel: number, abs: number, what: string): void {
  assert.equal(typeof got, 'number', `${what} is a number`);
  const tol = rel * Math.abs(want) + abs;
  assert.ok(
    Math.abs((got as number) - want) <= tol,
    `${what}: got ${String(got)}, want ${want} ± ${tol}`,
  );
}

/** Companies outside the committee, each with a `pay` column of stored integers. */
function companies(cols: readonly (readonly bigint[])[], money = true): LocalInput[] {
  return cols.map((values, i) => ({
    owner: `co${i + 1}`,
    columns: {
      pay: money ? decimal(values) : { type: 'integer', bits: 64, values },
      other: integer(values.map(() => 1)),
    },
  }));
}

const params = validateParams(sum, { column: 'pay' });
const ULP = 2 ** -32;

/** Runs all four programs and checks them against the reference. */
async function checkAll(
  cols: readonly (readonly bigint[])[],
  n: number,
  what: string,
  money = true,
): Promise<void> {
  const inputs = companies(cols, money);
  const ref = reference(cols.flat());
  const s = await runLocalProgram(sum, params, n, inputs);
  assert.equal(s['sum']?.[0], ref.sum, `${what}: sum is exact`);
  const m = await runLocalProgram(mean, params, n, inputs);
  near(m['mean']?.[0], ref.mean, 1e-12, 2 * ULP, `${what}: mean`);
  const v = await runLocalProgram(variance, params, n, inputs);
  near(v['mean']?.[0], ref.mean, 1e-12, 2 * ULP, `${what}: variance's mean`);
  near(v['variance']?.[0], ref.variance, 1e-12, 2 * ULP, `${what}: variance`);
  const sd = await runLocalProgram(stddev, params, n, inputs);
  const sdRef = Math.sqrt(ref.variance);
  near(sd['stddev']?.[0], sdRef, 1e-9, 4 * ULP, `${what}: stddev`);
  assert.deepEqual(Object.keys(sd), ['stddev'], 'stddev reveals only the standard deviation');
}

/** Random salaries between 20,000.00 and 2,000,000.00 EUR, in cents. */
function salaries(r: () => number, count: number): bigint[] {
  return Array.from({ length: count }, () => BigInt(2_000_000 + Math.floor(r() * 198_000_001)));
}

for (const n of [3, 4]) {
  describe(`column statistics, committee n = ${n} (t = 1), inputs from outside the committee`, () => {
    test('random salaries in cents: sum exact, mean, variance, stddev match exact references', async () => {
      const r = rng(42 + n);
      await checkAll([salaries(r, 50), salaries(r, 80), salaries(r, 30)], n, 'random');
    });

    test('negatives, zero, an empty dataset next to others', async () => {
      await checkAll([[-7n, 3n, 0n], [], [100_000n, -100_000n, 5n]], n, 'mixed');
    });
  });
}

test('edge data: one row, all equal, all zero, ties, the bound of variance (|x| < 2^31)', async () => {
  const hi = 2n ** 31n - 1n;
  const cases: [string, bigint[][]][] = [
    ['one row', [[1234567n]]],
    ['all equal', [[7n, 7n], [7n], [7n, 7n, 7n]]],
    ['all zero', [[0n, 0n], [0n]]],
    [
      'ties',
      [
        [5n, 5n, 9n],
        [9n, 5n],
      ],
    ],
    ['bound', [[hi, -hi - 1n], [hi, hi], [-hi - 1n]]],
  ];
  for (const [what, cols] of cases) await checkAll(cols, 3, what);
});

test('sum and mean take any 64-bit value: sums far beyond 2^64 are exact', async () => {
  const max = 2n ** 63n - 1n;
  const min = -(2n ** 63n);
  const cols = [
    [max, max, max],
    [max, 1n],
    [min, max],
  ];
  const inputs = companies(cols, false);
  const ref = reference(cols.flat());
  assert.ok(ref.sum > 2n ** 64n, 'the sum needs more than 64 bits');
  const s = await runLocalProgram(sum, params, 3, inputs);
  assert.equal(s['sum']?.[0], ref.sum);
  const m = await runLocalProgram(mean, params, 3, inputs);
  near(m['mean']?.[0], ref.mean, 1e-12, 0, 'mean of 64-bit extremes');
  const low = await runLocalProgram(sum, params, 3, companies([[min, min], [min]], false));
  assert.equal(low['sum']?.[0], 3n * min);
});

test('mean of no rows at all fails on every party instead of dividing by zero', async () => {
  await assert.rejects(runLocalProgram(mean, params, 3, companies([[], []])), {
    code: 'ERR_PROGRAM_INPUT',
  });
});

test('the committee may provide inputs too, and one owner may have two datasets', async () => {
  const inputs: LocalInput[] = [
    { owner: 'p1', columns: { pay: decimal([100n, 250n]) } },
    { owner: 'co2', columns: { pay: decimal([1000n]) } },
    { owner: 'p1', columns: { pay: decimal([10_000n, 20_000n, 30_000n]) } },
  ];
  const s = await runLocalProgram(sum, params, 3, inputs, 'p3');
  assert.equal(s['sum']?.[0], 61_350n, 'sum to a member over both datasets of p1');
});

test('limits: a value over the bound is refused at the owner in the column units', () => {
  const cols = { pay: decimal([100n, 2n ** 31n]) };
  assert.throws(
    () => prepareInput(variance, params, 0, cols),
    (e: Error & { code?: string; details?: Record<string, unknown> }) =>
      e.code === 'ERR_PROGRAM_INPUT' &&
      /input 0: column pay, row 2: expected a value at least -21474836\.48 and at most 21474836\.47\./.test(
        e.message,
      ) &&
      e.details?.['public'] === 'column pay out of range',
  );
  prepareInput(variance, params, 0, { pay: decimal([-(2n ** 31n), 2n ** 31n - 1n]) });
  prepareInput(sum, params, 0, { pay: decimal([2n ** 63n - 1n]) });
});

test('limits: rows over each program limit are refused before sharing', () => {
  for (const [p, max] of [
    [sum, 10_000_000],
    [mean, 10_000_000],
    [variance, 2 ** 24],
    [stddev, 2 ** 24],
  ] as const) {
    checkRowCounts(p, params, [max - 1, 1]);
    assert.throws(() => checkRowCounts(p, params, [max, 1]), {
      code: 'ERR_PROGRAM_INPUT',
      message: new RegExp(
        `the inputs have ${max + 1} rows in all; ${p.name} takes at most ${max} rows in all`,
      ),
    });
  }
});
