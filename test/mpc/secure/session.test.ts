import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { partyId } from '../../../src/mpc/channel.js';
import { type MemoryFault, memoryNetwork } from '../../../src/net/memory.js';
import { session } from '../../../src/mpc/secure/session.js';
import { secbit, secfxp, secint, wideint } from '../../../src/mpc/secure/types.js';
import { runSessions, viaOutsiders } from './helpers.js';
import { TEST_FIELD } from '../harness.js';

/** An integer width too wide for divPublic with small divisors in the suite's field. */
const WIDE_K = TEST_FIELD.name === 'p255' ? 200 : 64;

/** Delays on a random half of the messages shake the timing; the steps must not depend on it. */
const delayed: MemoryFault = { match: () => Math.random() < 0.5, action: 'delay', delayMs: 5 };

/** Runs a program whose only input comes from the outsider 'owner'; resolves with its error. */
async function ownerError(values: unknown[] | Int32Array, type = secint(8)): Promise<Error> {
  let caught: unknown;
  await runSessions(
    3,
    1,
    async (mpc) => {
      try {
        await mpc.input(mpc.self === 'owner' ? (values as bigint[]) : undefined, {
          from: 'owner',
          type,
          length: values.length,
        });
      } catch (err: unknown) {
        if (mpc.self === 'owner') caught = err;
        else throw err;
      }
    },
    { outsiders: ['owner'], timeoutMs: 200 },
  ).catch(() => undefined); // the members time out waiting for the refused input
  assert.ok(caught instanceof Error, 'the owner refuses its input');
  return caught;
}

describe('input', () => {
  test('accepts numbers, bigints, booleans, scalars and typed arrays', async () => {
    const ok = await viaOutsiders(3, 1, async (own) => {
      const a = await own([1, -2, 3], secint(8));
      const b = await own(5n, secint(8));
      const c = await own(Int32Array.from([-128, 127]), secint(8));
      return a.concat(b, c);
    });
    assert.deepEqual(ok, [1n, -2n, 3n, 5n, -128n, 127n]);
    const u8 = await viaOutsiders(3, 1, async (own) => own(new Uint8Array([0, 255]), secint(16)));
    assert.deepEqual(u8, [0n, 255n]);
    const fx = await viaOutsiders(3, 1, async (own) =>
      own(Float64Array.from([0.5, -1.25, 3]), secfxp()),
    );
    assert.deepEqual(fx, [0.5, -1.25, 3]);
    const bits = await viaOutsiders(3, 1, async (own) => own([true, 0, 1n, false], secbit));
    assert.deepEqual(bits, [true, false, true, false]);
  });

  test('the default type is secfxp() and a member can input and learn its length', async () => {
    const out = await runSessions(3, 1, async (mpc) => {
      const x = await mpc.input(mpc.self === 'p2' ? [1.5, 2.5] : undefined, { from: 'p2' });
      // The session's field decides the default: f = 16, k = 41 in p127; f = 32, k = 96 in p255.
      assert.equal(
        x.shape,
        TEST_FIELD.name === 'p255' ? 'secfxp(f=32, k=96)[2]' : 'secfxp(f=16, k=41)[2]',
      );
      return x.open();
    });
    assert.deepEqual(out, [
      [1.5, 2.5],
      [1.5, 2.5],
      [1.5, 2.5],
    ]);
  });

  test('out-of-range values are refused with MpcInputError naming the index, not the value', async () => {
    const cases: [
      unknown[] | Int32Array,
      ReturnType<typeof secint> | ReturnType<typeof secfxp> | typeof secbit,
      RegExp,
    ][] = [
      [
        [1, 2, 128],
        secint(8),
        /element 2 does not fit secint\(8\): expected an integer in \[-2\^7, 2\^7\)/,
      ],
      [[0, -129], secint(8), /element 1 does not fit secint\(8\)/],
      [[0.5], secint(8), /element 0 does not fit secint\(8\)/],
      [[2 ** 60], secint(64), /element 0 .* pass a bigint/],
      [Int32Array.from([0, 0, 0, 300]), secint(8), /element 3 does not fit secint\(8\)/],
      [
        [1, Number.NaN],
        secfxp(),
        /element 1 does not fit secfxp\(f=16, k=41\): expected a finite number with \|x\| < 2\^24/,
      ],
      [[2 ** 24], secfxp(), /element 0 does not fit secfxp/],
      [[0, 1, 2], secbit, /element 2 does not fit secbit: expected a bit/],
    ];
    for (const [values, type, re] of cases) {
      const err = await ownerError(values, type as ReturnType<typeof secint>);
      assert.equal(err.name, 'MpcInputError');
      assert.match(err.message, re);
      assert.equal((err as { code?: string }).code, 'ERR_MPC_INPUT');
      // The offending value never appears in the message.
      for (const v of ['128', '129', '300', '16777216', '1152921504606846976'])
        assert.ok(!err.message.includes(v), `message does not include ${v}`);
    }
  });

  test('a length that disagrees with the values is refused', async () => {
    await assert.rejects(
      runSessions(3, 1, async (mpc) =>
        mpc.input(mpc.self === 'p1' ? [1, 2] : undefined, { from: 'p1', length: 3 }),
      ),
      /expected 3 values, got 2|expected 3 elements, got 2/,
    );
  });

  test('a non-member must pass the public length; values from the wrong party are refused', async () => {
    await assert.rejects(
      runSessions(
        3,
        1,
        async (mpc) => mpc.input(mpc.self === 'p1' ? [1] : undefined, { from: 'p1' }),
        { outsiders: ['reader'], timeoutMs: 500 },
      ),
      /party reader is not a committee member and must pass the public length/,
    );
    await assert.rejects(
      runSessions(3, 1, async (mpc) => mpc.input([1], { from: 'p1' }), { timeoutMs: 500 }),
      /passed values, but the input is provided by p1/,
    );
    await assert.rejects(
      runSessions(3, 1, async (mpc) => mpc.input(undefined, { from: 'nobody', length: 1 })),
      (err: unknown) =>
        err instanceof Error && err.name === 'MpcConfigError' && /nobody/.test(err.message),
    );
  });
});

