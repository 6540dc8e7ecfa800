/**
 * Program limits: the proposal-time check against catalog metadata and the owner's check on the
 * plaintext apply the same bounds, and their messages name the dataset, column and limit in the
 * column's units.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { describeLimits } from '../../src/programs/describe.js';
import {
  checkCatalogInputs,
  checkRowCounts,
  formatLimit,
  integerBounds,
  numberBounds,
  storedText,
  withinBounds,
  type CatalogInput,
} from '../../src/programs/limits.js';
import { validateParams } from '../../src/programs/params.js';
import { paygap } from '../../src/programs/paygap.js';
import { prepareInput } from '../../src/programs/run.js';
import { sum } from '../../src/programs/sum.js';
import { defineProgram } from '../../src/programs/types.js';
import { variance } from '../../src/programs/variance.js';

const payroll = (rows: number, salary: { min?: number; max?: number } = {}): CatalogInput => ({
  name: 'dataset "acme payroll" (0x12345678…)',
  rows,
  columns: [
    { name: 'salary', type: 'decimal', scale: 2, unit: 'EUR', ...salary },
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
  checkCatalogInputs(paygap, params, [payroll(100, { min: 20_000, max: 2_000_000 }), payroll(5)]);
  refuses(
    () => checkCatalogInputs(paygap, params, [payroll(100, { min: -1 })]),
    /^paygap: dataset "acme payroll" \(0x12345678…\): column salary must be at least 0\.00 EUR and at most 10995116277\.75 EUR; the catalog declares values from -1\.00 EUR\.$/,
  );
  refuses(
    () => checkCatalogInputs(paygap, params, [payroll(100, { max: 9.2e16 })]),
    /column salary must be .* at most 10995116277\.75 EUR; the catalog declares values up to 9\.2e16 EUR/,
  );
  refuses(
    () => checkCatalogInputs(paygap, params, [payroll(700_000), payroll(400_000)]),
    /the inputs have 1100000 rows in all; paygap takes at most 1048576 rows in all/,
  );
  refuses(
    () => checkCatalogInputs(paygap, params, [payroll(0)]),
    /dataset "acme payroll" \(0x12345678…\) has 0 rows; paygap takes at least 1 row per input/,
  );
  const fixedPay = {
    ...payroll(3),
    columns: [{ name: 'salary', type: 'fixed', unit: 'EUR' }, payroll(3).columns[1]!],
  };
  refuses(
    () => checkCatalogInputs(paygap, params, [fixedPay]),
    /column salary is fixed; paygap needs integer or decimal/,
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

test('variance at proposal: |salary| below 2^31 cents, i.e. at most 21474836.47 EUR', () => {
  const params = validateParams(variance, { column: 'salary' });
  checkCatalogInputs(variance, params, [payroll(10, { min: -21_474_836.48, max: 21_474_836.47 })]);
  refuses(
    () => checkCatalogInputs(variance, params, [payroll(10, { max: 21_474_836.48 })]),
    /column salary must be at least -21474836\.48 EUR and at most 21474836\.47 EUR; the catalog declares values up to 21474836\.48 EUR/,
  );
  // sum takes any 64-bit stored value and needs no sum bound: its sum widens.
  checkCatalogInputs(sum, validateParams(sum, { column: 'salary' }), [
    payroll(10_000_000, { min: -9e16, max: 9e16 }),
  ]);
});

test('the owner and the proposal check agree on integer bounds (variance: secint(32))', () => {
  const params = validateParams(variance, { column: 'salary' });
  const b = integerBounds({ kind: 'integer', bits: 32 });
  fc.assert(
    fc.property(fc.bigInt({ min: -(2n ** 32n), max: 2n ** 32n }), (x) => {
      const cols = { salary: { type: 'integer' as const, bits: 64, values: [0n, x] } };
      let ok = true;
      try {
        prepareInput(variance, params, 0, cols);
      } catch (e) {
        ok = false;
        const err = e as { code?: string; message: string; details: Record<string, unknown> };
        assert.equal(err.code, 'ERR_PROGRAM_INPUT');
        assert.match(
          err.message,
          /input 0: column salary, row 2: expected a value at least -2147483648 and at most 2147483647\.$/,
        );
        assert.equal(err.details['public'], 'column salary out of range');
        assert.ok(!err.message.includes(String(x)), 'no value in the message');
      }
      assert.equal(ok, x >= b.min && x <= b.max, `x = ${x}`);
      let atProposal = true;
      try {
        checkCatalogInputs(variance, params, [
          {
            name: 'd',
            rows: 2,
            columns: [{ name: 'salary', type: 'integer', unit: '', min: Number(x), max: 0 }],
          },
        ]);
      } catch {
        atProposal = false;
      }
      assert.equal(atProposal, ok);
    }),
  );
});

test('fixed-point requirements: declared bounds within |x| < 2^24 and the sum bound', () => {
  const real = defineProgram({
    ...sum,
    name: 'real',
    input: () => ({ salary: { kind: 'number', min: -4095, max: 4095 } }),
    limits: () => ({ absSum: { salary: 2 ** 24 } }),
  });
  const params = validateParams(real, { column: 'salary' });
  const b = numberBounds({ kind: 'number', min: -4095, max: 4095 });
  assert.ok(withinBounds(4095, b) && !withinBounds(4095.5, b));
  checkCatalogInputs(real, params, [payroll(100, { min: 0, max: 1000 })]);
  refuses(
    () => checkCatalogInputs(real, params, [payroll(100_000, { min: 0, max: 1000 })]),
    /column salary: 100000 rows of up to 1000 EUR may sum to 100000000 EUR; real needs the sum below 16777216 EUR/,
  );
  refuses(
    () => prepareInput(real, params, 0, { salary: { type: 'integer', bits: 32, values: [5000n] } }),
    /row 1: expected a number at least -4095 and at most 4095/,
  );
});

test('row counts, stored values in units, number formatting, described limits', () => {
  const params = validateParams(paygap, {});
  checkRowCounts(paygap, params, [2 ** 20]);
  refuses(() => checkRowCounts(paygap, params, [2 ** 20, 1]), /1048577 rows in all/);
  assert.equal(storedText(2147483647n, { type: 'decimal', scale: 2 }), '21474836.47');
  assert.equal(storedText(-5n, { type: 'decimal', scale: 2 }), '-0.05');
  assert.equal(storedText(-5n, { type: 'integer' }), '-5');
  assert.equal(formatLimit(16_777_215), '16777215');
  assert.equal(formatLimit(2 ** 24 * 1e3), '1.68e10');
  assert.equal(formatLimit(0.00012345), '1.23e-4');
  assert.equal(formatLimit(9.2e16), '9.2e16');
  const text = describeLimits(paygap, params);
  assert.ok(text.includes('field: p255'), text.join('\n'));
  assert.ok(text.includes('rows: at least 1 per input; at most 1048576 in all'), text.join('\n'));
  assert.ok(
    text.some((l) => l.startsWith('salary: integer or decimal, exact stored integers from 0 to')),
    text.join('\n'),
  );
  assert.ok(describeLimits(sum, validateParams(sum, { column: 'x' })).includes('field: p127'));
});
