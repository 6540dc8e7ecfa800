import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { size } from 'viem';
import { getDataset } from '../../src/ledger/actions/getDataset.js';
import { getMembers } from '../../src/ledger/actions/getMembers.js';
import { pinHashes } from '../../src/ledger/actions/pinHashes.js';
import { publishDataset } from '../../src/ledger/actions/publishDataset.js';
import { anvilAccounts, startAnvil, type AnvilInstance } from '../../src/ledger/anvil.js';
import { connectLedger, createLedgerClient } from '../../src/ledger/client.js';
import { deployFromConfig, deployLedger, parseDeployConfig } from '../../src/ledger/deploy.js';
import {
  AnvilError,
  ContractRevertError,
  LedgerConfigError,
  LedgerRpcError,
} from '../../src/ledger/errors.js';
import { ParleyError } from '../../src/errors/base.js';
import { h, memberInfo, metadata } from './fixtures.js';

const key = (i: number) => {
  const a = anvilAccounts[i];
  assert.ok(a !== undefined);
  return a;
};

const config = (rpcUrl: string) => ({
  rpcUrl,
  privateKeyEnv: 'PARLEY_TEST_DEPLOYER_KEY',
  threshold: 1,
  genesisMembers: [
    {
      account: key(1).address,
      info: { ...memberInfo(1) },
    },
  ],
});

describe('anvil and deployment', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-anvil-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('the dev accounts are the ones anvil funds', async () => {
    const anvil = await startAnvil();
    try {
      const res = await fetch(anvil.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_accounts', params: [] }),
      });
      const { result } = (await res.json()) as { result: string[] };
      assert.deepEqual(
        result.map((a) => a.toLowerCase()),
        anvilAccounts.map((a) => a.address.toLowerCase()),
      );
    } finally {
      await anvil.stop();
    }
  });

  test('deploy from a config, persist the chain to a state file, and find it after a restart', async () => {
    const statePath = join(dir, 'chain.json');
    let anvil: AnvilInstance = await startAnvil({ statePath });
    const env = { PARLEY_TEST_DEPLOYER_KEY: key(0).privateKey };
    const parsed = parseDeployConfig(config(anvil.rpcUrl));
    const { addresses, chainId, client } = await deployFromConfig(parsed, { env });
    assert.equal(chainId, 31337);
    for (const name of ['consortium', 'catalog', 'grants', 'jobs', 'pins'] as const) {
      const code = await client.publicClient.getCode({ address: addresses[name] });
      assert.ok(code !== undefined && size(code) > 0 && size(code) <= 24576, 'EIP-170 size');
    }
    const member = createLedgerClient({
      rpcUrl: anvil.rpcUrl,
      chainId,
      addresses,
      account: key(1).privateKey,
    });
    const datasetId = h('persisted');
    await publishDataset(member, { datasetId, metadata: metadata('Persisted') });
    await anvil.stop();

    anvil = await startAnvil({ statePath });
    try {
      const again = await connectLedger({
        rpcUrl: anvil.rpcUrl,
        addresses,
        account: key(1).privateKey,
      });
      assert.equal((await getDataset(again, { datasetId })).title, 'Persisted');
      assert.equal((await getMembers(again)).length, 1);
      await pinHashes(again, { hashes: [h('after restart')] });
    } finally {
      await anvil.stop();
    }
  });

  test('a constructor refusal surfaces as a named error at deployment', async () => {
    const anvil = await startAnvil();
    try {
      await assert.rejects(
        deployLedger({
          rpcUrl: anvil.rpcUrl,
          account: key(0).privateKey,
          genesisMembers: [{ account: key(1).address, info: memberInfo(1) }],
          threshold: 1n,
          proposalLifetime: 0n,
        }),
        (err: unknown) =>
          err instanceof ContractRevertError && err.errorName === 'InvalidProposalLifetime',
      );
    } finally {
      await anvil.stop();
    }
  });

  test('a clear error when anvil cannot start', async () => {
    await assert.rejects(startAnvil({ binary: join(dir, 'no-such-anvil') }), (err: unknown) => {
      assert.ok(err instanceof AnvilError);
      assert.equal(err.code, 'ERR_LEDGER_ANVIL');
      return true;
    });
    const first = await startAnvil();
    try {
      await assert.rejects(startAnvil({ port: first.port }), (err: unknown) => {
        assert.ok(err instanceof AnvilError);
        assert.match(err.message, /exited during start/);
        return true;
      });
    } finally {
      await first.stop();
    }
  });

  test('deploy configs are validated field by field; keys never appear in errors', async () => {
    assert.throws(
      () => parseDeployConfig({ ...config('http://127.0.0.1:1'), threshold: 'two' }),
      (err: unknown) => err instanceof LedgerConfigError && err.details['field'] === 'threshold',
    );
    assert.throws(
      () =>
        parseDeployConfig({
          ...config('http://127.0.0.1:1'),
          genesisMembers: [{ account: '0x1234', info: memberInfo(1) }],
        }),
      (err: unknown) =>
        err instanceof LedgerConfigError && err.details['field'] === 'genesisMembers[0].account',
    );
    assert.throws(
      () => parseDeployConfig({ ...config('http://127.0.0.1:1'), privateKey: key(0).privateKey }),
      LedgerConfigError,
      'privateKey and privateKeyEnv are exclusive',
    );
    const badKey = `0x${'ab'.repeat(31)}`;
    await assert.rejects(
      deployFromConfig(
        { ...parseDeployConfig(config('http://127.0.0.1:1')), privateKeyEnv: 'K' },
        {
          env: { K: badKey },
        },
      ),
      (err: unknown) => {
        assert.ok(err instanceof LedgerConfigError);
        assert.ok(!err.message.includes(badKey.slice(2)), 'the key is not echoed');
        return true;
      },
    );
  });

  test('RPC failures become LedgerRpcError without leaking URL paths or keys', async () => {
    const secretPath = 'v3/SECRET-API-KEY';
    await assert.rejects(
      connectLedger({
        rpcUrl: `http://127.0.0.1:9/${secretPath}`,
        addresses: {
          consortium: key(1).address,
          catalog: key(1).address,
          grants: key(1).address,
          jobs: key(1).address,
          pins: key(1).address,
        },
      }),
      (err: unknown) => {
        assert.ok(err instanceof LedgerRpcError);
        assert.equal(err.code, 'ERR_LEDGER_RPC');
        assert.ok(!err.message.includes('SECRET-API-KEY'), err.message);
        return true;
      },
    );
  });

  test('a read-only client refuses writes with ERR_LEDGER_NO_ACCOUNT', async () => {
    const readOnly = createLedgerClient({
      rpcUrl: 'http://127.0.0.1:9',
      chainId: 31337,
      addresses: {
        consortium: key(1).address,
        catalog: key(1).address,
        grants: key(1).address,
        jobs: key(1).address,
        pins: key(1).address,
      },
    });
    await assert.rejects(pinHashes(readOnly, { hashes: [h('x')] }), (err: unknown) => {
      assert.ok(err instanceof ParleyError);
      assert.equal(err.code, 'ERR_LEDGER_NO_ACCOUNT');
      return true;
    });
  });
});
