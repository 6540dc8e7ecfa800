import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getAddress, parseEventLogs, stringToHex, zeroAddress } from 'viem';
import { consortiumAbi } from '../../src/ledger/abi.js';
import { getMember } from '../../src/ledger/actions/getMember.js';
import { getMembers } from '../../src/ledger/actions/getMembers.js';
import { getProposal } from '../../src/ledger/actions/getProposal.js';
import { getThreshold } from '../../src/ledger/actions/getThreshold.js';
import { isMember } from '../../src/ledger/actions/isMember.js';
import { isProgramApproved } from '../../src/ledger/actions/isProgramApproved.js';
import { proposeAddMember } from '../../src/ledger/actions/proposeAddMember.js';
import { proposeApproveProgram } from '../../src/ledger/actions/proposeApproveProgram.js';
import { proposeRemoveMember } from '../../src/ledger/actions/proposeRemoveMember.js';
import { proposeRevokeProgram } from '../../src/ledger/actions/proposeRevokeProgram.js';
import { proposeThreshold } from '../../src/ledger/actions/proposeThreshold.js';
import { proposeUpdateMember } from '../../src/ledger/actions/proposeUpdateMember.js';
import { vote } from '../../src/ledger/actions/vote.js';
import { ProposalKind, ProposalStatus } from '../../src/ledger/types.js';
import {
  client,
  expectRevert,
  h,
  memberInfo,
  setupLedger,
  type LedgerFixture,
  PUBLISHED,
} from './fixtures.js';

