/**
 * End to end: four node processes (`parley node start`) on loopback with anvil, started by
 * startLocalConsortium (the same code as `npm start`), driven through their REST APIs only.
 * One consortium for the whole file; the tests run in order and each leaves it healthy.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:tls';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ParleyApiError as ApiError, type ParleyClient as ApiClient } from '../../src/sdk/index.js';
import type { AuditTrail } from '../../src/sdk/index.js';
import { generateIdentity } from '../../src/net/x509.js';
import {
  DEFAULT_COMPANIES,
  DEFAULT_REGULATOR,
  startLocalConsortium,
  type LocalConsortium,
} from '../../src/node/dev/consortium.js';
import {
  compareWithReference,
  paygapReference,
  readSample,
  runPaygapCertification,
  setAutoApprovePolicy,
  waitForJobStatus,
  watchJob,
} from '../../src/node/dev/paygap-demo.js';

const COMPANIES = DEFAULT_COMPANIES;
const REG = DEFAULT_REGULATOR;

/** A deterministic payroll of `n` rows (for a job that runs long enough to be interrupted). */
function bigPayroll(n: number, seed: number): string {
  let s = seed;
  const rnd = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const lines = ['gender,salary'];
  for (let i = 0; i < n; i++) {
    const g = rnd() < 0.5 ? 'F' : 'M';
    lines.push(`${g},${Math.round(30000 + rnd() * 60000 * (g === 'F' ? 0.96 : 1))}`);
  }
  return lines.join('\n') + '\n';
}

const rejectsWith = async (p: Promise<unknown>, code: string, re?: RegExp): Promise<ApiError> => {
  let caught: unknown;
  await assert.rejects(p, (e: unknown) => {
    caught = e;
    return e instanceof ApiError && e.code === code && (re === undefined || re.test(e.message));
  });
  return caught as ApiError;
};

type Trail = AuditTrail;

