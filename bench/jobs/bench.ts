/**
 * `npm run bench:jobs`: whole jobs through separate node processes on anvil, the way a user runs
 * them. Starts a local consortium (three companies and a regulator, each its own `parley node
 * start` process with its TLS endpoint, `src/node/dev/consortium.ts`), imports and publishes
 * each company's dataset through its REST API, sets auto-approving policies, then for each job:
 * the regulator proposes it (committee: the companies; recipient: the regulator), every owner's
 * policy approves it, the committee runs it, the regulator confirms and holds the result.
 *
 * Prints one JSON object per job on stdout:
 * `{"job","rows","parties","seconds","checked","maxRelError",...}` where `seconds` runs from the
 * proposal (POST /v1/jobs) to the verified result held by the regulator (GET /v1/jobs/:id/result),
 * and `checked` is true when the result matches a plaintext reference computed here (float64
 * and exact bigint sums) within the program's documented error.
 *
 * Options (environment): `BENCH_JOBS` (comma-separated: paygap,variance; default both),
 * `BENCH_PAYGAP_ROWS` (rows per company, default 100000), `BENCH_VARIANCE_ROWS` (rows in all,
 * default 1000000), `BENCH_TOLERANCE` (relative, default 1e-6 for means). A job the node refuses
 * (e.g. at proposal, over a program's limit) prints `{"job",...,"error"}` and `checked: false`.
 *
 * The data are synthetic (seeded), never real; nothing secret is printed.
 *
 * @module
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParleyClient, ProposeJobBody } from '../../src/sdk/index.js';
import {
  DEFAULT_COMPANIES,
  DEFAULT_REGULATOR,
  startLocalConsortium,
} from '../../src/node/dev/consortium.js';
import { paygapReference, watchJob } from '../../src/node/dev/paygap-demo.js';

const COMPANIES = DEFAULT_COMPANIES;
const REG = DEFAULT_REGULATOR;

/** A seeded generator (LCG, 31 bits): benchmark data, not cryptography. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 1) / 2 ** 31;
  };
}

/** Salaries in [20,000.00, 2,000,000.00] as cents, with gender labels. */
function payroll(rows: number, seed: number): { csv: string; cents: bigint[]; gender: string[] } {
  const r = rng(seed);
  const cents: bigint[] = new Array<bigint>(rows);
  const gender: string[] = new Array<string>(rows);
  const lines: string[] = ['gender,salary'];
  for (let i = 0; i < rows; i++) {
    const g = r() < 0.5 ? 'F' : 'M';
    const c = 2_000_000 + Math.floor(r() * 198_000_000 * (g === 'F' ? 0.97 : 1));
    cents[i] = BigInt(c);
    gender[i] = g;
    lines.push(`${g},${(c / 100).toFixed(2)}`);
  }
  return { csv: lines.join('\n') + '\n', cents, gender };
}

interface Line {
  job: string;
  rows: number;
  parties: number;
  seconds: number;
  checked: boolean;
  [k: string]: unknown;
}

async function publish(api: ParleyClient, name: string, csv: string): Promise<string> {
  const ds = await api.importDataset({ name, csv });
  await api.publishDataset(ds.id, { title: name });
  return ds.id;
}

/** Proposes on the regulator's node; returns the seconds to the verified result, and it. */
async function timeJob(
  reg: ParleyClient,
  body: ProposeJobBody,
): Promise<{ seconds: number; outputs: Record<string, unknown> }> {
  const t0 = performance.now();
  const job = await reg.proposeJob(body);
  const final = await watchJob(reg, job.id, { timeoutMs: 600_000 });
  if (final.status !== 'succeeded') {
    throw new Error(`job ${job.id} ${final.status}: ${final.errorReason ?? ''}`);
  }
  const r = await reg.jobResult(job.id);
  return { seconds: (performance.now() - t0) / 1000, outputs: r.outputs };
}

const rel = (got: number, want: number): number =>
  want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want);

