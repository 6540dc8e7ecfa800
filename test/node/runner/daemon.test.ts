/** startNode with a ledger configured but its chain down: the API serves, the follower retries, close() ends it. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort } from '../../../src/ledger/anvil.js';
import { startNode } from '../../../src/node/daemon.js';
import { initNode } from '../../../src/node/identity.js';

test('a node whose chain is down still starts, serves its API and closes', async () => {
  const root = await mkdtemp(join(tmpdir(), 'parley-daemon-'));
  try {
    const rpcUrl = `http://127.0.0.1:${await freePort()}`; // nothing listens there
    const id = await initNode({ name: 'acme', dir: root, apiPort: 0, mpcPort: 0, rpcUrl });
    const config = JSON.parse(await readFile(id.configPath, 'utf8')) as Record<string, unknown>;
    const a = (n: number): string => `0x${n.toString(16).padStart(40, '0')}`;
    config['ledger'] = {
      rpcUrl,
      chainId: 31337,
      fromBlock: '1',
      contracts: { consortium: a(1), catalog: a(2), grants: a(3), jobs: a(4), pins: a(5) },
    };
    await writeFile(id.configPath, JSON.stringify(config), { mode: 0o600 });
    const node = await startNode(id.configPath, { logger: false, pollingInterval: 50 });
    try {
      assert.ok(node.runner !== undefined, 'the follower runs');
      assert.ok((node.endpoint?.port ?? 0) > 0, 'the MPC endpoint listens');
      const res = await fetch(`${node.url}/health`);
      assert.equal(res.status, 200);
      await new Promise((r) => setTimeout(r, 200)); // a few failed polls
      assert.equal(node.runner.stats().events, 0);
      assert.equal(node.runner.stats().lastBlock, undefined);
    } finally {
      await node.close();
    }
    assert.equal(node.store.isOpen, false);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
