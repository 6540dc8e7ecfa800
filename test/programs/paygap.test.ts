import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateParams } from '../../src/programs/params.js';
import { checkRowCounts } from '../../src/programs/limits.js';
import { paygap } from '../../src/programs/paygap.js';
import { prepareInput } from '../../src/programs/run.js';
import type { Params } from '../../src/programs/types.js';
import { category, decimal, integer, rng, runLocalProgram, type LocalInput } from './helpers.js';

const ULP = 2 ** -32;
const LABELS = ['F', 'M', 'X'];

/** Salaries in EUR with at most 2 decimals; stored as cents (`decimal(2)`). */
interface Payroll {
  readonly salaries: readonly number[];
  readonly genders: readonly string[];
}

interface Expected {
  meanFemale: number[];
  meanMale: number[];
  gapPercent: number[];
  defined: boolean[];
  pass: boolean;
}

const cents = (eur: number): bigint => BigInt(Math.round(eur * 100));

/** a / b for bigints as the nearest double (to about 1 ulp of float64). */
function ratio(a: bigint, b: bigint): number {
  const q = a / b;
  return Number(q) + Number(a - q * b) / Number(b);
}

/**
 * The plaintext reference, straight from the definitions in src/programs/paygap.ts, as exact
 * rationals over the stored cents (converted to doubles at the end). Means are in cents.
 */
function reference(payrolls: readonly Payroll[], threshold: number, twoSided = false): Expected {
  const scopes = [...payrolls.map((p) => [p]), payrolls];
  const e: Expected = { meanFemale: [], meanMale: [], gapPercent: [], defined: [], pass: false };
  for (const scope of scopes) {
    let [sF, sM, nF, nM] = [0n, 0n, 0n, 0n];
    for (const p of scope) {
      p.salaries.forEach((s, i) => {
        if (p.genders[i] === 'F') [sF, nF] = [sF + cents(s), nF + 1n];
        if (p.genders[i] === 'M') [sM, nM] = [sM + cents(s), nM + 1n];
      });
    }
    // mean_M > mean_F / 2^17  ⇔  S_M · n_F · 2^17 > S_F · n_M
    const defined = nF > 0n && nM > 0n && sM * nF * 2n ** 17n > sF * nM;
    e.meanFemale.push(nF === 0n ? 0 : ratio(sF, nF));
    e.meanMale.push(nM === 0n ? 0 : ratio(sM, nM));
    // gap = (S_M·n_F − S_F·n_M) · 100 / (S_M · n_F)
    e.gapPercent.push(defined ? ratio((sM * nF - sF * nM) * 100n, sM * nF) : 0);
    e.defined.push(defined);
  }
  const g = e.gapPercent.at(-1)!;
  e.pass = e.defined.at(-1)! && (twoSided ? Math.abs(g) < threshold : g < threshold);
  return e;
}

function inputsOf(payrolls: readonly Payroll[], asInteger = false): LocalInput[] {
  return payrolls.map((p, i) => ({
    owner: `co${i + 1}`,
    columns: {
      salary: asInteger ? integer(p.salaries.map(Math.round), 64) : decimal(p.salaries.map(cents)),
      gender: category(LABELS, p.genders),
    },
  }));
}

/** Means to 1e-9 relative (plus 4 ulps of 2^-32 cents), gaps to 1e-5 percentage points. */
function check(got: Record<string, readonly unknown[]>, e: Expected, cents = true): void {
  assert.deepEqual(got['defined'], e.defined, 'defined');
  assert.deepEqual(got['pass'], [e.pass], 'pass');
  const unit = cents ? 1 : 0.01; // integer columns hold the euros themselves
  for (let s = 0; s < e.defined.length; s++) {
    for (const k of ['meanFemale', 'meanMale'] as const) {
      const want = e[k][s]! * unit;
      const g = got[k]![s] as number;
      const tol = 1e-9 * Math.abs(want) + 4 * ULP;
      assert.ok(Math.abs(g - want) <= tol, `${k}[${s}]: ${g} vs ${want} ± ${tol}`);
    }
    const gap = got['gapPercent']![s] as number;
    if (!e.defined[s]) assert.equal(gap, 0, `gapPercent[${s}] is 0 where undefined`);
    else {
      assert.ok(
        Math.abs(gap - e.gapPercent[s]!) <= 1e-5,
        `gapPercent[${s}]: ${gap} vs ${e.gapPercent[s]} ± 1e-5`,
      );
    }
  }
}

