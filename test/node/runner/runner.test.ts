/**
 * The node runner end to end, in one process: four nodes started with `startNode` from configs
 * written by `initNode` (real TLS endpoints, real anvil), jobs proposed with ledger actions,
 * decisions by each node's policy (or a person, through `decide`), results checked against the
 * plaintext references. See consortium.ts for how the MPC ports are known before deployment.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Hex } from 'viem';
import { getGrant as getChainGrant } from '../../../src/ledger/actions/getGrant.js';
import { getJob as getChainJob } from '../../../src/ledger/actions/getJob.js';
import { proposeJob } from '../../../src/ledger/actions/proposeJob.js';
import { publishDataset } from '../../../src/ledger/actions/publishDataset.js';
import { requestGrant } from '../../../src/ledger/actions/requestGrant.js';
import { GrantStatus, JobStatus } from '../../../src/ledger/types.js';
import { ParleyError } from '../../../src/errors/base.js';
import { generateIdentity } from '../../../src/net/x509.js';
import { importDataset } from '../../../src/node/datasets/import.js';
import { decide } from '../../../src/node/decisions.js';
import { ledgerDataType } from '../../../src/node/datasets/schema.js';
import { getGrant, listInbox } from '../../../src/node/store/grants.js';
import {
  getJob,
  getJobResult,
  listJobEvents,
  listJobs,
  TERMINAL_JOB_STATUSES,
  type JobRecord,
} from '../../../src/node/store/jobs.js';
import { listPolicy, replacePolicy } from '../../../src/node/store/policy.js';
import { paramsHashOf, paramsPreimageOf } from '../../../src/programs/params.js';
import { startConsortium, waitFor, type Consortium } from './consortium.js';

const NAMES = ['acme', 'globex', 'initech', 'regulator'] as const;
type Name = (typeof NAMES)[number];
const COMPANIES = ['acme', 'globex', 'initech'] as const;

/** Each company's payroll (salaries in k€), as CSV. */
const PAYROLLS: Record<(typeof COMPANIES)[number], { salaries: number[]; genders: string[] }> = {
  acme: { salaries: [100, 90, 80, 110], genders: ['M', 'F', 'F', 'M'] },
  globex: { salaries: [120, 118], genders: ['M', 'F'] },
  initech: { salaries: [95, 96, 97], genders: ['F', 'M', 'X'] },
};
const SCHEMA = {
  columns: [
    { name: 'salary', type: 'decimal', scale: 2, min: '0.00', unit: 'kEUR' },
    { name: 'gender', type: 'category', labels: ['F', 'M', 'X'] },
  ],
};
/** The plaintext answers: means of women and men per company then overall, and the gaps. */
const MEAN_F = [85, 118, 95, 95.75];
const MEAN_M = [105, 120, 96, 106.5];
const GAP = MEAN_F.map((f, i) => ((MEAN_M[i]! - f) / MEAN_M[i]!) * 100);

