import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { zeroHash } from 'viem';
import { getDataset } from '../../src/ledger/actions/getDataset.js';
import { listDatasetIds } from '../../src/ledger/actions/listDatasetIds.js';
import { proposeRemoveMember } from '../../src/ledger/actions/proposeRemoveMember.js';
import { publishDataset } from '../../src/ledger/actions/publishDataset.js';
import { updateDataset } from '../../src/ledger/actions/updateDataset.js';
import { vote } from '../../src/ledger/actions/vote.js';
import { withdrawDataset } from '../../src/ledger/actions/withdrawDataset.js';
import { client, expectRevert, h, metadata, setupLedger, type LedgerFixture } from './fixtures.js';

describe('Catalog', () => {
  let fx: LedgerFixture;
  before(async () => {
    fx = await setupLedger({ members: 3, threshold: 2n });
  });
  after(async () => {
    await fx.stop();
  });

  test('a member publishes dataset metadata and anyone reads it back', async () => {
    const datasetId = h('ds:payroll-2026');
    await publishDataset(client(fx, 1), { datasetId, metadata: metadata('Payroll 2026') });
    const d = await getDataset(client(fx, 9), { datasetId });
    assert.equal(d.id, datasetId);
    assert.equal(d.owner, fx.addressOf(1));
    assert.equal(d.title, 'Payroll 2026');
    assert.deepEqual(d.columns, [
      { name: 'salary', dataType: 'int64', unit: 'EUR' },
      { name: 'gender', dataType: 'bool', unit: '' },
    ]);
    assert.deepEqual(d.tags, ['hr', 'test']);
    assert.equal(d.rowCount, 1000n);
    assert.equal(d.contentHash, h('content:Payroll 2026'));
    assert.equal(d.withdrawn, false);
    assert.ok(
      (await listDatasetIds(client(fx, 0), { offset: 0n, limit: 10n })).includes(datasetId),
    );
  });

  test('a non-member cannot publish', async () => {
    await expectRevert(
      publishDataset(client(fx, 5), { datasetId: h('ds:x'), metadata: metadata('X') }),
      'NotMember',
      [fx.addressOf(5)],
    );
  });

  test('ids are non-zero and unique', async () => {
    await expectRevert(
      publishDataset(client(fx, 1), { datasetId: zeroHash, metadata: metadata('Z') }),
      'ZeroDatasetId',
    );
    const datasetId = h('ds:dup');
    await publishDataset(client(fx, 1), { datasetId, metadata: metadata('Dup') });
    await expectRevert(
      publishDataset(client(fx, 2), { datasetId, metadata: metadata('Dup 2') }),
      'DatasetExists',
      [datasetId],
    );
  });

  test('only the owner updates; the update replaces columns and tags', async () => {
    const datasetId = h('ds:upd');
    await publishDataset(client(fx, 2), { datasetId, metadata: metadata('Upd') });
    await expectRevert(
      updateDataset(client(fx, 1), { datasetId, metadata: metadata('Hijack') }),
      'NotDatasetOwner',
      [datasetId, fx.addressOf(2), fx.addressOf(1)],
    );
    await updateDataset(client(fx, 2), {
      datasetId,
      metadata: metadata('Upd v2', {
        columns: [{ name: 'age', dataType: 'int64', unit: 'years' }],
        tags: ['v2'],
        rowCount: 5n,
      }),
    });
    const d = await getDataset(client(fx, 0), { datasetId });
    assert.equal(d.title, 'Upd v2');
    assert.deepEqual(d.columns, [{ name: 'age', dataType: 'int64', unit: 'years' }]);
    assert.deepEqual(d.tags, ['v2']);
    assert.equal(d.rowCount, 5n);
  });

  test('only the owner withdraws; a withdrawn dataset stays readable but frozen', async () => {
    const datasetId = h('ds:wd');
    await publishDataset(client(fx, 3), { datasetId, metadata: metadata('Wd') });
    await expectRevert(withdrawDataset(client(fx, 2), { datasetId }), 'NotDatasetOwner');
    await withdrawDataset(client(fx, 3), { datasetId });
    assert.equal((await getDataset(client(fx, 0), { datasetId })).withdrawn, true);
    await expectRevert(withdrawDataset(client(fx, 3), { datasetId }), 'DatasetIsWithdrawn', [
      datasetId,
    ]);
    await expectRevert(
      updateDataset(client(fx, 3), { datasetId, metadata: metadata('Wd 2') }),
      'DatasetIsWithdrawn',
    );
  });

  test('unknown datasets are refused by name', async () => {
    const datasetId = h('ds:none');
    await expectRevert(getDataset(client(fx, 0), { datasetId }), 'DatasetNotFound', [datasetId]);
    await expectRevert(
      updateDataset(client(fx, 1), { datasetId, metadata: metadata('None') }),
      'DatasetNotFound',
    );
  });

  test('a removed member can no longer update or withdraw its own dataset', async () => {
    const datasetId = h('ds:removed-owner');
    await publishDataset(client(fx, 3), { datasetId, metadata: metadata('Owner leaves') });
    const { proposalId } = await proposeRemoveMember(client(fx, 1), { account: fx.addressOf(3) });
    await vote(client(fx, 2), { proposalId });
    await expectRevert(
      updateDataset(client(fx, 3), { datasetId, metadata: metadata('Too late') }),
      'NotMember',
      [fx.addressOf(3)],
    );
    await expectRevert(withdrawDataset(client(fx, 3), { datasetId }), 'NotMember');
  });
});
