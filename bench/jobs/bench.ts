/**
 * `npm run bench:jobs`: whole jobs through separate node processes on anvil, the way a user runs
 * them. Starts a local consortium (three companies and a regulator, each its own `parley node
 * start` process with its TLS endpoint, `src/node/dev/consortium.ts`), imports and publishes
 * each company's dataset (decimal(2) salaries in EUR, 20,000.00 to 2,000,000.00) through its
 * REST API, sets auto-approving policies, then for each job: the regulator proposes it
 * (committee: the companies; recipient: the regulator), every owner's policy approves it, the
 * committee runs it, the regulator confirms and holds the result.
 *
 * Prints one JSON object per job on stdout:
 * `{"job","rows","parties","seconds","checked",...errors,"phases"}` where `seconds` runs from
 * the proposal (POST /v1/jobs) to the verified result held by the regulator (GET
 * /v1/jobs/:id/result), `checked` is true when the result matches the exact plaintext reference
 * (bigint rationals, `./lib.ts`) within the acceptance tolerances of issue 8 (sum exact in cents;
 * means 1e-9 relative; variance and stddev 1e-6 relative; gap 1e-5 percentage points), and
 * `phases` gives, for a committee member (acme), the seconds from the proposal to the first
 * event of each phase of its job log (where the time goes: approval, inputs, computing, attest).
 *
 * Options (environment): `BENCH_JOBS` (comma-separated of paygap, variance, sum, mean, stddev;
 * default `paygap,variance`; `all` for every one), `BENCH_PAYGAP_ROWS` (rows per company,
 * default 100000), `BENCH_STATS_ROWS` (rows in all for sum/mean/variance/stddev, default
 * 1000000). A job that fails or is refused (e.g. at proposal, over a program's limit) prints
 * `{"job",...,"error"}` with `checked: false`; the run then exits with status 1.
 *
 * The data are synthetic (seeded), never real; nothing secret is printed.
 *
 * @module
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParleyClient } from '../../src/sdk/index.js';
import {
  DEFAULT_COMPANIES,
  DEFAULT_REGULATOR,
  startLocalConsortium,
} from '../../src/node/dev/consortium.js';
import {
  paygapExact,
  payroll,
  payrollCsv,
  payrollSchema,
  publishCsv,
  relError,
  statsReference,
  timeJob,
  exactInteger,
  type TimedJob,
} from './lib.js';

const COMPANIES = DEFAULT_COMPANIES;
const REG = DEFAULT_REGULATOR;
const STATS = ['sum', 'mean', 'variance', 'stddev'];

interface Line {
  job: string;
  rows: number;
  parties: number;
  seconds: number;
  checked: boolean;
  [k: string]: unknown;
}

/** Seconds from `t0` (epoch ms) to the first event of each phase in `api`'s log of the job. */
async function phases(
  api: ParleyClient,
  jobId: string,
  t0: number,
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const { events } = await api.jobEvents(jobId);
  for (const e of events) {
    if (!(e.phase in out)) out[e.phase] = Number(((Date.parse(e.at) - t0) / 1000).toFixed(3));
  }
  return out;
}

const first = (outputs: Record<string, unknown>, name: string): unknown =>
  (outputs[name] as unknown[] | undefined)?.[0];