function randomPayroll(r: () => number, rows: number, base: number, womenFactor: number): Payroll {
  const genders = Array.from({ length: rows }, () => (r() < 0.45 ? 'F' : r() < 0.9 ? 'M' : 'X'));
  genders[0] = 'F';
  if (rows > 1) genders[1] = 'M';
  const salaries = genders.map(
    (g) => Math.round(base * (0.6 + r() * 0.8) * (g === 'F' ? womenFactor : 1) * 100) / 100,
  );
  return { salaries, genders };
}

const p5: Params = validateParams(paygap, { threshold: 5 });

for (const n of [3, 4]) {
  describe(`paygap, committee n = ${n} (t = 1), three companies outside the committee`, () => {
    test('random payrolls: means, gaps, defined and pass match the plaintext reference', async () => {
      const r = rng(7 * n);
      const payrolls = [
        randomPayroll(r, 9, 90, 0.93),
        randomPayroll(r, 6, 120, 0.99),
        randomPayroll(r, 12, 75, 0.9),
      ];
      const e = reference(payrolls, 5);
      check(await runLocalProgram(paygap, p5, n, inputsOf(payrolls)), e);
    });

    test('edge cases: one row, all one gender, zero salaries of men', async () => {
      const payrolls: Payroll[] = [
        { salaries: [50], genders: ['F'] }, // one row: men empty
        { salaries: [40, 60, 70], genders: ['M', 'M', 'M'] }, // all men
        { salaries: [30, 0, 0], genders: ['F', 'M', 'M'] }, // men earn 0: gap undefined
      ];
      const e = reference(payrolls, 5);
      assert.deepEqual(e.defined, [false, false, false, true]);
      check(await runLocalProgram(paygap, p5, n, inputsOf(payrolls)), e);
    });
  });
}

test('all women everywhere: nothing is defined, means of men are 0, no pass', async () => {
  const payrolls: Payroll[] = [
    { salaries: [10, 20], genders: ['F', 'F'] },
    { salaries: [30], genders: ['F'] },
  ];
  for (const n of [3, 4]) {
    const got = await runLocalProgram(paygap, p5, n, inputsOf(payrolls));
    check(got, reference(payrolls, 5));
    assert.deepEqual(got['meanMale'], [0, 0, 0]);
    assert.deepEqual(got['pass'], [false]);
  }
});

test('negative gap (women earn more) passes one-sided, fails two-sided', async () => {
  const payrolls: Payroll[] = [
    { salaries: [120, 100, 110, 100], genders: ['F', 'M', 'F', 'M'] },
    { salaries: [130, 90], genders: ['F', 'M'] },
  ];
  const one = reference(payrolls, 5);
  assert.ok(one.gapPercent.at(-1)! < -5 && one.pass);
  for (const n of [3, 4]) check(await runLocalProgram(paygap, p5, n, inputsOf(payrolls)), one);
  const p2 = validateParams(paygap, { threshold: 5, twoSided: true });
  const two = reference(payrolls, 5, true);
  assert.equal(two.pass, false);
  check(await runLocalProgram(paygap, p2, 4, inputsOf(payrolls)), two);
});

test('zero salaries of women: gap 100 %, defined; other labels count in neither group', async () => {
  const payrolls: Payroll[] = [
    { salaries: [0, 50, 999], genders: ['F', 'M', 'X'] },
    { salaries: [0, 70], genders: ['F', 'M'] },
  ];
  const e = reference(payrolls, 5);
  assert.equal(e.gapPercent.at(-1), 100);
  for (const n of [3, 4]) check(await runLocalProgram(paygap, p5, n, inputsOf(payrolls)), e);
});

