import { describe, test } from 'node:test';
import { deepEqual, equal, ok, rejects } from 'node:assert/strict';
import { connect, type TLSSocket } from 'node:tls';
import { partyId, type Channel, type PartyId } from '../../src/mpc/channel.js';
import type { ParleyError } from '../../src/errors/base.js';
import { tlsEndpoint, type TlsEndpoint } from '../../src/net/tls.js';
import { encodeDataHeader, encodeHello, KIND_HELLO, partiesDigest } from '../../src/net/framing.js';
import { generateIdentity } from '../../src/net/x509.js';
import { channelCompliance } from './compliance.js';
import { HOST, endpoints, freshSession, identity } from './tls-helpers.js';

channelCompliance('tls', async (parties, { timeoutMs }) => {
  const eps = await endpoints(parties);
  const session = freshSession();
  const channels = await Promise.all(
    eps.map((ep) => ep.openChannel({ session, parties, timeoutMs })),
  );
  return {
    channels,
    crash: (i: number) => {
      eps[i]?.destroy();
      return Promise.resolve();
    },
    close: async () => {
      await Promise.all(eps.map((ep) => ep.close()));
    },
  };
});

const A = partyId('alice');
const B = partyId('bob');
const C = partyId('carol');

function code(c: string, party?: string): (err: unknown) => boolean {
  return (err: unknown) => {
    ok(err instanceof Error);
    equal((err as ParleyError).code, c, String(err));
    if (party !== undefined) {
      equal((err as ParleyError).details['party'], party, String(err));
      ok(err.message.includes(party), err.message);
    }
    return true;
  };
}

async function closeAll(eps: readonly TlsEndpoint[]): Promise<void> {
  await Promise.all(eps.map((ep) => ep.close()));
}

/** Connects with `id`'s key (or none) and resolves once the endpoint has closed the connection. */
async function connectUntilClosed(port: number, id?: { key: string; cert: string }): Promise<void> {
  const s = connect({
    host: HOST,
    port,
    ...(id === undefined ? {} : { key: id.key, cert: id.cert }),
    rejectUnauthorized: false,
    minVersion: 'TLSv1.3',
  });
  s.on('error', () => {});
  await new Promise<void>((resolve) => s.once('close', () => resolve()));
}

/** A raw TLS client that presents `party`'s real certificate and writes arbitrary bytes. */
function rawClient(port: number, party: string): Promise<TLSSocket> {
  const id = identity(party);
  return new Promise((resolve, reject) => {
    const s = connect({
      host: HOST,
      port,
      key: id.key,
      cert: id.cert,
      rejectUnauthorized: false,
      minVersion: 'TLSv1.3',
    });
    s.once('secureConnect', () => resolve(s));
    s.once('error', reject);
  });
}

