import { describe, test } from 'node:test';
import { deepEqual, equal, ok, rejects, throws } from 'node:assert/strict';
import { partyId } from '../../src/mpc/channel.js';
import { memoryNetwork } from '../../src/net/memory.js';
import { channelCompliance } from './compliance.js';

channelCompliance('memory', (parties, { timeoutMs }) => {
  const net = memoryNetwork(parties, { timeoutMs });
  return Promise.resolve({
    channels: net.channels,
    crash: (i: number) => {
      const p = parties[i];
      if (p === undefined) throw new Error('no such party');
      net.crash(p);
      return Promise.resolve();
    },
    close: () => net.close(),
  });
});

const A = partyId('a');
const B = partyId('b');
const C = partyId('c');

function code(c: string): (err: unknown) => boolean {
  return (err: unknown) => {
    equal((err as { code?: unknown }).code, c, String(err));
    return true;
  };
}

void describe('memoryNetwork fault injection', () => {
  void test('drop: the receiver times out naming the sender and the step', async () => {
    const net = memoryNetwork([A, B], {
      timeoutMs: 100,
      faults: [{ match: (m) => m.step === 2, action: 'drop' }],
    });
    const [a, b] = net.channels as [(typeof net.channels)[0], (typeof net.channels)[0]];
    a.send(B, 1, Uint8Array.of(1));
    a.send(B, 2, Uint8Array.of(2));
    deepEqual(await b.receive(A, 1), Uint8Array.of(1));
    await rejects(b.receive(A, 2), (err: unknown) => {
      code('ERR_PEER_TIMEOUT')(err);
      ok((err as Error).message.includes('party a') && (err as Error).message.includes('step 2'));
      return true;
    });
    await net.close();
  });

  void test('duplicate: the matching receive or the next one fails with PeerMessageError', async () => {
    const net = memoryNetwork([A, B], {
      faults: [{ match: (m) => m.step === 1, action: 'duplicate' }],
    });
    net.channel(A).send(B, 1, Uint8Array.of(1));
    net.channel(A).send(B, 2, Uint8Array.of(2));
    await new Promise((r) => setTimeout(r, 10)); // both copies have arrived
    await rejects(net.channel(B).receive(A, 1), code('ERR_PEER_MESSAGE'));
    await rejects(net.channel(B).receive(A, 2), code('ERR_PEER_MESSAGE'));
    // Other links are unaffected.
    net.channel(B).send(A, 1, Uint8Array.of(5));
    deepEqual(await net.channel(A).receive(B, 1), Uint8Array.of(5));
    await net.close();
  });

  void test('duplicate after the first copy was received fails the next receive', async () => {
    const net = memoryNetwork([A, B], {
      faults: [{ match: (m) => m.step === 1, action: 'duplicate' }],
    });
    const p = net.channel(B).receive(A, 1);
    net.channel(A).send(B, 1, Uint8Array.of(1));
    deepEqual(await p, Uint8Array.of(1));
    await rejects(net.channel(B).receive(A, 9), (err: unknown) => {
      code('ERR_PEER_MESSAGE')(err);
      ok((err as Error).message.includes('second message for step 1'));
      return true;
    });
    await net.close();
  });

  void test('delay: a delayed message still arrives, after later ones', async () => {
    const net = memoryNetwork([A, B], {
      faults: [{ match: (m) => m.step === 1, action: 'delay', delayMs: 60 }],
    });
    const order: number[] = [];
    const r1 = net
      .channel(B)
      .receive(A, 1)
      .then(() => order.push(1));
    const r2 = net
      .channel(B)
      .receive(A, 2)
      .then(() => order.push(2));
    net.channel(A).send(B, 1, Uint8Array.of(1));
    net.channel(A).send(B, 2, Uint8Array.of(2));
    await Promise.all([r1, r2]);
    deepEqual(order, [2, 1]);
    await net.close();
  });

  void test('delay longer than the timeout: a late message gives a timeout, never a wrong value', async () => {
    const net = memoryNetwork([A, B], {
      timeoutMs: 50,
      faults: [{ match: () => true, action: 'delay', delayMs: 150 }],
    });
    net.channel(A).send(B, 1, Uint8Array.of(1));
    await rejects(net.channel(B).receive(A, 1), code('ERR_PEER_TIMEOUT'));
    await net.close();
  });

  void test('reorder: messages swap on the wire but receive matches by step', async () => {
    const net = memoryNetwork([A, B], {
      faults: [{ match: (m) => m.step === 1, action: 'reorder', times: 1 }],
    });
    const order: number[] = [];
    const rs = [1, 2, 3].map((s) =>
      net
        .channel(B)
        .receive(A, s)
        .then((m) => {
          order.push(s);
          deepEqual(m, Uint8Array.of(s));
        }),
    );
    for (const s of [1, 2, 3]) net.channel(A).send(B, s, Uint8Array.of(s));
    await Promise.all(rs);
    deepEqual(order, [2, 1, 3]);
    await net.close();
  });

  void test('reorder with no later message releases the held one after delayMs', async () => {
    const net = memoryNetwork([A, B], {
      faults: [{ match: () => true, action: 'reorder', delayMs: 20 }],
    });
    net.channel(A).send(B, 1, Uint8Array.of(1));
    deepEqual(await net.channel(B).receive(A, 1), Uint8Array.of(1));
    await net.close();
  });

  void test('truncate: the receiver gets a shorter payload (for protocol-level validation)', async () => {
    const net = memoryNetwork([A, B], {
      faults: [{ match: (m) => m.to === B, action: 'truncate', keepBytes: 3 }],
    });
    net.channel(A).send(B, 1, Uint8Array.of(1, 2, 3, 4, 5));
    deepEqual(await net.channel(B).receive(A, 1), Uint8Array.of(1, 2, 3));
    await net.close();
  });

  void test('corrupt-length: the receiver faults the link with PeerMessageError naming the peer', async () => {
    const net = memoryNetwork([A, B, C], {
      faults: [
        { match: (m) => m.from === A && m.to === B && m.step === 7, action: 'corrupt-length' },
      ],
    });
    const pending = net.channel(B).receive(A, 8, { label: 'open' });
    net.channel(A).send(B, 7, Uint8Array.of(7));
    await rejects(pending, (err: unknown) => {
      code('ERR_PEER_MESSAGE')(err);
      const m = (err as Error).message;
      ok(m.includes('Party a ') && m.includes('step 8') && m.includes('open'), m);
      return true;
    });
    await rejects(net.channel(B).receive(A, 7), code('ERR_PEER_MESSAGE'));
    net.channel(C).send(B, 7, Uint8Array.of(7));
    deepEqual(await net.channel(B).receive(C, 7), Uint8Array.of(7));
    await net.close();
  });

  void test('times limits how many messages a fault hits', async () => {
    const net = memoryNetwork([A, B], {
      timeoutMs: 100,
      faults: [{ match: () => true, action: 'drop', times: 2 }],
    });
    for (const s of [1, 2, 3]) net.channel(A).send(B, s, Uint8Array.of(s));
    await rejects(net.channel(B).receive(A, 1), code('ERR_PEER_TIMEOUT'));
    await rejects(net.channel(B).receive(A, 2), code('ERR_PEER_TIMEOUT'));
    deepEqual(await net.channel(B).receive(A, 3), Uint8Array.of(3));
    await net.close();
  });

  void test('inject adds a fault at run time', async () => {
    const net = memoryNetwork([A, B], { timeoutMs: 100 });
    net.channel(A).send(B, 1, Uint8Array.of(1));
    deepEqual(await net.channel(B).receive(A, 1), Uint8Array.of(1));
    net.inject({ match: (m) => m.step === 2, action: 'drop' });
    net.channel(A).send(B, 2, Uint8Array.of(2));
    await rejects(net.channel(B).receive(A, 2), code('ERR_PEER_TIMEOUT'));
    await net.close();
  });

  void test('crash drops in-flight messages and closes the crashed party’s own channel', async () => {
    const net = memoryNetwork([A, B]);
    net.channel(A).send(B, 1, Uint8Array.of(1));
    net.crash(A); // before the message was delivered
    await rejects(net.channel(B).receive(A, 1), code('ERR_PEER_CLOSED'));
    throws(() => net.channel(A).send(B, 2, Uint8Array.of(2)), code('ERR_NET_CLOSED'));
    await rejects(net.channel(A).receive(B, 2), code('ERR_NET_CLOSED'));
    await net.close();
  });

  void test('stats count messages and bytes between distinct parties', async () => {
    const net = memoryNetwork([A, B]);
    net.channel(A).send(B, 1, new Uint8Array(10));
    net.channel(A).send(A, 1, new Uint8Array(99));
    net.channel(B).send(A, 1, new Uint8Array(5));
    deepEqual(net.stats(), { messages: 2, bytes: 15 });
    await net.close();
  });

  void test('rejects invalid configuration', () => {
    throws(() => memoryNetwork([]), code('ERR_NET_CONFIG'));
    throws(() => memoryNetwork([A, A]), code('ERR_NET_CONFIG'));
    throws(() => memoryNetwork([A, B], { timeoutMs: 0 }), code('ERR_NET_CONFIG'));
    throws(() => memoryNetwork(['bad id' as typeof A]), code('ERR_NET_CONFIG'));
    const net = memoryNetwork([A]);
    throws(() => net.channel(B), code('ERR_NET_UNKNOWN_PEER'));
    throws(() => net.crash(B), code('ERR_NET_UNKNOWN_PEER'));
  });
});
