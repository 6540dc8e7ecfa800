/**
 * The pay-gap certification of the local consortium, through the nodes' REST APIs only:
 * each company imports its sample payroll (examples/payroll/<company>.csv with
 * examples/payroll/schema.json), publishes it and sets a policy that approves `paygap` jobs the
 * regulator proposes; the regulator proposes the job (committee: the three companies, result
 * revealed to the regulator), follows its progress, reads the result and the audit trail, and the
 * result is checked against a plaintext computation of the same CSV files.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AuditReport, DatasetSchema, Job, ParleyClient } from '../../sdk/index.js';
import { parseCsv } from '../datasets/csv.js';
import type { LocalConsortium } from './consortium.js';
import { MAX_RATIO } from '../../programs/paygap.js';

/** The sample payroll files shipped in the repository. */
export const SAMPLE_DIR: string = fileURLToPath(
  new URL('../../../../examples/payroll/', import.meta.url),
);

/** Job states after which nothing changes. */
export const TERMINAL_STATUSES: readonly string[] = Object.freeze([
  'succeeded',
  'failed',
  'rejected',
  'cancelled',
]);

/** The paygap outputs (per company in input order, then overall). */
export interface PaygapOutputs {
  readonly meanFemale: readonly number[];
  readonly meanMale: readonly number[];
  readonly gapPercent: readonly number[];
  readonly defined: readonly boolean[];
  readonly pass: readonly boolean[];
}

/** The decimal scale of the sample salaries (`decimal(2)`: cents). */
export const SALARY_SCALE = 2;

/** A salary cell as stored integer units (cents for scale 2), exactly; throws on a bad cell. */
function storedUnits(cell: string, scale: number): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(cell.trim());
  if (m === null || (m[3] ?? '').length > scale) {
    throw new Error(`paygapReference: ${JSON.stringify(cell)} is not a decimal(${scale})`);
  }
  const v = BigInt(m[2]! + (m[3] ?? '').padEnd(scale, '0'));
  return m[1] === '-' ? -v : v;
}

/** a / b for bigints as the nearest double (to about 1 ulp of float64). */
function ratio(a: bigint, b: bigint): number {
  const q = a / b;
  return Number(q) + Number(a - q * b) / Number(b);
}

/**
 * The plaintext pay gap of payroll CSV files (the reference the MPC result is checked against),
 * from the definitions of src/programs/paygap.ts as exact rationals over the stored salaries:
 * means in the column's units (EUR: the program outputs cents, see {@link compareWithReference}),
 * the gap in percent.
 * @example
 * ```ts
 * paygapReference(['gender,salary\nF,90.00\nM,100.00\n'], 5).gapPercent; // [10, 10]
 * ```
 */
export function paygapReference(
  csvs: readonly string[],
  threshold: number,
  columns: { salary?: string; gender?: string; female?: string; male?: string } = {},
  scale: number = SALARY_SCALE,
): PaygapOutputs {
  const [salaryCol, genderCol] = [columns.salary ?? 'salary', columns.gender ?? 'gender'];
  const [F, M] = [columns.female ?? 'F', columns.male ?? 'M'];
  interface Scope {
    sF: bigint;
    nF: bigint;
    sM: bigint;
    nM: bigint;
  }
  const scopes: Scope[] = [];
  const all: Scope = { sF: 0n, nF: 0n, sM: 0n, nM: 0n };
  for (const text of csvs) {
    const csv = parseCsv(text);
    const si = csv.header.indexOf(salaryCol);
    const gi = csv.header.indexOf(genderCol);
    if (si < 0 || gi < 0) throw new Error(`paygapReference: no ${salaryCol}/${genderCol} column`);
    const s: Scope = { sF: 0n, nF: 0n, sM: 0n, nM: 0n };
    for (const row of csv.rows) {
      const pay = storedUnits(row[si] ?? '', scale);
      if (row[gi] === F) [s.sF, s.nF] = [s.sF + pay, s.nF + 1n];
      else if (row[gi] === M) [s.sM, s.nM] = [s.sM + pay, s.nM + 1n];
    }
    for (const k of ['sF', 'nF', 'sM', 'nM'] as const) all[k] += s[k];
    scopes.push(s);
  }
  scopes.push(all);
  // mean_M > mean_F / MAX_RATIO  ⇔  S_M · n_F · MAX_RATIO > S_F · n_M
  const defined = scopes.map(
    (s) => s.nF > 0n && s.nM > 0n && s.sM * s.nF * BigInt(MAX_RATIO) > s.sF * s.nM,
  );
  const gapPercent = scopes.map((s, i) =>
    defined[i] ? ratio((s.sM * s.nF - s.sF * s.nM) * 100n, s.sM * s.nF) : 0,
  );
  const overall = gapPercent.length - 1;
  return {
    meanFemale: scopes.map((s) => (s.nF === 0n ? 0 : ratio(s.sF, s.nF) / 10 ** scale)),
    meanMale: scopes.map((s) => (s.nM === 0n ? 0 : ratio(s.sM, s.nM) / 10 ** scale)),
    gapPercent,
    defined,
    pass: [defined[overall]! && gapPercent[overall]! < threshold],
  };
}

