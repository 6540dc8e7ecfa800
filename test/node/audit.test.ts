/**
 * The audit trail rebuilt from chain events, against anvil with real job lifecycles: a
 * succeeded job with every committee signature recovered from the submitResult calldata, and
 * trails that must not verify (params never published, a failed job, a rejected job).
 */
import { after, before, describe, test } from 'node:test';
import { deepEqual, equal, match, ok } from 'node:assert/strict';
import { keccak256, type Hex } from 'viem';
import { approveGrant } from '../../src/ledger/actions/approveGrant.js';
import { approveJob } from '../../src/ledger/actions/approveJob.js';
import { failJob } from '../../src/ledger/actions/failJob.js';
import { proposeJob } from '../../src/ledger/actions/proposeJob.js';
import { publishDataset } from '../../src/ledger/actions/publishDataset.js';
import { rejectJob } from '../../src/ledger/actions/rejectJob.js';
import { requestGrant } from '../../src/ledger/actions/requestGrant.js';
import { signJobResult } from '../../src/ledger/actions/signJobResult.js';
import { startJob } from '../../src/ledger/actions/startJob.js';
import { submitResult } from '../../src/ledger/actions/submitResult.js';
import type { JobSpec } from '../../src/ledger/types.js';
import { auditJobs } from '../../src/node/audit.js';
import { buildApp } from '../../src/node/server/app.js';
import { openStore } from '../../src/node/store/db.js';
import { paramsPreimageOf } from '../../src/programs/params.js';
import { loadBuiltinPrograms, type ProgramRegistry } from '../../src/programs/registry.js';
import {
  approveProgram,
  client,
  h,
  metadata,
  setupLedger,
  type LedgerFixture,
} from '../ledger/fixtures.js';