test('big salaries at the bound (2^40 − 1 units), integer column', async () => {
  const top = 2 ** 40 - 1; // the largest salary paygap accepts, in the column's units
  const payrolls: Payroll[] = [
    { salaries: [top, top - 5000, top - 1, top - 200000], genders: ['M', 'F', 'M', 'F'] },
    { salaries: [top - 3, top - 700000], genders: ['M', 'F'] },
    { salaries: [top - 10, top - 20, top - 30], genders: ['F', 'M', 'M'] },
  ];
  const e = reference(payrolls, 3);
  const p3 = validateParams(paygap, { threshold: 3 });
  for (const n of [3, 4]) {
    check(await runLocalProgram(paygap, p3, n, inputsOf(payrolls, true)), e, false);
  }
});

test('a gap just under and just over the threshold', async () => {
  // Women 95.5 vs men 100: gap 4.5 % (passes 5), then 94.5: 5.5 % (fails).
  for (const [women, pass] of [
    [95.5, true],
    [94.5, false],
  ] as const) {
    const payrolls: Payroll[] = [
      { salaries: [women, 100], genders: ['F', 'M'] },
      { salaries: [women, 100], genders: ['F', 'M'] },
    ];
    const got = await runLocalProgram(paygap, p5, 3, inputsOf(payrolls));
    assert.deepEqual(got['pass'], [pass], `women at ${women}`);
  }
});

test('custom labels and column names are parameters; a missing label names the column', async () => {
  const params = validateParams(paygap, {
    female: 'w',
    male: 'm',
    salaryColumn: 'pay',
    genderColumn: 'sex',
  });
  const inputs: LocalInput[] = [
    {
      owner: 'a',
      columns: { pay: decimal([1000n, 2000n]), sex: category(['m', 'w'], ['w', 'm']) },
    },
  ];
  const got = await runLocalProgram(paygap, params, 3, inputs);
  assert.deepEqual(got['defined'], [true, true]);
  assert.ok(Math.abs((got['gapPercent']![1] as number) - 50) < 0.01);
  await assert.rejects(
    runLocalProgram(paygap, params, 3, [
      { owner: 'a', columns: { pay: decimal([100n]), sex: category(['m', 'x'], ['m']) } },
    ]),
    (err: Error & { code?: string }) =>
      err.code === 'ERR_PROGRAM_INPUT' && /column sex has no label "w"/.test(err.message),
  );
});

test('3 companies × 100,000 employees: means to 1e-9 relative, gaps to 1e-5 points', async () => {
  const r = rng(2026);
  const payrolls = [
    randomPayroll(r, 100_000, 60_000, 0.95),
    randomPayroll(r, 100_000, 45_000, 0.99),
    randomPayroll(r, 100_000, 80_000, 0.9),
  ];
  const started = performance.now();
  const got = await runLocalProgram(paygap, p5, 3, inputsOf(payrolls));
  const seconds = (performance.now() - started) / 1000;
  check(got, reference(payrolls, 5));
  assert.ok(seconds < 20, `took ${seconds.toFixed(1)} s`);
});

test('limits: rows over 2^20 in all and salaries outside [0, 2^40) units are refused', () => {
  checkRowCounts(paygap, p5, [2 ** 20 - 1, 1]);
  assert.throws(() => checkRowCounts(paygap, p5, [2 ** 20, 1]), {
    code: 'ERR_PROGRAM_INPUT',
    message: /the inputs have 1048577 rows in all; paygap takes at most 1048576 rows in all/,
  });
  const gender = category(LABELS, ['F', 'M']);
  for (const bad of [-1n, 2n ** 40n]) {
    assert.throws(
      () => prepareInput(paygap, p5, 0, { salary: decimal([100n, bad]), gender }),
      (e: Error & { code?: string }) =>
        e.code === 'ERR_PROGRAM_INPUT' &&
        /column salary, row 2: expected a value at least 0\.00 and at most 10995116277\.75\./.test(
          e.message,
        ),
    );
  }
});
