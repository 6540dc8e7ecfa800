import { TEST_FIELD } from '../harness.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fpVec } from '../../../src/mpc/field/vec.js';
import { randomMasks } from '../../../src/mpc/protocols/random.js';
import {
  mod2m,
  mod2mRequests,
  trunc,
  truncPr,
  truncPrRequests,
} from '../../../src/mpc/protocols/trunc.js';
import { COMMITTEES, runParties } from '../harness.js';
import { arbInt, edges, floorDiv, openInts, runsFor, shareInts } from './int-util.js';

const mod = (x: bigint, m: number): bigint =>
  ((x % (1n << BigInt(m))) + (1n << BigInt(m))) % (1n << BigInt(m));

/** (k, m) pairs: small, the 64-bit integer case, the fixed-point case and the largest k. */
const arbKm = fc.oneof(
  fc
    .integer({ min: 2, max: 12 })
    .chain((k) => fc.tuple(fc.constant(k), fc.integer({ min: 1, max: k - 1 }))),
  fc.constantFrom<[number, number]>([64, 1], [64, 16], [64, 63], [84, 40], [84, 83]),
);

for (const [n, t] of COMMITTEES) {
  describe(`trunc n=${n} t=${t}`, () => {
    test('truncPr gives ⌊a/2^m⌋ or ⌊a/2^m⌋ + 1 on random and edge values', async () => {
      await fc.assert(
        fc.asyncProperty(
          arbKm.chain(([k, m]) =>
            fc.tuple(fc.constant(k), fc.constant(m), fc.array(arbInt(k), { maxLength: 8 })),
          ),
          async ([k, m, xs0]) => {
            const xs = [...xs0, ...edges(k)];
            const out = await runParties(n, t, async (rt) =>
              openInts(rt, await truncPr(rt, await shareInts(rt, xs), k, m)),
            );
            xs.forEach((x, i) => {
              const f = floorDiv(x, m);
              const y = out[0]![i]!;
              assert.ok(
                y === f || y === f + 1n,
                `truncPr(${x}, ${k}, ${m}) = ${y} is floor or ceil`,
              );
            });
          },
        ),
        { numRuns: runsFor(n, 12) },
      );
    });

    test('mod2m and trunc are exact on random and edge values', async () => {
      await fc.assert(
        fc.asyncProperty(
          arbKm.chain(([k, m]) =>
            fc.tuple(fc.constant(k), fc.constant(m), fc.array(arbInt(k), { maxLength: 8 })),
          ),
          async ([k, m, xs0]) => {
            const xs = [...xs0, ...edges(k)];
            const out = await runParties(n, t, async (rt) => {
              const a = await shareInts(rt, xs);
              const r = await mod2m(rt, a, k, m);
              const q = await trunc(rt, a, k, m);
              return [await openInts(rt, r), await openInts(rt, q)];
            });
            assert.deepEqual(
              out[0]![0],
              xs.map((x) => mod(x, m)),
              'mod2m',
            );
            assert.deepEqual(
              out[0]![1],
              xs.map((x) => floorDiv(x, m)),
              'trunc',
            );
          },
        ),
        { numRuns: runsFor(n, 10) },
      );
    });

    test('empty and one-element vectors, m = 0, and preprocessed masks', async () => {
      const out = await runParties(n, t, async (rt) => {
        const empty = fpVec(TEST_FIELD, 0);
        const e1 = (await truncPr(rt, empty, 16, 4)).length;
        const e2 = (await mod2m(rt, empty, 16, 4)).length;
        const one = await shareInts(rt, [-5n]);
        const id = await openInts(rt, await truncPr(rt, one, 16, 0));
        const zero = await openInts(rt, await mod2m(rt, one, 16, 0));
        const masks = await randomMasks(rt, [
          ...truncPrRequests(1, 16, 2),
          ...mod2mRequests(1, 16, 2),
        ]);
        const before = rt.stats.rounds;
        const tp = await truncPr(rt, one, 16, 2, { masks: masks.slice(0, 1) });
        const md = await trunc(rt, one, 16, 2, { masks: masks.slice(1) });
        const online = rt.stats.rounds - before;
        return { e1, e2, id, zero, tp: await openInts(rt, tp), md: await openInts(rt, md), online };
      });
      for (const o of out) {
        assert.equal(o.e1, 0);
        assert.equal(o.e2, 0);
        assert.deepEqual(o.id, [-5n]);
        assert.deepEqual(o.zero, [0n]);
        assert.ok(o.tp[0] === -2n || o.tp[0] === -1n);
        assert.deepEqual(o.md, [-2n]);
        assert.equal(
          o.online,
          1 + 1,
          'truncPr: 1 open; trunc with m = 2: 1 open, BitLT on one 2-bit digit needs no round',
        );
      }
    });

    test('wrong preprocessed masks and too large k are refused', async () => {
      await assert.rejects(
        runParties(n, t, async (rt) => {
          const masks = await randomMasks(rt, truncPrRequests(2, 16, 3));
          return truncPr(rt, await shareInts(rt, [1n]), 16, 3, { masks });
        }),
        /does not fit/,
      );
      // Largest k with 2^k + (t+1)·2^(k+40) < p (p127: 85 for t ≤ 2, 84 for t = 3).
      let kMax = 1;
      while ((1n << BigInt(kMax + 1)) + BigInt(t + 1) * (1n << BigInt(kMax + 41)) < TEST_FIELD.p)
        kMax++;
      if (TEST_FIELD.name === 'p127') assert.equal(kMax, t >= 3 ? 84 : 85);
      await assert.rejects(
        runParties(n, t, async (rt) => truncPr(rt, fpVec(TEST_FIELD, 1), kMax + 1, 3)),
        (e: unknown) => e instanceof RangeError && e.message.includes(`k = ${kMax + 1}`),
      );
    });
  });
}

test('truncPr rounds up with probability about (a mod 2^m)/2^m', async () => {
  // a = 3 (mod 4), m = 2: ceil with probability 3/4. 400 samples: outside [250, 350] with
  // probability < 1e-6.
  const xs = Array.from({ length: 400 }, () => 7n);
  const out = await runParties(3, 1, async (rt) =>
    openInts(rt, await truncPr(rt, await shareInts(rt, xs), 16, 2)),
  );
  const ups = out[0]!.filter((y) => y === 2n).length;
  assert.ok(out[0]!.every((y) => y === 1n || y === 2n));
  assert.ok(ups > 250 && ups < 350, `rounded up ${ups} of 400 times`);
});
