/**
 * Program limits: the proposal-time check against catalog metadata and the owner's check on the
 * plaintext apply the same bounds, and their messages name the dataset, column and limit in the
 * column's units.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  checkCatalogInputs,
  checkRowCounts,
  formatLimit,
  numberBounds,
  withinBounds,
  type CatalogInput,
} from '../../src/programs/limits.js';
import { validateParams } from '../../src/programs/params.js';
import { paygap } from '../../src/programs/paygap.js';
import { prepareInput } from '../../src/programs/run.js';
import { sum } from '../../src/programs/sum.js';
import { variance } from '../../src/programs/variance.js';

const payroll = (rows: number, salary: { min?: number; max?: number } = {}): CatalogInput => ({
  name: 'dataset "acme payroll" (0x12345678…)',
  rows,
  columns: [
    { name: 'salary', type: 'fixed', unit: 'kEUR', ...salary },
    { name: 'gender', type: 'category', unit: '', labels: ['F', 'M'] },
  ],
});

const refuses = (f: () => void, re: RegExp): void =>
  assert.throws(
    f,
    (e: Error & { code?: string }) => e.code === 'ERR_PROGRAM_INPUT' && re.test(e.message),
  );

test('paygap at proposal: columns, types, labels, declared ranges and row counts', () => {
  const params = validateParams(paygap, {});
  checkCatalogInputs(paygap, params, [payroll(100, { min: 20, max: 2000 }), payroll(5)]);
  refuses(
    () => checkCatalogInputs(paygap, params, [payroll(100, { min: -1 })]),
    /^paygap: dataset "acme payroll" \(0x12345678…\): column salary must be at least 0 kEUR and at most 16777215 kEUR; the catalog declares values from -1 kEUR\.$/,
  );
  refuses(
    () => checkCatalogInputs(paygap, params, [payroll(100, { max: 9.2e16 })]),
    /column salary must be .* at most 16777215 kEUR; the catalog declares values up to 9\.2e16 kEUR/,
  );
  refuses(
    () => checkCatalogInputs(paygap, params, [payroll(40_000), payroll(30_000)]),
    /the inputs have 70000 rows in all; paygap takes at most 65536 rows in all/,
  );
  refuses(
    () => checkCatalogInputs(paygap, params, [payroll(0)]),
    /dataset "acme payroll" \(0x12345678…\) has 0 rows; paygap takes at least 1 row per input/,
  );
  const noLabel = {
    ...payroll(3),
    columns: [
      payroll(3).columns[0]!,
      { name: 'gender', type: 'category', unit: '', labels: ['f', 'm'] },
    ],
  };
  refuses(
    () => checkCatalogInputs(paygap, params, [noLabel]),
    /column gender has no label "F", "M"/,
  );
  const text = { ...payroll(3), columns: [{ name: 'salary', type: 'identifier', unit: '' }] };
  refuses(
    () => checkCatalogInputs(paygap, params, [text]),
    /has no column gender \(it has salary\)/,
  );
  refuses(() => checkCatalogInputs(paygap, params, []), /expected 1\.\.64 input datasets, got 0/);
});

test('sum at proposal: declared bounds times rows must keep the sum in range', () => {
  const params = validateParams(sum, { column: 'salary' });
  checkCatalogInputs(sum, params, [payroll(100, { min: 0, max: 1000 })]);
  refuses(
    () => checkCatalogInputs(sum, params, [payroll(100_000, { min: 0, max: 1000 })]),
    /column salary: 100000 rows of up to 1000 kEUR may sum to 100000000 kEUR; sum needs the sum below 16777216 kEUR/,
  );
  // Without declared bounds the proposer cannot tell; the recipients' range check decides.
  checkCatalogInputs(sum, params, [payroll(100_000)]);
});

test('the owner applies the same bounds on the plaintext; its public summary has no row', () => {
  const params = validateParams(variance, { column: 'salary' });
  const b = numberBounds(
    variance.input(params)['salary'] as { kind: 'number'; min: number; max: number },
  );
  fc.assert(
    fc.property(fc.integer({ min: -10_000, max: 10_000 }), (x) => {
      const cols = { salary: { type: 'integer' as const, bits: 32, values: [0n, BigInt(x)] } };
      let ok = true;
      try {
        prepareInput(variance, params, 0, cols);
      } catch (e) {
        ok = false;
        const err = e as { code?: string; message: string; details: Record<string, unknown> };
        assert.equal(err.code, 'ERR_PROGRAM_INPUT');
        assert.match(
          err.message,
          /input 0: column salary, row 2: expected a number at least -4095 and at most 4095/,
        );
        assert.equal(err.details['public'], 'column salary out of range');
        assert.ok(
          !err.message.includes(String(x)) || Math.abs(x) < 4096,
          'no value in the message',
        );
      }
      assert.equal(ok, withinBounds(x, b), `x = ${x}`);
      // the proposal check agrees for a catalog that declares exactly [x, x]
      let atProposal = true;
      try {
        checkCatalogInputs(variance, params, [
          {
            name: 'd',
            rows: 2,
            columns: [{ name: 'salary', type: 'integer', unit: '', min: x, max: x }],
          },
        ]);
      } catch {
        atProposal = false;
      }
      assert.equal(atProposal, ok);
    }),
  );
});

test('row counts and number formatting', () => {
  const params = validateParams(paygap, {});
  checkRowCounts(paygap, params, [65_536]);
  refuses(() => checkRowCounts(paygap, params, [65_536, 1]), /65537 rows in all/);
  assert.equal(formatLimit(16_777_215), '16777215');
  assert.equal(formatLimit(2 ** 24 * 1e3), '1.68e10');
  assert.equal(formatLimit(1e8), '100000000');
  assert.equal(formatLimit(0.00012345), '1.23e-4');
  assert.equal(formatLimit(9.2e16), '9.2e16');
  assert.equal(formatLimit(0.5), '0.5');
});
