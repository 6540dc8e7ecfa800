/**
 * `paygap`: pay-gap certification. Each input dataset is one company's payroll with a numeric
 * salary column (integer or fixed, >= 0) and a category gender column. The recipients learn, for
 * each company and overall, the mean pay of women and of men, the gap in percent, whether the gap
 * is defined, and whether the overall gap passes a public threshold; nobody learns a salary, a
 * gender or a headcount by gender.
 *
 * Definitions, for a scope s (one company, or all companies together; N_s rows, public):
 * - n_F, n_M: the rows labelled `female` / `male` (rows with another label count in neither);
 *   S_F, S_M: the sums of their salaries.
 * - mean_F = S_F / n_F and mean_M = S_M / n_M.
 * - gap = (mean_M − mean_F) / mean_M · 100 (percent; negative when women earn more).
 * - defined = n_F > 0 ∧ n_M > 0 ∧ mean_M > mean_F / 2^17. An empty group leaves the gap
 *   undefined instead of dividing by zero, and the last condition (which implies mean_M > 0)
 *   keeps gap · 100 inside the fixed-point range. Where a gap is undefined its output is 0 and its
 *   mean of an empty group is 0: read `defined` first.
 * - pass = defined_overall ∧ gap_overall < threshold (with `twoSided`, |gap_overall| < threshold).
 *
 * Computation. No sum is ever held in a single fixed-point value, so payrolls may total far more
 * than the 2^24 range. For a scope of N_s rows let 2^L be the least power of two >= N_s. Then
 * S/2^L is the `mean` of the selected salaries padded with public zeros to 2^L elements (the
 * divisor is a power of two, so the error is below 2 ulps), n/2^L is exact (the count n, a sum of
 * indicator bits, read with f − L fractional bits: local), and mean = (S/2^L) / (n/2^L) by one
 * secure division (0 when n = 0). The error of a mean is below (2 · 2^L/n + 2) ulps
 * (ulp = 2^-16) plus 2^-33 relative. Requires N_s <= 2^16 rows per scope (so that n/2^L is
 * exact) and salaries in [0, 2^24 − 1]. The gap is the secure ratio (error below 2 ulps) times
 * 100, so it is exact to about 0.004 percentage points plus what the means' errors imply.
 *
 * Outputs (arrays of length C + 1: companies in input order, then overall): `meanFemale`,
 * `meanMale`, `gapPercent` (fixed point), `defined` (boolean); `pass` (boolean, length 1).
 *
 * @module
 */
import type { SecFxpVector } from '../mpc/secure/fxp.js';
import { secfxp } from '../mpc/secure/types.js';
import { ProgramInputError, ProgramParamError } from './errors.js';
import { overallOnly, perInputThenOverall } from './describe.js';
import { defineProgram, type ProgramDefinition } from './types.js';

const LABEL = /[A-Za-z0-9 _.-]{1,64}/;
const COLUMN = /[A-Za-z0-9_.-]{1,64}/;

/** The largest mean_F / mean_M for which a gap is defined (see the module doc). */
const MAX_RATIO = 2 ** 17;
/** Fractional bits of `secfxp()`. */
const FRAC = 16;
/** The most rows in all (see the module doc). */
const MAX_ROWS = 2 ** FRAC;

/**
 * The `paygap` program.
 * @example
 * ```ts
 * const params = validateParams(paygap, { threshold: 5 });
 * ```
 */
