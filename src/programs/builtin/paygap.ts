/**
 * `paygap`: pay-gap certification. Each input dataset is one company's payroll with a numeric
 * salary column (integer or decimal, >= 0) and a category gender column. The recipients learn, for
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
 * Computation, on the exact stored salaries (cents for `decimal(2)`), in field p255 with
 * fixed point fxp(96, 32):
 * - S_F, S_M per company and overall: dot products of the salaries with the group's indicator
 *   bits (exact integers, one degree reduction each, all in one round); n_F, n_M: sums of the
 *   indicator bits (local).
 * - mean = S / n by one secure fixed-point division [CS10] (0 when n = 0): error below
 *   2 + mean · 2^-1 ulps (ulp = 2^-32), i.e. a relative error below 2^-33 ≈ 1.2e-10 plus
 *   4.7e-10 / mean.
 * - gap = (mean_M − mean_F) / mean_M · 100 by one more division: error below 2.5 ulps of the
 *   ratio, plus what the means' errors imply; below 1e-7 percentage points for means of 1 unit
 *   and more.
 *
 * Bounds. Salaries are stored integers in [0, 2^40 − 1] (`secint(41)`; 10995116277.75 EUR for
 * `decimal(2)`), and the inputs have at most 2^20 rows in all (so does every scope). Then
 * S < 2^60 (dot products of 41-bit salaries and 2-bit indicators over 2^20 rows: 63 signed
 * bits), and S as fixed point needs 63 + 32 = 95 bits <= k = 96; n <= 2^20 too. Field p255
 * because fxp(96, 32) needs 2k + κ + 1 < 255 bits of field (p127 holds k <= 42). The ratio
 * bound of `defined` (mean_M > mean_F / 2^17) keeps |gap| < 2^24, far inside the range.
 *
 * Outputs (arrays of length C + 1: companies in input order, then overall): `meanFemale`,
 * `meanMale`, `gapPercent` (fixed point), `defined` (boolean); `pass` (boolean, length 1).
 *
 * Disclosure control (`../disclosure.ts`): k = max(1, `minGroupSize`, default 3). A company (or
 * the whole) with fewer than k women has its mean of women withheld, fewer than k men its mean of
 * men, and fewer than k of either its gap, `defined` and (overall) `pass`: a company with one
 * woman no longer reveals her salary. The counts n_F, n_M stay secret.
 *
 * @module
 */
import {
  ProgramInputError,
  ProgramParamError,
  defineProgram,
  type Program,
  type SecretInt,
} from 'parley/program';
import { overallOnly, perInputThenOverall } from './labels.js';

const LABEL = /[A-Za-z0-9 _.-]{1,64}/;
const COLUMN = /[A-Za-z0-9_.-]{1,64}/;

/** The largest mean_F / mean_M for which a gap is defined (see the module doc). */
export const MAX_RATIO: number = 2 ** 17;
/** Stored-integer bits of a salary: 0 <= salary < 2^40 units (see the module doc). */
export const SALARY_BITS = 41;
/** The most rows in all (see the module doc). */
export const PAYGAP_MAX_ROWS: number = 2 ** 20;
/** Signed bits of S_F and S_M: 41-bit salaries times 2-bit indicators over 2^20 rows. */
const SUM_BITS = SALARY_BITS + 2 + 20;

/**
 * The `paygap` program.
 * @example
 * ```ts
 * const params = validateParams(paygap, { threshold: 5 });
 * ```
 */
