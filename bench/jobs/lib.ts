/**
 * Synthetic payrolls and exact plaintext references for whole-job runs through the nodes
 * (`bench/jobs/bench.ts` and `test/e2e/numbers.test.ts`): seeded salaries as exact cents in packed
 * typed arrays, CSV text built in chunks, and references computed with bigint rationals, so that
 * a job's result is checked against the exact value, never against another floating-point sum.
 *
 * The data are synthetic (seeded), never real.
 *
 * @module
 */
import type { DatasetSchema, ParleyClient, ProposeJobBody } from '../../src/sdk/index.js';
import { watchJob } from '../../src/node/dev/paygap-demo.js';

/** The salary range of the acceptance data, in cents: 20,000.00 to 2,000,000.00 EUR. */
export const MIN_CENTS = 2_000_000;
export const MAX_CENTS = 200_000_000;

/**
 * A seeded generator of uniform numbers in [0, 1) with 32 bits (xorshift32): test data, not
 * cryptography.
 * @example
 * ```ts
 * const r = rng(7);
 * r(); // 0 <= x < 1, the same sequence for the same seed
 * ```
 */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

/** A payroll: salaries in cents and, for paygap, genders (1 = female, 0 = male). */
export interface Payroll {
  readonly cents: Uint32Array;
  readonly female?: Uint8Array;
}

/**
 * `rows` salaries in cents, uniform in [MIN_CENTS, MAX_CENTS]; the first two rows are the bounds
 * themselves (edge values), and with `genders` each row is female with probability 1/2 and women's
 * salaries are drawn from a range 3 % lower at the top, so the gap is a few percent.
 * @example
 * ```ts
 * const p = payroll(1000, 42, true);
 * p.cents[0]; // 2000000 (20,000.00)
 * ```
 */
export function payroll(rows: number, seed: number, genders = false): Payroll {
  const r = rng(seed);
  const cents = new Uint32Array(rows);
  const female = genders ? new Uint8Array(rows) : undefined;
  const span = MAX_CENTS - MIN_CENTS + 1;
  for (let i = 0; i < rows; i++) {
    const f = female !== undefined && r() < 0.5;
    if (female !== undefined) female[i] = f ? 1 : 0;
    cents[i] = MIN_CENTS + Math.floor(r() * (f ? span * 0.97 : span));
  }
  if (rows > 0) cents[0] = MIN_CENTS;
  if (rows > 1) cents[1] = MAX_CENTS;
  if (rows > 3) cents[3] = cents[2]!; // a tie
  return female === undefined ? { cents } : { cents, female };
}

const CHUNK = 65_536;

/** Cents as a decimal(2) cell: 2000000 → "20000.00". */
function money(c: number): string {
  const r = c % 100;
  return `${(c - r) / 100}.${r < 10 ? '0' : ''}${r}`;
}

/**
 * The CSV text of a payroll: `salary` (and `gender`, `F`/`M`, when it has genders), built in
 * chunks of joined strings (no per-row concatenation of the whole text).
 * @example
 * ```ts
 * payrollCsv(payroll(2, 1)); // 'salary\n20000.00\n2000000.00\n'
 * ```
 */
export function payrollCsv(p: Payroll): string {
  const { cents, female } = p;
  const parts: string[] = [female === undefined ? 'salary\n' : 'gender,salary\n'];
  const lines = new Array<string>(CHUNK);
  for (let start = 0; start < cents.length; start += CHUNK) {
    const end = Math.min(cents.length, start + CHUNK);
    lines.length = end - start;
    for (let i = start; i < end; i++) {
      const m = money(cents[i]!);
      lines[i - start] = female === undefined ? m : `${female[i] === 1 ? 'F' : 'M'},${m}`;
    }
    parts.push(lines.join('\n'), '\n');
  }
  return parts.join('');
}

/**
 * The schema of a payroll CSV: salary decimal(2) in EUR with the declared range, gender a
 * category.
 */
export function payrollSchema(genders: boolean, unit = 'EUR'): DatasetSchema {
  const salary = {
    name: 'salary',
    type: 'decimal' as const,
    scale: 2,
    unit,
    min: money(MIN_CENTS),
    max: money(MAX_CENTS),
  };
  return {
    columns: genders
      ? [{ name: 'gender', type: 'category' as const, labels: ['F', 'M'] }, salary]
      : [salary],
  };
}

/** Exact power sums of cents: n, Σx, Σx². */
export interface Moments {
  readonly n: bigint;
  readonly s1: bigint;
  readonly s2: bigint;
}

/**
 * Exact n, Σx and Σx² (bigints) over the payrolls' cents, optionally only rows where `keep`.
 * Σx is accumulated in float64 per chunk (exact: below 2^53), Σx² in bigints.
 */
export function moments(
  ps: readonly Payroll[],
  keep?: (p: Payroll, i: number) => boolean,
): Moments {
  let n = 0n;
  let s1 = 0n;
  let s2 = 0n;
  for (const p of ps) {
    const c = p.cents;
    for (let start = 0; start < c.length; start += CHUNK) {
      const end = Math.min(c.length, start + CHUNK);
      let a = 0;
      let k = 0;
      for (let i = start; i < end; i++) {
        if (keep !== undefined && !keep(p, i)) continue;
        const x = c[i]!;
        a += x;
        k++;
        const b = BigInt(x);
        s2 += b * b;
      }
      n += BigInt(k);
      s1 += BigInt(a);
    }
  }
  return { n, s1, s2 };
}

