import { TEST_FIELD } from '../harness.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fpVec } from '../../../src/mpc/field/vec.js';
import {
  eq,
  eqRequests,
  eqz,
  ge,
  gt,
  le,
  lt,
  ltRequests,
  ltz,
  ne,
} from '../../../src/mpc/protocols/compare.js';
import { randomMasks } from '../../../src/mpc/protocols/random.js';
import { COMMITTEES, runParties } from '../harness.js';
import { arbInt, edges, openInts, runsFor, shareInts } from './int-util.js';

const b = (x: boolean): bigint => (x ? 1n : 0n);
/** Bit lengths: tiny (k = 1, 2 reach the special cases), small, 32 and 64 (the integer types). */
const arbK = fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constantFrom(17, 32, 64));

/** Inputs with many equal and neighbouring values so that = and < both get 0 and 1. */
function arbVals(k: number): fc.Arbitrary<bigint[]> {
  return fc.array(arbInt(k), { maxLength: 8 });
}

for (const [n, t] of COMMITTEES) {
  describe(`compare n=${n} t=${t}`, () => {
    test('ltz and eqz match the plaintext on random and edge values', async () => {
      await fc.assert(
        fc.asyncProperty(
          arbK.chain((k) => fc.tuple(fc.constant(k), arbVals(k))),
          async ([k, xs0]) => {
            const xs = [...xs0, ...edges(k)];
            const out = await runParties(n, t, async (rt) => {
              const a = await shareInts(rt, xs);
              return [
                await openInts(rt, await ltz(rt, a, k)),
                await openInts(rt, await eqz(rt, a, k)),
              ];
            });
            assert.deepEqual(
              out[0]![0],
              xs.map((x) => b(x < 0n)),
              `ltz k=${k}`,
            );
            assert.deepEqual(
              out[0]![1],
              xs.map((x) => b(x === 0n)),
              `eqz k=${k}`,
            );
          },
        ),
        { numRuns: runsFor(n, 10) },
      );
    });

    test('lt, le, gt, ge, eq, ne match the plaintext on k-bit pairs', async () => {
      await fc.assert(
        fc.asyncProperty(
          arbK.chain((k) => fc.tuple(fc.constant(k), arbVals(k), arbVals(k))),
          async ([k, xs0, ys0]) => {
            // all pairs of edge values, plus random pairs and equal pairs
            const e = edges(k);
            const len = Math.min(xs0.length, ys0.length);
            const xs = [...xs0.slice(0, len), ...xs0, ...e.flatMap((x) => e.map(() => x))];
            const ys = [...ys0.slice(0, len), ...xs0, ...e.flatMap(() => e)];
            const out = await runParties(n, t, async (rt) => {
              const a = await shareInts(rt, xs);
              const c = await shareInts(rt, ys);
              const res: bigint[][] = [];
              for (const f of [lt, le, gt, ge, eq, ne])
                res.push(await openInts(rt, await f(rt, a, c, k)));
              return res;
            });
            const want = [
              (x: bigint, y: bigint) => x < y,
              (x: bigint, y: bigint) => x <= y,
              (x: bigint, y: bigint) => x > y,
              (x: bigint, y: bigint) => x >= y,
              (x: bigint, y: bigint) => x === y,
              (x: bigint, y: bigint) => x !== y,
            ];
            want.forEach((f, j) => {
              assert.deepEqual(
                out[0]![j],
                xs.map((x, i) => b(f(x, ys[i]!))),
                `${['lt', 'le', 'gt', 'ge', 'eq', 'ne'][j]} k=${k}`,
              );
            });
          },
        ),
        { numRuns: runsFor(n, 6) },
      );
    });

    test('empty and one-element vectors, preprocessed masks, and round counts', async () => {
      const out = await runParties(n, t, async (rt) => {
        const e0 =
          (await ltz(rt, fpVec(TEST_FIELD, 0), 64)).length +
          (await eqz(rt, fpVec(TEST_FIELD, 0), 64)).length;
        const x = await shareInts(rt, [-7n]);
        const y = await shareInts(rt, [-7n]);
        const masks = await randomMasks(rt, [...ltRequests(1, 64), ...eqRequests(1, 64)]);
        const before = rt.stats.rounds;
        const l = await lt(rt, x, y, 64, { masks: masks.slice(0, 1) });
        const mid = rt.stats.rounds;
        const q = await eq(rt, x, y, 64, { masks: masks.slice(1) });
        const after = rt.stats.rounds;
        return {
          e0,
          l: await openInts(rt, l),
          q: await openInts(rt, q),
          ltRounds: mid - before,
          eqRounds: after - mid,
        };
      });
      for (const o of out) {
        assert.equal(o.e0, 0);
        assert.deepEqual(o.l, [0n]);
        assert.deepEqual(o.q, [1n]);
        assert.equal(
          o.ltRounds,
          1 + 5,
          'lt on 64 bits: open + ⌈log2 32⌉ BitLT rounds on 2-bit digits',
        );
        assert.equal(
          o.eqRounds,
          1 + 1 + 1 + 3,
          'eq on 64 bits: open, dot, open, product of 7 bits',
        );
      }
    });
  });
}

/** The largest k that ltz accepts for t = 1: k + κ + 1 < bits (85 in p127, 213 in p255). */
const KMAX_T1 = TEST_FIELD.bits - 42;

test('lt and eq refuse k whose difference exceeds the mask bound, naming k and the field', async () => {
  for (const f of [lt, eq]) {
    await assert.rejects(
      runParties(3, 1, async (rt) => f(rt, fpVec(TEST_FIELD, 1), fpVec(TEST_FIELD, 1), KMAX_T1)),
      (e: unknown) =>
        e instanceof RangeError &&
        e.message.includes(`k = ${KMAX_T1}`) &&
        e.message.includes(TEST_FIELD.name),
    );
  }
});

test('ltz refuses k beyond the mask bound, naming k and the field', async () => {
  await assert.rejects(
    runParties(3, 1, async (rt) => ltz(rt, fpVec(TEST_FIELD, 1), KMAX_T1 + 1)),
    (e: unknown) =>
      e instanceof RangeError &&
      e.message.includes(`k = ${KMAX_T1 + 1}`) &&
      e.message.includes(`field ${TEST_FIELD.name}`),
  );
});
