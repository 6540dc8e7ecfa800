import { TEST_FIELD } from '../harness.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { type FpVec, fpFromBigInts, fpToBigInts, fpVec } from '../../../src/mpc/field/vec.js';
import { partyId } from '../../../src/mpc/channel.js';
import { COMMITTEES, runParties } from '../harness.js';

const SEMI = { security: 'semi-honest' } as const;

const arbVec = (max = 20) =>
  fc.array(fc.bigInt({ min: 0n, max: TEST_FIELD.p - 1n }), { minLength: 0, maxLength: max });

const EDGE = [
  0n,
  1n,
  TEST_FIELD.p - 1n,
  TEST_FIELD.p - 2n,
  1n << 64n,
  (1n << 64n) - 1n,
  1n << 126n,
];

for (const [n, t] of COMMITTEES) {
  describe(`runtime n=${n} t=${t}`, () => {
    test('input then open returns the input to every member', async () => {
      await fc.assert(
        fc.asyncProperty(arbVec(), async (xs) => {
          const out = await runParties(n, t, async (rt) => {
            const x = await rt.input(
              rt.member(1),
              rt.index === 1 ? fpFromBigInts(TEST_FIELD, xs) : xs.length,
            );
            return fpToBigInts(await rt.open(x!));
          });
          for (const o of out) assert.deepEqual(o, xs);
        }),
        { numRuns: 10 },
      );
    });

    test('mul opens to the elementwise product, on random and edge values', async () => {
      await fc.assert(
        fc.asyncProperty(arbVec(), arbVec(), async (xs0, ys0) => {
          const xs = [...xs0.slice(0, ys0.length), ...EDGE];
          const ys = [...ys0.slice(0, xs0.length), ...EDGE.slice().reverse()];
          const out = await runParties(n, t, async (rt) => {
            const x = await rt.input(
              rt.member(1),
              rt.index === 1 ? fpFromBigInts(TEST_FIELD, xs) : undefined,
            );
            const y = await rt.input(
              rt.member(n),
              rt.index === n ? fpFromBigInts(TEST_FIELD, ys) : undefined,
            );
            return fpToBigInts(await rt.open(await rt.mul(x!, y!)));
          });
          const want = xs.map((x, i) => (x * ys[i]!) % TEST_FIELD.p);
          for (const o of out) assert.deepEqual(o, want);
        }),
        { numRuns: 8 },
      );
    });

    test('an outsider inputs and an outsider alone receives the revealed value', async () => {
      const xs = [5n, 0n, TEST_FIELD.p - 1n];
      const out = await runParties(
        n,
        t,
        async (rt) => {
          const owner = partyId('owner');
          const x = await rt.input(owner, rt.self === owner ? fpFromBigInts(TEST_FIELD, xs) : 3);
          let y: FpVec | null = null;
          if (rt.isMember) {
            y = await rt.mul(x!, x!);
          }
          const r = await rt.revealTo(partyId('reader'), y, 3);
          return r === null ? null : fpToBigInts(r);
        },
        { outsiders: ['owner', 'reader'] },
      );
      assert.deepEqual(out.slice(0, n + 1), Array(n + 1).fill(null));
      assert.deepEqual(
        out[n + 1],
        xs.map((x) => (x * x) % TEST_FIELD.p),
      );
    });

    test('contribute gives values below 2^width, and t+1 independent vectors', async () => {
      const widths = new Uint8Array([1, 1, 1, 8, 8, 40, 0]);
      const out = await runParties(n, t, async (rt) => {
        const cs = await rt.contribute(widths);
        return Promise.all(cs.map(async (c) => fpToBigInts(await rt.open(c))));
      });
      assert.equal(out[0]!.length, t + 1);
      for (const c of out[0]!) {
        widths.forEach((w, i) => {
          if (w !== 0) assert.ok(c[i]! < 1n << BigInt(w), `element ${i} below 2^${w}`);
        });
      }
      for (const o of out) assert.deepEqual(o, out[0]);
    });

    test('dealFrom: several members deal private values in one round', async () => {
      await fc.assert(
        fc.asyncProperty(arbVec(), arbVec(), async (xs0, ys0) => {
          const len = Math.min(xs0.length, ys0.length);
          const xs = xs0.slice(0, len);
          const ys = ys0.slice(0, len);
          const out = await runParties(n, t, async (rt) => {
            const mine = rt.index === 2 ? xs : rt.index === n ? ys : null;
            const before = rt.stats.rounds;
            const [x, y] = await rt.dealFrom(
              [2, n],
              mine === null ? null : fpFromBigInts(TEST_FIELD, mine),
              len,
            );
            const rounds = rt.stats.rounds - before;
            return { rounds, x: fpToBigInts(await rt.open(x!)), y: fpToBigInts(await rt.open(y!)) };
          });
          for (const o of out) assert.deepEqual(o, { rounds: 1, x: xs, y: ys });
        }),
        { numRuns: 5 },
      );
    });

    // exchange, groupRandom and groupShare are semi-honest only (refused in malicious mode).
    test('exchange delivers raw bytes between chosen members, and checks lengths', async () => {
      const out = await runParties(
        n,
        t,
        async (rt) => {
          const sends = new Map<number, Uint8Array>();
          const receives = new Map<number, number>();
          if (rt.index === 1) sends.set(n, new Uint8Array([1, 2, 3]));
          if (rt.index === n) receives.set(1, 3);
          const got = await rt.exchange(sends, receives);
          return got.has(1) ? [...got.get(1)!] : [];
        },
        SEMI,
      );
      assert.deepEqual(out[n - 1], [1, 2, 3]);
      assert.deepEqual(out[0], []);
      await assert.rejects(
        runParties(
          n,
          t,
          async (rt) => {
            const sends = new Map<number, Uint8Array>();
            if (rt.index === 1) sends.set(2, new Uint8Array(5));
            await rt.exchange(sends, new Map(rt.index === 2 ? [[1, 4]] : []));
          },
          SEMI,
        ),
        (err: unknown) => err instanceof Error && err.name === 'PeerMessageError',
      );
    });

    test('empty vectors cost nothing wrong', async () => {
      const out = await runParties(n, t, async (rt) => {
        const x = await rt.input(rt.member(1), rt.index === 1 ? fpVec(TEST_FIELD, 0) : 0);
        return (await rt.open(await rt.mul(x!, x!))).length;
      });
      assert.deepEqual(out, Array(n).fill(0));
    });
  });
}