const program: Program = defineProgram({
  name: 'paygap',
  version: '2.0.0',
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
      description: 'The salary column (integer or decimal, >= 0).',
      pattern: COLUMN,
      default: 'salary',
    },
    genderColumn: {
      type: 'string',
      description: 'The gender column (a category).',
      pattern: COLUMN,
      default: 'gender',
    },
    minGroupSize: {
      type: 'number',
      description:
        'The fewest women (men) a company or the whole must have for a value computed from them to be revealed.',
      integer: true,
      min: 1,
      max: 1000,
      default: 3,
    },
  },
  minGroupSize: { min: 1, param: 'minGroupSize' },
  groups: {
    women: { description: 'n_F per company, then overall.', length: (s) => s.rows.length + 1 },
    men: { description: 'n_M per company, then overall.', length: (s) => s.rows.length + 1 },
    womenOverall: { description: 'n_F of all companies.', length: 1 },
    menOverall: { description: 'n_M of all companies.', length: 1 },
  },
  inputCount: { min: 1, max: 64 },
  field: 'p255',
  limits: () => ({ rowsPerInput: { min: 1 }, rows: { max: PAYGAP_MAX_ROWS } }),
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
      [salary]: { kind: 'integer', bits: SALARY_BITS, min: 0n },
      [gender]: { kind: 'category', labels: [String(params['female']), String(params['male'])] },
    };
  },
  outputs: {
    meanFemale: {
      type: 'fixed',
      description:
        'Mean pay of women, per company then overall, in stored units (0 if there are none).',
      unit: (params) => ({ column: String(params['salaryColumn']) }),
      to: 'recipients',
      groups: ['women'],
      length: (s) => s.rows.length + 1,
      labels: perInputThenOverall,
    },
    meanMale: {
      type: 'fixed',
      description:
        'Mean pay of men, per company then overall, in stored units (0 if there are none).',
      unit: (params) => ({ column: String(params['salaryColumn']) }),
      to: 'recipients',
      groups: ['men'],
      length: (s) => s.rows.length + 1,
      labels: perInputThenOverall,
    },
    gapPercent: {
      type: 'fixed',
      description: '(mean_M − mean_F) / mean_M · 100, per company then overall (0 if undefined).',
      unit: () => ({ text: '%' }),
      to: 'recipients',
      groups: ['women', 'men'],
      length: (s) => s.rows.length + 1,
      labels: perInputThenOverall,
    },
    defined: {
      type: 'boolean',
      description: 'Whether the gap is defined: both groups non-empty and mean_M > 0.',
      to: 'recipients',
      groups: ['women', 'men'],
      length: (s) => s.rows.length + 1,
      labels: perInputThenOverall,
    },
    pass: {
      type: 'boolean',
      description: 'Whether the overall gap is defined and below the threshold.',
      to: 'recipients',
      groups: ['womenOverall', 'menOverall'],
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
    const N = inputs.reduce((a, i) => a + i.rows, 0);
    if (N > PAYGAP_MAX_ROWS) {
      throw new ProgramInputError(`paygap: at most ${PAYGAP_MAX_ROWS} rows in all, got ${N}.`, {
        rows: N,
      });
    }

    // Scopes [F_1..F_C, F_all, M_1..M_C, M_all]: indicator bits (as 2-bit integers) and salaries.
    const pays = inputs.map((i) => i.integer(salary));
    const pay = mpc.concat(pays);
    const bitsOf = (label: string): SecretInt[] => {
      const parts = inputs.map((i) => i.indicator(gender, label).toInt(2));
      return [...parts, mpc.concat(parts)];
    };
    const groups = [...bitsOf(F), ...bitsOf(M)];
    const salaries = [...pays, pay, ...pays, pay];
    // S for every scope: one dot product each, all in one round; n: local sums of the bits.
    const sums = await Promise.all(groups.map(async (g, k) => await salaries[k]!.dot(g)));
    const S = mpc.concat(sums.map((v) => v.widen(SUM_BITS)));
    const n = mpc.concat(groups.map((g) => g.sum().widen(SUM_BITS)));
    const means = await S.toFixed().div(n.toFixed());
    const meanF = means.slice(0, C + 1);
    const meanM = means.slice(C + 1);

    const ratio = await meanM.sub(meanF).div(meanM);
    const gap = await ratio.mulPublic(100);

    // defined = n_F > 0 ∧ n_M > 0 ∧ mean_M − mean_F / 2^17 > 0, in one comparison round trip.
    const bound = meanM.sub(await meanF.divPublic(MAX_RATIO));
    const positive = await mpc.concat([n.toFixed(), bound]).gt(0);
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
    // Group sizes for disclosure control (secret; never revealed): n_F and n_M per scope.
    const women = n.slice(0, C + 1);
    const men = n.slice(C + 1);
    return {
      meanFemale: meanF,
      meanMale: meanM,
      gapPercent: gapOut,
      defined,
      pass,
      women,
      men,
      womenOverall: women.at(C),
      menOverall: men.at(C),
    };
  },
});

export default program;
