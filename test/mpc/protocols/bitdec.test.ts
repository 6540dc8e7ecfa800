import { TEST_FIELD } from '../harness.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fpVec } from '../../../src/mpc/field/vec.js';
import { bitDecompose, bitDecomposeRequests } from '../../../src/mpc/protocols/bitdec.js';
import { randomMasks } from '../../../src/mpc/protocols/random.js';
import { COMMITTEES, runParties } from '../harness.js';
import { arbInt, edges, openInts, runsFor, shareInts } from './int-util.js';

/** Bit i of x mod 2^k, for element-by-element comparison with the bit-major result. */
function wantBits(xs: readonly bigint[], k: number): bigint[] {
  const out: bigint[] = [];
  for (let i = 0; i < k; i++)
    for (const x of xs) out.push((BigInt.asUintN(k, x) >> BigInt(i)) & 1n);
  return out;
}

const arbK = fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constantFrom(31, 64, 85));

for (const [n, t] of COMMITTEES) {
  describe(`bitdec n=${n} t=${t}`, () => {
    test("bitDecompose gives the two's complement bits, bit-major", async () => {
      await fc.assert(
        fc.asyncProperty(
          arbK
            .filter((k) => k <= (t >= 3 ? 84 : 85))
            .chain((k) => fc.tuple(fc.constant(k), fc.array(arbInt(k), { maxLength: 6 }))),
          async ([k, xs0]) => {
            const xs = [...xs0, ...edges(k)];
            const out = await runParties(n, t, async (rt) =>
              openInts(rt, await bitDecompose(rt, await shareInts(rt, xs), k)),
            );
            assert.deepEqual(out[0], wantBits(xs, k), `k=${k}`);
          },
        ),
        { numRuns: runsFor(n, 10) },
      );
    });

    test('empty and one-element vectors, preprocessed masks, round count', async () => {
      const out = await runParties(n, t, async (rt) => {
        const e = (await bitDecompose(rt, fpVec(TEST_FIELD, 0), 16)).length;
        const x = await shareInts(rt, [-6n]);
        const masks = await randomMasks(rt, bitDecomposeRequests(1, 16));
        const before = rt.stats.rounds;
        const bits = await bitDecompose(rt, x, 16, { masks });
        const rounds = rt.stats.rounds - before;
        return { e, bits: await openInts(rt, bits), rounds };
      });
      for (const o of out) {
        assert.equal(o.e, 0);
        assert.deepEqual(o.bits, wantBits([-6n], 16));
        assert.equal(o.rounds, 1 + 4 + 1, 'open, ⌈log2 15⌉ prefix levels, sum bits');
      }
    });
  });
}