for (const n of [3, 4, 5]) {
  test(`groupRandom and groupShare (n=${n}, t=1): values known to P_1..P_${n - 1} only, shared for free`, async () => {
    const out = await runParties(
      n,
      1,
      async (rt) => {
        const widths = new Uint8Array([1, 8, 64, 126, 0]);
        const before = rt.stats.rounds;
        const g = await rt.groupRandom(widths);
        const free = rt.groupShare(g.values ?? widths.length);
        const rounds = rt.stats.rounds - before;
        return {
          rounds,
          values: g.values === null ? null : fpToBigInts(g.values),
          opened: fpToBigInts(await rt.open(g.shares)),
          again: fpToBigInts(await rt.open(free)),
          own: fpToBigInts(g.shares),
        };
      },
      SEMI,
    );
    const values = out[0]!.values!;
    [1n, 8n, 64n, 126n].forEach((w, i) => assert.ok(values[i]! < 1n << w, `width ${w}`));
    for (const [i, o] of out.entries()) {
      assert.equal(o.rounds, 0, 'no communication');
      assert.deepEqual(o.opened, values);
      assert.deepEqual(o.again, values);
      if (i === n - 1) {
        assert.equal(o.values, null, 'P_n does not learn the values');
        assert.deepEqual(o.own, Array(5).fill(0n), "P_n's share is 0");
      } else assert.deepEqual(o.values, values);
    }
  });
}

test('exchange, groupRandom and groupShare refuse the malicious mode', async () => {
  await runParties(
    3,
    1,
    async (rt) => {
      await assert.rejects(
        rt.exchange(new Map(), new Map()),
        /not available with security 'malicious'/,
      );
      assert.throws(() => rt.groupRandom(new Uint8Array(1)), /not available/);
      assert.throws(() => rt.groupShare(1), /not available/);
    },
    { security: 'malicious' },
  );
});

test('groupRandom refuses t ≠ 1', async () => {
  await assert.rejects(
    runParties(5, 2, (rt) => rt.groupRandom(new Uint8Array(1))),
    (err: unknown) => err instanceof Error && err.name === 'MpcProtocolError',
  );
});

test('runtime refuses t >= n/2', async () => {
  await assert.rejects(
    runParties(4, 2, () => Promise.resolve(0)),
    (err: unknown) => err instanceof Error && /threshold/.test(err.message),
  );
});
