/**
 * The data and references of the whole-job acceptance test and benchmark (`bench/jobs/lib.ts`):
 * the generated CSV imports to exactly the generated cents, and the exact references agree with
 * direct bigint and float computations on random and edge inputs.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCsv } from '../../src/node/datasets/csv.js';
import { encodeDataset, parseSchema } from '../../src/node/datasets/schema.js';
import {
  MAX_CENTS,
  MIN_CENTS,
  exactInteger,
  paygapExact,
  payroll,
  payrollCsv,
  payrollSchema,
  ratio,
  relError,
  statsReference,
  type Payroll,
} from '../../bench/jobs/lib.js';

describe('bench/jobs/lib', () => {
  test('a generated payroll imports to exactly its cents and genders, edges included', () => {
    for (const genders of [false, true]) {
      const p = payroll(70_000, 5, genders); // more than one chunk of lines
      assert.equal(p.cents[0], MIN_CENTS);
      assert.equal(p.cents[1], MAX_CENTS);
      assert.equal(p.cents[3], p.cents[2], 'a tie');
      assert.ok(p.cents.every((c) => c >= MIN_CENTS && c <= MAX_CENTS));
      const enc = encodeDataset(parseCsv(payrollCsv(p)), parseSchema(payrollSchema(genders)));
      assert.equal(enc.rowCount, p.cents.length);
      const names = enc.schema.columns.map((c) => c.name);
      const salary = enc.columns[names.indexOf('salary')]!;
      assert.deepEqual(salary, Array.from(p.cents, String));
      if (genders) {
        const g = enc.columns[names.indexOf('gender')]!;
        // labels ['F', 'M']: F is index 0
        assert.deepEqual(
          g,
          Array.from(p.female!, (f) => (f === 1 ? '0' : '1')),
        );
        const share = p.female!.reduce((a, f) => a + f, 0) / p.cents.length;
        assert.ok(share > 0.45 && share < 0.55, `women: ${share}`);
      }
    }
    assert.equal(payrollCsv(payroll(0, 1)), 'salary\n');
  });

  test('ratio is the quotient to float64 precision', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }),
        fc.bigInt({ min: 1n, max: 2n ** 150n }),
        (a, b) => {
          const r = ratio(a, b);
          // |r − a/b| <= 2^-52 |a/b|, in integers: |r·b − a| · 2^52 <= |a| (r exact as p/2^k).
          if (a === 0n) return r === 0;
          const [m, e] = mantissa(r);
          const lhs = e >= 0 ? m * 2n ** e * b - a : m * b - a * 2n ** -e;
          const scale = e >= 0 ? 1n : 2n ** -e;
          const abs = (x: bigint): bigint => (x < 0n ? -x : x);
          return abs(lhs) * 2n ** 52n <= abs(a) * scale;
        },
      ),
    );
    assert.equal(ratio(1n, 3n), 1 / 3);
    assert.equal(ratio(-10n, 4n), -2.5);
    assert.equal(ratio(0n, 7n), 0);
    assert.throws(() => ratio(1n, 0n), RangeError);
  });

  test('statsReference equals direct bigint sums, and float64 on small data', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: MIN_CENTS, max: MAX_CENTS }), { minLength: 1, maxLength: 50 }),
        fc.boolean(),
        (xs, dup) => {
          const values = dup ? [...xs, ...xs] : xs;
          const p: Payroll = { cents: Uint32Array.from(values) };
          const r = statsReference([p]);
          const s1 = values.reduce((a, x) => a + BigInt(x), 0n);
          assert.equal(r.sumCents, s1);
          assert.equal(r.rows, values.length);
          const mean = values.reduce((a, x) => a + x, 0) / values.length;
          const v = values.reduce((a, x) => a + (x - mean) ** 2, 0) / values.length;
          assert.ok(relError(r.mean, mean) < 1e-12);
          assert.ok(Math.abs(r.variance - v) <= 1e-9 * Math.max(1, v), `${r.variance} vs ${v}`);
          assert.ok(Math.abs(r.stddev - Math.sqrt(v)) <= 1e-6 * Math.max(1, Math.sqrt(v)));
        },
      ),
    );
    const one = statsReference([{ cents: Uint32Array.of(MAX_CENTS) }]);
    assert.equal(one.variance, 0);
    assert.equal(one.mean, MAX_CENTS);
  });

  test('paygapExact equals the float64 definition on small payrolls, and leaves an empty group undefined', () => {
    const ps = [payroll(500, 1, true), payroll(800, 2, true)];
    const r = paygapExact(ps);
    const scopes = [[ps[0]!], [ps[1]!], ps];
    scopes.forEach((s, i) => {
      const f: number[] = [];
      const m: number[] = [];
      for (const p of s) p.cents.forEach((c, k) => (p.female![k] === 1 ? f : m).push(c));
      const mf = f.reduce((a, x) => a + x, 0) / f.length;
      const mm = m.reduce((a, x) => a + x, 0) / m.length;
      assert.ok(relError(r.meanFemale[i]!, mf) < 1e-12);
      assert.ok(relError(r.meanMale[i]!, mm) < 1e-12);
      assert.ok(Math.abs(r.gapPercent[i]! - ((mm - mf) / mm) * 100) < 1e-9);
      assert.equal(r.defined[i], true);
    });
    const allMen: Payroll = { cents: Uint32Array.of(5, 7), female: Uint8Array.of(0, 0) };
    const e = paygapExact([allMen]);
    assert.deepEqual(e.defined, [false, false]);
    assert.deepEqual(e.meanFemale, [0, 0]);
    assert.deepEqual(e.gapPercent, [0, 0]);
  });

  test('exactInteger takes safe integers and decimal strings only', () => {
    assert.equal(exactInteger(123), 123n);
    assert.equal(exactInteger('-100924654808861123'), -100924654808861123n);
    for (const bad of [1.5, 2 ** 60, '1.0', '', 'x', null, undefined]) {
      assert.throws(() => exactInteger(bad), /not an exact integer/);
    }
  });
});

/** A finite double as m · 2^e with bigint m. */
function mantissa(x: number): [bigint, bigint] {
  let e = 0n;
  let m = x;
  while (!Number.isInteger(m)) {
    m *= 2;
    e -= 1n;
  }
  return [BigInt(m), e];
}
