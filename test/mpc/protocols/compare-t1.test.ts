import { TEST_FIELD } from '../harness.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MpcProtocolError } from '../../../src/mpc/errors.js';
import { fpVec } from '../../../src/mpc/field/vec.js';
import { eqRequests, eqz, ltRequests, ltz } from '../../../src/mpc/protocols/compare.js';
import {
  digitWidths,
  eqGatePlan,
  eqzT1,
  ltGatePlan,
  ltzT1,
} from '../../../src/mpc/protocols/compare-t1.js';
import { randomMasks } from '../../../src/mpc/protocols/random.js';
import { type RunOptions, runParties } from '../harness.js';
import type { Runtime } from '../../../src/mpc/runtime/runtime.js';

/**
 * The binary-domain t = 1 path is semi-honest only (its dealer P_n and XOR-shared messages are
 * not verified): it runs semi-honest whatever PARLEY_TEST_SECURITY says, and refuses malicious.
 */
function runSemiHonest<T>(
  n: number,
  t: number,
  program: (rt: Runtime) => Promise<T>,
  options: RunOptions = {},
): Promise<T[]> {
  return runParties(n, t, program, { ...options, security: 'semi-honest' });
}
import { arbInt, edges, openInts, shareInts } from './int-util.js';

const b = (x: boolean): bigint => (x ? 1n : 0n);
/** Widths around the digits (3 and 4 bits) and word boundaries, the integer types and the mask bound. */
const arbK = fc.oneof(fc.integer({ min: 2, max: 14 }), fc.constantFrom(32, 33, 64, 65, 85));
/** Lengths that end inside, at and just past a 32-element plane word. */
const arbLen = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constantFrom(31, 32, 33, 65));

/** Committees with t = 1 (the fast path): n = 3, 4, and 5 with a larger group P_1..P_4. */
const T1: ReadonlyArray<number> = [3, 4, 5];

for (const n of T1) {
  describe(`ltzT1 n=${n} t=1`, () => {
    test('[a < 0] and [a = 0] match the plaintext on random and edge values, any length', async () => {
      await fc.assert(
        fc.asyncProperty(
          arbK.chain((k) =>
            fc.tuple(
              fc.constant(k),
              arbLen.chain((l) => fc.array(arbInt(k), { minLength: l, maxLength: l })),
            ),
          ),
          async ([k, xs0]) => {
            const xs = [...xs0, ...edges(k)];
            const out = await runSemiHonest(n, 1, async (rt) => {
              const a = await shareInts(rt, xs);
              return openInts(rt, await ltzT1(rt, a, k));
            });
            for (const o of out)
              assert.deepEqual(
                o,
                xs.map((x) => b(x < 0n)),
                `k=${k}`,
              );
          },
        ),
        { numRuns: n === 3 ? 12 : 6 },
      );
    });

    test('agrees with the general path (preprocessed Fp masks) on the same inputs', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(arbInt(65), { maxLength: 40 }), async (xs0) => {
          const xs = [...xs0, ...edges(65)];
          const out = await runSemiHonest(n, 1, async (rt) => {
            const a = await shareInts(rt, xs);
            const masks = await randomMasks(rt, ltRequests(xs.length, 64));
            const general = await ltz(rt, a, 65, { masks });
            const eqMasks = await randomMasks(rt, eqRequests(xs.length, 64));
            const eqGeneral = await eqz(rt, a, 65, { masks: eqMasks });
            return [
              await openInts(rt, await ltz(rt, a, 65)),
              await openInts(rt, general),
              await openInts(rt, await eqz(rt, a, 65)),
              await openInts(rt, eqGeneral),
            ];
          });
          const lt = xs.map((x) => b(x < 0n));
          const eq = xs.map((x) => b(x === 0n));
          assert.deepEqual(out[0], [lt, lt, eq, eq], 'fast and general paths of ltz, eqz');
        }),
        { numRuns: 4 },
      );
    });

    test('empty and one-element vectors; 9 rounds for lt and 8 for eq on 65 bits', async () => {
      const out = await runSemiHonest(n, 1, async (rt) => {
        const empty =
          (await ltzT1(rt, fpVec(TEST_FIELD, 0), 65)).length +
          (await eqzT1(rt, fpVec(TEST_FIELD, 0), 65)).length;
        const x = await shareInts(rt, [-1n]);
        const r0 = rt.stats.rounds;
        const l = await ltzT1(rt, x, 65);
        const r1 = rt.stats.rounds;
        const q = await eqzT1(rt, x, 65);
        const r2 = rt.stats.rounds;
        return {
          empty,
          lt: r1 - r0,
          eq: r2 - r1,
          l: await openInts(rt, l),
          q: await openInts(rt, q),
        };
      });
      for (const o of out) {
        assert.equal(o.empty, 0);
        assert.deepEqual([o.l, o.q], [[1n], [0n]]);
        assert.equal(o.lt, 2 + 1 + 4 + 1 + 1, 'lt: masks, open, ⌈log2 16⌉ AND levels, deal, mul');
        assert.equal(o.eq, 2 + 1 + 3 + 1 + 1, 'eq: masks, open, ⌈log4 22⌉ AND levels, deal, mul');
      }
    });
  });
}

test('ltzT1 and eqzT1 refuse t ≠ 1, and ltzT1 k < 2, before any round', async () => {
  await runSemiHonest(5, 2, async (rt) => {
    await assert.rejects(ltzT1(rt, fpVec(TEST_FIELD, 1), 65), MpcProtocolError);
    await assert.rejects(eqzT1(rt, fpVec(TEST_FIELD, 1), 65), MpcProtocolError);
  });
  await runSemiHonest(3, 1, async (rt) => {
    await assert.rejects(ltzT1(rt, fpVec(TEST_FIELD, 1), 1), MpcProtocolError);
  });
});

test('digit widths and gate plans of the trees', () => {
  assert.deepEqual(digitWidths(64, 4), Array(16).fill(4));
  assert.deepEqual(digitWidths(6, 4), [4, 2]);
  assert.deepEqual(digitWidths(1, 3), [1]);
  assert.deepEqual(digitWidths(65, 3).length, 22);
  assert.deepEqual(
    ltGatePlan(16).map((l) => l.length),
    [15, 7, 3, 1],
  );
  assert.deepEqual(ltGatePlan(5), [[2, 2, 2], [2], [2]]);
  assert.deepEqual(ltGatePlan(1), []);
  assert.deepEqual(eqGatePlan(22), [[4, 4, 4, 4, 4, 2], [4, 2], [2]]);
  assert.deepEqual(eqGatePlan(9), [[4, 4], [3]]);
  assert.deepEqual(eqGatePlan(1), []);
});

test('ltzT1 and eqzT1 refuse the malicious mode (compare.ts routes around them there)', async () => {
  await runParties(
    3,
    1,
    async (rt) => {
      await assert.rejects(ltzT1(rt, fpVec(TEST_FIELD, 1), 65), MpcProtocolError);
      await assert.rejects(eqzT1(rt, fpVec(TEST_FIELD, 1), 65), MpcProtocolError);
    },
    { security: 'malicious' },
  );
});