describe('output', () => {
  test('revealTo several recipients, open on members, and revealTo on a pending result', async () => {
    const out = await runSessions(
      3,
      1,
      async (mpc) => {
        const x = await mpc.input(mpc.self === 'owner' ? [3n, 4n] : undefined, {
          from: 'owner',
          type: secint(16),
          length: 2,
        });
        const both = await x.revealTo(['reader', 'p1']);
        const opened = await x.open();
        const squared = await x.mul(x).revealTo('reader');
        return { both, opened, squared };
      },
      { outsiders: ['owner', 'reader'] },
    );
    const [p1, p2, p3, owner, reader] = out;
    assert.deepEqual(p1, { both: [3n, 4n], opened: [3n, 4n], squared: null });
    assert.deepEqual(p2, { both: null, opened: [3n, 4n], squared: null });
    assert.deepEqual(p3, p2);
    assert.deepEqual(owner, { both: null, opened: null, squared: null });
    assert.deepEqual(reader, { both: [3n, 4n], opened: null, squared: [9n, 16n] });
  });

  test('operations started together take their turns in call order on every party', async () => {
    for (const faults of [[], [delayed]]) {
      const out = await runSessions(
        3,
        1,
        async (mpc) => {
          const x = await mpc.input(mpc.self === 'owner' ? [1n, 2n, 3n] : undefined, {
            from: 'owner',
            type: secint(16),
            length: 3,
          });
          // Without turns, these would interleave their steps by network timing.
          return Promise.all([
            x.lt(2).revealTo('reader'),
            x.mul(x).revealTo('reader'),
            x.max().revealTo('reader'),
            x.sum().revealTo('reader'),
          ]);
        },
        { outsiders: ['owner', 'reader'], faults },
      );
      assert.deepEqual(out[4], [[true, false, false], [1n, 4n, 9n], [3n], [6n]]);
    }
  });

  test('inputs and reveals started together overlap, in call order, mixed with other operations', async () => {
    const owners = ['o1', 'o2', 'o3'];
    const data: Record<string, bigint[]> = { o1: [1n, 2n], o2: [30n, 40n], o3: [500n, 600n] };
    for (const [n, t, faults] of [
      [3, 1, []],
      [5, 2, []],
      [3, 1, [delayed]],
      [5, 2, [delayed]],
    ] as const) {
      const out = await runSessions(
        n,
        t,
        async (mpc) => {
          const mine = (o: string) => (mpc.self === o ? data[o] : undefined);
          const c = mpc.constant([7n, 8n], secint(32));
          const [a, sq, b, d] = await Promise.all([
            mpc.input(mine('o1'), { from: 'o1', type: secint(32), length: 2 }),
            c.mul(c),
            mpc.input(mine('o2'), { from: 'o2', type: secint(32), length: 2 }),
            mpc.input(mine('o3'), { from: 'o3', type: secint(32), length: 2 }),
          ]);
          const sum = a.add(b).add(d);
          return Promise.all([
            sum.revealTo('r1'),
            sq.revealTo('r2'),
            (await sum.mul(sq)).revealTo(['r1', 'r2']),
            a.revealTo('r2'),
          ]);
        },
        { outsiders: [...owners, 'r1', 'r2'], faults },
      );
      const r1 = out[n + 3]!;
      const r2 = out[n + 4]!;
      assert.deepEqual(r1, [[531n, 642n], null, [26019n, 41088n], null]);
      assert.deepEqual(r2, [null, [49n, 64n], [26019n, 41088n], [1n, 2n]]);
      for (const o of out.slice(0, n + 3)) assert.deepEqual(o, [null, null, null, null]);
    }
  });

  test('a recipient outside the session and duplicate recipients are refused', async () => {
    await assert.rejects(
      runSessions(3, 1, async (mpc) => mpc.constant([1n], secint()).revealTo('mallory')),
      (err: unknown) =>
        err instanceof Error && err.name === 'MpcConfigError' && /mallory/.test(err.message),
    );
    await assert.rejects(
      runSessions(3, 1, async (mpc) => mpc.constant([1n], secint()).revealTo(['p1', 'p1'])),
      /distinct recipients/,
    );
  });
});

