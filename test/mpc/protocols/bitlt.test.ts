import { TEST_FIELD } from '../harness.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fpFromBigInts, fpToBigInts } from '../../../src/mpc/field/vec.js';
import { bitLT } from '../../../src/mpc/protocols/bitlt.js';
import { randomMasks } from '../../../src/mpc/protocols/random.js';
import { COMMITTEES, runParties } from '../harness.js';
import { runsFor } from './int-util.js';

for (const [n, t] of COMMITTEES) {
  describe(`bitLT n=${n} t=${t}`, () => {
    test('[c < r] for public c and random shared r, with bit leaves and with 2-bit digits', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 70 }),
          fc.array(fc.bigInt({ min: 0n, max: (1n << 70n) - 1n }), { maxLength: 6 }),
          async (m, cs0) => {
            const N = cs0.length + 3;
            const out = await runParties(n, t, async (rt) => {
              const [mb, mp] = await randomMasks(rt, [
                { count: N, bits: m, highBits: 0, form: 'bits' },
                { count: N, bits: m, highBits: 0, form: 'pairs' },
              ]);
              const rb = fpToBigInts(await rt.open(mb!.low));
              const rp = fpToBigInts(await rt.open(mp!.low));
              // c: random, equal to r, r − 1 and r + 1 (mod 2^m): the boundary cases.
              const mask = (1n << BigInt(m)) - 1n;
              const cOf = (r: bigint[]): bigint[] => [
                ...cs0.map((c) => c & mask),
                r[cs0.length]!,
                (r[cs0.length + 1]! - 1n) & mask,
                (r[cs0.length + 2]! + 1n) & mask,
              ];
              const res: [bigint[], bigint[], bigint[]][] = [];
              for (const [mk, r, pairs] of [
                [mb!, rb, null],
                [mp!, rp, mp!.pairs],
              ] as const) {
                const c = cOf(r);
                const bits = new Uint8Array(N * m);
                TEST_FIELD.kernels.lowBits(bits, fpFromBigInts(TEST_FIELD, c), m);
                const u = await bitLT(rt, bits, mk.r!, m, 'test', pairs);
                res.push([c, r, fpToBigInts(await rt.open(u))]);
              }
              return res;
            });
            for (const [c, r, u] of out[0]!) {
              assert.deepEqual(
                u,
                c.map((ci, i) => (ci < r[i]! ? 1n : 0n)),
                `m=${m}`,
              );
            }
          },
        ),
        { numRuns: runsFor(n, 8) },
      );
    });
  });
}
