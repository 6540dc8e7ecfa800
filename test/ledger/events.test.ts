import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pinHashes } from '../../src/ledger/actions/pinHashes.js';
import { publishDataset } from '../../src/ledger/actions/publishDataset.js';
import {
  JsonFileCheckpointStore,
  MemoryCheckpointStore,
  subscribeLedgerEvents,
  type LedgerEvent,
} from '../../src/ledger/events.js';
import { CheckpointError } from '../../src/ledger/errors.js';
import { client, h, metadata, setupLedger, type LedgerFixture } from './fixtures.js';

/** Waits until `pred()` holds, polling every 20 ms, for at most `ms`. */
async function until(pred: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('until: timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function pinnedBatchIds(events: readonly LedgerEvent[]): bigint[] {
  const out: bigint[] = [];
  for (const e of events) {
    if (e.contract === 'pins' && e.eventName === 'Pinned') out.push(e.args.batchId);
  }
  return out;
}

describe('ledger events', () => {
  let fx: LedgerFixture;
  let dir: string;
  before(async () => {
    fx = await setupLedger({ members: 3, threshold: 2n });
    dir = await mkdtemp(join(tmpdir(), 'parley-ledger-events-'));
  });
  after(async () => {
    await fx.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('the history from deployment is delivered in order, decoded and typed', async () => {
    await publishDataset(client(fx, 1), { datasetId: h('ev:ds'), metadata: metadata('Ev') });
    const events: LedgerEvent[] = [];
    const sub = subscribeLedgerEvents(client(fx, 0), {
      checkpoint: new MemoryCheckpointStore(),
      fromBlock: fx.fromBlock,
      pollingInterval: 20,
      maxBlockRange: 2n, // force several eth_getLogs pages
      onEvents: (batch) => {
        events.push(...batch);
      },
    });
    await sub.caughtUp;
    await sub.stop();
    const names = events.map((e) => `${e.contract}.${e.eventName}`);
    // Genesis: three MemberAdded and a ThresholdChanged from the Consortium constructor.
    assert.deepEqual(names.slice(0, 4), [
      'consortium.MemberAdded',
      'consortium.MemberAdded',
      'consortium.MemberAdded',
      'consortium.ThresholdChanged',
    ]);
    const published = events.find(
      (e) => e.contract === 'catalog' && e.eventName === 'DatasetPublished',
    );
    assert.ok(published !== undefined && published.eventName === 'DatasetPublished');
    assert.equal(published.args.datasetId, h('ev:ds'));
    assert.equal(published.args.owner, fx.addressOf(1));
    for (let i = 1; i < events.length; i++) {
      const a = events[i - 1];
      const b = events[i];
      assert.ok(a !== undefined && b !== undefined);
      assert.ok(
        a.blockNumber < b.blockNumber ||
          (a.blockNumber === b.blockNumber && a.logIndex < b.logIndex),
      );
    }
  });

  test('after a restart the subscriber catches up from its checkpoint file, then follows', async () => {
    const path = join(dir, 'org1', 'checkpoint.json');
    const seen: bigint[] = [];
    const options = {
      fromBlock: fx.fromBlock,
      pollingInterval: 20,
      onEvents: (batch: readonly LedgerEvent[]) => {
        seen.push(...pinnedBatchIds(batch));
      },
    };
    const first = subscribeLedgerEvents(client(fx, 0), {
      ...options,
      checkpoint: new JsonFileCheckpointStore(path),
    });
    await first.caughtUp;
    const a = await pinHashes(client(fx, 1), { hashes: [h('a')] });
    await until(() => seen.includes(a.batchId));
    await first.stop();
    const saved = JSON.parse(await readFile(path, 'utf8')) as { lastProcessedBlock: string };
    assert.equal(BigInt(saved.lastProcessedBlock), first.lastProcessedBlock());

    // While the subscriber is down, two more batches are pinned.
    const b = await pinHashes(client(fx, 2), { hashes: [h('b')] });
    const c = await pinHashes(client(fx, 3), { hashes: [h('c')] });

    const second = subscribeLedgerEvents(client(fx, 0), {
      ...options,
      checkpoint: new JsonFileCheckpointStore(path),
    });
    await second.caughtUp;
    assert.deepEqual(seen, [a.batchId, b.batchId, c.batchId], 'caught up: no loss, no replay');
    const d = await pinHashes(client(fx, 1), { hashes: [h('d')] });
    await until(() => seen.includes(d.batchId));
    await second.stop();
    assert.deepEqual(seen, [a.batchId, b.batchId, c.batchId, d.batchId]);
  });

  test('a checkpoint from another chain or deployment is refused', async () => {
    const path = join(dir, 'foreign.json');
    await writeFile(
      path,
      JSON.stringify({ chainId: 1, consortium: fx.addresses.consortium, lastProcessedBlock: '1' }),
    );
    const errors: unknown[] = [];
    const sub = subscribeLedgerEvents(client(fx, 0), {
      checkpoint: new JsonFileCheckpointStore(path),
      fromBlock: fx.fromBlock,
      pollingInterval: 20,
      onEvents: () => undefined,
      onError: (err) => errors.push(err),
    });
    await assert.rejects(sub.caughtUp, (err: unknown) => {
      assert.ok(err instanceof CheckpointError);
      assert.equal(err.code, 'ERR_LEDGER_CHECKPOINT');
      return true;
    });
    assert.equal(errors.length, 1);
    await sub.stop();
  });

  test('a corrupt checkpoint file is refused, not silently reset', async () => {
    const path = join(dir, 'corrupt.json');
    await writeFile(path, '{"lastProcessedBlock": 12');
    await assert.rejects(new JsonFileCheckpointStore(path).load(), CheckpointError);
  });

  test('a failing handler does not move the checkpoint: the range is delivered again', async () => {
    const store = new MemoryCheckpointStore();
    let calls = 0;
    const errors: unknown[] = [];
    const x = await pinHashes(client(fx, 1), { hashes: [h('retry')] });
    const delivered: bigint[] = [];
    const sub = subscribeLedgerEvents(client(fx, 0), {
      checkpoint: store,
      fromBlock: x.receipt.blockNumber,
      pollingInterval: 20,
      onEvents: (batch) => {
        calls++;
        if (calls === 1) throw new Error('handler crashed');
        delivered.push(...pinnedBatchIds(batch));
      },
      onError: (err) => errors.push(err),
    });
    await sub.caughtUp;
    await sub.stop();
    assert.equal(errors.length, 1);
    assert.deepEqual(delivered, [x.batchId]);
    assert.equal((await store.load())?.lastProcessedBlock, sub.lastProcessedBlock());
  });
});
