/**
 * The compliance suite every {@link Channel} implementation must pass (in the spirit of
 * js-libp2p's interface-compliance-tests). A transport's test file calls
 * `channelCompliance(name, factory)`.
 */
import { describe, test } from 'node:test';
import { equal, deepEqual, ok, rejects, throws } from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { partyId, type Channel, type PartyId } from '../../src/mpc/channel.js';

export interface ChannelHarness {
  /** One channel per party, in the order of the requested party ids. */
  readonly channels: readonly Channel[];
  /** Kills party `index` abruptly (no flush). */
  crash(index: number): Promise<void>;
  /** Releases everything (idempotent; channels may already be closed). */
  close(): Promise<void>;
}

export type ChannelFactory = (
  parties: readonly PartyId[],
  options: { readonly timeoutMs: number },
) => Promise<ChannelHarness>;

const A = partyId('alice');
const B = partyId('bob');
const C = partyId('carol');

function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed * 7 + (i >>> 11)) & 0xff;
  return out;
}

function digest(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

function hasCode(code: string): (err: unknown) => boolean {
  return (err: unknown) => {
    ok(err instanceof Error, 'expected an Error');
    equal((err as Error & { code?: unknown }).code, code, `expected ${code}, got ${String(err)}`);
    return true;
  };
}

async function withNet(
  factory: ChannelFactory,
  parties: readonly PartyId[],
  timeoutMs: number,
  fn: (chs: readonly Channel[], h: ChannelHarness) => Promise<void> | void,
): Promise<void> {
  const h = await factory(parties, { timeoutMs });
  try {
    await fn(h.channels, h);
  } finally {
    await h.close();
  }
}

function get(chs: readonly Channel[], i: number): Channel {
  const ch = chs[i];
  ok(ch !== undefined, `no channel ${i}`);
  return ch;
}

export function channelCompliance(
  name: string,
  factory: ChannelFactory,
  options: { readonly largeBytes?: number } = {},
): void {
  const large = options.largeBytes ?? 32 * 1024 * 1024;

  void describe(`Channel compliance: ${name}`, () => {
    void test('exposes self, parties and the default timeout', async () => {
      await withNet(factory, [A, B, C], 1234, (chs) => {
        deepEqual(
          chs.map((c) => c.self),
          [A, B, C],
        );
        for (const c of chs) {
          deepEqual([...c.parties], [A, B, C]);
          equal(c.timeoutMs, 1234);
        }
      });
    });

    void test('round trip between every pair of three parties', async () => {
      await withNet(factory, [A, B, C], 5000, async (chs) => {
        for (const [i, from] of chs.entries()) {
          for (const [j, to] of chs.entries()) {
            if (i !== j) from.send(to.self, 1, bytes(10 + i * 3 + j, i * 3 + j));
          }
        }
        const got = await Promise.all(
          chs.flatMap((to, j) =>
            chs
              .filter((_, i) => i !== j)
              .map(async (from) => ({ to: j, from, msg: await to.receive(from.self, 1) })),
          ),
        );
        equal(got.length, 6);
        for (const { to, from, msg } of got) {
          const i = chs.indexOf(from);
          deepEqual(msg, bytes(10 + i * 3 + to, i * 3 + to));
        }
      });
    });

    void test('matches by step whatever the order of sends and receives', async () => {
      await withNet(factory, [A, B], 5000, async (chs) => {
        const [a, b] = [get(chs, 0), get(chs, 1)];
        const early = b.receive(A, 2); // pending before anything is sent
        a.send(B, 3, Uint8Array.of(3));
        a.send(B, 1, Uint8Array.of(1));
        a.send(B, 2, Uint8Array.of(2));
        a.send(B, 0xffff_ffff, Uint8Array.of(9));
        deepEqual(await b.receive(A, 0xffff_ffff), Uint8Array.of(9));
        deepEqual(await b.receive(A, 3), Uint8Array.of(3));
        deepEqual(await early, Uint8Array.of(2));
        deepEqual(await b.receive(A, 1), Uint8Array.of(1));
      });
    });

    void test('delivers an empty payload', async () => {
      await withNet(factory, [A, B], 5000, async (chs) => {
        get(chs, 0).send(B, 7, new Uint8Array(0));
        equal((await get(chs, 1).receive(A, 7)).length, 0);
      });
    });

    void test(`delivers a large message (${large >>> 20} MiB) intact both ways`, async () => {
      await withNet(factory, [A, B], 30_000, async (chs) => {
        const [a, b] = [get(chs, 0), get(chs, 1)];
        const x = bytes(large, 1);
        const y = bytes(large, 2);
        const [dx, dy] = [digest(x), digest(y)];
        a.send(B, 1, x);
        b.send(A, 1, y);
        const [gotX, gotY] = await Promise.all([b.receive(A, 1), a.receive(B, 1)]);
        equal(gotX.length, large);
        equal(gotY.length, large);
        equal(digest(gotX), dx);
        equal(digest(gotY), dy);
      });
    });

    void test('delivers many small messages, received in reverse order', async () => {
      await withNet(factory, [A, B], 10_000, async (chs) => {
        const [a, b] = [get(chs, 0), get(chs, 1)];
        const n = 3000;
        for (let s = 0; s < n; s++) a.send(B, s, Uint8Array.of(s & 0xff, s >>> 8, 7));
        const got: Uint8Array[] = [];
        for (let s = n - 1; s >= 0; s--) got.push(await b.receive(A, s));
        got.reverse();
        for (let s = 0; s < n; s++) deepEqual(got[s], Uint8Array.of(s & 0xff, s >>> 8, 7));
      });
    });

    void test('ping-pong: many sequential small round trips', async () => {
      await withNet(factory, [A, B], 10_000, async (chs) => {
        const [a, b] = [get(chs, 0), get(chs, 1)];
        const rounds = 300;
        const echo = (async () => {
          for (let s = 0; s < rounds; s++) {
            const m = await b.receive(A, s);
            b.send(A, s, Uint8Array.of((m[0] ?? 0) + 1));
          }
        })();
        for (let s = 0; s < rounds; s++) {
          a.send(B, s, Uint8Array.of(s & 0x7f));
          deepEqual(await a.receive(B, s), Uint8Array.of((s & 0x7f) + 1));
        }
        await echo;
      });
    });

    void test('send to self is delivered locally, and not synchronously', async () => {
      await withNet(factory, [A, B], 5000, async (chs) => {
        const a = get(chs, 0);
        let done = false;
        const p = a.receive(A, 4).then((m) => {
          done = true;
          return m;
        });
        a.send(A, 4, Uint8Array.of(4, 4));
        equal(done, false);
        deepEqual(await p, Uint8Array.of(4, 4));
      });
    });

    void test('refuses a party outside the session', async () => {
      await withNet(factory, [A, B], 5000, async (chs) => {
        const a = get(chs, 0);
        throws(() => a.send(C, 1, Uint8Array.of(1)), hasCode('ERR_NET_UNKNOWN_PEER'));
        await rejects(a.receive(C, 1), hasCode('ERR_NET_UNKNOWN_PEER'));
      });
    });

    void test('refuses steps outside 0..2^32-1 and a second receive of one step', async () => {
      await withNet(factory, [A, B], 5000, async (chs) => {
        const [a, b] = [get(chs, 0), get(chs, 1)];
        throws(() => a.send(B, -1, Uint8Array.of(1)), hasCode('ERR_NET_USAGE'));
        throws(() => a.send(B, 2 ** 32, Uint8Array.of(1)), hasCode('ERR_NET_USAGE'));
        throws(() => a.send(B, 1.5, Uint8Array.of(1)), hasCode('ERR_NET_USAGE'));
        await rejects(b.receive(A, Number.NaN), hasCode('ERR_NET_USAGE'));
        a.send(B, 1, Uint8Array.of(1));
        deepEqual(await b.receive(A, 1), Uint8Array.of(1));
        await rejects(b.receive(A, 1), hasCode('ERR_NET_USAGE'));
      });
    });

    void test('a receive that times out names the peer, the step and its label', async () => {
      await withNet(factory, [A, B], 5000, async (chs) => {
        const b = get(chs, 1);
        const t0 = Date.now();
        await rejects(b.receive(A, 42, { timeoutMs: 150, label: 'mul' }), (err: unknown) => {
          hasCode('ERR_PEER_TIMEOUT')(err);
          const e = err as Error & { details: Record<string, unknown> };
          equal(e.name, 'PeerTimeoutError');
          ok(e.message.includes('alice') && e.message.includes('42') && e.message.includes('mul'));
          equal(e.details['party'], 'alice');
          equal(e.details['step'], 42);
          return true;
        });
        const elapsed = Date.now() - t0;
        ok(elapsed >= 140 && elapsed < 2000, `timed out after ${elapsed} ms`);
      });
    });

    void test('the default timeout applies when none is given', async () => {
      await withNet(factory, [A, B], 200, async (chs) => {
        await rejects(get(chs, 1).receive(A, 1), hasCode('ERR_PEER_TIMEOUT'));
      });
    });

    void test('a message sent twice for one step faults the sender (PeerMessageError)', async () => {
      await withNet(factory, [A, B], 5000, async (chs) => {
        const [a, b] = [get(chs, 0), get(chs, 1)];
        a.send(B, 5, Uint8Array.of(1));
        a.send(B, 5, Uint8Array.of(2));
        a.send(B, 6, Uint8Array.of(3));
        // The duplicate may arrive before or after step 5 is received; either way it must
        // surface no later than the next receive from the sender.
        const first = await b.receive(A, 5).then(
          (m) => m,
          (err: unknown) => err,
        );
        if (first instanceof Uint8Array) deepEqual(first, Uint8Array.of(1));
        else hasCode('ERR_PEER_MESSAGE')(first);
        await rejects(b.receive(A, 6), (err: unknown) => {
          hasCode('ERR_PEER_MESSAGE')(err);
          ok((err as Error).message.includes('alice'));
          return true;
        });
      });
    });

    void test('a receive can be aborted through its signal', async () => {
      await withNet(factory, [A, B], 5000, async (chs) => {
        const b = get(chs, 1);
        const ac = new AbortController();
        const p = b.receive(A, 1, { signal: ac.signal, label: 'open' });
        setTimeout(() => ac.abort(new Error('user cancelled')), 20);
        await rejects(p, (err: unknown) => {
          hasCode('ERR_ABORTED')(err);
          ok((err as Error).message.includes('alice'));
          return true;
        });
        await rejects(b.receive(A, 2, { signal: AbortSignal.abort() }), hasCode('ERR_ABORTED'));
        // The aborted step can still be received afterwards.
        get(chs, 0).send(B, 1, Uint8Array.of(8));
        deepEqual(await b.receive(A, 1), Uint8Array.of(8));
      });
    });

    void test('close flushes sent messages; the peer then sees PeerClosedError, not a timeout', async () => {
      await withNet(factory, [A, B], 8000, async (chs) => {
        const [a, b] = [get(chs, 0), get(chs, 1)];
        const big = bytes(4 << 20, 5);
        const d = digest(big);
        a.send(B, 1, big);
        a.send(B, 2, Uint8Array.of(2));
        await a.close();
        equal(digest(await b.receive(A, 1)), d);
        deepEqual(await b.receive(A, 2), Uint8Array.of(2));
        const t0 = Date.now();
        await rejects(b.receive(A, 3), (err: unknown) => {
          hasCode('ERR_PEER_CLOSED')(err);
          ok((err as Error).message.includes('alice'));
          return true;
        });
        ok(Date.now() - t0 < 4000, 'closed link detected before the timeout');
      });
    });

    void test('after close: send throws, receive rejects, pending receives reject, close is idempotent', async () => {
      await withNet(factory, [A, B], 5000, async (chs) => {
        const a = get(chs, 0);
        const pending = a.receive(B, 1);
        const closing = a.close();
        await rejects(pending, hasCode('ERR_NET_CLOSED'));
        await closing;
        await a.close();
        throws(() => a.send(B, 2, Uint8Array.of(1)), hasCode('ERR_NET_CLOSED'));
        await rejects(a.receive(B, 2), hasCode('ERR_NET_CLOSED'));
      });
    });

    void test('a crashed party: its peers get PeerClosedError for pending and later receives', async () => {
      await withNet(factory, [A, B, C], 8000, async (chs, h) => {
        const [b, c] = [get(chs, 1), get(chs, 2)];
        get(chs, 0).send(B, 1, Uint8Array.of(1));
        deepEqual(await b.receive(A, 1), Uint8Array.of(1));
        const pending = b.receive(A, 2, { label: 'mul' });
        await h.crash(0);
        await rejects(pending, (err: unknown) => {
          hasCode('ERR_PEER_CLOSED')(err);
          ok((err as Error).message.includes('alice') && (err as Error).message.includes('mul'));
          return true;
        });
        await rejects(c.receive(A, 2), hasCode('ERR_PEER_CLOSED'));
        // The survivors still talk to each other.
        c.send(B, 3, Uint8Array.of(3));
        deepEqual(await b.receive(C, 3), Uint8Array.of(3));
      });
    });
  });
}
