import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bytesToHex, keccak256, parseEventLogs, stringToBytes, zeroAddress, type Hex } from 'viem';
import { jobsAbi } from '../../src/ledger/abi.js';
import { approveJob } from '../../src/ledger/actions/approveJob.js';
import { cancelJob } from '../../src/ledger/actions/cancelJob.js';
import { failJob } from '../../src/ledger/actions/failJob.js';
import { getJob } from '../../src/ledger/actions/getJob.js';
import { getPublicOutputs } from '../../src/ledger/actions/getPublicOutputs.js';
import { proposeJob } from '../../src/ledger/actions/proposeJob.js';
import { proposeRemoveMember } from '../../src/ledger/actions/proposeRemoveMember.js';
import { publishDataset } from '../../src/ledger/actions/publishDataset.js';
import { rejectJob } from '../../src/ledger/actions/rejectJob.js';
import { signJobResult } from '../../src/ledger/actions/signJobResult.js';
import { startJob } from '../../src/ledger/actions/startJob.js';
import { submitResult } from '../../src/ledger/actions/submitResult.js';
import { vote } from '../../src/ledger/actions/vote.js';
import { withdrawDataset } from '../../src/ledger/actions/withdrawDataset.js';
import { jobSpecHash } from '../../src/ledger/hashes.js';
import { JobStatus, type JobSpec } from '../../src/ledger/types.js';
import {
  approveProgram,
  client,
  expectRevert,
  h,
  metadata,
  setupLedger,
  type LedgerFixture,
} from './fixtures.js';

