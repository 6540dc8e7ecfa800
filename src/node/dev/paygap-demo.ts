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

/**
 * The plaintext pay gap of payroll CSV files (the reference the MPC result is checked against).
 * @example
 * ```ts
 * paygapReference(['gender,salary\nF,90\nM,100\n'], 5).gapPercent; // [10, 10]
 * ```
 */
export function paygapReference(
  csvs: readonly string[],
  threshold: number,
  columns: { salary?: string; gender?: string; female?: string; male?: string } = {},
): PaygapOutputs {
  const [salaryCol, genderCol] = [columns.salary ?? 'salary', columns.gender ?? 'gender'];
  const [F, M] = [columns.female ?? 'F', columns.male ?? 'M'];
  const scopes: { f: number[]; m: number[] }[] = [];
  const all = { f: [] as number[], m: [] as number[] };
  for (const text of csvs) {
    const csv = parseCsv(text);
    const si = csv.header.indexOf(salaryCol);
    const gi = csv.header.indexOf(genderCol);
    if (si < 0 || gi < 0) throw new Error(`paygapReference: no ${salaryCol}/${genderCol} column`);
    const s = { f: [] as number[], m: [] as number[] };
    for (const row of csv.rows) {
      const pay = Number(row[si]);
      if (row[gi] === F) s.f.push(pay);
      else if (row[gi] === M) s.m.push(pay);
    }
    all.f.push(...s.f);
    all.m.push(...s.m);
    scopes.push(s);
  }
  scopes.push(all);
  const mean = (a: number[]): number =>
    a.length === 0 ? 0 : a.reduce((x, y) => x + y, 0) / a.length;
  const meanFemale = scopes.map((s) => mean(s.f));
  const meanMale = scopes.map((s) => mean(s.m));
  const defined = scopes.map(
    (s, i) => s.f.length > 0 && s.m.length > 0 && meanMale[i]! > meanFemale[i]! / 2 ** 17,
  );
  const gapPercent = scopes.map((_, i) =>
    defined[i] ? ((meanMale[i]! - meanFemale[i]!) / meanMale[i]!) * 100 : 0,
  );
  const overall = gapPercent.length - 1;
  return {
    meanFemale,
    meanMale,
    gapPercent,
    defined,
    pass: [defined[overall]! && gapPercent[overall]! < threshold],
  };
}

/** Tolerances of the comparison: the fixed-point error bounds of src/programs/paygap.ts, generously. */
const MEAN_TOLERANCE = 0.01;
const GAP_TOLERANCE = 0.01;

/**
 * The differences between an MPC result and the plaintext reference (empty: they agree).
 * A value within 0.01 of the reference agrees (the program's fixed-point error is far smaller).
 */
export function compareWithReference(
  outputs: unknown,
  reference: PaygapOutputs,
  names: readonly string[],
): string[] {
  const problems: string[] = [];
  const o = (outputs ?? {}) as Record<string, unknown>;
  const scope = (i: number): string => names[i] ?? 'overall';
  const nums = (k: keyof PaygapOutputs, tol: number): void => {
    const got = o[k];
    const want = reference[k] as readonly number[];
    if (!Array.isArray(got) || got.length !== want.length) {
      problems.push(`${k}: expected ${want.length} values, got ${JSON.stringify(got)}`);
      return;
    }
    want.forEach((w, i) => {
      const g = Number(got[i]);
      if (!(Math.abs(g - w) <= tol)) problems.push(`${k} of ${scope(i)}: ${g} != ${w.toFixed(4)}`);
    });
  };
  const bools = (k: 'defined' | 'pass'): void => {
    const got = o[k];
    const want = reference[k];
    if (!Array.isArray(got) || got.length !== want.length || want.some((w, i) => got[i] !== w)) {
      problems.push(`${k}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    }
  };
  nums('meanFemale', MEAN_TOLERANCE);
  nums('meanMale', MEAN_TOLERANCE);
  nums('gapPercent', GAP_TOLERANCE);
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

const money = (v: unknown): string =>
  Number(v).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

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