void describe('tls endpoint', () => {
  void test('speaks TLS 1.3 only, preferring AES-128-GCM', async () => {
    const eps = await endpoints([A, B]);
    const eb = eps[1] as TlsEndpoint;
    const s = await rawClient(eb.port, 'alice');
    equal(s.getProtocol(), 'TLSv1.3');
    equal(s.getCipher().name, 'TLS_AES_128_GCM_SHA256');
    s.destroy();
    const id = identity('alice');
    const old = connect({
      host: HOST,
      port: eb.port,
      key: id.key,
      cert: id.cert,
      rejectUnauthorized: false,
      maxVersion: 'TLSv1.2',
    });
    const outcome = await new Promise<string>((resolve) => {
      old.once('secureConnect', () => resolve('connected'));
      old.once('error', (err: Error & { code?: string }) => resolve(err.code ?? 'error'));
    });
    equal(outcome, 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'a TLS 1.2 client is refused');
    old.destroy();
    await closeAll(eps);
  });

  void test('opens several concurrent sessions on one endpoint', async () => {
    const eps = await endpoints([A, B]);
    const [ea, eb] = eps as [TlsEndpoint, TlsEndpoint];
    const parties = [A, B];
    const [a1, b1, a2, b2] = await Promise.all([
      ea.openChannel({ session: 's1', parties }),
      eb.openChannel({ session: 's1', parties }),
      ea.openChannel({ session: 's2', parties }),
      eb.openChannel({ session: 's2', parties }),
    ]);
    a1.send(B, 1, Uint8Array.of(1));
    a2.send(B, 1, Uint8Array.of(2));
    deepEqual(await b2.receive(A, 1), Uint8Array.of(2));
    deepEqual(await b1.receive(A, 1), Uint8Array.of(1));
    b1.send(A, 1, Uint8Array.of(3));
    deepEqual(await a1.receive(B, 1), Uint8Array.of(3));
    await a2.close();
    await b2.close();
    // s1 is unaffected by closing s2.
    a1.send(B, 2, Uint8Array.of(4));
    deepEqual(await b1.receive(A, 2), Uint8Array.of(4));
    await closeAll(eps);
  });

  void test('the session can be opened at different times by each side', async () => {
    const eps = await endpoints([A, B, C]);
    const parties = [A, B, C];
    const session = freshSession();
    const first = (eps[0] as TlsEndpoint).openChannel({ session, parties });
    await new Promise((r) => setTimeout(r, 300));
    const rest = await Promise.all(eps.slice(1).map((ep) => ep.openChannel({ session, parties })));
    const chs = [await first, ...rest];
    (chs[0] as Channel).send(C, 5, Uint8Array.of(5));
    deepEqual(await (chs[2] as Channel).receive(A, 5), Uint8Array.of(5));
    await closeAll(eps);
  });

  void test('a dialer refuses an acceptor whose key is not the pinned one (ERR_NET_PEER_KEY)', async () => {
    const eps = await endpoints([A, B], { connectTimeoutMs: 4000 });
    const [ea, eb] = eps as [TlsEndpoint, TlsEndpoint];
    // alice (dialer) pins a different key for bob.
    ea.setPeer({
      id: B,
      host: HOST,
      port: eb.port,
      fingerprint: generateIdentity('x').fingerprint,
    });
    const session = freshSession();
    const bOpen = eb.openChannel({ session, parties: [A, B] });
    const t0 = Date.now();
    await rejects(ea.openChannel({ session, parties: [A, B] }), code('ERR_NET_PEER_KEY', 'bob'));
    ok(Date.now() - t0 < 2500, 'refused at once, without waiting for the timeout');
    await rejects(bOpen, code('ERR_NET_CONNECT', 'alice'));
    await closeAll(eps);
  });

  void test('an acceptor refuses a dialer whose key is not the pinned one (ERR_NET_PEER_KEY)', async () => {
    const refused: ParleyError[] = [];
    const idA = identity('alice');
    const idB = identity('bob');
    const eb = await tlsEndpoint({
      self: B,
      key: idB.key,
      cert: idB.cert,
      listen: { host: HOST, port: 0 },
      // bob pins a different key for alice.
      peers: [{ id: A, host: HOST, port: 1, fingerprint: generateIdentity('alice').fingerprint }],
      connectTimeoutMs: 1000,
      onRefused: (e) => refused.push(e),
    });
    const ea = await tlsEndpoint({
      self: A,
      key: idA.key,
      cert: idA.cert,
      listen: { host: HOST, port: 0 },
      peers: [{ id: B, host: HOST, port: eb.port, fingerprint: idB.fingerprint }],
      connectTimeoutMs: 1000,
    });
    const session = freshSession();
    const [ra, rb] = await Promise.allSettled([
      ea.openChannel({ session, parties: [A, B] }),
      eb.openChannel({ session, parties: [A, B] }),
    ]);
    equal(ra.status, 'rejected');
    equal(rb.status, 'rejected');
    if (ra.status === 'rejected') code('ERR_NET_CONNECT', 'bob')(ra.reason);
    if (rb.status === 'rejected') code('ERR_NET_PEER_KEY', 'alice')(rb.reason);
    ok(refused.length >= 1);
    code('ERR_NET_PEER_KEY', 'alice')(refused[0]);
    equal(refused[0]?.details['got'], idA.fingerprint);
    await closeAll([ea, eb]);
  });

  void test('an unknown key is refused before any byte is read (ERR_NET_UNKNOWN_PEER)', async () => {
    const refused: ParleyError[] = [];
    const idB = identity('bob');
    const eb = await tlsEndpoint({
      self: B,
      key: idB.key,
      cert: idB.cert,
      listen: { host: HOST, port: 0 },
      peers: [{ id: A, host: HOST, port: 1, fingerprint: identity('alice').fingerprint }],
      onRefused: (e) => refused.push(e),
    });
    const mallory = generateIdentity('mallory');
    await connectUntilClosed(eb.port, mallory);
    equal(refused.length, 1);
    code('ERR_NET_UNKNOWN_PEER')(refused[0]);
    equal(refused[0]?.details['fingerprint'], mallory.fingerprint);
    await eb.close();
  });

  void test('a client without a certificate is refused, and close() ends pending handshakes', async () => {
    const refused: ParleyError[] = [];
    const eps = await endpoints([A, B], {
      onRefused: (e) => refused.push(e),
      connectTimeoutMs: 8000,
    });
    const eb = eps[1] as TlsEndpoint;
    await connectUntilClosed(eb.port);
    equal(refused.length, 1);
    code('ERR_NET_UNKNOWN_PEER')(refused[0]);
    ok(refused[0]?.message.includes('without a certificate'));
    // A TCP client that never starts TLS must not keep close() waiting for the handshake timeout.
    const { connect: tcpConnect } = await import('node:net');
    const idle = tcpConnect({ host: HOST, port: eb.port });
    idle.on('error', () => {});
    await new Promise<void>((resolve) => idle.once('connect', () => resolve()));
    const t0 = Date.now();
    await closeAll(eps);
    ok(Date.now() - t0 < 4000, 'close() did not wait for the idle connection');
    idle.destroy();
  });

  void test('a pinned key claiming another party in its hello is refused', async () => {
    const refused: ParleyError[] = [];
    const eps = await endpoints([A, B, C], { onRefused: (e) => refused.push(e) });
    const ec = eps[2] as TlsEndpoint;
    // alice's real key, but the hello says it is bob.
    const s = await rawClient(ec.port, 'alice');
    s.on('error', () => {});
    s.write(
      encodeHello({
        kind: KIND_HELLO,
        session: 's',
        from: 'bob',
        to: 'carol',
        parties: partiesDigest(['alice', 'bob', 'carol']),
      }),
    );
    await new Promise<void>((resolve) => s.once('close', () => resolve()));
    equal(refused.length, 1);
    code('ERR_NET_PEER_KEY', 'bob')(refused[0]);
    await closeAll(eps);
  });

  void test('connect timeout: a party that never comes is named (dialer and acceptor side)', async () => {
    const eps = await endpoints([A, B, C], { connectTimeoutMs: 800 });
    const [ea, eb, ec] = eps as [TlsEndpoint, TlsEndpoint, TlsEndpoint];
    ec.destroy(); // carol is gone: nobody listens on her port
    const session = freshSession();
    const t0 = Date.now();
    const [ra, rb] = await Promise.allSettled([
      ea.openChannel({ session, parties: [A, B, C] }),
      eb.openChannel({ session, parties: [A, B, C] }),
    ]);
    const elapsed = Date.now() - t0;
    ok(elapsed >= 700 && elapsed < 6000, `gave up after ${elapsed} ms`);
    equal(ra.status, 'rejected');
    equal(rb.status, 'rejected');
    if (ra.status === 'rejected') code('ERR_NET_CONNECT', 'carol')(ra.reason);
    if (rb.status === 'rejected') code('ERR_NET_CONNECT', 'carol')(rb.reason);

    // An acceptor waiting for a dialer that never opens the session names it too.
    const s2 = freshSession();
    await rejects(
      eb.openChannel({ session: s2, parties: [A, B] }),
      code('ERR_NET_CONNECT', 'alice'),
    );
    await closeAll(eps);
  });

  void test('openChannel can be aborted', async () => {
    const eps = await endpoints([A, B], { connectTimeoutMs: 5000 });
    const ac = new AbortController();
    const p = (eps[0] as TlsEndpoint).openChannel({
      session: freshSession(),
      parties: [A, B],
      signal: ac.signal,
    });
    setTimeout(() => ac.abort(), 50);
    await rejects(p, code('ERR_ABORTED'));
    await closeAll(eps);
  });

  void test('closing the endpoint fails a pending openChannel with ERR_NET_CLOSED at once', async () => {
    const eps = await endpoints([A, B], { connectTimeoutMs: 5000 });
    const p = (eps[0] as TlsEndpoint).openChannel({ session: freshSession(), parties: [A, B] });
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await closeAll(eps);
    await rejects(p, code('ERR_NET_CLOSED'));
    ok(Date.now() - t0 < 2000, 'did not wait for the connect timeout');
  });

  void test('a removed peer is refused like an unknown key, and cannot be in a session', async () => {
    const refused: ParleyError[] = [];
    const idB = identity('bob');
    const idA = identity('alice');
    const eb = await tlsEndpoint({
      self: B,
      key: idB.key,
      cert: idB.cert,
      listen: { host: HOST, port: 0 },
      peers: [{ id: A, host: HOST, port: 1, fingerprint: idA.fingerprint }],
      onRefused: (e) => refused.push(e),
    });
    equal(eb.removePeer(A), true);
    equal(eb.removePeer(A), false, 'already removed');
    await rejects(
      eb.openChannel({ session: 'x', parties: [A, B] }),
      code('ERR_NET_UNKNOWN_PEER', 'alice'),
    );
    await connectUntilClosed(eb.port, idA);
    equal(refused.length, 1);
    code('ERR_NET_UNKNOWN_PEER')(refused[0]);
    equal(refused[0]?.details['fingerprint'], idA.fingerprint);
    await eb.close();
  });

  void test('openChannel validates its options', async () => {
    const eps = await endpoints([A, B]);
    const ea = eps[0] as TlsEndpoint;
    await rejects(
      ea.openChannel({ session: 'bad session', parties: [A, B] }),
      code('ERR_NET_CONFIG'),
    );
    await rejects(
      ea.openChannel({ session: 'x', parties: [A, C] }),
      code('ERR_NET_UNKNOWN_PEER', 'carol'),
    );
    await rejects(ea.openChannel({ session: 'x', parties: [B] }), code('ERR_NET_CONFIG'));
    await closeAll(eps);
    await rejects(ea.openChannel({ session: 'x', parties: [A, B] }), code('ERR_NET_CLOSED'));
  });

  void test('a different party list at the two ends is refused (ERR_NET_HANDSHAKE)', async () => {
    const eps = await endpoints([A, B, C], { connectTimeoutMs: 1000 });
    const [ea, eb] = eps as [TlsEndpoint, TlsEndpoint];
    const session = freshSession();
    const [ra, rb] = await Promise.allSettled([
      ea.openChannel({ session, parties: [A, B] }),
      eb.openChannel({ session, parties: [B, A] }),
    ]);
    equal(ra.status, 'rejected');
    equal(rb.status, 'rejected');
    if (rb.status === 'rejected') code('ERR_NET_HANDSHAKE', 'alice')(rb.reason);
    await closeAll(eps);
  });

  void test('sending more than maxFrameBytes is refused locally', async () => {
    const eps = await endpoints([A, B], { maxFrameBytes: 1000 });
    const session = freshSession();
    const [a] = await Promise.all(eps.map((ep) => ep.openChannel({ session, parties: [A, B] })));
    let thrown: unknown;
    try {
      a?.send(B, 1, new Uint8Array(1001));
    } catch (err: unknown) {
      thrown = err;
    }
    code('ERR_NET_USAGE')(thrown);
    await closeAll(eps);
  });
});

