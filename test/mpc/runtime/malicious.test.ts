/**
 * The malicious-secure mode of the runtime: honest runs verify and give the plaintext result; a
 * member that adds an error to any one message of a multiplication, an open, an input or a
 * contribution is caught by `verify()` (or by a consistency check) before any output, and no
 * honest member is named.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel, PartyId } from '../../../src/mpc/channel.js';
import { MpcVerificationError } from '../../../src/mpc/errors.js';
import { fpFromBigInts, fpToBigInts } from '../../../src/mpc/field/vec.js';
import { Runtime } from '../../../src/mpc/runtime/runtime.js';
import { memoryNetwork } from '../../../src/net/memory.js';
import { TEST_FIELD, memberNames } from '../harness.js';

const P = TEST_FIELD.p;

/** A channel whose sends to `victim` at the `nth` message from `self` get their first byte bumped. */
function tampering(inner: Channel, nth: number, victim?: PartyId): Channel {
  let count = 0;
  return {
    self: inner.self,
    parties: inner.parties,
    timeoutMs: inner.timeoutMs,
    send(to, step, payload) {
      // Only non-empty messages count (an empty one has nothing to alter).
      if ((victim === undefined || to === victim) && payload.byteLength > 0 && count++ === nth) {
        const copy = payload.slice();
        // Flip bit 1 of the first byte: stays a canonical element for almost every share.
        copy[0] = copy[0]! ^ 2;
        inner.send(to, step, copy);
        return;
      }
      inner.send(to, step, payload);
    },
    receive: (from, step, options) => inner.receive(from, step, options),
    close: () => inner.close(),
  };
}

interface Outcome<T> {
  readonly results: (T | Error)[];
}

/** Runs `program` on n members; member `cheater` (1-based, or 0 for none) tampers its nth message. */
async function run<T>(
  n: number,
  t: number,
  program: (rt: Runtime) => Promise<T>,
  cheat?: { readonly member: number; readonly nth: number; readonly victim?: number },
): Promise<Outcome<T>> {
  const committee = memberNames(n);
  const net = memoryNetwork(committee, { timeoutMs: 800 });
  const channels = net.channels.map((c, k) =>
    cheat !== undefined && cheat.member === k + 1
      ? tampering(
          c,
          cheat.nth,
          cheat.victim === undefined ? undefined : committee[cheat.victim - 1],
        )
      : c,
  );
  try {
    const results = await Promise.all(
      channels.map(async (channel) => {
        const rt = new Runtime({ channel, committee, t, field: TEST_FIELD, security: 'malicious' });
        try {
          const out = await program(rt);
          await rt.verify();
          return out;
        } catch (err: unknown) {
          return err instanceof Error ? err : new Error(String(err));
        }
      }),
    );
    return { results };
  } finally {
    await Promise.all(net.channels.map((c) => c.close()));
  }
}

/** How many messages member `member` sends in an honest run of {@link program}. */
async function countSends(n: number, t: number, member: number): Promise<number> {
  const committee = memberNames(n);
  const net = memoryNetwork(committee, { timeoutMs: 3_000 });
  let count = 0;
  const channels = net.channels.map((c, k): Channel =>
    k + 1 === member
      ? {
          self: c.self,
          parties: c.parties,
          timeoutMs: c.timeoutMs,
          send: (to, step, payload) => {
            if (payload.byteLength > 0) count++;
            c.send(to, step, payload);
          },
          receive: (from, step, options) => c.receive(from, step, options),
          close: () => c.close(),
        }
      : c,
  );
  try {
    await Promise.all(
      channels.map(async (channel) => {
        const rt = new Runtime({ channel, committee, t, field: TEST_FIELD, security: 'malicious' });
        await program(rt);
        await rt.verify();
      }),
    );
  } finally {
    await Promise.all(net.channels.map((c) => c.close()));
  }
  return count;
}

const xs = [3n, 0n, P - 1n, 1n << 100n, 12345n];
const ys = [7n, 5n, P - 2n, 3n, 1n];

/** A program touching every recorded primitive, ending in an output. */
async function program(rt: Runtime): Promise<bigint[]> {
  const x = await rt.input(rt.member(1), rt.index === 1 ? fpFromBigInts(TEST_FIELD, xs) : 5);
  const y = await rt.input(rt.member(2), rt.index === 2 ? fpFromBigInts(TEST_FIELD, ys) : 5);
  const [r] = await rt.contribute(new Uint8Array(5));
  const masked = fpFromBigInts(TEST_FIELD, [0n, 0n, 0n, 0n, 0n]);
  rt.field.kernels.add(masked, x!, r!);
  await rt.open(masked); // an internal open of a masked value
  const z = await rt.mul(x!, y!);
  const w = await rt.mulSum([
    [z, y!],
    [x!, x!],
  ]);
  const m = await rt.matmul(fpFromBigInts(TEST_FIELD, [1n]), z, 1, 1, 5);
  rt.field.kernels.add(w, w, m);
  return fpToBigInts(await rt.openOutput(w));
}

function expected(): bigint[] {
  return xs.map((x, i) => {
    const y = ys[i]!;
    const z = (x * y) % P;
    return (z * y + x * x + z) % P;
  });
}

function isVerification(e: unknown): boolean {
  return (
    e instanceof Error &&
    ((e instanceof MpcVerificationError && /verification failed \(/.test(e.message)) ||
      (e as { code?: string }).code === 'ERR_PEER_MESSAGE' ||
      (e as { code?: string }).code === 'ERR_PEER_TIMEOUT')
  );
}

for (const [n, t] of [
  [3, 1],
  [5, 2],
] as const) {
  describe(`malicious runtime n=${n} t=${t}`, () => {
    test('an honest run verifies and opens the plaintext result', async () => {
      const { results } = await run(n, t, program);
      for (const r of results) assert.deepEqual(r, expected());
    });

    test('an error added to any one message of a cheating member is detected', async () => {
      const sent = await countSends(n, t, 2);
      assert.ok(sent > 10);
      for (let nth = 0; nth < sent; nth++) {
        const { results } = await run(n, t, program, { member: 2, nth });
        const honest = results.filter((_, k) => k + 1 !== 2);
        const failed = honest.filter((r) => r instanceof Error);
        assert.ok(failed.length > 0, `nth=${nth} of ${sent}: the cheat went undetected`);
        for (const r of failed) {
          assert.ok(isVerification(r), `nth=${nth}: unexpected ${r.name}: ${r.message}`);
          // Never an honest member named (a timeout waiting for a member that aborted blames nobody).
          const code = (r as { code?: string }).code;
          const party = (r as { details?: Record<string, unknown> }).details?.['party'];
          if (code !== 'ERR_PEER_TIMEOUT')
            assert.ok(
              party === undefined || party === 'p2',
              `nth=${nth}: named ${String(party)}: ${r.message}`,
            );
        }
        // Security with abort: whoever does finish has the right result.
        for (const r of honest) if (!(r instanceof Error)) assert.deepEqual(r, expected());
      }
    });
  });
}