describe('Jobs', () => {
  let fx: LedgerFixture;
  const P = h('program:paygap');
  const D1 = h('ds:jobs-1');
  const D2 = h('ds:jobs-2');
  const D3 = h('ds:jobs-3');

  /** Member 1 proposes over D1 (its own), D2 and D3; committee 1,2,3; recipient 4. */
  const spec = async (over: Partial<JobSpec> = {}): Promise<JobSpec> => {
    const inputs = over.inputs ?? [D1, D2, D3];
    return {
      programHash: P,
      inputs,
      grantIds: inputs.map(() => 0n),
      committee: [fx.addressOf(1), fx.addressOf(2), fx.addressOf(3)],
      recipients: [fx.addressOf(4)],
      paramsHash: h('params:threshold=5%'),
      deadline: (await fx.now()) + 3600n,
      ...over,
    };
  };
  const sign = (i: number, jobId: bigint, resultDigest: Hex) =>
    signJobResult(client(fx, i), { jobId, resultDigest });
  /** A job that all owners approved and member 2 started. */
  const running = async (over: Partial<JobSpec> = {}): Promise<bigint> => {
    const s = await spec(over);
    const { jobId, specHash } = await proposeJob(client(fx, 1), { spec: s });
    await approveJob(client(fx, 2), { jobId, specHash });
    await approveJob(client(fx, 3), { jobId, specHash });
    await startJob(client(fx, 2), { jobId });
    return jobId;
  };

  before(async () => {
    fx = await setupLedger({ members: 4, threshold: 2n });
    await approveProgram(fx, P);
    await publishDataset(client(fx, 1), { datasetId: D1, metadata: metadata('D1') });
    await publishDataset(client(fx, 2), { datasetId: D2, metadata: metadata('D2') });
    await publishDataset(client(fx, 3), { datasetId: D3, metadata: metadata('D3') });
  });
  after(async () => {
    await fx.stop();
  });

  test('full lifecycle: propose, approvals, ready, running, signed result, succeeded', async () => {
    const s = await spec();
    const proposed = await proposeJob(client(fx, 1), { spec: s });
    const { jobId, specHash } = proposed;
    assert.equal(specHash, jobSpecHash(s), 'client and contract compute the same spec hash');
    assert.equal(proposed.ready, false);
    let job = await getJob(client(fx, 0), { jobId });
    assert.equal(job.status, JobStatus.AwaitingApproval);
    assert.equal(job.proposer, fx.addressOf(1));
    assert.deepEqual(job.inputOwners, [fx.addressOf(1), fx.addressOf(2), fx.addressOf(3)]);
    assert.equal(job.approvedMask, 1n, "the proposer's own input is approved at once");

    await expectRevert(approveJob(client(fx, 4), { jobId, specHash }), 'NotInputOwner', [
      jobId,
      fx.addressOf(4),
    ]);
    await expectRevert(
      approveJob(client(fx, 2), { jobId, specHash: h('something else') }),
      'JobSpecMismatch',
      [jobId, specHash],
    );
    assert.equal((await approveJob(client(fx, 2), { jobId, specHash })).ready, false);
    await expectRevert(approveJob(client(fx, 2), { jobId, specHash }), 'NothingToApprove');
    await expectRevert(startJob(client(fx, 2), { jobId }), 'InvalidJobStatus', [
      jobId,
      JobStatus.AwaitingApproval,
    ]);
    assert.equal((await approveJob(client(fx, 3), { jobId, specHash })).ready, true);
    assert.equal((await getJob(client(fx, 0), { jobId })).status, JobStatus.Ready);

    await expectRevert(startJob(client(fx, 4), { jobId }), 'NotCommitteeMember', [
      jobId,
      fx.addressOf(4),
    ]);
    await startJob(client(fx, 2), { jobId });
    assert.equal((await getJob(client(fx, 0), { jobId })).status, JobStatus.Running);
    await expectRevert(startJob(client(fx, 3), { jobId }), 'InvalidJobStatus');

    const digest = h('result: gap 3.1%, certified');
    const [s1, s2, s3] = await Promise.all([1, 2, 3].map((i) => sign(i, jobId, digest)));
    assert.ok(s1 !== undefined && s2 !== undefined && s3 !== undefined);
    // Anyone may relay; the signatures are the authority. Order does not matter.
    await submitResult(client(fx, 9), { jobId, resultDigest: digest, signatures: [s3, s1, s2] });
    job = await getJob(client(fx, 0), { jobId });
    assert.equal(job.status, JobStatus.Succeeded);
    assert.equal(job.resultDigest, digest);
    await expectRevert(
      submitResult(client(fx, 9), { jobId, resultDigest: digest, signatures: [s1, s2, s3] }),
      'InvalidJobStatus',
    );
  });

  test('the result needs one valid signature from every distinct committee member', async () => {
    const jobId = await running();
    const digest = h('result');
    const s1 = await sign(1, jobId, digest);
    const s2 = await sign(2, jobId, digest);
    const s3 = await sign(3, jobId, digest);
    const s4 = await sign(4, jobId, digest);
    const submit = (signatures: Hex[], resultDigest = digest) =>
      submitResult(client(fx, 1), { jobId, resultDigest, signatures });
    await expectRevert(submit([s1, s2]), 'WrongSignatureCount', [3n, 2n]);
    await expectRevert(submit([s1, s2, s4]), 'SignerNotInCommittee', [fx.addressOf(4)]);
    await expectRevert(submit([s1, s2, s2]), 'DuplicateSigner', [fx.addressOf(2)]);
    await expectRevert(submit([s1, s2, `0x${'11'.repeat(64)}1b`]), 'InvalidSignature', [2n]);
    await expectRevert(submit([s1, s2, '0x1234']), 'InvalidSignature', [2n]);
    // Signatures over another digest recover to unrelated addresses.
    await expectRevert(submit([s1, s2, s3], h('a different result')), 'SignerNotInCommittee');
    // A signature for another job does not count either.
    const other = await sign(3, jobId + 100n, digest);
    await expectRevert(submit([s1, s2, other]), 'SignerNotInCommittee');
    await submit([s1, s2, s3]);
    assert.equal((await getJob(client(fx, 0), { jobId })).status, JobStatus.Succeeded);
  });

  test('public outputs are recorded only with signatures over their hash, and emitted', async () => {
    const jobId = await running();
    const digest = h('result with a public tally');
    const tally = bytesToHex(stringToBytes('parley-public/1\n{"votes":["3","5"]}'));
    const other = bytesToHex(stringToBytes('parley-public/1\n{"votes":["5","3"]}'));
    const signed = await Promise.all(
      [1, 2, 3].map((i) =>
        signJobResult(client(fx, i), { jobId, resultDigest: digest, publicOutputs: tally }),
      ),
    );
    // Other bytes, or none, with the same signatures: the signers recovered are strangers.
    await expectRevert(
      submitResult(client(fx, 9), {
        jobId,
        resultDigest: digest,
        publicOutputs: other,
        signatures: signed,
      }),
      'SignerNotInCommittee',
    );
    await expectRevert(
      submitResult(client(fx, 9), { jobId, resultDigest: digest, signatures: signed }),
      'SignerNotInCommittee',
    );
    // Too many bytes are refused outright.
    const huge = bytesToHex(new Uint8Array(16385));
    await expectRevert(
      submitResult(client(fx, 9), {
        jobId,
        resultDigest: digest,
        publicOutputs: huge,
        signatures: signed,
      }),
      'TooMany',
      [16385n, 16384n],
    );
    const { receipt } = await submitResult(client(fx, 9), {
      jobId,
      resultDigest: digest,
      publicOutputs: tally,
      signatures: signed,
    });
    assert.equal(await getPublicOutputs(client(fx, 0), { jobId }), tally);
    const logs = parseEventLogs({
      abi: jobsAbi,
      logs: receipt.logs,
      eventName: 'JobPublicOutputs',
    });
    assert.equal(logs.length, 1);
    assert.equal(logs[0]!.args.jobId, jobId);
    assert.equal(logs[0]!.args.outputs, tally);
    // A job without public outputs records none and emits no event.
    const plain = await running();
    const d2 = h('no public outputs');
    const sigs = await Promise.all([1, 2, 3].map((i) => sign(i, plain, d2)));
    const r2 = await submitResult(client(fx, 9), {
      jobId: plain,
      resultDigest: d2,
      signatures: sigs,
    });
    assert.equal(await getPublicOutputs(client(fx, 0), { jobId: plain }), '0x');
    assert.equal(
      parseEventLogs({ abi: jobsAbi, logs: r2.receipt.logs, eventName: 'JobPublicOutputs' }).length,
      0,
    );
  });

  test('proposals are validated', async () => {
    const c = client(fx, 1);
    await expectRevert(proposeJob(client(fx, 6), { spec: await spec() }), 'NotMember');
    await expectRevert(
      proposeJob(c, { spec: await spec({ programHash: h('unapproved') }) }),
      'ProgramNotApproved',
    );
    await expectRevert(proposeJob(c, { spec: await spec({ deadline: 1n }) }), 'InvalidDeadline');
    await expectRevert(proposeJob(c, { spec: await spec({ grantIds: [0n] }) }), 'LengthMismatch');
    await expectRevert(proposeJob(c, { spec: await spec({ committee: [] }) }), 'EmptyCommittee');
    await expectRevert(proposeJob(c, { spec: await spec({ recipients: [] }) }), 'EmptyRecipients');
    await expectRevert(
      proposeJob(c, { spec: await spec({ committee: [fx.addressOf(1), fx.addressOf(7)] }) }),
      'NotMember',
      [fx.addressOf(7)],
    );
    await expectRevert(
      proposeJob(c, { spec: await spec({ recipients: [zeroAddress] }) }),
      'NotMember',
      [zeroAddress],
    );
    await expectRevert(
      proposeJob(c, { spec: await spec({ committee: [fx.addressOf(1), fx.addressOf(1)] }) }),
      'DuplicateCommitteeMember',
    );
    await expectRevert(
      proposeJob(c, { spec: await spec({ inputs: [D1, D1] }) }),
      'DuplicateInput',
      [D1],
    );
    await expectRevert(
      proposeJob(c, { spec: await spec({ inputs: [h('ds:unknown')] }) }),
      'DatasetNotFound',
    );
    const many = Array.from({ length: 65 }, (_, i) => h(`ds:many-${i}`));
    await expectRevert(proposeJob(c, { spec: await spec({ inputs: many }) }), 'TooMany', [
      65n,
      64n,
    ]);
  });

  test('public params are published only when they hash to paramsHash', async () => {
    const preimage = stringToBytes('parley-params/1\npaygap\n{"threshold":5}');
    const c = client(fx, 1);
    await expectRevert(
      proposeJob(c, { spec: await spec({ inputs: [D1] }), params: preimage }),
      'ParamsMismatch',
    );
    const s = await spec({ inputs: [D1], paramsHash: keccak256(preimage) });
    const { jobId, receipt } = await proposeJob(c, { spec: s, params: preimage });
    const logs = parseEventLogs({ abi: jobsAbi, eventName: 'JobParams', logs: receipt.logs });
    assert.equal(logs.length, 1);
    assert.equal(logs[0]!.args.jobId, jobId);
    assert.equal(logs[0]!.args.params, bytesToHex(preimage));
    assert.equal((await getJob(c, { jobId })).paramsHash, keccak256(preimage));
  });

  test('withdrawn and not-yet-released datasets cannot be inputs', async () => {
    const W = h('ds:jobs-withdrawn');
    const L = h('ds:jobs-later');
    await publishDataset(client(fx, 2), { datasetId: W, metadata: metadata('W') });
    await withdrawDataset(client(fx, 2), { datasetId: W });
    await expectRevert(
      proposeJob(client(fx, 1), { spec: await spec({ inputs: [W] }) }),
      'DatasetIsWithdrawn',
    );
    const release = (await fx.now()) + 1000n;
    await publishDataset(client(fx, 2), {
      datasetId: L,
      metadata: metadata('L', { releaseTime: release }),
    });
    await expectRevert(
      proposeJob(client(fx, 1), { spec: await spec({ inputs: [L] }) }),
      'DatasetNotReleased',
      [L, release],
    );
  });

  test("a job over only the proposer's own data, or no data, is Ready at once", async () => {
    const own = await proposeJob(client(fx, 1), { spec: await spec({ inputs: [D1] }) });
    assert.equal(own.ready, true);
    const none = await proposeJob(client(fx, 1), { spec: await spec({ inputs: [] }) });
    assert.equal(none.ready, true);
    assert.equal((await getJob(client(fx, 0), { jobId: none.jobId })).status, JobStatus.Ready);
  });

  test('an input owner rejects; the proposer cancels', async () => {
    const a = await proposeJob(client(fx, 1), { spec: await spec() });
    await expectRevert(rejectJob(client(fx, 4), { jobId: a.jobId, reason: 'no' }), 'NotInputOwner');
    await rejectJob(client(fx, 3), { jobId: a.jobId, reason: 'policy: no HR data to FR' });
    const ja = await getJob(client(fx, 0), { jobId: a.jobId });
    assert.equal(ja.status, JobStatus.Rejected);
    assert.equal(ja.reason, 'policy: no HR data to FR');
    await expectRevert(
      approveJob(client(fx, 2), { jobId: a.jobId, specHash: a.specHash }),
      'InvalidJobStatus',
    );

    const b = await proposeJob(client(fx, 1), { spec: await spec() });
    await expectRevert(cancelJob(client(fx, 2), { jobId: b.jobId }), 'NotProposer', [
      b.jobId,
      fx.addressOf(2),
    ]);
    await cancelJob(client(fx, 1), { jobId: b.jobId });
    assert.equal((await getJob(client(fx, 0), { jobId: b.jobId })).status, JobStatus.Cancelled);
    await expectRevert(cancelJob(client(fx, 1), { jobId: b.jobId }), 'InvalidJobStatus');
    await expectRevert(getJob(client(fx, 0), { jobId: 10_000n }), 'JobNotFound', [10_000n]);
  });

  test('a committee member fails a running job; others must wait for the deadline', async () => {
    const jobId = await running();
    await expectRevert(failJob(client(fx, 4), { jobId, reason: 'x' }), 'DeadlineNotPassed');
    await expectRevert(failJob(client(fx, 8), { jobId, reason: 'x' }), 'DeadlineNotPassed');
    await failJob(client(fx, 3), { jobId, reason: 'party 2 timed out in round 7' });
    const job = await getJob(client(fx, 0), { jobId });
    assert.equal(job.status, JobStatus.Failed);
    assert.equal(job.reason, 'party 2 timed out in round 7');
    await expectRevert(failJob(client(fx, 3), { jobId, reason: 'again' }), 'InvalidJobStatus');
  });

  test('after the deadline a stuck job can be failed by anyone, and nothing else moves it', async () => {
    const stuckRunning = await running();
    const digest = h('late result');
    const sigs = await Promise.all([1, 2, 3].map((i) => sign(i, stuckRunning, digest)));
    const awaiting = await proposeJob(client(fx, 1), { spec: await spec() });
    await expectRevert(
      failJob(client(fx, 1), { jobId: awaiting.jobId, reason: 'x' }),
      'InvalidJobStatus',
      [awaiting.jobId, JobStatus.AwaitingApproval],
    );
    await fx.increaseTime(3601);
    await expectRevert(
      submitResult(client(fx, 1), { jobId: stuckRunning, resultDigest: digest, signatures: sigs }),
      'DeadlinePassed',
    );
    await expectRevert(
      approveJob(client(fx, 2), { jobId: awaiting.jobId, specHash: awaiting.specHash }),
      'DeadlinePassed',
    );
    // Account 8 is not even a member.
    await failJob(client(fx, 8), { jobId: stuckRunning, reason: 'deadline passed' });
    await failJob(client(fx, 8), { jobId: awaiting.jobId, reason: 'deadline passed' });
    assert.equal((await getJob(client(fx, 0), { jobId: stuckRunning })).status, JobStatus.Failed);
    assert.equal((await getJob(client(fx, 0), { jobId: awaiting.jobId })).status, JobStatus.Failed);
  });

  test('a Ready job cannot start after its deadline', async () => {
    const s = await spec({ inputs: [D1], deadline: (await fx.now()) + 50n });
    const { jobId } = await proposeJob(client(fx, 1), { spec: s });
    await fx.increaseTime(51);
    await expectRevert(startJob(client(fx, 1), { jobId }), 'DeadlinePassed');
  });
  // Last in this suite: it removes member 3, whom the earlier tests rely on.
  test('a committee member removed from the consortium can no longer attest a result', async () => {
    const jobId = await running();
    const digest = h('result after removal');
    const sigs = await Promise.all([1, 2, 3].map((i) => sign(i, jobId, digest)));
    const { proposalId } = await proposeRemoveMember(client(fx, 1), { account: fx.addressOf(3) });
    await vote(client(fx, 2), { proposalId });
    await expectRevert(
      submitResult(client(fx, 1), { jobId, resultDigest: digest, signatures: sigs }),
      'NotMember',
      [fx.addressOf(3)],
    );
    // The job can still be closed: a remaining committee member fails it.
    await failJob(client(fx, 1), { jobId, reason: 'committee member removed' });
    assert.equal((await getJob(client(fx, 0), { jobId })).status, JobStatus.Failed);
  });
});
