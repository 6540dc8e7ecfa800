import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { P127 } from '../../../src/mpc/field/fp.js';
import { type FpVec, fpFromBigInts, fpToBigInts, fpVec } from '../../../src/mpc/field/vec.js';
import { partyId } from '../../../src/mpc/channel.js';
import { COMMITTEES, runParties } from '../harness.js';

const arbVec = (max = 20) =>
  fc.array(fc.bigInt({ min: 0n, max: P127 - 1n }), { minLength: 0, maxLength: max });

const EDGE = [0n, 1n, P127 - 1n, P127 - 2n, 1n << 64n, (1n << 64n) - 1n, 1n << 126n];

for (const [n, t] of COMMITTEES) {
  describe(`runtime n=${n} t=${t}`, () => {
    test('input then open returns the input to every member', async () => {
      await fc.assert(
        fc.asyncProperty(arbVec(), async (xs) => {
          const out = await runParties(n, t, async (rt) => {
            const x = await rt.input(rt.member(1), rt.index === 1 ? fpFromBigInts(xs) : xs.length);
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
            const x = await rt.input(rt.member(1), rt.index === 1 ? fpFromBigInts(xs) : undefined);
            const y = await rt.input(rt.member(n), rt.index === n ? fpFromBigInts(ys) : undefined);
            return fpToBigInts(await rt.open(await rt.mul(x!, y!)));
          });
          const want = xs.map((x, i) => (x * ys[i]!) % P127);
          for (const o of out) assert.deepEqual(o, want);
        }),
        { numRuns: 8 },
      );
    });

    test('an outsider inputs and an outsider alone receives the revealed value', async () => {
      const xs = [5n, 0n, P127 - 1n];
      const out = await runParties(
        n,
        t,
        async (rt) => {
          const owner = partyId('owner');
          const x = await rt.input(owner, rt.self === owner ? fpFromBigInts(xs) : 3);
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
        xs.map((x) => (x * x) % P127),
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

    test('empty vectors cost nothing wrong', async () => {
      const out = await runParties(n, t, async (rt) => {
        const x = await rt.input(rt.member(1), rt.index === 1 ? fpVec(0) : 0);
        return (await rt.open(await rt.mul(x!, x!))).length;
      });
      assert.deepEqual(out, Array(n).fill(0));
    });
  });
}

test('runtime refuses t >= n/2', async () => {
  await assert.rejects(
    runParties(4, 2, () => Promise.resolve(0)),
    (err: unknown) => err instanceof Error && /threshold/.test(err.message),
  );
});