async function main(): Promise<void> {
  const which = (process.env['BENCH_JOBS'] ?? 'paygap,variance').split(',');
  const paygapRows = Number(process.env['BENCH_PAYGAP_ROWS'] ?? 100_000);
  const varianceRows = Number(process.env['BENCH_VARIANCE_ROWS'] ?? 1_000_000);
  const tol = Number(process.env['BENCH_TOLERANCE'] ?? 1e-6);
  const root = await mkdtemp(join(tmpdir(), 'parley-bench-jobs-'));
  const c = await startLocalConsortium({
    root,
    log: (l) => process.stderr.write(`${l}\n`),
    startTimeoutMs: 60_000,
  });
  const out = (l: Line): void => {
    process.stdout.write(JSON.stringify(l) + '\n');
  };
  try {
    for (const co of COMPANIES) {
      const api = await c.api(co);
      await api.setPolicy({
        rules: ['paygap', 'variance'].map((program) => ({
          action: 'approve',
          program,
          requester: REG,
          note: 'benchmark',
        })),
      });
    }
    const reg = await c.api(REG);
    const base = { committee: [...COMPANIES], recipients: [REG] };

    if (which.includes('paygap')) {
      const data = COMPANIES.map((_, i) => payroll(paygapRows, 1000 + i));
      const inputs: string[] = [];
      for (const [i, co] of COMPANIES.entries()) {
        inputs.push(await publish(await c.api(co), `bench-paygap-${co}`, data[i]!.csv));
      }
      const line: Line = {
        job: 'paygap',
        rows: paygapRows * COMPANIES.length,
        parties: COMPANIES.length,
        seconds: 0,
        checked: false,
      };
      try {
        const { seconds, outputs } = await timeJob(reg, { ...base, program: 'paygap', inputs });
        const ref = paygapReference(
          data.map((d) => d.csv),
          5,
        );
        let worstMean = 0;
        let worstGap = 0;
        for (const k of ['meanFemale', 'meanMale'] as const) {
          ref[k].forEach((w, i) => {
            worstMean = Math.max(worstMean, rel(Number((outputs[k] as unknown[])[i]), w));
          });
        }
        ref.gapPercent.forEach((w, i) => {
          worstGap = Math.max(
            worstGap,
            Math.abs(Number((outputs['gapPercent'] as unknown[])[i]) - w),
          );
        });
        line.seconds = Number(seconds.toFixed(3));
        line.maxRelErrorMean = worstMean;
        line.maxAbsErrorGapPoints = worstGap;
        line.checked = worstMean <= tol && worstGap <= 1e-2;
      } catch (err: unknown) {
        line.error = err instanceof Error ? err.message : String(err);
      }
      out(line);
    }

    if (which.includes('variance')) {
      const per = Math.ceil(varianceRows / COMPANIES.length);
      const parts = COMPANIES.map((_, i) =>
        payroll(Math.min(per, varianceRows - i * per), 2000 + i),
      );
      const inputs: string[] = [];
      for (const [i, co] of COMPANIES.entries()) {
        const csv = ['salary', ...parts[i]!.cents.map((x) => (Number(x) / 100).toFixed(2))];
        inputs.push(await publish(await c.api(co), `bench-variance-${co}`, csv.join('\n') + '\n'));
      }
      const all = parts.flatMap((p) => p.cents);
      // Exact references: Σx and Σx² as bigints (cents), then one division in float64.
      let s1 = 0n;
      let s2 = 0n;
      for (const x of all) {
        s1 += x;
        s2 += x * x;
      }
      const n = BigInt(all.length);
      const meanRef = Number(s1) / Number(n) / 100;
      const varRef = Number(n * s2 - s1 * s1) / Number(n * n) / 1e4;
      const line: Line = {
        job: 'variance',
        rows: all.length,
        parties: COMPANIES.length,
        seconds: 0,
        checked: false,
      };
      try {
        const { seconds, outputs } = await timeJob(reg, {
          ...base,
          program: 'variance',
          inputs,
          params: { column: 'salary' },
        });
        const m = Number((outputs['mean'] as unknown[])[0]);
        const v = Number((outputs['variance'] as unknown[])[0]);
        line.seconds = Number(seconds.toFixed(3));
        line.relErrorMean = rel(m, meanRef);
        line.relErrorVariance = rel(v, varRef);
        line.checked = rel(m, meanRef) <= 1e-9 && rel(v, varRef) <= tol;
      } catch (err: unknown) {
        line.error = err instanceof Error ? err.message : String(err);
      }
      out(line);
    }
  } finally {
    await c.close();
    await rm(root, { recursive: true, force: true });
  }
}

await main();
