import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { zeroHash } from 'viem';
import { getPin } from '../../src/ledger/actions/getPin.js';
import { getPinBatch } from '../../src/ledger/actions/getPinBatch.js';
import { pinHashes } from '../../src/ledger/actions/pinHashes.js';
import { pinRoot, recipientsCommitment } from '../../src/ledger/hashes.js';
import { client, expectRevert, h, setupLedger, type LedgerFixture } from './fixtures.js';

describe('Pins', () => {
  let fx: LedgerFixture;
  before(async () => {
    fx = await setupLedger({ members: 3, threshold: 2n });
  });
  after(async () => {
    await fx.stop();
  });

  test('a public broadcast pins a batch that anyone can verify, with its time', async () => {
    const hashes = [h('report.pdf'), h('summary.csv'), h('appendix.json')];
    const { batchId, root, receipt } = await pinHashes(client(fx, 1), { hashes });
    assert.equal(root, pinRoot(hashes));
    const block = await client(fx, 0).publicClient.getBlock({ blockNumber: receipt.blockNumber });
    const b = await getPinBatch(client(fx, 7), { batchId });
    assert.equal(b.sender, fx.addressOf(1));
    assert.equal(b.count, 3);
    assert.equal(b.root, root);
    assert.equal(b.recipientsCommitment, zeroHash);
    assert.equal(b.timestamp, block.timestamp);
    assert.equal(b.blockNumber, receipt.blockNumber);
    const pin = await getPin(client(fx, 7), { hash: hashes[1] ?? zeroHash });
    assert.equal(pin.id, batchId);
  });

  test('a private transfer commits to its recipients; recipients verify it with the salt', async () => {
    const recipients = [fx.addressOf(2), fx.addressOf(3)];
    const salt = h('salt shared with the recipients off chain');
    const commitment = recipientsCommitment(recipients, salt);
    const hashes = [h('share-bundle-for-2-and-3')];
    const { batchId } = await pinHashes(client(fx, 1), {
      hashes,
      recipientsCommitment: commitment,
    });
    const b = await getPinBatch(client(fx, 2), { batchId });
    assert.equal(b.recipientsCommitment, recipientsCommitment(recipients, salt));
    assert.notEqual(b.recipientsCommitment, recipientsCommitment([fx.addressOf(4)], salt));
    assert.equal(b.root, pinRoot(hashes), 'the recipient checks what it received');
  });

  test('the first pin of a hash is the one that counts', async () => {
    const x = h('first');
    const first = await pinHashes(client(fx, 1), { hashes: [x] });
    await pinHashes(client(fx, 2), { hashes: [x, h('second')] });
    assert.equal((await getPin(client(fx, 0), { hash: x })).id, first.batchId);
  });

  test('refusals: non-member, empty batch, oversized batch, unknown batch or hash', async () => {
    await expectRevert(pinHashes(client(fx, 5), { hashes: [h('x')] }), 'NotMember', [
      fx.addressOf(5),
    ]);
    await expectRevert(pinHashes(client(fx, 1), { hashes: [] }), 'EmptyBatch');
    const many = Array.from({ length: 1025 }, (_, i) => h(`n${i}`));
    await expectRevert(pinHashes(client(fx, 1), { hashes: many }), 'BatchTooLarge', [1025n, 1024n]);
    await expectRevert(getPinBatch(client(fx, 0), { batchId: 999n }), 'BatchNotFound', [999n]);
    await expectRevert(getPin(client(fx, 0), { hash: h('never') }), 'NotPinned', [h('never')]);
  });

  test('a large batch goes in one transaction', async () => {
    const hashes = Array.from({ length: 200 }, (_, i) => h(`bulk-${i}`));
    const { batchId, receipt } = await pinHashes(client(fx, 3), { hashes });
    assert.equal(receipt.status, 'success');
    assert.equal((await getPinBatch(client(fx, 0), { batchId })).count, 200);
    assert.equal((await getPin(client(fx, 0), { hash: hashes[199] ?? zeroHash })).id, batchId);
  });
});