/** bob's channel with a raw TLS client speaking as alice (alice sorts first, so she dials). */
async function rawPeer(
  opts: { maxFrameBytes?: number; maxBufferedBytes?: number } = {},
): Promise<{ eb: TlsEndpoint; chB: Promise<Channel>; sock: TLSSocket; session: string }> {
  const idB = identity('bob');
  const eb = await tlsEndpoint({
    self: B,
    key: idB.key,
    cert: idB.cert,
    listen: { host: HOST, port: 0 },
    peers: [{ id: A, host: HOST, port: 1, fingerprint: identity('alice').fingerprint }],
    timeoutMs: 3000,
    connectTimeoutMs: 3000,
    ...(opts.maxFrameBytes === undefined ? {} : { maxFrameBytes: opts.maxFrameBytes }),
    ...(opts.maxBufferedBytes === undefined ? {} : { maxBufferedBytes: opts.maxBufferedBytes }),
  });
  const session = freshSession();
  const chB = eb.openChannel({ session, parties: [A, B] });
  const sock = await rawClient(eb.port, 'alice');
  sock.on('error', () => {});
  sock.on('data', () => {}); // the accept frame
  sock.write(
    encodeHello({
      kind: KIND_HELLO,
      session,
      from: 'alice',
      to: 'bob',
      parties: partiesDigest(['alice', 'bob']),
    }),
  );
  return { eb, chB, sock, session };
}

