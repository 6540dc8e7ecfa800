/**
 * Faults at the runtime level: a missing, crashed or misbehaving peer makes the computation fail
 * with an error naming the peer and the step, within the timeout: never a hang, never a wrong
 * result.
 */
import { TEST_FIELD } from '../harness.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { partyId } from '../../../src/mpc/channel.js';
import { fpFromBigInts, fpToBigInts } from '../../../src/mpc/field/vec.js';
import { MpcVerificationError } from '../../../src/mpc/errors.js';
import type { Runtime } from '../../../src/mpc/runtime/runtime.js';
import type { MemoryFault } from '../../../src/net/memory.js';
import { runParties } from '../harness.js';

const p1 = partyId('p1');
const p2 = partyId('p2');

/** p1 inputs [3, 4, 5]; everyone squares and opens. Internal step 0 is the mul, step 1 the open. */
async function squareAndOpen(rt: Runtime): Promise<bigint[]> {
  const x = await rt.input(p1, rt.index === 1 ? fpFromBigInts(TEST_FIELD, [3n, 4n, 5n]) : 3);
  return fpToBigInts(await rt.open(await rt.mul(x!, x!)));
}

function fromP2AtStep(step: number): (m: { from: string; step: number }) => boolean {
  return (m) => m.from === 'p2' && m.step === step;
}

async function expectFailure(
  faults: MemoryFault[],
  check: (err: Error) => void,
  timeoutMs = 300,
): Promise<void> {
  const started = Date.now();
  await assert.rejects(runParties(3, 1, squareAndOpen, { faults, timeoutMs }), (err: unknown) => {
    assert.ok(err instanceof Error);
    check(err);
    return true;
  });
  assert.ok(Date.now() - started < timeoutMs + 2000, 'failed within the timeout, no hang');
}

