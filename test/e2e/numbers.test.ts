/**
 * Acceptance through the nodes (issue 8, "Acceptance, through the nodes"): four node processes
 * (`parley node start`, TLS between them, anvil), driven through their REST APIs only, on data of
 * the sizes users bring: 10^6 salaries between 20,000.00 and 2,000,000.00 EUR as decimal(2) CSV
 * split over three owners (`sum`, `mean`, `variance`, `stddev`), and three payrolls of 100,000
 * employees (`paygap`). Every result is checked against an exact reference computed here with
 * bigint rationals (`bench/jobs/lib.ts`); and a job over a dataset whose declared values exceed a
 * program's bound is refused at proposal, with the bound in the column's units, before anything is
 * stored on chain or shared.
 *
 * One consortium for the whole file; the companies are the committee and the data owners, the
 * regulator proposes every job and is its only recipient. The programs reveal their results in
 * the column's stored units (cents for `decimal(2)`, cents² for a variance) and the result says
 * so (`scales`: value / 10^scale is in EUR), so the references are in cents too; relative errors
 * do not depend on the unit, and the sum is compared as an exact integer number of cents.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readContract } from 'viem/actions';
import { jobsAbi } from '../../src/ledger/abi.js';
import { formatLimit, integerBounds } from '../../src/programs/limits.js';
import { validateParams } from '../../src/programs/params.js';
import { builtinPrograms } from '../../src/programs/registry.js';
import type { ColumnRequirement } from '../../src/programs/types.js';
import { ParleyApiError, type ParleyClient, type ProposeJobBody } from '../../src/sdk/index.js';
import { watchJob } from '../../src/node/dev/paygap-demo.js';
import {
  DEFAULT_COMPANIES,
  DEFAULT_REGULATOR,
  startLocalConsortium,
  type LocalConsortium,
} from '../../src/node/dev/consortium.js';
import {
  MAX_CENTS,
  paygapExact,
  payroll,
  payrollCsv,
  payrollSchema,
  publishCsv,
  relError,
  statsReference,
  timeJob,
  exactInteger,
  type Payroll,
  type StatsReference,
} from '../../bench/jobs/lib.js';

const COMPANIES = DEFAULT_COMPANIES;
const REG = DEFAULT_REGULATOR;
const STATS_ROWS = 1_000_000;
const PAYGAP_ROWS = 100_000;
const PROGRAMS = ['sum', 'mean', 'variance', 'stddev', 'paygap'];

const one = (outputs: Record<string, unknown>, name: string): unknown => {
  const v = outputs[name];
  assert.ok(Array.isArray(v) && v.length === 1, `output ${name}: ${JSON.stringify(v)}`);
  return v[0];
};

describe('acceptance through the nodes: 10^6 salaries, 3 × 100,000 payrolls', () => {
  let root: string;
  let c: LocalConsortium;
  const api = new Map<string, ParleyClient>();
  const a = (name: string): ParleyClient => api.get(name)!;
  let statsInputs: string[] = [];
  let paygapInputs: string[] = [];
  let stats: StatsReference;
  let payrolls: Payroll[] = [];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'parley-numbers-'));
    c = await startLocalConsortium({ root, names: [...COMPANIES, REG], startTimeoutMs: 60_000 });
    for (const n of c.names) api.set(n, await c.api(n));
    for (const co of COMPANIES) {
      await a(co).setPolicy({
        rules: PROGRAMS.map((program) => ({ action: 'approve', program, requester: REG })),
      });
    }
    // 10^6 salaries over the three owners; references from the exact cents.
    const per = Math.ceil(STATS_ROWS / COMPANIES.length);
    const parts = COMPANIES.map((_, i) => payroll(Math.min(per, STATS_ROWS - i * per), 7001 + i));
    stats = statsReference(parts);
    assert.equal(stats.rows, STATS_ROWS);
    payrolls = COMPANIES.map((_, i) => payroll(PAYGAP_ROWS, 9001 + i, true));
    // Imports run on the three owners' nodes at once (separate processes).
    [statsInputs, paygapInputs] = await Promise.all([
      Promise.all(
        COMPANIES.map((co, i) =>
          publishCsv(a(co), `${co}-salaries`, payrollCsv(parts[i]!), payrollSchema(false)),
        ),
      ),
      Promise.all(
        COMPANIES.map((co, i) =>
          publishCsv(a(co), `${co}-payroll`, payrollCsv(payrolls[i]!), payrollSchema(true)),
        ),
      ),
    ]);
  });

  after(async () => {
    await c?.close();
    await rm(root, { recursive: true, force: true });
  });

  const statsJob = (program: string): Promise<Awaited<ReturnType<typeof timeJob>>> =>
    timeJob(a(REG), {
      program,
      inputs: statsInputs,
      committee: [...COMPANIES],
      recipients: [REG],
      params: { column: 'salary' },
    });

  test('sum of 10^6 salaries: exact in cents', async (t) => {
    const r = await statsJob('sum');
    t.diagnostic(`sum: ${r.seconds.toFixed(2)} s`);
    assert.equal(exactInteger(one(r.outputs, 'sum')), stats.sumCents);
    assert.deepEqual(r.scales, { sum: 2 }, 'the result says the sum is in cents');
  });

  test('mean of 10^6 salaries: relative error <= 1e-9', async (t) => {
    const r = await statsJob('mean');
    assert.deepEqual(r.scales, { mean: 2 });
    const e = relError(Number(one(r.outputs, 'mean')), stats.mean);
    t.diagnostic(`mean: ${r.seconds.toFixed(2)} s, relative error ${e}`);
    assert.ok(e <= 1e-9, `mean ${String(one(r.outputs, 'mean'))} vs ${stats.mean}: ${e}`);
  });

  test('variance of 10^6 salaries: mean <= 1e-9, variance <= 1e-6 relative', async (t) => {
    const r = await statsJob('variance');
    assert.deepEqual(r.scales, { mean: 2, variance: 4 }, 'cents and cents²');
    const em = relError(Number(one(r.outputs, 'mean')), stats.mean);
    const ev = relError(Number(one(r.outputs, 'variance')), stats.variance);
    t.diagnostic(`variance: ${r.seconds.toFixed(2)} s, relative errors mean ${em}, variance ${ev}`);
    assert.ok(em <= 1e-9, `mean: ${em}`);
    assert.ok(ev <= 1e-6, `variance ${String(one(r.outputs, 'variance'))} vs ${stats.variance}`);
  });

  test('stddev of 10^6 salaries: relative error <= 1e-6', async (t) => {
    const r = await statsJob('stddev');
    assert.deepEqual(r.scales, { stddev: 2 });
    const e = relError(Number(one(r.outputs, 'stddev')), stats.stddev);
    t.diagnostic(`stddev: ${r.seconds.toFixed(2)} s, relative error ${e}`);
    assert.ok(e <= 1e-6, `stddev ${String(one(r.outputs, 'stddev'))} vs ${stats.stddev}`);
  });

  test('paygap over 3 × 100,000: means <= 1e-9 relative, gap <= 1e-5 points', async (t) => {
    const r = await timeJob(a(REG), {
      program: 'paygap',
      inputs: paygapInputs,
      committee: [...COMPANIES],
      recipients: [REG],
    });
    const ref = paygapExact(payrolls);
    assert.deepEqual(r.scales, { meanFemale: 2, meanMale: 2 }, 'means in cents, the gap in %');
    const got = (k: string): number[] => (r.outputs[k] as unknown[]).map(Number);
    assert.deepEqual(r.outputs['defined'], ref.defined);
    let worstMean = 0;
    for (const k of ['meanFemale', 'meanMale'] as const) {
      const g = got(k);
      assert.equal(g.length, COMPANIES.length + 1, k);
      ref[k].forEach((w, i) => (worstMean = Math.max(worstMean, relError(g[i]!, w))));
    }
    const gap = got('gapPercent');
    let worstGap = 0;
    ref.gapPercent.forEach((w, i) => (worstGap = Math.max(worstGap, Math.abs(gap[i]! - w))));
    t.diagnostic(
      `paygap: ${r.seconds.toFixed(2)} s, worst relative error of a mean ${worstMean}, of the gap ${worstGap} points`,
    );
    assert.ok(worstMean <= 1e-9, `means: ${worstMean}`);
    assert.ok(worstGap <= 1e-5, `gap: ${worstGap} points`);
    const overall = ref.gapPercent[COMPANIES.length]!;
    assert.deepEqual(r.outputs['pass'], [ref.defined[COMPANIES.length]! && overall < 5]);
  });

  /**
   * Proposes `body` on the regulator's node and expects ERR_PROGRAM_INPUT at once; checks that
   * no job reached the chain (`jobCount`) nor any node (so no owner shared anything). Returns
   * the message.
   */
  const refusedAtProposal = async (body: ProposeJobBody): Promise<string> => {
    const ledger = c.org(REG).client;
    const jobCount = (): Promise<bigint> =>
      readContract(ledger.publicClient, {
        address: ledger.addresses.jobs,
        abi: jobsAbi,
        functionName: 'jobCount',
      });
    const jobIds = (): Promise<string[][]> =>
      Promise.all(c.names.map(async (n) => (await a(n).listJobs()).jobs.map((j) => j.id)));
    const before = await jobCount();
    const jobsBefore = await jobIds();
    let caught: unknown;
    await assert.rejects(a(REG).proposeJob(body), (e: unknown) => {
      caught = e;
      return e instanceof ParleyApiError && e.code === 'ERR_PROGRAM_INPUT';
    });
    assert.equal(await jobCount(), before, `${body.program}: no job on chain`);
    assert.deepEqual(await jobIds(), jobsBefore, `${body.program}: no node knows a new job`);
    return (caught as ParleyApiError).message;
  };

  test('a dataset whose declared values exceed a bound: refused at proposal in EUR, nothing stored or shared', async (t) => {
    const owner = COMPANIES[0]!;
    let refused = 0;
    for (const program of PROGRAMS) {
      // The bound of the program's salary column, from the program's own declaration (the
      // source whose hash the owners approve), for a decimal(2) column.
      const def = builtinPrograms.find(([d]) => d.name === program)![0];
      const genders = program === 'paygap';
      const req = def.input(validateParams(def, genders ? {} : { column: 'salary' }))['salary'];
      assert.ok(req !== undefined, `${program} reads the salary column`);
      const b = boundCents(req);
      if (b === undefined || b.cents >= DECIMAL2_MAX) {
        t.diagnostic(`${program}: no bound a decimal(2) column can exceed`);
        continue;
      }
      assert.ok(
        BigInt(MAX_CENTS) <= b.cents,
        `${program}: the acceptance data lie within its bound`,
      );
      // A declared maximum one cent above the bound; the rows themselves are small.
      const schema = payrollSchema(genders);
      const huge = {
        columns: schema.columns.map((x) =>
          x.name === 'salary' ? { ...x, min: '0.00', max: centsText(b.cents + 1n) } : x,
        ),
      };
      const csv = genders ? 'gender,salary\nF,1.00\nM,3.17\n' : 'salary\n1.00\n3.17\n';
      const name = `${owner}-over-${program}`;
      const id = await publishCsv(a(owner), name, csv, huge);
      const msg = await refusedAtProposal({
        program,
        inputs: [id],
        committee: [...COMPANIES],
        recipients: [REG],
        ...(genders ? {} : { params: { column: 'salary' } }),
      });
      t.diagnostic(`${program}: ${msg}`);
      // The bound in the user's units (EUR), the dataset and the column named, no value.
      assert.ok(
        b.texts.some((x) => msg.includes(`${x} EUR`)),
        `${program}: the bound (${b.texts.join(' or ')} EUR) in: ${msg}`,
      );
      assert.match(msg, /column salary/);
      assert.ok(msg.includes(name), msg);
      assert.ok(!msg.includes('3.17'), 'no value of the data');
      refused++;
    }
    assert.ok(refused > 0, 'some program bounds its salary column');
  });

  test('row-count bounds: an empty dataset, and paygap over more rows than it holds, are refused at proposal', async (t) => {
    const owner = COMPANIES[2]!;
    // Empty: a header and no rows (every program needs at least one row).
    const empty = await publishCsv(a(owner), `${owner}-empty`, 'salary\n', payrollSchema(false));
    for (const program of ['mean', 'variance', 'stddev']) {
      const msg = await refusedAtProposal({
        program,
        inputs: [empty],
        committee: [...COMPANIES],
        recipients: [REG],
        params: { column: 'salary' },
      });
      t.diagnostic(`${program}: ${msg}`);
      assert.match(msg, /0 rows/);
      assert.match(msg, /at least 1/);
    }
    // paygap: the three 100,000-row payrolls and one more that takes the total past its limit.
    const def = builtinPrograms.find(([d]) => d.name === 'paygap')![0];
    const max = def.limits?.(validateParams(def, {})).rows?.max;
    assert.ok(max !== undefined && max < 2_000_000, 'paygap bounds its rows in all');
    const extra = max + 1 - PAYGAP_ROWS * COMPANIES.length;
    const big = await publishCsv(
      a(owner),
      `${owner}-payroll-large`,
      payrollCsv(payroll(extra, 4242, true)),
      payrollSchema(true),
    );
    const msg = await refusedAtProposal({
      program: 'paygap',
      inputs: [...paygapInputs, big],
      committee: [...COMPANIES],
      recipients: [REG],
    });
    t.diagnostic(`paygap: ${msg}`);
    assert.ok(msg.includes(`${max + 1} rows in all`), msg);
    assert.ok(msg.includes(`at most ${max} rows`), msg);
  });

  test('a value over the bound in a column that declares no maximum: the owner refuses it before sharing, the job fails on chain naming the owner only', async (t) => {
    const owner = COMPANIES[1]!;
    const def = builtinPrograms.find(([d]) => d.name === 'variance')![0];
    const req = def.input(validateParams(def, { column: 'salary' }))['salary']!;
    const b = boundCents(req)!;
    // No declared maximum: the proposal's catalog check cannot see it; the owner's check on its
    // plaintext does. The bad row is the second of three; its value is 1.5 × the bound.
    const over = (b.cents * 3n) / 2n;
    const schema = {
      columns: [{ name: 'salary', type: 'decimal' as const, scale: 2, unit: 'EUR' }],
    };
    const csv = `salary\n20000.00\n${centsText(over)}\n30000.00\n`;
    const id = await publishCsv(a(owner), `${owner}-undeclared-over`, csv, schema);
    const job = await a(REG).proposeJob({
      program: 'variance',
      inputs: [id],
      committee: [...COMPANIES],
      recipients: [REG],
      params: { column: 'salary' },
    });
    const final = await watchJob(a(REG), job.id, { timeoutMs: 120_000 });
    assert.equal(final.status, 'failed');
    const trail = (await a(REG).audit({ job: job.id })).jobs[0]!;
    const reason = trail.failure?.reason ?? '';
    t.diagnostic(`reason on chain: ${reason}`);
    assert.equal(trail.status, 'failed');
    // The owner's own log names the row and the bound; the chain gets neither row nor value.
    const { events } = await a(owner).jobEvents(job.id);
    const local = events.map((e) => e.detail ?? '').join(' | ');
    t.diagnostic(`at ${owner}: ${local}`);
    assert.match(local, /column salary, row 2/);
    assert.ok(
      b.texts.some((x) => local.includes(x)),
      `the bound in ${owner}'s log: ${local}`,
    );
    assert.ok(!local.includes(centsText(over)), 'not even the local log echoes the value');
    // A row-level defect is a fact about one row: the chain says only whose input was invalid.
    assert.equal(reason, `inputs: input invalid at ${owner}`);
    assert.ok(!reason.includes(centsText(over)), 'the value is not on chain');
    assert.ok(!/row 2\b/i.test(reason), 'the row is not on chain (a fact about one row)');
    // No committee member got to compute: the owner stopped before its shares left it.
    for (const n of COMPANIES) {
      const { events } = await a(n).jobEvents(job.id);
      assert.ok(!events.some((e) => e.phase === 'computing' || e.phase === 'outputs'), n);
    }
    await assert.rejects(a(REG).jobResult(job.id), (e: unknown) => e instanceof ParleyApiError);
  });
});

/** The largest decimal(2) value: 2^63 − 1 cents. */
const DECIMAL2_MAX = 2n ** 63n - 1n;

/** Cents as EUR text: 409501n → "4095.01". */
function centsText(c: bigint): string {
  const s = (c < 0n ? -c : c).toString().padStart(3, '0');
  return `${c < 0n ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`;
}

/**
 * The largest salary (in cents) a program's requirement admits, and the ways a message may
 * write the bound in EUR: a `number` requirement's `max` in the column's units (as the programs
 * format it); an `integer` requirement's bounds in stored units (cents), inclusive, or exclusive
 * one cent above.
 */
function boundCents(r: ColumnRequirement): { cents: bigint; texts: string[] } | undefined {
  if (r.kind === 'number') {
    if (r.max === undefined) return undefined;
    return { cents: BigInt(Math.round(r.max * 100)), texts: [formatLimit(r.max)] };
  }
  if (r.kind === 'integer') {
    const cents = integerBounds(r).max;
    return { cents, texts: [centsText(cents), centsText(cents + 1n)] };
  }
  return undefined;
}