describe('local consortium: node processes on loopback', () => {
  let root: string;
  let c: LocalConsortium;
  const api = new Map<string, ApiClient>();
  const datasets = new Map<string, string>();
  const a = (name: string): ApiClient => api.get(name)!;

  const audit = async (jobId: string): Promise<Trail> => {
    const r = await a(REG).audit({ job: jobId });
    assert.equal(r.jobs.length, 1);
    return r.jobs[0]!;
  };

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'parley-e2e-'));
    c = await startLocalConsortium({ root, names: [...COMPANIES, REG] });
    for (const n of c.names) api.set(n, await c.api(n));
  });

  after(async () => {
    await c?.close();
    await rm(root, { recursive: true, force: true });
  });

  test('happy path: the pay gap equals the plaintext reference and the audit verifies', async () => {
    const run = await runPaygapCertification(c, { companies: COMPANIES, regulator: REG });
    assert.deepEqual(run.problems, []);
    assert.equal(run.job.status, 'succeeded');
    assert.equal(run.audit.verified, true);
    const ref = paygapReference(
      await Promise.all(COMPANIES.map(async (co) => (await readSample(co)).csv)),
      5,
    );
    assert.deepEqual(compareWithReference(run.outputs, ref, COMPANIES), []);
    assert.equal(ref.pass[0], true);
    // A committee member that is not a recipient has no result.
    await rejectsWith(a('acme').jobResult(run.jobId), 'ERR_JOB_NOT_RECIPIENT');
    for (const co of COMPANIES) {
      const { datasets: list } = await a(co).listDatasets();
      datasets.set(co, list[0]!.id);
      assert.equal((await waitForJobStatus(a(co), run.jobId, ['succeeded'])).status, 'succeeded');
    }
  });

  test('a malformed CSV: the error names row and column, nothing is stored', async () => {
    const before = (await a('acme').listDatasets()).datasets;
    const { schema } = await readSample('acme');
    const csv =
      'employee_id,department,level,gender,salary\n' +
      'A-900,Sales,Senior,F,61000\n' +
      'A-901,Sales,Senior,M,sixty thousand\n';
    const err = await rejectsWith(
      a('acme').importDataset({ name: 'broken', csv, schema }),
      'ERR_DATASET_VALUE',
      /Row 2 \(line 3\), column "salary"/,
    );
    assert.ok(!err.message.includes('sixty'), 'the message does not echo the cell');
    const afterList = (await a('acme').listDatasets()).datasets;
    assert.equal(afterList.length, before.length);
  });

  test('a job on an unknown dataset: a clear error, no job', async () => {
    const unknown = `0x${'ab'.repeat(32)}`;
    const err = await rejectsWith(
      a(REG).proposeJob({
        program: 'paygap',
        inputs: [datasets.get('acme')!, unknown],
        committee: [...COMPANIES],
        recipients: [REG],
      }),
      'ERR_JOB_INPUT',
    );
    assert.match(err.message, new RegExp(unknown));
    assert.match(err.message, /not in the Catalog/);
  });

  test('a committee member that is not a member: a clear error', async () => {
    const err = await rejectsWith(
      a(REG).proposeJob({
        program: 'paygap',
        inputs: [datasets.get('acme')!],
        committee: ['acme', 'globex', 'umbrella'],
        recipients: [REG],
      }),
      'ERR_MEMBER_UNKNOWN',
    );
    assert.match(err.message, /committee\[2\]/);
    assert.match(err.message, /umbrella/);
  });

  test("committee rules: a job with t = 0 on another party's input is refused at proposal", async () => {
    for (const committee of [['acme'], ['acme', 'globex']]) {
      const err = await rejectsWith(
        a(REG).proposeJob({
          program: 'paygap',
          inputs: [datasets.get('acme')!, datasets.get('globex')!],
          committee,
          recipients: [REG],
        }),
        'ERR_JOB_COMMITTEE',
      );
      assert.match(
        err.message,
        new RegExp(
          `a committee of ${committee.length} has threshold t = 0: .* every input in the clear; a job with inputs of acme and globex needs a committee of at least 3 members`,
        ),
      );
    }
  });

  test("committee rules: an owner's policy rejects a job at approval, naming the rule", async () => {
    const { rules } = await a('acme').getPolicy();
    await a('acme').setPolicy({
      rules: rules.map((r) => ({
        action: r.action,
        ...(r.programHash === undefined ? {} : { program: r.programHash }),
        ...(r.requester === undefined ? {} : { requester: r.requester }),
        ...(r.note === undefined ? {} : { note: r.note }),
      })),
      requirements: [{ requesterNotOnCommittee: true }],
    });
    try {
      const job = await a(REG).proposeJob({
        program: 'paygap',
        inputs: [datasets.get('acme')!],
        committee: [...COMPANIES, REG],
        recipients: [REG],
      });
      const final = await waitForJobStatus(a(REG), job.id, ['rejected']);
      assert.equal(final.status, 'rejected');
      const trail = await audit(job.id);
      assert.equal(
        trail.rejection?.reason,
        `committee rules: the requester ${REG} is on the committee; acme's policy forbids it`,
      );
    } finally {
      await a('acme').setPolicy({ rules: [], requirements: [] });
      await setAutoApprovePolicy(c, 'acme', REG);
    }
  });

  test('a TLS connection with a key that is not a member is refused', async () => {
    const stranger = generateIdentity('umbrella');
    const o = c.org('acme');
    const outcome = await new Promise<string>((resolve) => {
      const sock = connect({
        host: '127.0.0.1',
        port: o.mpcPort,
        key: stranger.key,
        cert: stranger.cert,
        rejectUnauthorized: false,
      });
      let data = 0;
      sock.on('data', (b: Buffer) => (data += b.length));
      sock.on('secureConnect', () => sock.write('hello'));
      sock.on('error', () => resolve(`error, ${data} bytes`));
      sock.on('close', () => resolve(`closed, ${data} bytes`));
      setTimeout(() => {
        sock.destroy();
        resolve('still open');
      }, 8000).unref();
    });
    assert.match(outcome, /^(error|closed), 0 bytes$/);
    assert.ok((await fetch(`${o.url}/health`)).ok, 'acme stays healthy');
  });

  test('a job without approval waits in the owner inbox; rejecting it ends it rejected on chain', async () => {
    await a('acme').setPolicy({ rules: [] });
    try {
      const job = await a(REG).proposeJob({
        program: 'paygap',
        inputs: [datasets.get('acme')!],
        committee: [...COMPANIES],
        recipients: [REG],
      });
      assert.equal(job.status, 'awaiting_approval');
      await waitForJobStatus(a('acme'), job.id, ['awaiting_approval']);
      const item = await (async () => {
        for (let i = 0; i < 150; i++) {
          const { items } = await a('acme').listInbox({ state: 'pending' });
          const it = items.find((x) => x.kind === 'job' && x.ref === job.id);
          if (it !== undefined) return it;
          await new Promise((r) => setTimeout(r, 200));
        }
        throw new Error('no inbox item');
      })();
      await a('acme').rejectInbox(String(item.id), {
        reason: 'payroll data not released for this purpose',
      });
      const final = await waitForJobStatus(a(REG), job.id, ['rejected']);
      assert.equal(final.status, 'rejected');
      const trail = await audit(job.id);
      assert.equal(trail.status, 'rejected');
      assert.equal(trail.rejection?.reason, 'payroll data not released for this purpose');
      assert.equal(trail.rejection?.owner.toLowerCase(), c.org('acme').address.toLowerCase());
    } finally {
      await setAutoApprovePolicy(c, 'acme', REG);
    }
  });

  test('a node with another TLS key than the registered one: the job fails naming it, on chain', async (t) => {
    const o = c.org('initech');
    await c.stopNode('initech');
    const other = generateIdentity('initech');
    await writeFile(join(o.dir, 'keys', 'tls-other.key'), other.key, { mode: 0o600 });
    await writeFile(join(o.dir, 'keys', 'tls-other.crt'), other.cert, { mode: 0o600 });
    const config = JSON.parse(await readFile(o.configPath, 'utf8')) as {
      keys: Record<string, string>;
    };
    config.keys['tlsKey'] = 'keys/tls-other.key';
    config.keys['tlsCert'] = 'keys/tls-other.crt';
    const wrong = join(o.dir, 'config-other-tls.json');
    await writeFile(wrong, JSON.stringify(config, null, 2), { mode: 0o600 });
    await c.startNode('initech', { configPath: wrong });
    try {
      const job = await a(REG).proposeJob({
        program: 'paygap',
        inputs: COMPANIES.map((co) => datasets.get(co)!),
        committee: [...COMPANIES],
        recipients: [REG],
      });
      const final = await watchJob(a(REG), job.id, { timeoutMs: 120_000 });
      assert.equal(final.status, 'failed');
      const trail = await audit(job.id);
      assert.equal(trail.status, 'failed');
      t.diagnostic(`reason on chain: ${trail.failure?.reason ?? ''}`);
      assert.match(trail.failure?.reason ?? '', /initech/);
      assert.match(final.errorReason ?? '', /initech/);
    } finally {
      await c.stopNode('initech');
      await c.startNode('initech');
    }
  });

  test('a node killed mid-job: the job fails on chain, the others run the next job, the restarted node catches up', async (t) => {
    // Larger payrolls, so that the job runs long enough to be interrupted.
    const big = new Map<string, string>();
    for (const [i, co] of COMPANIES.entries()) {
      const ds = await a(co).importDataset({
        name: `${co}-large`,
        csv: bigPayroll(8000, 11 + i),
      });
      await a(co).publishDataset(ds.id, {
        title: `${co} large payroll`,
      });
      big.set(co, ds.id);
    }
    const job = await a(REG).proposeJob({
      program: 'paygap',
      inputs: COMPANIES.map((co) => big.get(co)!),
      committee: [...COMPANIES],
      recipients: [REG],
    });
    // Kill globex as soon as it takes inputs or computes (it may not know the job at first).
    for (let after = 0; ;) {
      const r = await a('globex')
        .jobEvents(job.id, { after: String(after) })
        .catch((e: unknown) => {
          if (e instanceof ApiError && e.code === 'ERR_JOB_NOT_FOUND') return undefined;
          throw e;
        });
      if (r !== undefined) {
        if (r.events.some((e) => e.phase === 'computing' || e.phase === 'inputs')) break;
        assert.ok(
          !['succeeded', 'failed'].includes(r.status),
          `the job ended ${r.status} too early`,
        );
        after = Math.max(after, ...r.events.map((e) => e.id));
      }
      await new Promise((res) => setTimeout(res, 20));
    }
    await c.stopNode('globex', 'SIGKILL');
    const final = await watchJob(a(REG), job.id, { timeoutMs: 120_000 });
    assert.equal(final.status, 'failed');
    const trail = await audit(job.id);
    assert.equal(trail.status, 'failed');
    t.diagnostic(`reason on chain: ${trail.failure?.reason ?? ''}`);
    assert.match(trail.failure?.reason ?? '', /globex/);

    // The others are healthy and run a job without globex (the regulator computes instead).
    for (const n of ['acme', 'initech', REG]) assert.ok((await fetch(`${c.org(n).url}/health`)).ok);
    const inputs = ['acme', 'initech'];
    const next = await a(REG).proposeJob({
      program: 'paygap',
      inputs: inputs.map((co) => datasets.get(co)!),
      committee: ['acme', 'initech', REG],
      recipients: [REG],
    });
    assert.equal((await watchJob(a(REG), next.id)).status, 'succeeded');
    const r1 = await a(REG).jobResult(next.id);
    const ref1 = paygapReference(
      await Promise.all(inputs.map(async (co) => (await readSample(co)).csv)),
      5,
    );
    assert.deepEqual(compareWithReference(r1.outputs, ref1, inputs), []);

    // globex restarted: it records the interrupted job failed and takes part in a new job.
    await c.startNode('globex');
    assert.equal((await waitForJobStatus(a('globex'), job.id, ['failed'])).status, 'failed');
    const again = await a(REG).proposeJob({
      program: 'paygap',
      inputs: COMPANIES.map((co) => datasets.get(co)!),
      committee: [...COMPANIES],
      recipients: [REG],
    });
    assert.equal((await watchJob(a(REG), again.id)).status, 'succeeded');
    const r2 = await a(REG).jobResult(again.id);
    const ref2 = paygapReference(
      await Promise.all(COMPANIES.map(async (co) => (await readSample(co)).csv)),
      5,
    );
    assert.deepEqual(compareWithReference(r2.outputs, ref2, COMPANIES), []);
    assert.equal(
      (await waitForJobStatus(a('globex'), again.id, ['succeeded'])).status,
      'succeeded',
    );
  });
});
