import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateParams } from '../../src/programs/params.js';
import { paygap } from '../../src/programs/paygap.js';
import type { Params } from '../../src/programs/types.js';
import { category, fixed, integer, q16, rng, runLocalProgram, type LocalInput } from './helpers.js';

const ULP = 2 ** -16;
const LABELS = ['F', 'M', 'X'];

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
  /** Rows of women and men per scope, for the error bound. */
  nF: number[];
  nM: number[];
  N: number[];
}

/** The plaintext reference, straight from the definitions in src/programs/paygap.ts. */
function reference(payrolls: readonly Payroll[], threshold: number, twoSided = false): Expected {
  const scopes = [...payrolls.map((p) => [p]), payrolls];
  const e: Expected = {
    meanFemale: [],
    meanMale: [],
    gapPercent: [],
    defined: [],
    pass: false,
    nF: [],
    nM: [],
    N: [],
  };
  for (const scope of scopes) {
    let sF = 0,
      sM = 0,
      nF = 0,
      nM = 0,
      N = 0;
    for (const p of scope) {
      p.salaries.forEach((s, i) => {
        N++;
        if (p.genders[i] === 'F') [sF, nF] = [sF + q16(s), nF + 1];
        if (p.genders[i] === 'M') [sM, nM] = [sM + q16(s), nM + 1];
      });
    }
    const mF = nF === 0 ? 0 : sF / nF;
    const mM = nM === 0 ? 0 : sM / nM;
    const defined = nF > 0 && nM > 0 && mM > mF / 2 ** 17;
    e.meanFemale.push(mF);
    e.meanMale.push(mM);
    e.gapPercent.push(defined ? ((mM - mF) / mM) * 100 : 0);
    e.defined.push(defined);
    e.nF.push(nF);
    e.nM.push(nM);
    e.N.push(N);
  }
  const g = e.gapPercent.at(-1)!;
  e.pass = e.defined.at(-1)! && (twoSided ? Math.abs(g) < threshold : g < threshold);
  return e;
}

function inputsOf(payrolls: readonly Payroll[], asInteger = false): LocalInput[] {
  return payrolls.map((p, i) => ({
    owner: `co${i + 1}`,
    columns: {
      salary: asInteger ? integer(p.salaries.map(Math.round)) : fixed(p.salaries),
      gender: category(LABELS, p.genders),
    },
  }));
}

/** Compares against the reference with the error bound of the module doc (plus the gap's). */
function check(got: Record<string, readonly unknown[]>, e: Expected): void {
  assert.deepEqual(got['defined'], e.defined, 'defined');
  assert.deepEqual(got['pass'], [e.pass], 'pass');
  for (let s = 0; s < e.N.length; s++) {
    const pow = 2 ** Math.ceil(Math.log2(e.N[s]!));
    const tolF = e.nF[s] === 0 ? 0 : ((2 * pow) / e.nF[s]! + 2) * ULP + 2 ** -33 * e.meanFemale[s]!;
    const tolM = e.nM[s] === 0 ? 0 : ((2 * pow) / e.nM[s]! + 2) * ULP + 2 ** -33 * e.meanMale[s]!;
    const gF = got['meanFemale']![s] as number;
    const gM = got['meanMale']![s] as number;
    assert.ok(
      Math.abs(gF - e.meanFemale[s]!) <= tolF,
      `meanFemale[${s}]: ${gF} vs ${e.meanFemale[s]}`,
    );
    assert.ok(Math.abs(gM - e.meanMale[s]!) <= tolM, `meanMale[${s}]: ${gM} vs ${e.meanMale[s]}`);
    const gap = got['gapPercent']![s] as number;
    if (!e.defined[s]) {
      assert.equal(gap, 0, `gapPercent[${s}] is 0 where undefined`);
    } else {
      const mM = e.meanMale[s]!;
      const tolGap =
        100 * ((tolF + (e.meanFemale[s]! * tolM) / mM) / mM) +
        0.004 + // the ratio (2 ulps) times 100
        1e-4 * Math.abs(e.gapPercent[s]!);
      assert.ok(
        Math.abs(gap - e.gapPercent[s]!) <= tolGap,
        `gapPercent[${s}]: ${gap} vs ${e.gapPercent[s]} ± ${tolGap}`,
      );
    }
  }
}

function randomPayroll(r: () => number, rows: number, base: number, womenFactor: number): Payroll {
  const genders = Array.from({ length: rows }, () => (r() < 0.45 ? 'F' : r() < 0.9 ? 'M' : 'X'));
  genders[0] = 'F';
  if (rows > 1) genders[1] = 'M';
  const salaries = genders.map((g) =>
    q16(base * (0.6 + r() * 0.8) * (g === 'F' ? womenFactor : 1)),
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

test('big salaries near the fixed-point range (payroll totals far above 2^24), integer column', async () => {
  const top = 2 ** 24 - 1; // the largest salary paygap accepts
  const payrolls: Payroll[] = [
    { salaries: [top, top - 5000, top - 1, top - 200000], genders: ['M', 'F', 'M', 'F'] },
    { salaries: [top - 3, top - 700000], genders: ['M', 'F'] },
    { salaries: [top - 10, top - 20, top - 30], genders: ['F', 'M', 'M'] },
  ];
  const e = reference(payrolls, 3);
  const p3 = validateParams(paygap, { threshold: 3 });
  for (const n of [3, 4]) check(await runLocalProgram(paygap, p3, n, inputsOf(payrolls, true)), e);
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
    { owner: 'a', columns: { pay: fixed([10, 20]), sex: category(['m', 'w'], ['w', 'm']) } },
  ];
  const got = await runLocalProgram(paygap, params, 3, inputs);
  assert.deepEqual(got['defined'], [true, true]);
  assert.ok(Math.abs((got['gapPercent']![1] as number) - 50) < 0.01);
  await assert.rejects(
    runLocalProgram(paygap, params, 3, [
      { owner: 'a', columns: { pay: fixed([1]), sex: category(['m', 'x'], ['m']) } },
    ]),
    (err: Error & { code?: string }) =>
      err.code === 'ERR_PROGRAM_INPUT' && /column sex has no label "w"/.test(err.message),
  );
});