export const paygap: ProgramDefinition = defineProgram({
  name: 'paygap',
  version: '1.0.0',
  description:
    'Mean pay by gender per company and overall, the gap in percent, and pass/fail against a threshold.',
  params: {
    threshold: {
      type: 'number',
      description: 'The largest gap in percent that passes (strictly below passes).',
      min: 0,
      max: 100,
      default: 5,
    },
    twoSided: {
      type: 'boolean',
      description:
        'If true, |gap| must be below the threshold (a gap in favour of women counts too).',
      default: false,
    },
    female: { type: 'string', description: 'The label of women.', pattern: LABEL, default: 'F' },
    male: { type: 'string', description: 'The label of men.', pattern: LABEL, default: 'M' },
    salaryColumn: {
      type: 'string',
      description: 'The salary column (integer or fixed, >= 0).',
      pattern: COLUMN,
      default: 'salary',
    },
    genderColumn: {
      type: 'string',
      description: 'The gender column (a category).',
      pattern: COLUMN,
      default: 'gender',
    },
  },
  inputCount: { min: 1, max: 64 },
  limits: () => ({ rowsPerInput: { min: 1 }, rows: { max: MAX_ROWS }, field: 'p127' }),
  input(params) {
    const salary = String(params['salaryColumn']);
    const gender = String(params['genderColumn']);
    if (params['female'] === params['male']) {
      throw new ProgramParamError('paygap', 'male', 'a label other than that of women');
    }
    if (salary === gender) {
      throw new ProgramParamError('paygap', 'genderColumn', 'a column other than the salary');
    }
    return {
      [salary]: { kind: 'number', min: 0, max: 2 ** 24 - 1 },
      [gender]: { kind: 'category', labels: [String(params['female']), String(params['male'])] },
    };
  },
  outputs: {
    meanFemale: {
      type: 'fixed',
      description: 'Mean pay of women, per company then overall (0 if there are none).',
      unit: (params) => ({ column: String(params['salaryColumn']) }),
      to: 'recipients',
      length: (s) => s.rows.length + 1,
      labels: perInputThenOverall,
    },
    meanMale: {
      type: 'fixed',
      description: 'Mean pay of men, per company then overall (0 if there are none).',
      unit: (params) => ({ column: String(params['salaryColumn']) }),
      to: 'recipients',
      length: (s) => s.rows.length + 1,
      labels: perInputThenOverall,
    },
    gapPercent: {
      type: 'fixed',
      description: '(mean_M − mean_F) / mean_M · 100, per company then overall (0 if undefined).',
      unit: () => ({ text: '%' }),
      to: 'recipients',
      length: (s) => s.rows.length + 1,
      labels: perInputThenOverall,
    },
    defined: {
      type: 'boolean',
      description: 'Whether the gap is defined: both groups non-empty and mean_M > 0.',
      to: 'recipients',
      length: (s) => s.rows.length + 1,
      labels: perInputThenOverall,
    },
    pass: {
      type: 'boolean',
      description: 'Whether the overall gap is defined and below the threshold.',
      to: 'recipients',
      length: 1,
      labels: overallOnly,
    },
  },
  async run(mpc, inputs, params) {
    const salary = String(params['salaryColumn']);
    const gender = String(params['genderColumn']);
    const [F, M] = [String(params['female']), String(params['male'])];
    const C = inputs.length;
    inputs.forEach((inp, i) => {
      if (inp.rows === 0) {
        throw new ProgramInputError(`paygap: input ${i} has no rows.`, { input: i });
      }
    });
    const rows = inputs.map((i) => i.rows);
    const N = rows.reduce((a, b) => a + b, 0);

    // Salaries of women (first N) and of men (next N), 0 elsewhere: one select round.
    const pay = mpc.concat(inputs.map((i) => i.number(salary)));
    const women = inputs.map((i) => i.indicator(gender, F));
    const men = inputs.map((i) => i.indicator(gender, M));
    const selected = await mpc.concat([...women, ...men]).select(pay.concat(pay), 0);

    // S/2^L and n/2^L for every scope: [F_1..F_C, F_all, M_1..M_C, M_all].
    const sizes = [...rows, N, ...rows, N];
    if (N > MAX_ROWS) {
      throw new ProgramInputError(`paygap: at most ${MAX_ROWS} rows in all, got ${N}.`, {
        rows: N,
      });
    }
    const logs = sizes.map((r) => {
      let L = 0;
      while (2 ** L < r) L++;
      return L;
    });
    const scopes: SecFxpVector[] = [];
    for (let g = 0; g < 2; g++) {
      let start = g * N;
      for (const r of rows) {
        scopes.push(selected.slice(start, start + r));
        start += r;
      }
      scopes.push(selected.slice(g * N, (g + 1) * N));
    }
    const padded = scopes.map((v, i) => {
      const pad = 2 ** logs[i]! - v.length;
      return pad === 0 ? v : v.concat(mpc.constant(new Array<number>(pad).fill(0)));
    });
    const scaledSums = mpc.concat(await Promise.all(padded.map((v) => v.mean())));
    const counts = [...women, mpc.concat(women), ...men, mpc.concat(men)].map((b) => b.count());
    // n as a fixed-point number with f − L fractional bits is n · 2^(f−L) as an integer.
    const n = mpc.concat(counts).mulPublic(logs.map((L) => 2n ** BigInt(FRAC - L)));
    const scaledCounts = mpc.fromShares(secfxp(), n.length, n.share);
    const means = await scaledSums.div(scaledCounts);
    const meanF = means.slice(0, C + 1);
    const meanM = means.slice(C + 1);

    const ratio = await meanM.sub(meanF).div(meanM);
    const gap = await ratio.mulPublic(100);

    // defined = n_F > 0 ∧ n_M > 0 ∧ mean_M − mean_F / 2^17 > 0, in one comparison round trip.
    const bound = meanM.sub(await meanF.divPublic(MAX_RATIO));
    const positive = await mpc.concat([scaledCounts, bound]).gt(0);
    const bothGroups = await positive.slice(0, C + 1).and(positive.slice(C + 1, 2 * (C + 1)));
    const defined = await bothGroups.and(positive.slice(2 * (C + 1)));
    const gapOut = await defined.select(gap, 0);

    const overall = gapOut.at(C);
    const threshold = Number(params['threshold']);
    let below;
    if (params['twoSided'] === true) {
      const both = await overall.concat(overall.neg()).lt(threshold);
      below = await both.at(0).and(both.at(1));
    } else {
      below = await overall.lt(threshold);
    }
    const pass = await below.and(defined.at(C));
    return { meanFemale: meanF, meanMale: meanM, gapPercent: gapOut, defined, pass };
  },
});