describe('node runner: four nodes follow the ledger and run jobs', () => {
  let root: string;
  let c: Consortium;
  const datasets = new Map<Name, Hex>();

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'parley-runner-'));
    c = await startConsortium(root, NAMES, ['paygap', 'mean', 'sum']);
    for (const n of COMPANIES) {
      const p = PAYROLLS[n];
      const csv =
        'salary,gender\n' +
        p.salaries.map((s, i) => `${s.toFixed(2)},${p.genders[i]!}`).join('\n') +
        '\n';
      const rec = importDataset(c.node(n).store, { name: 'payroll', csv, schema: SCHEMA });
      datasets.set(n, rec.id);
      await publishDataset(c.org(n).client, {
        datasetId: rec.id,
        metadata: {
          title: `${n} payroll`,
          description: 'test data',
          columns: rec.schema.columns.map((col) => ({
            name: col.name,
            dataType: ledgerDataType(col),
            unit: col.unit ?? '',
          })),
          rowCount: BigInt(rec.rowCount),
          contentHash: rec.contentHash,
          tags: [],
          releaseTime: 0n,
        },
      });
    }
    const paygap = c.programs.get('paygap').codeHash;
    const mean = c.programs.get('mean').codeHash;
    const acme = c.org('acme').address;
    // globex approves acme's paygap jobs; initech too, and refuses every mean job.
    replacePolicy(c.node('globex').store, [
      { action: 'approve', programHash: paygap, requester: acme },
    ]);
    replacePolicy(c.node('initech').store, [
      { action: 'reject', programHash: mean, note: 'initech shares no means' },
      { action: 'approve', programHash: paygap, requester: acme },
    ]);
  });

  after(async () => {
    await c?.close();
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });

  /**
   * Proposes a job over the named inputs (by acme unless `o.by`), with its params published on
   * chain unless `o.publish` is false.
   */
  async function propose(
    program: string,
    params: Record<string, unknown>,
    inputs: readonly Name[],
    committee: readonly Name[],
    recipients: readonly Name[],
    o: { by?: Name; grantIds?: bigint[]; publish?: boolean; deadlineSeconds?: bigint } = {},
  ): Promise<{ id: string; ready: boolean }> {
    const prog = c.programs.get(program);
    const client = c.org(o.by ?? 'acme').client;
    const now = (await client.publicClient.getBlock()).timestamp;
    const { jobId, ready } = await proposeJob(client, {
      spec: {
        programHash: prog.codeHash,
        inputs: inputs.map((n) => datasets.get(n)!),
        grantIds: o.grantIds ?? inputs.map(() => 0n),
        committee: committee.map((n) => c.org(n).address),
        recipients: recipients.map((n) => c.org(n).address),
        paramsHash: paramsHashOf(prog.definition, params),
        deadline: now + (o.deadlineSeconds ?? 3600n),
      },
      ...(o.publish === false ? {} : { params: paramsPreimageOf(prog.definition, params) }),
    });
    return { id: jobId.toString(), ready };
  }

  /** The job on `n`'s node once it is terminal there. */
  const finished = (n: Name, id: string, ms = 40_000): Promise<JobRecord> =>
    waitFor(
      `job ${id} to end on ${n}`,
      () => {
        const j = getJob(c.node(n).store, id);
        return j !== undefined && TERMINAL_JOB_STATUSES.includes(j.status) ? j : undefined;
      },
      ms,
    );

  test('paygap approved by policy runs on every node; the regulator holds the verified result', async () => {
    // minGroupSize 1: the small test payrolls are compared in full (no disclosure control).
    const { id } = await propose(
      'paygap',
      { threshold: 12, minGroupSize: 1 },
      COMPANIES,
      COMPANIES,
      ['regulator'],
    );
    for (const n of NAMES) {
      const j = await finished(n, id);
      assert.equal(j.status, 'succeeded', `${n}: ${j.errorReason ?? ''}`);
      assert.match(j.resultDigest ?? '', /^0x[0-9a-f]{64}$/);
    }
    const reg = getJob(c.node('regulator').store, id)!;
    assert.deepEqual(reg.roles, ['recipient']);
    assert.equal(reg.params?.['threshold'], 12);
    const acme = getJob(c.node('acme').store, id)!;
    assert.deepEqual([...acme.roles].sort(), ['compute', 'input', 'proposer']);
    assert.equal(acme.hasResult, false, 'a committee member learns nothing');
    const result = getJobResult(c.node('regulator').store, id) as {
      resultDigest: string;
      outputs: Record<string, (number | boolean)[]>;
    };
    assert.equal(result.resultDigest, reg.resultDigest);
    const o = result.outputs;
    const near = (got: unknown, want: number, tol: number, what: string): void =>
      assert.ok(Math.abs((got as number) - want) <= tol, `${what}: ${String(got)} vs ${want}`);
    // means in stored units (hundredths of a kEUR: decimal(2)); gaps to 1e-5 points
    MEAN_F.forEach((m, i) => near(o['meanFemale']![i], m * 100, 1e-5, `meanFemale[${i}]`));
    MEAN_M.forEach((m, i) => near(o['meanMale']![i], m * 100, 1e-5, `meanMale[${i}]`));
    GAP.forEach((g, i) => near(o['gapPercent']![i], g, 1e-5, `gapPercent[${i}]`));
    assert.deepEqual(o['defined'], [true, true, true, true]);
    assert.deepEqual(o['pass'], [true]);
    // Policy decisions were recorded in the owners' inboxes.
    for (const n of ['globex', 'initech'] as const) {
      const item = listInbox(c.node(n).store).find((i) => i.kind === 'job' && i.ref === id);
      assert.equal(item?.state, 'approved');
      assert.equal(item?.decidedBy, 'policy');
    }
    const phases = listJobEvents(c.node('regulator').store, id).map((e) => e.phase);
    assert.deepEqual(phases, ['connecting', 'inputs', 'computing', 'outputs', 'attesting', 'done']);
  });

  test('two jobs run at once on the same endpoints, each its own session', async () => {
    // Proposed one after the other (one account, one nonce sequence); both are Ready at once.
    const a = await propose('paygap', { threshold: 12 }, COMPANIES, COMPANIES, ['regulator']);
    const b = await propose('paygap', { threshold: 5 }, COMPANIES, COMPANIES, ['regulator']);
    const results: { outputs: Record<string, boolean[]> }[] = [];
    for (const { id } of [a, b]) {
      const j = await finished('regulator', id);
      assert.equal(j.status, 'succeeded', j.errorReason ?? '');
      results.push(
        getJobResult(c.node('regulator').store, id) as { outputs: Record<string, boolean[]> },
      );
    }
    assert.deepEqual(results[0]!.outputs['pass'], [true], 'gap 10.09 % < 12 %');
    assert.deepEqual(results[1]!.outputs['pass'], [false], 'gap 10.09 % >= 5 %');
    const runs = (n: Name, id: string): string[] =>
      listJobEvents(c.node(n).store, id).map((e) => e.phase);
    assert.ok(runs('acme', a.id).includes('computing') && runs('acme', b.id).includes('computing'));
  });

  test('a job the policy rejects is rejected on chain and recorded with its reason everywhere', async () => {
    const { id } = await propose('mean', { column: 'salary' }, ['acme', 'initech'], COMPANIES, [
      'regulator',
    ]);
    for (const n of NAMES) {
      const j = await finished(n, id);
      assert.equal(j.status, 'rejected', n);
      assert.equal(j.errorReason, 'initech shares no means', n);
    }
    const onChain = await getChainJob(c.org('regulator').client, { jobId: BigInt(id) });
    assert.equal(onChain.status, JobStatus.Rejected);
    const item = listInbox(c.node('initech').store).find((i) => i.ref === id);
    assert.equal(item?.state, 'rejected');
    assert.equal(item?.decidedBy, 'policy');
  });

  test('a job proposed on chain (past the REST checks) on a missing column: the owner rejects it before approving', async () => {
    // Straight to the contract, so the proposer's node never checked it; globex's policy would
    // approve paygap jobs from acme, but its own dataset has no column "pay".
    const { id } = await propose(
      'paygap',
      { threshold: 12, salaryColumn: 'pay' },
      ['globex'],
      COMPANIES,
      ['regulator'],
    );
    const j = await finished('globex', id);
    assert.equal(j.status, 'rejected');
    assert.match(
      j.errorReason ?? '',
      /^cannot run here: input invalid at globex: has no column pay \(it has salary, gender\)$/,
    );
    const onChain = await getChainJob(c.org('regulator').client, { jobId: BigInt(id) });
    assert.equal(onChain.status, JobStatus.Rejected, 'never approved, never run');
  });

  test('a job no rule covers waits in the inbox; once a person approves it, it runs', async () => {
    const { id } = await propose('sum', { column: 'salary' }, ['globex'], COMPANIES, ['regulator']);
    const item = await waitFor('the inbox item on globex', () =>
      listInbox(c.node('globex').store).find((i) => i.kind === 'job' && i.ref === id),
    );
    assert.equal(item.state, 'pending');
    assert.equal(getJob(c.node('globex').store, id)?.status, 'awaiting_approval');
    await decide({ store: c.node('globex').store, ledger: c.node('globex').ledger! }, item.id, {
      approve: true,
      by: 'user',
    });
    const j = await finished('regulator', id);
    assert.equal(j.status, 'succeeded', j.errorReason ?? '');
    const result = getJobResult(c.node('regulator').store, id) as {
      outputs: Record<string, unknown[]>;
    };
    // exact, in stored units (hundredths): 238.00 kEUR
    assert.equal(
      String(result.outputs['sum']![0]),
      '23800',
      `sum ${String(result.outputs['sum'])}`,
    );
  });

  test('a grant request approved by policy covers its input at proposal; the job runs at once', async () => {
    const initech = c.node('initech').store;
    const sum = c.programs.get('sum').codeHash;
    replacePolicy(initech, [
      { action: 'reject', programHash: c.programs.get('mean').codeHash, note: 'no means' },
      {
        action: 'approve',
        programHash: c.programs.get('paygap').codeHash,
        requester: c.org('acme').address,
      },
      {
        action: 'approve',
        datasetId: datasets.get('initech')!,
        requester: c.org('globex').address,
        programHash: sum,
      },
    ]);
    const now = (await c.org('globex').client.publicClient.getBlock()).timestamp;
    const { grantId } = await requestGrant(c.org('globex').client, {
      datasetId: datasets.get('initech')!,
      purpose: 'payroll total',
      programHashes: [sum],
      expiresAt: now + 3600n,
      maxUses: 1,
    });
    const gid = grantId.toString();
    const incoming = await waitFor('the grant approved on initech', () => {
      const g = getGrant(initech, gid);
      return g?.status === 'approved' ? g : undefined;
    });
    assert.equal(incoming.direction, 'incoming');
    const item = listInbox(initech).find((i) => i.kind === 'grant' && i.ref === gid);
    assert.equal(item?.decidedBy, 'policy');
    const outgoing = await waitFor('the grant approved on globex', () => {
      const g = getGrant(c.node('globex').store, gid);
      return g?.status === 'approved' ? g : undefined;
    });
    assert.equal(outgoing.direction, 'outgoing');
    const { id, ready } = await propose(
      'sum',
      { column: 'salary' },
      ['initech'],
      COMPANIES,
      ['globex'],
      {
        by: 'globex',
        grantIds: [grantId],
      },
    );
    assert.equal(ready, true, 'the grant covers the input at proposal');
    const j = await finished('globex', id);
    assert.equal(j.status, 'succeeded', j.errorReason ?? '');
    const result = getJobResult(c.node('globex').store, id) as {
      outputs: Record<string, unknown[]>;
    };
    // exact, in stored units (hundredths): 288.00 kEUR
    assert.equal(
      String(result.outputs['sum']![0]),
      '28800',
      `sum ${String(result.outputs['sum'])}`,
    );
    assert.equal(
      listInbox(initech).find((i) => i.kind === 'job' && i.ref === id),
      undefined,
      'nothing for initech to decide',
    );
    // A request the policy refuses: rejected on chain with the rule's note, seen by the grantee.
    const refused = await requestGrant(c.org('regulator').client, {
      datasetId: datasets.get('initech')!,
      purpose: 'mean pay',
      programHashes: [c.programs.get('mean').codeHash],
      expiresAt: now + 3600n,
      maxUses: 1,
    });
    const rid = refused.grantId.toString();
    await waitFor('the refused grant on regulator', () =>
      getGrant(c.node('regulator').store, rid)?.status === 'rejected' ? true : undefined,
    );
    const onChain = await getChainGrant(c.org('regulator').client, { grantId: refused.grantId });
    assert.equal(onChain.status, GrantStatus.Rejected);
    const ritem = listInbox(initech).find((i) => i.kind === 'grant' && i.ref === rid);
    assert.equal(ritem?.state, 'rejected');
    assert.equal(ritem?.reason, 'no means');
  });

  test("a job on chain (past the REST checks) with t = 0 on another party's input: the owner rejects it", async () => {
    // Two members: t = 0, so acme and globex would each hold globex's payroll in the clear.
    const { id } = await propose(
      'sum',
      { column: 'salary' },
      ['globex'],
      ['acme', 'globex'],
      ['regulator'],
    );
    const j = await finished('globex', id);
    assert.equal(j.status, 'rejected');
    assert.equal(
      j.errorReason,
      'committee rules: a committee of 2 has threshold t = 0: each member would see every input in the clear; a job with inputs of globex needs a committee of at least 3 members',
    );
    const onChain = await getChainJob(c.org('regulator').client, { jobId: BigInt(id) });
    assert.equal(onChain.status, JobStatus.Rejected, 'never approved, never run');
    assert.equal(listInbox(c.node('globex').store).find((i) => i.ref === id)?.decidedBy, 'policy');
  });

  test("an owner's requirement rejects a job its rules would approve, naming the rule", async () => {
    const globex = c.node('globex').store;
    const rules = listPolicy(globex);
    replacePolicy(globex, rules, [{ datasetId: datasets.get('globex')!, minCommittee: 4 }]);
    try {
      const { id } = await propose('paygap', { threshold: 12 }, COMPANIES, COMPANIES, [
        'regulator',
      ]);
      for (const n of NAMES) {
        const j = await finished(n, id);
        assert.equal(j.status, 'rejected', n);
        assert.equal(
          j.errorReason,
          "committee rules: committee has 3 members; globex's policy requires at least 4",
          n,
        );
      }
    } finally {
      replacePolicy(globex, rules, []);
    }
  });

  test("a Ready job (no owner decision) that breaks an owner's requirement fails before anything is shared", async () => {
    // acme's own input: Ready at proposal, so only acme's node, right before sharing, can refuse.
    const acme = c.node('acme').store;
    const rules = listPolicy(acme);
    replacePolicy(acme, rules, [{ jurisdictions: ['XX'] }]);
    try {
      const { id, ready } = await propose('sum', { column: 'salary' }, ['acme'], COMPANIES, [
        'regulator',
      ]);
      assert.equal(ready, true);
      const j = await finished('regulator', id);
      assert.equal(j.status, 'failed');
      const onChain = await getChainJob(c.org('regulator').client, { jobId: BigInt(id) });
      assert.equal(onChain.status, JobStatus.Failed);
      assert.match(
        onChain.reason,
        /^inputs: input refused at acme: committee members acme \(.+\), globex \(.+\), initech \(.+\) are outside XX; acme's policy requires members from XX$/,
      );
      assert.equal(getJobResult(c.node('regulator').store, id), undefined, 'no result');
    } finally {
      replacePolicy(acme, rules, []);
    }
  });

  test('a job whose params were not published fails closed, naming the cause', async (t) => {
    // acme's own input only: Ready at once; threshold 12 is no default, so nothing hashes to it.
    const { id, ready } = await propose(
      'paygap',
      { threshold: 12 },
      ['acme'],
      COMPANIES,
      ['regulator'],
      {
        publish: false,
      },
    );
    assert.equal(ready, true);
    for (const n of NAMES) {
      const j = await finished(n, id);
      assert.equal(j.status, 'failed', n);
      t.diagnostic(`${n}: ${j.errorCode ?? ''} ${j.errorReason ?? ''}`);
    }
    const onChain = await getChainJob(c.org('acme').client, { jobId: BigInt(id) });
    assert.equal(onChain.status, JobStatus.Failed);
    assert.match(
      onChain.reason,
      /^connecting: (acme|globex|initech) reports: Job \d+ has no usable params on chain/,
    );
    const acme = getJob(c.node('acme').store, id)!;
    assert.match(acme.errorReason ?? '', /no usable params/);
  });

  test('a job still open at its deadline is failed on chain by its proposer or committee', async () => {
    // Nobody decides globex's input: the job would wait for ever.
    const { id } = await propose(
      'sum',
      { column: 'salary' },
      ['globex'],
      COMPANIES,
      ['regulator'],
      {
        deadlineSeconds: 2n,
      },
    );
    for (const n of NAMES) {
      const j = await finished(n, id, 20_000);
      assert.equal(j.status, 'failed', n);
      assert.match(
        j.errorReason ?? '',
        /^deadline: (acme|globex|initech) reports: the job did not finish before its deadline$/,
      );
    }
    // globex's inbox item for it can no longer be decided: it is closed, not left pending.
    const globex = c.node('globex').store;
    const item = listInbox(globex).find((i) => i.kind === 'job' && i.ref === id);
    assert.equal(item?.state, 'closed');
    assert.equal(item.reason, 'job failed before a decision');
    await assert.rejects(
      decide({ store: globex, ledger: c.node('globex').ledger! }, item.id, {
        approve: true,
        by: 'user',
      }),
      (e: unknown) => e instanceof ParleyError && e.code === 'ERR_INBOX_DECIDED',
    );
  });

  test('a restarted node catches up from its checkpoint without reprocessing', async () => {
    const old = c.node('globex');
    const earlier = listJobs(old.store).map((j) => j.id);
    const jobs = earlier.map((id) => listJobEvents(old.store, id).length);
    const inbox = listInbox(old.store).length;
    await c.stop('globex');
    const before = old.runner!.stats(); // the checkpoint as the stopped follower left it
    // While globex is down, acme proposes a job that needs globex's approval.
    const { id } = await propose('paygap', { threshold: 12 }, COMPANIES, COMPANIES, ['regulator']);
    const onChain = await getChainJob(c.org('acme').client, { jobId: BigInt(id) });
    assert.equal(onChain.status, JobStatus.AwaitingApproval, 'globex has not approved yet');
    const node = await c.start('globex');
    const j = await finished('regulator', id);
    assert.equal(j.status, 'succeeded', j.errorReason ?? '');
    assert.equal((await finished('globex', id)).status, 'succeeded');
    const after = node.runner!.stats();
    assert.ok(before.lastBlock !== undefined);
    assert.equal(after.firstBlock, before.lastBlock + 1n, 'resumed right after the checkpoint');
    assert.equal(after.runsStarted, 1, 'only the new job ran');
    assert.deepEqual(
      earlier.map((jid) => listJobEvents(node.store, jid).length),
      jobs,
      'earlier jobs untouched',
    );
    assert.equal(listInbox(node.store).length, inbox + 1, 'one new inbox item, no duplicates');
  });

  test('a node stopped mid-job does not run it again after a restart; it records the failure the chain holds', async () => {
    const { id } = await propose('paygap', { threshold: 12 }, COMPANIES, COMPANIES, ['regulator']);
    await waitFor('initech computing', () =>
      listJobEvents(c.node('initech').store, id).some((e) => e.phase === 'computing')
        ? true
        : undefined,
    );
    await c.stop('initech'); // cancels the run on initech: no chain write from it
    const onChain = await waitFor('the job failed on chain', async () => {
      const j = await getChainJob(c.org('acme').client, { jobId: BigInt(id) });
      return j.status === JobStatus.Failed ? j : undefined;
    });
    assert.match(onChain.reason, /initech/);
    const node = await c.start('initech');
    const j = await finished('initech', id);
    assert.equal(j.status, 'failed');
    assert.equal(j.errorReason, onChain.reason, 'the reason the chain holds');
    await node.runner!.caughtUp;
    assert.equal(node.runner!.stats().runsStarted, 0, 'not run again');
    assert.equal((await finished('regulator', id)).status, 'failed');
  });

  test('a peer whose TLS key is not the registered one is refused; the job fails closed naming it', async (t) => {
    await c.stop('regulator');
    const rogue = generateIdentity('regulator');
    const dir = c.org('regulator').dir;
    await writeFile(join(dir, 'keys', 'tls.key'), rogue.key, { mode: 0o600 });
    await writeFile(join(dir, 'keys', 'tls.crt'), rogue.cert);
    await c.start('regulator');
    const { id } = await propose('paygap', { threshold: 12 }, COMPANIES, COMPANIES, ['regulator']);
    for (const n of NAMES) {
      const j = await finished(n, id);
      assert.equal(j.status, 'failed', n);
      t.diagnostic(`${n}: ${j.errorReason ?? ''}`);
    }
    const onChain = await getChainJob(c.org('acme').client, { jobId: BigInt(id) });
    assert.equal(onChain.status, JobStatus.Failed);
    assert.match(
      onChain.reason,
      /^connecting: (acme|globex|initech) reports: .*regulator.*TLS key/,
    );
    assert.ok(!onChain.reason.includes(rogue.fingerprint), 'no full key material in the reason');
    const acme = getJob(c.node('acme').store, id)!;
    assert.equal(acme.errorCode, 'ERR_JOB_FAILED');
    assert.equal(acme.errorReason, onChain.reason);
    assert.equal(getJobResult(c.node('regulator').store, id), undefined);
  });
});
