import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { secbit, secfxp, secint } from '../../../src/mpc/secure/types.js';
import { API_COMMITTEES, assertClose, viaOutsiders } from './helpers.js';

const arbBits = (len: number) => fc.array(fc.boolean(), { minLength: len, maxLength: len });

for (const [n, t] of API_COMMITTEES) {
  describe(`secbit n=${n} t=${t}`, () => {
    test('not, and, or, xor follow the truth tables', async () => {
      await fc.assert(
        fc.asyncProperty(arbBits(4), arbBits(4), async (a0, b0) => {
          const as = [...a0, false, false, true, true];
          const bs = [...b0, false, true, false, true];
          const got = await viaOutsiders(n, t, async (own) => {
            const a = await own(as, secbit);
            const b = await own(bs, secbit);
            return a.not().concat(await a.and(b), await a.or(b), await a.xor(b), await a.xor(true));
          });
          assert.deepEqual(got, [
            ...as.map((x) => !x),
            ...as.map((x, i) => x && bs[i]!),
            ...as.map((x, i) => x || bs[i]!),
            ...as.map((x, i) => x !== bs[i]!),
            ...as.map((x) => !x),
          ]);
        }),
        { numRuns: 3 },
      );
    });

    test('select picks a where the bit is 1 and b where it is 0, for both number types', async () => {
      const cs = [true, false, true, false, true];
      const xs = [1n, 2n, 3n, -4n, 5n];
      const ys = [10n, -20n, 30n, 40n, 50n];
      const got = await viaOutsiders(n, t, async (own) => {
        const c = await own(cs, secbit);
        const x = await own(xs, secint(16));
        const y = await own(ys, secint(16));
        const c0 = c.at(0);
        return (await c.select(x, y)).concat(
          await c.select(x, 0n),
          await c0.select(x, y), // a length-1 condition is broadcast
          c.toInt(secint(16)),
          c.count(secint(16)),
        );
      });
      assert.deepEqual(got, [
        ...cs.map((c, i) => (c ? xs[i]! : ys[i]!)),
        ...cs.map((c, i) => (c ? xs[i]! : 0n)),
        ...xs,
        ...cs.map((c) => (c ? 1n : 0n)),
        3n,
      ]);
      const fx = await viaOutsiders(n, t, async (own) => {
        const c = await own(cs, secbit);
        return c.select(await own([1.5, 2.5, 3.5, 4.5, 5.5], secfxp()), -1.25);
      });
      assertClose(fx, [1.5, -1.25, 3.5, -1.25, 5.5], 0);
    });

    test('randomBits are bits, and not all equal over 64 draws', async () => {
      const got = await viaOutsiders(n, t, async (_own, mpc) => mpc.randomBits(64));
      assert.equal(got.length, 64);
      assert.ok(got.every((b) => typeof b === 'boolean'));
      assert.ok(got.includes(true) && got.includes(false));
    });
  });
}
