/**
 * The runner's member directory against a real chain: it pins every other member with the key
 * fingerprint Consortium lists, and unpins a member once governance removes it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { proposeRemoveMember } from '../../../src/ledger/actions/proposeRemoveMember.js';
import { vote } from '../../../src/ledger/actions/vote.js';
import type { PartyId } from '../../../src/mpc/channel.js';
import type { TlsEndpoint, TlsPeer } from '../../../src/net/tls.js';
import { MemberDirectory } from '../../../src/node/runner/members.js';
import { client, memberInfo, setupLedger, type LedgerFixture } from '../../ledger/fixtures.js';

let fx: LedgerFixture;
before(async () => {
  fx = await setupLedger({ members: 4, threshold: 2n });
});
after(async () => {
  await fx.stop();
});

/** An endpoint that only records what the directory pins and unpins. */
function recordingEndpoint(): TlsEndpoint & { pinned: Map<string, TlsPeer> } {
  const pinned = new Map<string, TlsPeer>();
  const unused = (): never => {
    throw new Error('not used by the directory');
  };
  return {
    self: 'Org 1' as PartyId,
    fingerprint: memberInfo(1).tlsPublicKey.slice(2),
    host: '127.0.0.1',
    port: 1,
    pinned,
    setPeer: (p) => void pinned.set(p.id, p),
    removePeer: (id) => pinned.delete(id),
    openChannel: unused,
    close: () => Promise.resolve(),
    destroy: () => undefined,
  };
}

test('pins the other members with their registered keys and unpins a removed one', async () => {
  const endpoint = recordingEndpoint();
  const problems: Error[] = [];
  const dir = new MemberDirectory({
    ledger: client(fx, 1),
    self: { name: memberInfo(1).name, address: fx.addressOf(1) },
    endpoint,
    onProblem: (e) => problems.push(e),
  });
  await dir.refresh();
  assert.deepEqual([...endpoint.pinned.keys()].sort(), ['Org 2', 'Org 3', 'Org 4']);
  for (const i of [2, 3, 4]) {
    const p = endpoint.pinned.get(`Org ${i}`)!;
    assert.equal(p.fingerprint, memberInfo(i).tlsPublicKey.slice(2), `Org ${i}'s registered key`);
    assert.deepEqual([p.host, p.port], [`org${i}.example`, 7443]);
  }
  assert.deepEqual(problems, [], 'our own record matches');

  const { proposalId } = await proposeRemoveMember(client(fx, 1), { account: fx.addressOf(4) });
  await vote(client(fx, 2), { proposalId });
  dir.invalidate();
  const peers = await dir.peers();
  assert.deepEqual(peers.map((p) => p.name).sort(), ['Org 1', 'Org 2', 'Org 3']);
  assert.deepEqual([...endpoint.pinned.keys()].sort(), ['Org 2', 'Org 3'], 'Org 4 unpinned');
});
