/**
 * The artifact store: a member's shares survive closing and reopening the store file (a node
 * restart), list/show never carry shares, delete removes this node's shares only, ids parse.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore } from '../../../src/node/store/db.js';
import {
  ArtifactNotFoundError,
  artifactId,
  deleteArtifact,
  getArtifact,
  listArtifacts,
  loadArtifactShares,
  parseArtifactId,
  saveArtifact,
} from '../../../src/node/store/artifacts.js';

const record = (jobId: string, name: string, shares: Uint8Array) => ({
  id: `${jobId}.${name}`,
  jobId,
  name,
  program: 'outputs-demo',
  field: 'p127',
  type: { kind: 'int' as const, k: 64 },
  length: shares.length / 16,
  committee: ['acme', 'globex', 'initech'],
  t: 1,
  index: 2,
  shares,
  lineage: { datasets: [`0x${'11'.repeat(32)}` as const], owners: ['acme'] },
  resultDigest: `0x${'ab'.repeat(32)}` as const,
});

test('artifact ids: <jobId>.<output name>, nothing else', () => {
  assert.equal(artifactId(12n, 'model'), '12.model');
  assert.deepEqual(parseArtifactId('12.model'), { jobId: 12n, name: 'model' });
  for (const bad of ['12', '.model', '12.', 'x.model', '12.9model', '12.mo-del', '12.model.x'])
    assert.equal(parseArtifactId(bad), undefined, bad);
});

test('shares survive a restart of the store; list and show carry no shares; delete is local', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'parley-artifacts-'));
  const path = join(dir, 'store.sqlite');
  const shares = Uint8Array.from({ length: 48 }, (_, i) => (i * 37) & 0xff);
  try {
    let store = openStore(path);
    saveArtifact(store, record('7', 'kept', shares));
    saveArtifact(store, record('8', 'model', new Uint8Array(16).fill(3)));
    store.close();
    store = openStore(path); // the node restarted
    try {
      const list = listArtifacts(store);
      assert.deepEqual(list.map((a) => a.id).sort(), ['7.kept', '8.model']);
      for (const a of list) assert.equal('shares' in a, false, 'list carries no shares');
      const a = getArtifact(store, '7.kept')!;
      assert.equal('shares' in a, false, 'show carries no shares');
      assert.deepEqual(a.committee, ['acme', 'globex', 'initech']);
      assert.equal(a.t, 1);
      assert.equal(a.index, 2);
      assert.equal(a.length, 3);
      assert.deepEqual(a.type, { kind: 'int', k: 64 });
      assert.deepEqual(a.lineage.owners, ['acme']);
      assert.deepEqual(loadArtifactShares(store, '7.kept').shares, shares);
      assert.equal(deleteArtifact(store, '7.kept'), true);
      assert.equal(deleteArtifact(store, '7.kept'), false, 'already gone');
      assert.equal(getArtifact(store, '7.kept'), undefined);
      assert.throws(
        () => loadArtifactShares(store, '7.kept'),
        (e: unknown) => e instanceof ArtifactNotFoundError && e.code === 'ERR_ARTIFACT_NOT_FOUND',
      );
      assert.deepEqual(
        listArtifacts(store).map((x) => x.id),
        ['8.model'],
      );
    } finally {
      store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