describe('shapes and types', () => {
  test('mismatched lengths name the operation and both shapes', async () => {
    await assert.rejects(
      runSessions(3, 1, (mpc) => {
        const a = mpc.constant([1n, 2n, 3n], secint(16));
        const b = mpc.constant([1n, 2n], secint(16));
        return Promise.resolve(a.add(b));
      }),
      (err: unknown) =>
        err instanceof Error &&
        err.name === 'MpcProtocolError' &&
        /add: expected equal lengths \(or one of length 1\), got secint\(16\)\[3\] and secint\(16\)\[2\]/.test(
          err.message,
        ),
    );
    await assert.rejects(
      runSessions(3, 1, async (mpc) => mpc.constant([1, 2], secfxp()).dot([1, 2, 3])),
      /dot: expected equal lengths, got secfxp\(f=16, k=41\)\[2\] and public\[3\]/,
    );
  });

  test('mixing types is a TypeError naming both shapes; integers promote to the wider', async () => {
    const [widened] = await runSessions(3, 1, async (mpc) => {
      const a = mpc.constant([1n], secint(16));
      const b = mpc.constant([-(1n << 31n)], secint(32));
      const s = a.add(b);
      assert.equal(s.shape, 'secint(32)[1]');
      assert.equal(b.concat(a).shape, 'secint(32)[2]');
      assert.equal(a.concat(b).shape, 'secint(32)[2]');
      return s.open();
    });
    assert.deepEqual(widened, [1n - (1n << 31n)]);
    await assert.rejects(
      runSessions(3, 1, (mpc) => {
        const a = mpc.constant([1n], secint(16));
        const b = mpc.constant([1], secfxp());
        return Promise.resolve(a.add(b as never));
      }),
      (err: unknown) =>
        err instanceof TypeError &&
        /add: expected operands of one type, got secint\(16\)\[1\] and secfxp\(f=16, k=41\)\[1\]/.test(
          err.message,
        ),
    );
    await assert.rejects(
      runSessions(3, 1, async (mpc) => {
        const c = mpc.constant([1], secbit);
        return c.select(mpc.constant([1n], secint(16)), mpc.constant([1], secfxp()) as never);
      }),
      (err: unknown) =>
        err instanceof TypeError && /select: expected a and b of one type/.test(err.message),
    );
  });

  test('vectors of two sessions do not mix', async () => {
    const ids = ['a', 'b', 'c'].map(partyId);
    const net = memoryNetwork(ids);
    try {
      const s1 = session({ channel: net.channels[0]!, committee: ids, t: 1 });
      const s2 = session({ runtime: s1.runtime });
      assert.throws(
        () => s1.constant([1n], secint()).add(s2.constant([1n], secint())),
        /add: operands belong to different sessions/,
      );
    } finally {
      await Promise.all(net.channels.map((c) => c.close()));
    }
  });

  test('slice, at, reverse and concat are local and follow Array semantics', async () => {
    const got = await viaOutsiders(3, 1, async (own) => {
      const x = await own([1n, 2n, 3n, 4n], secint(8));
      return x.slice(1, 3).concat(x.at(-1), x.reverse(), x.slice(-2), x.slice(3, 1));
    });
    assert.deepEqual(got, [2n, 3n, 4n, 4n, 3n, 2n, 1n, 3n, 4n]);
  });

  test('after a failed operation every later one is refused', async () => {
    const out = await runSessions(3, 1, async (mpc) => {
      const x = mpc.constant([1n << 20n], secint(32));
      // An output out of range fails that output only.
      const overflow = await x
        .mul(x)
        .open()
        .catch((err: unknown) => err);
      assert.ok(
        overflow instanceof Error && /outside the range of secint\(32\)/.test(overflow.message),
      );
      assert.deepEqual(await x.open(), [1n << 20n]);
      // A bad public argument is refused at the call, on every party.
      assert.throws(() => x.shiftRight(40), /shiftRight: expected 0 <= m < k = 32, got m = 40/);
      assert.throws(() => x.divPublic(0), /divPublic: expected a positive integer divisor/);
      assert.throws(
        () => mpc.constant([1], secfxp()).mulPublic(2 ** 30 + 0.5),
        /fxpConstant: expected a finite constant inside the fixed-point range/,
      );
      // A failure inside an operation fails the session.
      const first = await mpc
        .constant([5n], wideint(WIDE_K))
        .divPublic(7)
        .catch((err: unknown) => err);
      const second = await x.open().catch((err: unknown) => err);
      return [first, second];
    });
    const [first, second] = out[0]!;
    assert.ok(
      first instanceof RangeError &&
        new RegExp(`divPublic: k = ${WIDE_K} is too wide`).test(first.message),
    );
    assert.ok(
      second instanceof Error && /an earlier operation failed \(RangeError\)/.test(second.message),
    );
  });
});