describe('Consortium', () => {
  let fx: LedgerFixture;
  before(async () => {
    // Members: accounts 1, 2, 3; threshold 2; proposals live one hour.
    fx = await setupLedger({ members: 3, threshold: 2n, proposalLifetime: 3600n });
  });
  after(async () => {
    await fx.stop();
  });

  test('genesis members and threshold are set at deployment', async () => {
    const members = await getMembers(client(fx, 0));
    assert.deepEqual(
      members.map((m) => m.account),
      [fx.addressOf(1), fx.addressOf(2), fx.addressOf(3)],
    );
    assert.equal(await getThreshold(client(fx, 0)), 2n);
    const m1 = await getMember(client(fx, 0), { account: fx.addressOf(1) });
    assert.equal(m1.name, 'Org 1');
    assert.equal(m1.endpoint, memberInfo(1).endpoint);
    assert.equal(m1.tlsPublicKey, memberInfo(1).tlsPublicKey);
  });

  test('a non-member (even the deployer) can neither propose nor vote', async () => {
    await expectRevert(
      proposeApproveProgram(client(fx, 0), { ...PUBLISHED, programHash: h('p0') }),
      'NotMember',
      [fx.addressOf(0)],
    );
    const { proposalId } = await proposeApproveProgram(client(fx, 1), {
      ...PUBLISHED,
      programHash: h('p0'),
    });
    await expectRevert(vote(client(fx, 5), { proposalId }), 'NotMember', [fx.addressOf(5)]);
  });

  test('a member votes once per proposal; the threshold vote executes it', async () => {
    const programHash = h('program-a');
    const proposed = await proposeApproveProgram(client(fx, 1), { ...PUBLISHED, programHash });
    assert.equal(proposed.executed, false, 'one vote of two is not enough');
    await expectRevert(vote(client(fx, 1), { proposalId: proposed.proposalId }), 'AlreadyVoted', [
      proposed.proposalId,
      fx.addressOf(1),
    ]);
    assert.equal(await isProgramApproved(client(fx, 0), { programHash }), false);
    const voted = await vote(client(fx, 2), { proposalId: proposed.proposalId });
    assert.equal(voted.executed, true);
    assert.equal(await isProgramApproved(client(fx, 0), { programHash }), true);
    const p = await getProposal(client(fx, 0), { proposalId: proposed.proposalId });
    assert.equal(p.status, ProposalStatus.Executed);
    assert.equal(p.kind, ProposalKind.ApproveProgram);
    await expectRevert(
      vote(client(fx, 3), { proposalId: proposed.proposalId }),
      'ProposalAlreadyExecuted',
    );
    await expectRevert(
      proposeApproveProgram(client(fx, 1), { ...PUBLISHED, programHash }),
      'ProgramAlreadyApproved',
    );
  });

  test('an approve-program proposal publishes the bundle and sources in ProgramPublished; an empty bundle is refused', async () => {
    const programHash = h('program-published');
    const bundle = stringToHex('globalThis.__parleyProgram = { name: "x" };\n'.repeat(200));
    const sources = stringToHex(JSON.stringify({ 'index.ts': 'export default 1;' }));
    const r = await proposeApproveProgram(client(fx, 1), {
      programHash,
      name: 'published-test',
      version: '1.2.3',
      bundle,
      sources,
    });
    const events = parseEventLogs({
      abi: consortiumAbi,
      eventName: 'ProgramPublished',
      logs: r.receipt.logs,
    });
    assert.equal(events.length, 1);
    const e = events[0]!.args;
    assert.equal(e.programHash, programHash);
    assert.equal(e.proposalId, r.proposalId);
    assert.equal(e.name, 'published-test');
    assert.equal(e.version, '1.2.3');
    assert.equal(e.bundle, bundle);
    assert.equal(e.sources, sources);
    await expectRevert(
      proposeApproveProgram(client(fx, 1), { ...PUBLISHED, programHash: h('empty'), bundle: '0x' }),
      'EmptyProgramBundle',
      [h('empty')],
    );
  });

  test('an unknown proposal is refused', async () => {
    await expectRevert(vote(client(fx, 1), { proposalId: 999n }), 'UnknownProposal', [999n]);
    await expectRevert(getProposal(client(fx, 1), { proposalId: 999n }), 'UnknownProposal');
  });

  test('proposals expire', async () => {
    const { proposalId } = await proposeApproveProgram(client(fx, 1), {
      ...PUBLISHED,
      programHash: h('late'),
    });
    await fx.increaseTime(3601);
    await expectRevert(vote(client(fx, 2), { proposalId }), 'ProposalExpired');
    const p = await getProposal(client(fx, 0), { proposalId });
    assert.equal(p.status, ProposalStatus.Expired);
  });

  test('a program hash is revoked by a passed proposal', async () => {
    const programHash = h('program-r');
    await expectRevert(proposeRevokeProgram(client(fx, 1), { programHash }), 'ProgramNotApproved');
    const a = await proposeApproveProgram(client(fx, 1), { ...PUBLISHED, programHash });
    await vote(client(fx, 3), { proposalId: a.proposalId });
    const r = await proposeRevokeProgram(client(fx, 2), { programHash });
    assert.equal((await vote(client(fx, 3), { proposalId: r.proposalId })).executed, true);
    assert.equal(await isProgramApproved(client(fx, 0), { programHash }), false);
  });

  test('a member rotates its endpoint and TLS key through governance', async () => {
    const info = {
      ...memberInfo(3),
      endpoint: 'https://org3-new.example:7443',
      tlsPublicKey: h('k2'),
    };
    await expectRevert(
      proposeUpdateMember(client(fx, 1), { account: fx.addressOf(7), info }),
      'NotMember',
      [fx.addressOf(7)],
    );
    const { proposalId } = await proposeUpdateMember(client(fx, 3), {
      account: fx.addressOf(3),
      info,
    });
    await vote(client(fx, 1), { proposalId });
    const m = await getMember(client(fx, 0), { account: fx.addressOf(3) });
    assert.equal(m.endpoint, info.endpoint);
    assert.equal(m.tlsPublicKey, info.tlsPublicKey);
  });

  test('the threshold changes only within 1..members', async () => {
    await expectRevert(proposeThreshold(client(fx, 1), { threshold: 0n }), 'InvalidThreshold', [
      0n,
      3n,
    ]);
    await expectRevert(proposeThreshold(client(fx, 1), { threshold: 4n }), 'InvalidThreshold', [
      4n,
      3n,
    ]);
    const { proposalId } = await proposeThreshold(client(fx, 1), { threshold: 3n });
    await vote(client(fx, 2), { proposalId });
    assert.equal(await getThreshold(client(fx, 0)), 3n);
    const back = await proposeThreshold(client(fx, 1), { threshold: 2n });
    await vote(client(fx, 2), { proposalId: back.proposalId });
    assert.equal((await vote(client(fx, 3), { proposalId: back.proposalId })).executed, true);
    assert.equal(await getThreshold(client(fx, 0)), 2n);
  });

  test('governance round: add a member, then remove it; a removed member loses every right at once', async () => {
    const newcomer = fx.addressOf(4);
    await expectRevert(
      proposeAddMember(client(fx, 1), { account: fx.addressOf(2), info: memberInfo(2) }),
      'AlreadyMember',
      [fx.addressOf(2)],
    );
    await expectRevert(
      proposeAddMember(client(fx, 1), { account: zeroAddress, info: memberInfo(9) }),
      'ZeroAddress',
    );
    const add = await proposeAddMember(client(fx, 1), { account: newcomer, info: memberInfo(4) });
    assert.equal(await isMember(client(fx, 0), { account: newcomer }), false);
    await vote(client(fx, 2), { proposalId: add.proposalId });
    assert.equal(await isMember(client(fx, 0), { account: newcomer }), true);
    assert.equal((await getMember(client(fx, 0), { account: newcomer })).name, 'Org 4');

    // The newcomer votes on an open proposal, then is removed: its vote stops counting.
    const pending = await proposeApproveProgram(client(fx, 4), {
      ...PUBLISHED,
      programHash: h('by-newcomer'),
    });
    const remove = await proposeRemoveMember(client(fx, 1), { account: newcomer });
    await vote(client(fx, 3), { proposalId: remove.proposalId });
    assert.equal(await isMember(client(fx, 0), { account: newcomer }), false);
    assert.equal(
      (await getProposal(client(fx, 0), { proposalId: pending.proposalId })).validVotes,
      0n,
    );
    await expectRevert(vote(client(fx, 4), { proposalId: pending.proposalId }), 'NotMember', [
      newcomer,
    ]);
    await expectRevert(proposeThreshold(client(fx, 4), { threshold: 1n }), 'NotMember');
    await expectRevert(getMember(client(fx, 0), { account: newcomer }), 'NotMember');
    assert.equal((await getMembers(client(fx, 0))).length, 3);
    assert.equal(getAddress(newcomer), newcomer);
  });

  test('removal that would leave fewer members than the threshold is refused', async () => {
    const up = await proposeThreshold(client(fx, 1), { threshold: 3n });
    await vote(client(fx, 2), { proposalId: up.proposalId });
    await expectRevert(
      proposeRemoveMember(client(fx, 1), { account: fx.addressOf(3) }),
      'InvalidThreshold',
      [3n, 2n],
    );
  });
});
