/** TLS between separate OS processes on 127.0.0.1 (child_process.fork of fixtures/party.js). */
import { test } from 'node:test';
import { equal, ok, rejects } from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { partyId } from '../../src/mpc/channel.js';
import type { ParleyError } from '../../src/errors/base.js';
import { tlsEndpoint } from '../../src/net/tls.js';
import type { PartyConfig } from './fixtures/party.js';
import { payload, sameBytes } from './fixtures/payload.js';
import { freshSession, identity } from './tls-helpers.js';

const script = fileURLToPath(new URL('./fixtures/party.js', import.meta.url));

function spawnParty(): ChildProcess {
  return fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

function message<T>(c: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const on = (m: unknown): void => {
      if (typeof m === 'object' && m !== null && (m as { type?: unknown }).type === type) {
        c.off('message', on);
        c.off('exit', onExit);
        resolve(m as T);
      }
    };
    const onExit = (code: number | null): void =>
      reject(new Error(`child exited (${String(code)}) before sending ${type}`));
    c.on('message', on);
    c.once('exit', onExit);
  });
}

function config(
  self: string,
  parties: readonly string[],
  session: string,
  mode: PartyConfig['mode'],
  rounds: number,
  bytes: number,
): PartyConfig {
  const id = identity(self);
  return {
    type: 'config',
    self,
    key: id.key,
    cert: id.cert,
    parties,
    fingerprints: Object.fromEntries(parties.map((p) => [p, identity(p).fingerprint])),
    session,
    rounds,
    bytes,
    mode,
  };
}

void test('three parties in three OS processes exchange data over TLS', async () => {
  const parties = ['alice', 'bob', 'carol'];
  const session = freshSession();
  const children = parties.map(() => spawnParty());
  try {
    const portMsgs = children.map((c) => message<{ self: string; port: number }>(c, 'port'));
    children.forEach((c, i) =>
      c.send(config(parties[i] ?? '', parties, session, 'exchange', 5, 1 << 20)),
    );
    const ports = Object.fromEntries((await Promise.all(portMsgs)).map((m) => [m.self, m.port]));
    const results = children.map((c) =>
      message<{ self: string; ok: boolean; rounds: number }>(c, 'result'),
    );
    for (const c of children) c.send({ type: 'peers', ports });
    const got = await Promise.all(results);
    for (const r of got) {
      equal(r.ok, true, `${r.self} received the expected bytes`);
      equal(r.rounds, 5);
    }
    await Promise.all(children.map((c) => new Promise((r) => c.once('exit', r))));
    for (const c of children) equal(c.exitCode, 0);
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  }
});

void test('a peer process killed mid-session gives PeerClosedError naming it, not a hang', async () => {
  const [A, B] = [partyId('alice'), partyId('bob')];
  const session = freshSession();
  const idA = identity('alice');
  const child = spawnParty();
  const ea = await tlsEndpoint({
    self: A,
    key: idA.key,
    cert: idA.cert,
    listen: { host: '127.0.0.1', port: 0 },
    peers: [],
    timeoutMs: 20_000,
  });
  try {
    const portMsg = message<{ port: number }>(child, 'port');
    child.send(config('bob', ['alice', 'bob'], session, 'hang', 1, 1000));
    const { port } = await portMsg;
    ea.setPeer({ id: B, host: '127.0.0.1', port, fingerprint: identity('bob').fingerprint });
    child.send({ type: 'peers', ports: { alice: ea.port, bob: port } });
    const ch = await ea.openChannel({ session, parties: [A, B] });
    ch.send(B, 0, payload('alice', 'bob', 0, 1000));
    ok(sameBytes(await ch.receive(B, 0), payload('bob', 'alice', 0, 1000)));
    const result = await message<{ ok: boolean }>(child, 'result');
    equal(result.ok, true);

    const pending = ch.receive(B, 1, { label: 'mul' });
    const t0 = Date.now();
    child.kill('SIGKILL');
    await rejects(pending, (err: unknown) => {
      equal((err as ParleyError).code, 'ERR_PEER_CLOSED');
      equal((err as ParleyError).details['party'], 'bob');
      ok((err as Error).message.includes('bob') && (err as Error).message.includes('mul'));
      return true;
    });
    ok(Date.now() - t0 < 5000, 'detected well before the 20 s receive timeout');
    await rejects(
      ch.receive(B, 2),
      (err: unknown) => (err as ParleyError).code === 'ERR_PEER_CLOSED',
    );
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await ea.close();
  }
});