async function main(): Promise<void> {
  const env = process.env['BENCH_JOBS'] ?? 'paygap,variance';
  const which = env === 'all' ? ['paygap', ...STATS] : env.split(',');
  const paygapRows = Number(process.env['BENCH_PAYGAP_ROWS'] ?? 100_000);
  const statsRows = Number(process.env['BENCH_STATS_ROWS'] ?? 1_000_000);
  const root = await mkdtemp(join(tmpdir(), 'parley-bench-jobs-'));
  const c = await startLocalConsortium({
    root,
    log: (l) => process.stderr.write(`${l}\n`),
    startTimeoutMs: 60_000,
  });
  const out = (l: Line): void => {
    if (!l.checked) process.exitCode = 1;
    process.stdout.write(JSON.stringify(l) + '\n');
  };
  try {
    for (const co of COMPANIES) {
      const api = await c.api(co);
      await api.setPolicy({
        rules: ['paygap', ...STATS].map((program) => ({
          action: 'approve',
          program,
          requester: REG,
          note: 'benchmark',
        })),
      });
    }
    const reg = await c.api(REG);
    const acme = await c.api(COMPANIES[0]!);
    const base = { committee: [...COMPANIES], recipients: [REG] };
    /** Runs one job; `check` returns the error figures and whether they pass. */
    const run = async (
      job: string,
      rows: number,
      body: Parameters<typeof timeJob>[1],
      check: (r: TimedJob) => { ok: boolean; [k: string]: unknown },
    ): Promise<void> => {
      const line: Line = { job, rows, parties: COMPANIES.length, seconds: 0, checked: false };
      const t0 = Date.now();
      try {
        const r = await timeJob(reg, body);
        line.seconds = Number(r.seconds.toFixed(3));
        const { ok, ...figures } = check(r);
        Object.assign(line, figures);
        line.checked = ok;
        line.phases = await phases(acme, r.jobId, t0);
      } catch (err: unknown) {
        line.error = err instanceof Error ? err.message : String(err);
      }
      out(line);
    };

    if (which.includes('paygap')) {
      const data = COMPANIES.map((_, i) => payroll(paygapRows, 9001 + i, true));
      const inputs = await Promise.all(
        COMPANIES.map(async (co, i) =>
          publishCsv(
            await c.api(co),
            `bench-paygap-${co}`,
            payrollCsv(data[i]!),
            payrollSchema(true),
          ),
        ),
      );
      const ref = paygapExact(data);
      await run(
        'paygap',
        paygapRows * COMPANIES.length,
        { ...base, program: 'paygap', inputs },
        (r) => {
          let worstMean = 0;
          for (const k of ['meanFemale', 'meanMale'] as const) {
            ref[k].forEach((w, i) => {
              worstMean = Math.max(worstMean, relError(Number((r.outputs[k] as unknown[])[i]), w));
            });
          }
          let worstGap = 0;
          ref.gapPercent.forEach((w, i) => {
            worstGap = Math.max(
              worstGap,
              Math.abs(Number((r.outputs['gapPercent'] as unknown[])[i]) - w),
            );
          });
          return {
            ok: worstMean <= 1e-9 && worstGap <= 1e-5,
            maxRelErrorMean: worstMean,
            maxAbsErrorGapPoints: worstGap,
          };
        },
      );
    }

    const stats = STATS.filter((s) => which.includes(s));
    if (stats.length > 0) {
      const per = Math.ceil(statsRows / COMPANIES.length);
      const parts = COMPANIES.map((_, i) => payroll(Math.min(per, statsRows - i * per), 7001 + i));
      const inputs = await Promise.all(
        COMPANIES.map(async (co, i) =>
          publishCsv(
            await c.api(co),
            `bench-stats-${co}`,
            payrollCsv(parts[i]!),
            payrollSchema(false),
          ),
        ),
      );
      const ref = statsReference(parts);
      for (const program of stats) {
        const body = { ...base, program, inputs, params: { column: 'salary' } };
        await run(program, ref.rows, body, (r) => {
          const o = r.outputs;
          if (program === 'sum') {
            const ok = exactInteger(first(o, 'sum')) === ref.sumCents;
            return { ok, exactCents: ok };
          }
          const em = relError(Number(first(o, 'mean')), ref.mean);
          if (program === 'mean') return { ok: em <= 1e-9, relErrorMean: em };
          if (program === 'variance') {
            const ev = relError(Number(first(o, 'variance')), ref.variance);
            return { ok: em <= 1e-9 && ev <= 1e-6, relErrorMean: em, relErrorVariance: ev };
          }
          const es = relError(Number(first(o, 'stddev')), ref.stddev);
          return { ok: es <= 1e-6, relErrorStddev: es };
        });
      }
    }
  } finally {
    await c.close();
    await rm(root, { recursive: true, force: true });
  }
}

await main();