/**
 * Tolerances of the comparison, from the error bounds of src/programs/paygap.ts: means to 1e-9
 * relative (plus 1e-8 units), gaps to 1e-5 percentage points.
 */
const MEAN_RELATIVE = 1e-9;
const GAP_TOLERANCE = 1e-5;

/**
 * The differences between an MPC result and the plaintext reference (empty: they agree), with
 * the tolerances above. The program's means are in stored units (cents for `scale` 2): they are
 * divided by 10^scale first.
 */
export function compareWithReference(
  outputs: unknown,
  reference: PaygapOutputs,
  names: readonly string[],
  scale: number = SALARY_SCALE,
): string[] {
  const problems: string[] = [];
  const o = (outputs ?? {}) as Record<string, unknown>;
  const scope = (i: number): string => names[i] ?? 'overall';
  const nums = (k: keyof PaygapOutputs, tol: (w: number) => number, unit = 1): void => {
    const got = o[k];
    const want = reference[k] as readonly number[];
    if (!Array.isArray(got) || got.length !== want.length) {
      problems.push(`${k}: expected ${want.length} values, got ${JSON.stringify(got)}`);
      return;
    }
    want.forEach((w, i) => {
      const g = Number(got[i]) / unit;
      if (!(Math.abs(g - w) <= tol(w))) {
        problems.push(`${k} of ${scope(i)}: ${g} != ${w.toFixed(6)}`);
      }
    });
  };
  const bools = (k: 'defined' | 'pass'): void => {
    const got = o[k];
    const want = reference[k];
    if (!Array.isArray(got) || got.length !== want.length || want.some((w, i) => got[i] !== w)) {
      problems.push(`${k}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    }
  };
  const mean = (w: number): number => MEAN_RELATIVE * Math.abs(w) + 1e-8;
  nums('meanFemale', mean, 10 ** scale);
  nums('meanMale', mean, 10 ** scale);
  nums('gapPercent', () => GAP_TOLERANCE);
  bools('defined');
  bools('pass');
  return problems;
}

/** A job as GET /v1/jobs/:id returns it. */
export type JobView = Job;

/**
 * Follows a job's event stream on one node (the SDK's watchJob, Server-Sent Events) until the
 * job ends; returns the final job.
 * @throws {Error} if the job does not end within `timeoutMs`.
 */
export async function watchJob(
  api: ParleyClient,
  jobId: string,
  options: { log?: (line: string) => void; timeoutMs?: number; prefix?: string } = {},
): Promise<JobView> {
  const log = options.log ?? ((): void => undefined);
  const timeoutMs = options.timeoutMs ?? 180_000;
  const signal = AbortSignal.timeout(timeoutMs);
  let status = 'unknown';
  try {
    for await (const e of api.watchJob(jobId, { signal })) {
      if (e.type === 'progress')
        log(`${options.prefix ?? ''}job ${jobId}: ${e.phase}${e.detail ? ` — ${e.detail}` : ''}`);
      else status = e.status;
    }
  } catch (err) {
    if (signal.aborted) throw new Error(`job ${jobId} did not end in time (status ${status})`);
    throw err;
  }
  return await api.getJob(jobId);
}

/** Polls a node until its record of the job has one of `statuses`. */
export async function waitForJobStatus(
  api: ParleyClient,
  jobId: string,
  statuses: readonly string[],
  timeoutMs = 60_000,
): Promise<JobView> {
  const end = Date.now() + timeoutMs;
  let last = 'unknown';
  for (;;) {
    try {
      const j = await api.getJob(jobId);
      last = j.status;
      if (statuses.includes(j.status)) return j;
    } catch {
      // not known on this node yet
    }
    if (Date.now() > end) {
      throw new Error(`job ${jobId} did not reach ${statuses.join('/')} (last: ${last})`);
    }
    await new Promise((res) => setTimeout(res, 200));
  }
}

export interface ImportedSample {
  readonly company: string;
  readonly datasetId: string;
  readonly rows: number;
  readonly csv: string;
}

/** Reads a sample payroll file and the shared schema. */
export async function readSample(company: string): Promise<{ csv: string; schema: DatasetSchema }> {
  const csv = await readFile(`${SAMPLE_DIR}${company}.csv`, 'utf8');
  // The sample schema shipped in examples/payroll; the node validates it on import.
  const schema = JSON.parse(await readFile(`${SAMPLE_DIR}schema.json`, 'utf8')) as DatasetSchema;
  return { csv, schema };
}

/** Imports and publishes each company's sample payroll through its node's REST API. */
export async function importSamples(
  c: LocalConsortium,
  companies: readonly string[],
  log: (line: string) => void = () => undefined,
): Promise<ImportedSample[]> {
  const out: ImportedSample[] = [];
  for (const company of companies) {
    const api = await c.api(company);
    const { csv, schema } = await readSample(company);
    const ds = await api.importDataset({ name: `${company}-payroll-2026`, csv, schema });
    await api.publishDataset(ds.id, {
      title: `${company} payroll 2026`,
      description: `Annual gross salaries (EUR) with gender, department and level, ${company}.`,
      tags: ['payroll', 'hr'],
    });
    log(`${company}: imported and published ${ds.rowCount} payroll rows as dataset ${ds.id}`);
    out.push({ company, datasetId: ds.id, rows: ds.rowCount, csv });
  }
  return out;
}

/** Sets a company's policy: approve `paygap` jobs proposed by `requester`, nothing else. */
export async function setAutoApprovePolicy(
  c: LocalConsortium,
  company: string,
  requester: string,
): Promise<void> {
  const api = await c.api(company);
  await api.setPolicy({
    rules: [
      {
        action: 'approve',
        program: 'paygap',
        requester,
        note: `pay-gap certification requested by ${requester}`,
      },
    ],
  });
}

export interface PaygapRunOptions {
  readonly companies: readonly string[];
  readonly regulator: string;
  /** The pass threshold in percent (default 5). */
  readonly threshold?: number;
  readonly log?: (line: string) => void;
  readonly timeoutMs?: number;
}

export interface PaygapRun {
  readonly jobId: string;
  readonly job: JobView;
  readonly outputs: unknown;
  readonly reference: PaygapOutputs;
  readonly audit: AuditReport;
  /** Differences from the reference and audit problems; empty when everything checks out. */
  readonly problems: string[];
}

/**
 * The whole certification on a running consortium (see the module doc).
 * @example
 * ```ts
 * const run = await runPaygapCertification(c, { companies, regulator: 'regulator', log });
 * if (run.problems.length > 0) process.exitCode = 1;
 * ```
 */
export async function runPaygapCertification(
  c: LocalConsortium,
  o: PaygapRunOptions,
): Promise<PaygapRun> {
  const log = o.log ?? ((): void => undefined);
  const threshold = o.threshold ?? 5;
  const samples = await importSamples(c, o.companies, log);
  for (const company of o.companies) {
    await setAutoApprovePolicy(c, company, o.regulator);
    log(`${company}: policy set: approve paygap jobs requested by ${o.regulator}`);
  }
  const reg = await c.api(o.regulator);
  const job = await reg.proposeJob({
    program: 'paygap',
    inputs: samples.map((s) => s.datasetId),
    committee: [...o.companies],
    recipients: [o.regulator],
    params: { threshold },
  });
  log(
    `${o.regulator}: proposed job ${job.id} (paygap, threshold ${threshold}%, committee ` +
      `${o.companies.join(', ')}, revealed to ${o.regulator})`,
  );
  const final = await watchJob(reg, job.id, {
    log,
    ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }),
  });
  const reference = paygapReference(
    samples.map((s) => s.csv),
    threshold,
  );
  const audit = await reg.audit({ job: job.id });
  const problems: string[] = [];
  let outputs: unknown = undefined;
  if (final.status !== 'succeeded') {
    problems.push(
      `job ${job.id} ended ${final.status}: ${final.errorCode ?? ''} ${final.errorReason ?? ''}`.trim(),
    );
  } else {
    const r = await reg.jobResult(job.id);
    outputs = r.outputs;
    problems.push(...compareWithReference(outputs, reference, o.companies));
  }
  if (!audit.verified) problems.push(...audit.problems.map((p) => `audit: ${p}`));
  return { jobId: job.id, job: final, outputs, reference, audit, problems };
}

/** A mean in stored units (cents) as EUR with 2 decimals. */
const money = (v: unknown): string =>
  (Number(v) / 10 ** SALARY_SCALE).toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });

/** The certificate as text lines: means by gender, gap and pass/fail, per company and overall. */
export function formatCertificate(
  outputs: unknown,
  companies: readonly string[],
  threshold: number,
): string[] {
  const o = outputs as PaygapOutputs;
  const rows = [...companies, 'overall'].map((name, i) => {
    const gap = o.defined[i] ? `${Number(o.gapPercent[i]).toFixed(2)} %` : 'undefined';
    return `  ${name.padEnd(10)} ${money(o.meanFemale[i]).padStart(12)} ${money(o.meanMale[i]).padStart(12)} ${gap.padStart(10)}`;
  });
  return [
    `  ${'scope'.padEnd(10)} ${'mean F (EUR)'.padStart(12)} ${'mean M (EUR)'.padStart(12)} ${'gap'.padStart(10)}`,
    ...rows,
    `  overall gap below ${threshold} %: ${o.pass[0] === true ? 'PASS' : 'FAIL'}`,
  ];
}

/** The audit trail of one job as text lines (from GET /v1/audit?job=ID). */
export function formatAudit(
  audit: PaygapRun['audit'],
  names: ReadonlyMap<string, string> = new Map(),
): string[] {
  const who = (a: unknown): string => {
    const s = String(a);
    const n = names.get(s.toLowerCase());
    return n === undefined ? s : `${n} (${s})`;
  };
  const lines: string[] = [];
  for (const t of audit.jobs) {
    const j = t as Record<string, unknown> & {
      program?: { name?: string | null; hash?: string };
      proposed?: { at?: string; block?: string };
      params?: { published?: boolean; matchesHash?: boolean; values?: unknown };
      approvals?: { owner: string; at: string }[];
      committee?: string[];
      recipients?: string[];
      started?: { at: string; by: string } | null;
      result?: {
        at: string;
        digest: string;
        signatures: { signer: string | null; valid: boolean }[];
      } | null;
      failure?: { reason: string; by: string } | null;
      rejection?: { reason: string; owner: string } | null;
      timings?: { durationSeconds?: number | null };
    };
    lines.push(`  job ${String(j['jobId'])}: ${String(j['status'])}`);
    lines.push(
      `    proposed by ${who(j['proposer'])} at ${j.proposed?.at ?? '?'} (block ${j.proposed?.block ?? '?'})`,
    );
    lines.push(`    program ${j.program?.name ?? '?'} (${j.program?.hash ?? '?'})`);
    lines.push(
      `    params ${JSON.stringify(j.params?.values ?? null)}: published ${String(j.params?.published)}, ` +
        `hash matches ${String(j.params?.matchesHash)}`,
    );
    for (const a of j.approvals ?? []) lines.push(`    approved by ${who(a.owner)} at ${a.at}`);
    lines.push(`    committee ${(j.committee ?? []).map(who).join(', ')}`);
    lines.push(`    recipients ${(j.recipients ?? []).map(who).join(', ')}`);
    if (j.started) lines.push(`    started by ${who(j.started.by)} at ${j.started.at}`);
    if (j.result) {
      lines.push(`    result digest ${j.result.digest} at ${j.result.at}`);
      for (const s of j.result.signatures) {
        lines.push(
          `      signed by ${s.signer === null ? '(unrecoverable)' : who(s.signer)}: ${s.valid ? 'valid' : 'INVALID'}`,
        );
      }
    }
    if (j.failure) lines.push(`    failed (by ${who(j.failure.by)}): ${j.failure.reason}`);
    if (j.rejection) lines.push(`    rejected by ${who(j.rejection.owner)}: ${j.rejection.reason}`);
    if (j.timings?.durationSeconds != null) lines.push(`    took ${j.timings.durationSeconds} s`);
  }
  lines.push(
    `  audit: ${audit.verified ? 'verified' : 'NOT verified'}` +
      (audit.problems.length > 0 ? ` (${audit.problems.join('; ')})` : ''),
  );
  return lines;
}
