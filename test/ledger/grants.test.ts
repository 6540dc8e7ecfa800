import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { writeContract } from 'viem/actions';
import { grantsAbi } from '../../src/ledger/abi.js';
import { approveGrant } from '../../src/ledger/actions/approveGrant.js';
import { getGrant } from '../../src/ledger/actions/getGrant.js';
import { proposeJob } from '../../src/ledger/actions/proposeJob.js';
import { publishDataset } from '../../src/ledger/actions/publishDataset.js';
import { rejectGrant } from '../../src/ledger/actions/rejectGrant.js';
import { requestGrant } from '../../src/ledger/actions/requestGrant.js';
import { revokeGrant } from '../../src/ledger/actions/revokeGrant.js';
import { withdrawDataset } from '../../src/ledger/actions/withdrawDataset.js';
import { transact } from '../../src/ledger/internal/transact.js';
import { GrantStatus, JobStatus, type JobSpec } from '../../src/ledger/types.js';
import { getJob } from '../../src/ledger/actions/getJob.js';
import {
  approveProgram,
  client,
  expectRevert,
  h,
  metadata,
  setupLedger,
  type LedgerFixture,
} from './fixtures.js';

describe('Grants', () => {
  let fx: LedgerFixture;
  const P = h('program:stats');
  const Q = h('program:other');
  const D = h('ds:grants-owned-by-1');
  const E = h('ds:grants-other-by-1');
  let expiresAt: bigint;

  // Member 2 asks to use member 1's dataset D; member 1 decides.
  const request = (over: Partial<Parameters<typeof requestGrant>[1]> = {}) =>
    requestGrant(client(fx, 2), {
      datasetId: D,
      purpose: 'gender pay gap certificate',
      programHashes: [P],
      expiresAt,
      maxUses: 2,
      ...over,
    });
  const spec = async (grantId: bigint, over: Partial<JobSpec> = {}): Promise<JobSpec> => ({
    programHash: P,
    inputs: [D],
    grantIds: [grantId],
    committee: [fx.addressOf(1), fx.addressOf(2), fx.addressOf(3)],
    recipients: [fx.addressOf(2)],
    paramsHash: h('params'),
    deadline: (await fx.now()) + 3600n,
    ...over,
  });

  before(async () => {
    fx = await setupLedger({ members: 3, threshold: 2n });
    await approveProgram(fx, P);
    await approveProgram(fx, Q);
    await publishDataset(client(fx, 1), { datasetId: D, metadata: metadata('D') });
    await publishDataset(client(fx, 1), { datasetId: E, metadata: metadata('E') });
    expiresAt = (await fx.now()) + 30n * 24n * 3600n;
  });
  after(async () => {
    await fx.stop();
  });

  test('requests are validated', async () => {
    await expectRevert(
      requestGrant(client(fx, 6), {
        datasetId: D,
        purpose: 'x',
        programHashes: [P],
        expiresAt,
        maxUses: 1,
      }),
      'NotMember',
    );
    const now = await fx.now();
    await expectRevert(request({ expiresAt: now }), 'InvalidExpiry');
    await expectRevert(request({ maxUses: 0 }), 'InvalidMaxUses');
    await expectRevert(request({ programHashes: [] }), 'EmptyProgramList');
    await expectRevert(request({ datasetId: h('nope') }), 'DatasetNotFound');
  });

  test('only the owner approves, once; the grant then covers a job and each use is counted', async () => {
    const { grantId } = await request();
    const g0 = await getGrant(client(fx, 0), { grantId });
    assert.equal(g0.status, GrantStatus.Pending);
    assert.equal(g0.grantee, fx.addressOf(2));
    assert.equal(g0.owner, fx.addressOf(1));
    await expectRevert(approveGrant(client(fx, 2), { grantId }), 'NotDatasetOwner', [
      D,
      fx.addressOf(1),
      fx.addressOf(2),
    ]);
    await expectRevert(approveGrant(client(fx, 3), { grantId }), 'NotDatasetOwner');
    // A pending grant does not cover a job yet.
    await expectRevert(
      proposeJob(client(fx, 2), { spec: await spec(grantId) }),
      'GrantNotApproved',
      [grantId, GrantStatus.Pending],
    );
    await approveGrant(client(fx, 1), { grantId });
    await expectRevert(approveGrant(client(fx, 1), { grantId }), 'GrantNotPending');
    const { jobId, ready } = await proposeJob(client(fx, 2), { spec: await spec(grantId) });
    assert.equal(ready, true, 'a grant-covered job is Ready without the owner approving it');
    assert.equal((await getJob(client(fx, 0), { jobId })).status, JobStatus.Ready);
    assert.equal((await getGrant(client(fx, 0), { grantId })).uses, 1);
  });

  test('a grant that runs out is refused with GrantExhausted', async () => {
    const { grantId } = await request({ maxUses: 2 });
    await approveGrant(client(fx, 1), { grantId });
    await proposeJob(client(fx, 2), { spec: await spec(grantId) });
    await proposeJob(client(fx, 2), { spec: await spec(grantId) });
    await expectRevert(proposeJob(client(fx, 2), { spec: await spec(grantId) }), 'GrantExhausted', [
      grantId,
      2,
    ]);
    assert.equal((await getGrant(client(fx, 0), { grantId })).uses, 2);
  });

  test('the owner rejects a pending grant, which then covers nothing', async () => {
    const { grantId } = await request();
    await expectRevert(rejectGrant(client(fx, 3), { grantId, reason: 'no' }), 'NotDatasetOwner');
    await rejectGrant(client(fx, 1), { grantId, reason: 'purpose too broad' });
    assert.equal((await getGrant(client(fx, 0), { grantId })).status, GrantStatus.Rejected);
    await expectRevert(rejectGrant(client(fx, 1), { grantId, reason: 'again' }), 'GrantNotPending');
    await expectRevert(approveGrant(client(fx, 1), { grantId }), 'GrantNotPending');
    await expectRevert(
      proposeJob(client(fx, 2), { spec: await spec(grantId) }),
      'GrantNotApproved',
    );
  });

  test('the owner revokes at any time; a revoked grant is refused with GrantIsRevoked', async () => {
    const { grantId } = await request({ maxUses: 5 });
    await approveGrant(client(fx, 1), { grantId });
    await proposeJob(client(fx, 2), { spec: await spec(grantId) });
    await expectRevert(revokeGrant(client(fx, 2), { grantId, reason: 'x' }), 'NotDatasetOwner');
    await revokeGrant(client(fx, 1), { grantId, reason: 'contract ended' });
    await expectRevert(proposeJob(client(fx, 2), { spec: await spec(grantId) }), 'GrantIsRevoked', [
      grantId,
    ]);
    await expectRevert(
      revokeGrant(client(fx, 1), { grantId, reason: 'twice' }),
      'GrantAlreadyClosed',
    );
  });

  test('a grant covers only its grantee, dataset and programs', async () => {
    const { grantId } = await request({ maxUses: 5 });
    await approveGrant(client(fx, 1), { grantId });
    await expectRevert(proposeJob(client(fx, 3), { spec: await spec(grantId) }), 'NotGrantee', [
      grantId,
      fx.addressOf(2),
      fx.addressOf(3),
    ]);
    await expectRevert(
      proposeJob(client(fx, 2), { spec: await spec(grantId, { inputs: [E] }) }),
      'GrantDatasetMismatch',
      [grantId, E],
    );
    await expectRevert(
      proposeJob(client(fx, 2), { spec: await spec(grantId, { programHash: Q }) }),
      'ProgramNotAllowed',
      [grantId, Q],
    );
    await expectRevert(proposeJob(client(fx, 2), { spec: await spec(999n) }), 'GrantNotFound', [
      999n,
    ]);
  });

  test('an expired grant is refused with GrantExpired', async () => {
    const { grantId } = await request({ expiresAt: (await fx.now()) + 100n });
    await approveGrant(client(fx, 1), { grantId });
    await fx.increaseTime(101);
    await expectRevert(proposeJob(client(fx, 2), { spec: await spec(grantId) }), 'GrantExpired');
  });

  test('only the Jobs contract consumes uses', async () => {
    const { grantId } = await request();
    await approveGrant(client(fx, 1), { grantId });
    const c = client(fx, 2);
    await expectRevert(
      transact(c, { contract: 'Grants', functionName: 'consume' }, (wallet) =>
        writeContract(wallet, {
          address: c.addresses.grants,
          abi: grantsAbi,
          functionName: 'consume',
          args: [grantId, 1n, D, fx.addressOf(2), P],
        }),
      ),
      'OnlyJobs',
      [fx.addressOf(2)],
    );
  });

  test('a withdrawn dataset cannot be requested', async () => {
    const W = h('ds:grants-withdrawn');
    await publishDataset(client(fx, 1), { datasetId: W, metadata: metadata('W') });
    await withdrawDataset(client(fx, 1), { datasetId: W });
    await expectRevert(request({ datasetId: W }), 'DatasetIsWithdrawn', [W]);
  });
});