void describe('audit trail from the chain', () => {
  let fx: LedgerFixture;
  let programs: ProgramRegistry;
  let P: Hex;
  const D1 = h('audit:d1');
  const D2 = h('audit:d2');
  const preimage = (): Uint8Array =>
    paramsPreimageOf(programs.get('sum').definition, { column: 'pay' });

  const spec = async (over: Partial<JobSpec>): Promise<JobSpec> => {
    const inputs = over.inputs ?? [D1, D2];
    return {
      programHash: P,
      inputs,
      grantIds: inputs.map(() => 0n),
      committee: [fx.addressOf(1), fx.addressOf(2)],
      recipients: [fx.addressOf(1)],
      paramsHash: keccak256(preimage()),
      deadline: (await fx.now()) + 3600n,
      ...over,
    };
  };
  /** Start, one signature per committee member, relayed by account 3. */
  const finish = async (jobId: bigint, committee: readonly number[]): Promise<Hex> => {
    await startJob(client(fx, committee[0]!), { jobId });
    const resultDigest = h(`result of ${jobId}`);
    const signatures = await Promise.all(
      committee.map((i) => signJobResult(client(fx, i), { jobId, resultDigest })),
    );
    await submitResult(client(fx, 3), { jobId, resultDigest, signatures: signatures.reverse() });
    return resultDigest;
  };
  const audit = (jobId: bigint) =>
    auditJobs(client(fx, 0), { fromBlock: fx.fromBlock, jobId: jobId.toString(), programs });

  before(async () => {
    fx = await setupLedger({ members: 3, threshold: 1n });
    programs = await loadBuiltinPrograms();
    P = programs.get('sum').codeHash;
    await approveProgram(fx, P, 1);
    await publishDataset(client(fx, 1), { datasetId: D1, metadata: metadata('D1') });
    await publishDataset(client(fx, 2), { datasetId: D2, metadata: metadata('D2') });
  });
  after(async () => {
    await fx.stop();
  });

  test('a succeeded job verifies: params, approvals, every committee signature', async () => {
    const s = await spec({});
    const { jobId, specHash } = await proposeJob(client(fx, 1), { spec: s, params: preimage() });
    await approveJob(client(fx, 2), { jobId, specHash });
    const digest = await finish(jobId, [1, 2]);
    const report = await audit(jobId);
    deepEqual(report.problems, []);
    equal(report.verified, true);
    const [t] = report.jobs;
    ok(t !== undefined);
    equal(t.status, 'succeeded');
    equal(t.proposer, fx.addressOf(1).toLowerCase());
    deepEqual(t.program, { hash: P.toLowerCase(), name: 'sum' });
    deepEqual(t.params, {
      hash: s.paramsHash,
      published: true,
      matchesHash: true,
      values: { column: 'pay' },
    });
    equal(t.specHashMatches, true);
    deepEqual(
      t.inputs.map((i) => i.coveredBy),
      ['proposer', 'approval'],
    );
    deepEqual(
      t.approvals.map((a) => a.owner),
      [fx.addressOf(2).toLowerCase()],
    );
    equal(t.started?.by, fx.addressOf(1).toLowerCase());
    equal(t.result?.digest, digest);
    deepEqual(
      t.result?.signatures.map((x) => [x.signer, x.valid]),
      [
        [fx.addressOf(2).toLowerCase(), true],
        [fx.addressOf(1).toLowerCase(), true],
      ],
    );
    ok(t.timings.finishedAt !== null && t.timings.durationSeconds !== null);
    ok(Date.parse(t.timings.proposedAt) <= Date.parse(t.timings.finishedAt));
  });

  test('params that were never published make the trail unverified', async () => {
    const { jobId } = await proposeJob(client(fx, 1), {
      spec: await spec({ inputs: [D1], committee: [fx.addressOf(1)] }),
    });
    await finish(jobId, [1]);
    const report = await audit(jobId);
    equal(report.verified, false);
    equal(report.jobs[0]?.status, 'succeeded');
    equal(report.jobs[0]?.params.published, false);
    deepEqual(report.problems, [
      `job ${jobId}: the params were not published on chain (no JobParams event)`,
    ]);
  });

  test('a failed and a rejected job do not verify and say why; all jobs at once', async () => {
    const failed = await proposeJob(client(fx, 1), {
      spec: await spec({ inputs: [D1] }),
      params: preimage(),
    });
    await startJob(client(fx, 2), { jobId: failed.jobId });
    await failJob(client(fx, 1), { jobId: failed.jobId, reason: 'party 2 timed out at step 3' });
    const f = (await audit(failed.jobId)).jobs[0]!;
    equal(f.status, 'failed');
    equal(f.verified, false);
    deepEqual(f.failure && [f.failure.by, f.failure.reason], [
      fx.addressOf(1).toLowerCase(),
      'party 2 timed out at step 3',
    ]);
    match(f.problems.join('\n'), /failed .*party 2 timed out/);

    const rejected = await proposeJob(client(fx, 1), { spec: await spec({}), params: preimage() });
    await rejectJob(client(fx, 2), { jobId: rejected.jobId, reason: 'not this quarter' });
    const r = (await audit(rejected.jobId)).jobs[0]!;
    equal(r.status, 'rejected');
    equal(r.rejection?.reason, 'not this quarter');
    equal(r.verified, false);

    const all = await auditJobs(client(fx, 0), { fromBlock: fx.fromBlock, programs });
    deepEqual(
      all.jobs.map((j) => [j.jobId, j.verified]),
      [
        ['1', true],
        ['2', false],
        [failed.jobId.toString(), false],
        [rejected.jobId.toString(), false],
      ],
    );
    equal(all.verified, false);
    ok(all.problems.every((p) => /^job \d+: /.test(p)));
  });

  test('an input covered by a grant: the spec hash with its grant id matches, the use is listed', async () => {
    const { grantId } = await requestGrant(client(fx, 1), {
      datasetId: D2,
      purpose: 'audit test',
      programHashes: [P],
      expiresAt: (await fx.now()) + 3600n,
      maxUses: 1,
    });
    await approveGrant(client(fx, 2), { grantId });
    const { jobId, ready } = await proposeJob(client(fx, 1), {
      spec: await spec({ grantIds: [0n, grantId] }),
      params: preimage(),
    });
    equal(ready, true);
    await finish(jobId, [1, 2]);
    const report = await audit(jobId);
    deepEqual(report.problems, []);
    const t = report.jobs[0]!;
    equal(t.specHashMatches, true);
    deepEqual(
      t.inputs.map((i) => [i.coveredBy, i.grantId]),
      [
        ['proposer', null],
        ['grant', grantId.toString()],
      ],
    );
    deepEqual(t.grantsUsed, [
      { grantId: grantId.toString(), datasetId: D2.toLowerCase(), uses: 1, maxUses: 1 },
    ]);
    deepEqual(t.approvals, []);
  });

  test('GET /v1/audit answers the same through the REST API; an unknown job does not verify', async () => {
    const store = openStore(':memory:');
    const token = 'f'.repeat(64);
    const app = await buildApp({
      store,
      identity: { name: 'org3', chainAddress: fx.addressOf(3), tlsFingerprint: 'a'.repeat(64) },
      apiToken: token,
      ledger: client(fx, 3),
      programs,
      fromBlock: fx.fromBlock,
    });
    try {
      const res = await app.inject({
        url: '/v1/audit?job=1',
        headers: { authorization: `Bearer ${token}` },
      });
      equal(res.statusCode, 200, res.body);
      const body = res.json<{ verified: boolean; jobs: { result: { signatures: unknown[] } }[] }>();
      equal(body.verified, true);
      equal(body.jobs[0]?.result.signatures.length, 2);
      const none = await app.inject({
        url: '/v1/audit?job=999',
        headers: { authorization: `Bearer ${token}` },
      });
      deepEqual(none.json(), {
        jobs: [],
        verified: false,
        problems: ['job 999: no JobProposed event on chain'],
      });
    } finally {
      await app.close();
      store.close();
    }
  });
});