void describe('tls framing faults from a raw peer', () => {
  void test('a truncated frame gives PeerMessageError naming the peer', async () => {
    const { eb, chB, sock } = await rawPeer();
    const ch = await chB;
    const header = encodeDataHeader(7, 100);
    sock.write(header);
    sock.write(new Uint8Array(40));
    const pending = ch.receive(A, 7, { label: 'mul' });
    sock.end();
    await rejects(pending, (err: unknown) => {
      code('ERR_PEER_MESSAGE', 'alice')(err);
      ok(
        (err as Error).message.includes('step 7') &&
          (err as Error).message.includes('stream ended inside a frame'),
      );
      return true;
    });
    await eb.close();
  });

  void test('a malformed frame header gives PeerMessageError naming the peer', async () => {
    const { eb, chB, sock } = await rawPeer();
    const ch = await chB;
    const good = new Uint8Array([...encodeDataHeader(1, 2), 9, 9]);
    sock.write(good);
    deepEqual(await ch.receive(A, 1), Uint8Array.of(9, 9));
    sock.write(Uint8Array.of(0x7a, 0, 0, 0, 2, 0, 0, 0, 1, 0));
    await rejects(ch.receive(A, 2), (err: unknown) => {
      code('ERR_PEER_MESSAGE', 'alice')(err);
      ok((err as Error).message.includes('unknown frame kind'));
      return true;
    });
    await eb.close();
  });

  void test('an oversized frame is refused from its header, before the payload arrives', async () => {
    const { eb, chB, sock } = await rawPeer({ maxFrameBytes: 1024 });
    const ch = await chB;
    const pending = ch.receive(A, 3);
    sock.write(encodeDataHeader(3, 1025)); // no payload at all
    await rejects(pending, (err: unknown) => {
      code('ERR_PEER_MESSAGE', 'alice')(err);
      ok((err as Error).message.includes('exceeds the limit of 1024'));
      return true;
    });
    await eb.close();
  });

  void test('a peer that sends more than maxBufferedBytes ahead of the receiver is faulted', async () => {
    const { eb, chB, sock } = await rawPeer({ maxFrameBytes: 1000, maxBufferedBytes: 1000 });
    const ch = await chB;
    const f = (step: number): Uint8Array =>
      new Uint8Array([...encodeDataHeader(step, 400), ...new Uint8Array(400)]);
    sock.write(f(1));
    sock.write(f(2));
    equal((await ch.receive(A, 1)).length, 400); // 400 buffered: fine, and frees its room
    sock.write(f(3));
    sock.write(f(4)); // 400 + 400 + 400 > 1000 waiting
    await new Promise((r) => setTimeout(r, 100));
    await rejects(ch.receive(A, 2), (err: unknown) => {
      code('ERR_PEER_MESSAGE', 'alice')(err);
      ok((err as Error).message.includes('more than 1000 bytes ahead'));
      return true;
    });
    await eb.close();
  });

  void test('a duplicated frame gives PeerMessageError', async () => {
    const { eb, chB, sock } = await rawPeer();
    const ch = await chB;
    const f = new Uint8Array([...encodeDataHeader(4, 1), 1]);
    sock.write(f);
    sock.write(f);
    sock.write(new Uint8Array([...encodeDataHeader(5, 1), 2]));
    await new Promise((r) => setTimeout(r, 100));
    await rejects(ch.receive(A, 4), code('ERR_PEER_MESSAGE', 'alice'));
    await rejects(ch.receive(A, 5), code('ERR_PEER_MESSAGE', 'alice'));
    await eb.close();
  });

  void test('a data frame before the hello is refused: nothing is delivered', async () => {
    const refused: ParleyError[] = [];
    const idB = identity('bob');
    const eb = await tlsEndpoint({
      self: B,
      key: idB.key,
      cert: idB.cert,
      listen: { host: HOST, port: 0 },
      peers: [{ id: A, host: HOST, port: 1, fingerprint: identity('alice').fingerprint }],
      connectTimeoutMs: 800,
      onRefused: (e) => refused.push(e),
    });
    const session = freshSession();
    const chB = eb.openChannel({ session, parties: [A, B] });
    const sock = await rawClient(eb.port, 'alice');
    sock.on('error', () => {});
    sock.write(new Uint8Array([...encodeDataHeader(1, 1), 1]));
    await new Promise<void>((resolve) => sock.once('close', () => resolve()));
    await rejects(chB, code('ERR_NET_CONNECT', 'alice'));
    await eb.close();
  });
});

export type { PartyId };
