import { describe, test } from 'node:test';
import { equal, ok, rejects, throws, match, deepEqual } from 'node:assert/strict';
import { chmod, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateKeyToAddress } from 'viem/accounts';
import { keyFingerprint } from '../../src/net/x509.js';
import {
  loadNodeConfig,
  loadNodeSecrets,
  parseNodeConfig,
  publicIdentity,
} from '../../src/node/config.js';
import { initNode } from '../../src/node/identity.js';
import { IdentityExistsError, NodeConfigError } from '../../src/node/errors.js';

const valid = {
  version: 1,
  name: 'acme',
  store: { path: 'store.sqlite' },
  api: { host: '127.0.0.1', port: 7400 },
  mpc: { host: '127.0.0.1', port: 7443 },
  ledger: { rpcUrl: 'http://127.0.0.1:8545' },
  keys: {
    chain: 'keys/chain.key',
    tlsKey: 'keys/tls.key',
    tlsCert: 'keys/tls.crt',
    apiToken: '/abs/api.token',
  },
};

/** A deep copy of `valid` with `path` (dot-separated) set to `value` (undefined deletes). */
function withField(path: string, value: unknown): unknown {
  const copy = structuredClone(valid) as Record<string, unknown>;
  const parts = path.split('.');
  let o = copy;
  for (const p of parts.slice(0, -1)) o = o[p] as Record<string, unknown>;
  const last = parts[parts.length - 1]!;
  if (value === undefined) delete o[last];
  else o[last] = value;
  return copy;
}