describe('runtime faults (n=3, t=1)', () => {
  test('the fault-free run gives the right answer', async () => {
    const out = await runParties(3, 1, squareAndOpen);
    for (const o of out) assert.deepEqual(o, [9n, 16n, 25n]);
  });

  test('a missing message: timeout naming the peer and the step', async () => {
    await expectFailure([{ match: fromP2AtStep(0), action: 'drop' }], (err) => {
      assert.equal(err.name, 'PeerTimeoutError');
      assert.match(err.message, /party p2/i);
      assert.match(err.message, /step 0 \(mul\)/);
    });
  });

  test('a late message (delayed past the timeout) is a timeout, not a hang', async () => {
    await expectFailure([{ match: fromP2AtStep(1), action: 'delay', delayMs: 1500 }], (err) => {
      assert.equal(err.name, 'PeerTimeoutError');
      assert.match(err.message, /party p2.*step 1 \(open\)/i);
    });
  });

  test('a truncated message is refused with its expected length', async () => {
    await expectFailure([{ match: fromP2AtStep(0), action: 'truncate' }], (err) => {
      assert.equal(err.name, 'PeerMessageError');
      assert.match(err.message, /party p2.*step 0 \(mul\)/i);
      assert.match(err.message, new RegExp(`expected ${3 * TEST_FIELD.bytes} bytes`));
    });
  });

  test('a duplicated message is refused', async () => {
    await expectFailure([{ match: fromP2AtStep(0), action: 'duplicate' }], (err) => {
      assert.equal(err.name, 'PeerMessageError');
      assert.match(err.message, /party p2/i);
    });
  });

  test('a corrupt frame is refused', async () => {
    await expectFailure([{ match: fromP2AtStep(0), action: 'corrupt-length' }], (err) => {
      assert.equal(err.name, 'PeerMessageError');
      assert.match(err.message, /party p2/i);
    });
  });

  test('a crashed party: the others fail with PeerClosedError naming it', async () => {
    await assert.rejects(
      runParties(
        3,
        1,
        async (rt) => {
          if (rt.self === p2) {
            await new Promise<never>(() => {}); // p2 never computes; it is crashed below
          }
          return squareAndOpen(rt);
        },
        { timeoutMs: 5000, onNetwork: (net) => setTimeout(() => net.crash(p2), 50) },
      ),
      (err: unknown) => {
        assert.ok(err instanceof Error);
        assert.equal(err.name, 'PeerClosedError');
        assert.match(err.message, /party p2/i);
        return true;
      },
    );
  });

  test('a non-canonical field element is refused, naming its index', async () => {
    await assert.rejects(
      runParties(
        3,
        1,
        async (rt) => {
          if (rt.self === p2) {
            // A malicious p2 skips the protocol and sends 3 elements of all-one bits (>= p).
            rt.channel.send(p1, 0, new Uint8Array(3 * TEST_FIELD.bytes).fill(0xff));
            return [];
          }
          const x = await rt.input(rt.self, fpFromBigInts(TEST_FIELD, [1n, 2n, 3n]));
          return fpToBigInts(await rt.open(x!));
        },
        { timeoutMs: 300 },
      ),
      (err: unknown) => {
        assert.ok(err instanceof Error);
        assert.equal(err.name, 'PeerMessageError');
        assert.match(err.message, /party p2.*element 0 is not a canonical/i);
        return true;
      },
    );
  });

  // A lying member is named only when the shares convict it (unique decoding): never for n = 3,
  // t = 1 (a single bad share of three fits a line with either other share), and for n = 4,
  // t = 1 and n = 5, t = 2 (one bad share is within the decoding radius ⌊(n − t − 1)/2⌋ = 1).
  for (const [n, t, named] of [
    [3, 1, false],
    [4, 1, true],
    [5, 2, true],
  ] as const) {
    for (const liar of Array.from({ length: n }, (_, k) => k + 1)) {
      test(`an inconsistent output share of member ${liar} is detected (n=${n}, t=${t}), ${named ? 'naming it' : 'naming nobody'}`, async () => {
        const reader = partyId('reader');
        await assert.rejects(
          runParties(
            n,
            t,
            async (rt) => {
              const x = await rt.input(
                rt.member(1),
                rt.index === 1 ? fpFromBigInts(TEST_FIELD, [7n, 8n]) : 2,
              );
              const share = rt.index === liar ? fpFromBigInts(TEST_FIELD, [123456789n, 5n]) : x;
              return rt.revealTo(reader, share, 2);
            },
            { outsiders: ['reader'], timeoutMs: 1000 },
          ),
          (err: unknown) => {
            assert.ok(err instanceof MpcVerificationError, String(err));
            assert.match(err.message, /verification failed \(output shares at step \d+: /);
            const party = (err.details as Record<string, unknown>)['party'];
            assert.equal(party, named ? `p${liar}` : undefined);
            if (!named) assert.match(err.message, /shares are inconsistent/);
            return true;
          },
        );
      });
    }
  }

  test('an aborted computation stops with AbortedError', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(
      runParties(3, 1, async (rt) => {
        // Everyone waits for a message that never comes; the signal cancels the receive.
        return rt.channel.receive(p2 === rt.self ? p1 : p2, 999, { signal: ac.signal });
      }),
      (err: unknown) => err instanceof Error && err.name === 'AbortedError',
    );
  });
});

test('a seed of the wrong size is refused, naming the peer', async () => {
  // n = 3, t = 1: member p3 is the seeded member of dealer p2, so p2's reshare message to p3 is a
  // 32-byte seed. Truncating it must be caught.
  await assert.rejects(
    runParties(3, 1, squareAndOpen, {
      faults: [
        { match: (m) => m.from === 'p2' && m.to === 'p3' && m.step === 0, action: 'truncate' },
      ],
      timeoutMs: 300,
    }),
    (err: unknown) => {
      assert.ok(err instanceof Error);
      assert.equal(err.name, 'PeerMessageError');
      assert.match(err.message, /party p2.*32-byte share seed, got 16 bytes/i);
      return true;
    },
  );
});

test('a truncated group seed (t = 1) is refused, naming its sender', async () => {
  await assert.rejects(
    runParties(3, 1, async (rt) => (await rt.contribute(new Uint8Array([1, 1]))).length, {
      faults: [{ match: (m) => m.from === 'p1' && m.step === 0x7fff_ffff, action: 'truncate' }],
      timeoutMs: 300,
    }),
    (err: unknown) => {
      assert.ok(err instanceof Error);
      assert.equal(err.name, 'PeerMessageError');
      assert.match(err.message, /party p1.*group seed.*32-byte seed, got 16 bytes/i);
      return true;
    },
  );
});

test('with t = 1, the last member holds share 0 of the group contribution', async () => {
  const out = await runParties(3, 1, async (rt) => {
    const [group] = await rt.contribute(new Uint8Array(8).fill(40));
    return group!.words.every((w) => w === 0n);
  });
  assert.deepEqual(out, [false, false, true]);
});