/**
 * num/den as the nearest-ish float64 (relative error about 1e-16): both are bigints, den > 0.
 * @example
 * ```ts
 * ratio(1n, 3n); // 0.3333333333333333
 * ```
 */
export function ratio(num: bigint, den: bigint): number {
  if (den <= 0n) throw new RangeError('ratio: the denominator must be positive');
  if (num === 0n) return 0;
  const neg = num < 0n;
  const a = neg ? -num : num;
  // Scale so the integer quotient has at least 64 significant bits.
  let shift = 64n + BigInt(den.toString(2).length) - BigInt(a.toString(2).length);
  if (shift < 0n) shift = 0n;
  const q = (a << shift) / den;
  const v = Number(q) / 2 ** Number(shift);
  return neg ? -v : v;
}

/**
 * The exact statistics of salaries in cents, the column's stored units (the units the programs
 * reveal their results in for `decimal(2)`, see src/programs/mean.ts): the sum as a bigint,
 * the rest as the float64 of exact rationals.
 */
export interface StatsReference {
  readonly rows: number;
  readonly sumCents: bigint;
  /** Cents. */
  readonly mean: number;
  /** Cents². */
  readonly variance: number;
  /** Cents. */
  readonly stddev: number;
}

/**
 * Sum, mean, population variance (1/N) and standard deviation in cents, from exact moments:
 * mean = s1/n, variance = (n·s2 − s1²)/n².
 * @example
 * ```ts
 * statsReference([payroll(1000, 1)]).sumCents; // the exact sum in cents
 * ```
 */
export function statsReference(ps: readonly Payroll[]): StatsReference {
  const { n, s1, s2 } = moments(ps);
  const variance = ratio(n * s2 - s1 * s1, n * n);
  return {
    rows: Number(n),
    sumCents: s1,
    mean: ratio(s1, n),
    variance,
    stddev: Math.sqrt(variance),
  };
}

/** The exact pay-gap reference (means in cents), per company in input order, then overall. */
export interface PaygapReference {
  readonly meanFemale: number[];
  readonly meanMale: number[];
  readonly gapPercent: number[];
  readonly defined: boolean[];
}

/**
 * Means by gender (cents) and gap = (mean_M − mean_F) / mean_M · 100 per company and overall, from
 * exact sums: gap = 100 · (S_M n_F − S_F n_M) / (S_M n_F), one rounding.
 */
export function paygapExact(ps: readonly Payroll[]): PaygapReference {
  const scopes = [...ps.map((p) => [p]), ps];
  const out: PaygapReference = { meanFemale: [], meanMale: [], gapPercent: [], defined: [] };
  for (const s of scopes) {
    const f = moments(s, (p, i) => p.female![i] === 1);
    const m = moments(s, (p, i) => p.female![i] === 0);
    const defined = f.n > 0n && m.n > 0n && m.s1 > 0n;
    out.meanFemale.push(f.n === 0n ? 0 : ratio(f.s1, f.n));
    out.meanMale.push(m.n === 0n ? 0 : ratio(m.s1, m.n));
    out.gapPercent.push(defined ? ratio(100n * (m.s1 * f.n - f.s1 * m.n), m.s1 * f.n) : 0);
    out.defined.push(defined);
  }
  return out;
}

/**
 * An integer output (a number within 2^53, or a decimal string for larger ones) as a bigint.
 * @throws {Error} if it is neither.
 * @example
 * ```ts
 * exactInteger('100924654808861'); // 100924654808861n
 * ```
 */
export function exactInteger(v: unknown): bigint {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  throw new Error(`not an exact integer: ${JSON.stringify(v)}`);
}

/** |got − want| / |want| (|got| if want is 0). */
export const relError = (got: number, want: number): number =>
  want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want);

/** Imports a CSV on an owner's node and publishes it to the catalog; returns its id. */
export async function publishCsv(
  api: ParleyClient,
  name: string,
  csv: string,
  schema: DatasetSchema,
): Promise<string> {
  const ds = await api.importDataset({ name, csv, schema });
  await api.publishDataset(ds.id, { title: name });
  return ds.id;
}

/** A job's verified result and the seconds from its proposal to that result. */
export interface TimedJob {
  readonly jobId: string;
  readonly seconds: number;
  readonly outputs: Record<string, unknown>;
  /**
   * Each output's decimal scale where it is in a column's stored units (2: cents; 4: cents²),
   * as the result gives it: the value in the column's units is value / 10^scale.
   */
  readonly scales: Readonly<Record<string, number>>;
}

/**
 * Proposes a job on `proposer`'s node, follows it to its end and reads the verified result
 * there (the proposer must be a recipient); `seconds` runs from the proposal to the result.
 * @throws {Error} naming the job and its status if it did not succeed.
 */
export async function timeJob(
  proposer: ParleyClient,
  body: ProposeJobBody,
  timeoutMs = 600_000,
): Promise<TimedJob> {
  const t0 = performance.now();
  const job = await proposer.proposeJob(body);
  const final = await watchJob(proposer, job.id, { timeoutMs });
  if (final.status !== 'succeeded') {
    throw new Error(`job ${job.id} (${body.program}) ${final.status}: ${final.errorReason ?? ''}`);
  }
  const r = await proposer.jobResult(job.id);
  return {
    jobId: job.id,
    seconds: (performance.now() - t0) / 1000,
    outputs: r.outputs,
    scales: r.scales ?? {},
  };
}