void describe('node config', () => {
  test('a valid config resolves relative paths against the config directory', () => {
    const c = parseNodeConfig(valid, '/srv/acme/config.json');
    equal(c.store.path, '/srv/acme/store.sqlite');
    equal(c.keys.chain, '/srv/acme/keys/chain.key');
    equal(c.keys.apiToken, '/abs/api.token');
    equal(c.api.port, 7400);
    equal(c.ledger.contracts, undefined);
  });

  const cases: [string, unknown][] = [
    ['version', 2],
    ['name', 'has space'],
    ['name', undefined],
    ['store.path', 7],
    ['api.port', 70000],
    ['api.port', '7400'],
    ['api.host', 'bad host!'],
    ['mpc.port', -1],
    ['ledger.rpcUrl', 'ftp://x'],
    ['ledger.rpcUrl', 'http://user:pw@host:8545'],
    ['ledger.chainId', 0],
    ['ledger.fromBlock', 12],
    ['ledger.contracts', { consortium: '0x1234' }],
    ['keys.tlsKey', ''],
    ['extra', true],
    ['api.extra', true],
  ];
  for (const [field, value] of cases) {
    test(`an invalid ${field} (${JSON.stringify(value)}) is refused with an error naming it`, () => {
      throws(
        () => parseNodeConfig(withField(field, value), '/srv/acme/config.json'),
        (err: unknown) => {
          ok(err instanceof NodeConfigError);
          equal(err.code, 'ERR_NODE_CONFIG');
          const named = err.details.field;
          ok(typeof named === 'string', 'details.field is the field name');
          ok(
            named === field || named.startsWith(field + '.') || field.startsWith(named),
            `details.field ${named} names ${field}`,
          );
          ok(err.message.includes(named), 'the message names the field');
          ok(!err.message.includes('pw'), 'no credentials in the message');
          return true;
        },
      );
    });
  }

  test('contracts with five addresses are accepted', () => {
    const a = '0x' + '11'.repeat(20);
    const c = parseNodeConfig(
      withField('ledger.contracts', { consortium: a, catalog: a, grants: a, jobs: a, pins: a }),
      '/x/config.json',
    );
    equal(c.ledger.contracts?.pins, a);
  });

  test('a missing or non-JSON file is a config error naming the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-cfg-'));
    try {
      await rejects(loadNodeConfig(join(dir, 'nope.json')), { code: 'ERR_NODE_CONFIG' });
      await writeFile(join(dir, 'bad.json'), '{');
      await rejects(loadNodeConfig(join(dir, 'bad.json')), (err: unknown) => {
        ok(err instanceof NodeConfigError);
        equal(err.details.field, 'file');
        return true;
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

void describe('parley init (initNode)', () => {
  test('creates config and keys with owner-only modes, loadable, public facts only', async () => {
    const root = await mkdtemp(join(tmpdir(), 'parley-init-'));
    const dir = join(root, 'acme');
    try {
      const id = await initNode({ name: 'acme', dir, apiPort: 0, mpcPort: 9443 });
      equal(id.configPath, join(dir, 'config.json'));
      equal((await stat(dir)).mode & 0o777, 0o700);
      equal((await stat(join(dir, 'keys'))).mode & 0o777, 0o700);
      for (const f of ['chain.key', 'tls.key', 'tls.crt', 'api.token']) {
        equal((await stat(join(dir, 'keys', f))).mode & 0o777, 0o600, `${f} is 0600`);
      }
      const config = await loadNodeConfig(id.configPath);
      equal(config.api.port, 0);
      equal(config.mpc.port, 9443);
      equal(config.api.host, '127.0.0.1');
      const secrets = await loadNodeSecrets(config);
      match(secrets.apiToken, /^[0-9a-f]{64}$/);
      equal(privateKeyToAddress(secrets.chainKey), id.chainAddress);
      equal(keyFingerprint(secrets.tlsKey), id.tlsFingerprint);
      deepEqual(publicIdentity(config, secrets), {
        name: 'acme',
        chainAddress: id.chainAddress,
        tlsFingerprint: id.tlsFingerprint,
      });
      // Nothing secret in what init returns.
      const out = JSON.stringify(id);
      ok(!out.includes(secrets.apiToken) && !out.includes(secrets.chainKey.slice(2)));
      ok(!(await readFile(id.configPath, 'utf8')).includes(secrets.apiToken));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  test('refuses to overwrite an existing identity and leaves it intact', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-init-'));
    try {
      await initNode({ name: 'acme', dir });
      const before = await readFile(join(dir, 'keys', 'chain.key'), 'utf8');
      await rejects(initNode({ name: 'other', dir }), IdentityExistsError);
      equal(await readFile(join(dir, 'keys', 'chain.key'), 'utf8'), before);
      // Also when only one key file is there.
      const dir2 = join(dir, 'second');
      await initNode({ name: 'b', dir: dir2 });
      await rm(join(dir2, 'config.json'));
      await rejects(initNode({ name: 'b', dir: dir2 }), { code: 'ERR_NODE_IDENTITY_EXISTS' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('invalid name, port or RPC URL: nothing is written', async () => {
    const root = await mkdtemp(join(tmpdir(), 'parley-init-'));
    try {
      await rejects(initNode({ name: 'a b', dir: join(root, 'x') }), { code: 'ERR_NODE_CONFIG' });
      await rejects(initNode({ name: 'a', dir: join(root, 'x'), apiPort: 70000 }), {
        code: 'ERR_NODE_CONFIG',
      });
      await rejects(initNode({ name: 'a', dir: join(root, 'x'), rpcUrl: 'nope' }), {
        code: 'ERR_NODE_CONFIG',
      });
      deepEqual(await readdir(root), []);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  test('a group-readable key file is refused, naming the key and not its content', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-init-'));
    try {
      const id = await initNode({ name: 'acme', dir });
      const config = await loadNodeConfig(id.configPath);
      await chmod(config.keys.apiToken, 0o640);
      await rejects(loadNodeSecrets(config), (err: unknown) => {
        ok(err instanceof NodeConfigError);
        equal(err.details.field, 'keys.apiToken');
        ok(
          err.message.includes(`(mode 0640). Run: chmod 600 ${config.keys.apiToken}`),
          err.message,
        );
        return true;
      });
      await chmod(config.keys.apiToken, 0o600);
      await writeFile(config.keys.chain, 'not a key', { mode: 0o600 });
      await rejects(loadNodeSecrets(config), (err: unknown) => {
        ok(err instanceof NodeConfigError);
        equal(err.details.field, 'keys.chain');
        ok(!err.message.includes('not a key'));
        return true;
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
