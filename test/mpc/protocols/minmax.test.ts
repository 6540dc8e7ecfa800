import { TEST_FIELD } from '../harness.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fpConcat, fpVec } from '../../../src/mpc/field/vec.js';
import {
  argmax,
  argmin,
  elementwiseMax,
  elementwiseMin,
  max,
  min,
} from '../../../src/mpc/protocols/minmax.js';
import type { Runtime } from '../../../src/mpc/runtime/runtime.js';
import { COMMITTEES, runParties } from '../harness.js';
import { arbSigned, edgeCases, ltzCost, openSigned, share } from './ordering-util.js';

/** Plaintext reference: min, max and the first position of each. */
function reference(xs: readonly bigint[]) {
  let lo = 0;
  let hi = 0;
  xs.forEach((x, i) => {
    if (x < xs[lo]!) lo = i;
    if (x > xs[hi]!) hi = i;
  });
  return { min: xs[lo]!, max: xs[hi]!, argmin: lo, argmax: hi };
}

/** Expected rounds of a tournament on `len` values: one mask batch, then ltz + 1 per level. */
type Cost = Awaited<ReturnType<typeof ltzCost>>;
function tournamentRounds(len: number, cost: Cost): number {
  const levels = Math.ceil(Math.log2(len));
  return levels === 0 ? 0 : cost.masks + levels * (cost.online + 1);
}

/** All four reductions on the same shared input, opened; plus the rounds each one took. */
async function reduceAll(rt: Runtime, xs: readonly bigint[], k: number) {
  const x = await share(rt, xs);
  const rounds: number[] = [];
  const count = async <T>(f: () => Promise<T>): Promise<T> => {
    const before = rt.stats.rounds;
    const r = await f();
    rounds.push(rt.stats.rounds - before);
    return r;
  };
  const mn = await count(() => min(rt, x, k));
  const mx = await count(() => max(rt, x, k));
  const am = await count(() => argmin(rt, x, k));
  const aM = await count(() => argmax(rt, x, k));
  // One open for all six results.
  const [vMin, vMax, iMin, vArgMin, iMax, vArgMax] = await openSigned(
    rt,
    fpConcat([mn, mx, am.index, am.value, aM.index, aM.value]),
  );
  return { vMin, vMax, iMin, vArgMin, iMax, vArgMax, rounds };
}

function check(xs: readonly bigint[], got: Awaited<ReturnType<typeof reduceAll>>, cost: Cost) {
  const want = reference(xs);
  const label = `input [${xs.join(', ')}]`;
  assert.equal(got.vMin, want.min, `min of ${label}`);
  assert.equal(got.vMax, want.max, `max of ${label}`);
  assert.equal(got.iMin, BigInt(want.argmin), `argmin index of ${label}`);
  assert.equal(got.vArgMin, want.min, `argmin value of ${label}`);
  assert.equal(got.iMax, BigInt(want.argmax), `argmax index of ${label}`);
  assert.equal(got.vArgMax, want.max, `argmax value of ${label}`);
  const rounds = tournamentRounds(xs.length, cost);
  assert.deepEqual(got.rounds, Array(4).fill(rounds), `rounds for ${xs.length} values`);
}

for (const [n, t] of COMMITTEES) {
  const small = n === 7;
  void describe(`minmax n=${n} t=${t}`, () => {
    test('min, max, argmin, argmax match the plaintext reference on random inputs', async () => {
      const k = 16;
      const cost = await ltzCost(n, t, k + 1);
      await fc.assert(
        fc.asyncProperty(
          fc.array(arbSigned(k), { minLength: 1, maxLength: small ? 6 : 13 }),
          async (xs) => {
            const out = await runParties(n, t, (rt) => reduceAll(rt, xs, k));
            for (const o of out) check(xs, o, cost);
          },
        ),
        { numRuns: small ? 2 : 5 },
      );
    });

    test('edge cases: one element, all equal, sorted, reversed, range ends, first of ties', async () => {
      const k = small ? 64 : 32;
      const cost = await ltzCost(n, t, k + 1);
      const cases = small ? edgeCases(k).slice(2, 5) : edgeCases(k);
      const out = await runParties(n, t, async (rt) => {
        const res = [];
        for (const xs of cases) res.push(await reduceAll(rt, xs, k));
        return res;
      });
      for (const o of out) cases.forEach((xs, i) => check(xs, o[i]!, cost));
    });

    test('elementwiseMin / elementwiseMax match the plaintext reference in one round', async () => {
      const k = 24;
      const cost = await ltzCost(n, t, k + 1);
      const perCall = cost.masks + cost.online + 1;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(arbSigned(k), arbSigned(k)), { maxLength: small ? 4 : 10 }),
          async (pairs) => {
            const as = pairs.map(([a]) => a);
            const bs = pairs.map(([, b]) => b);
            const out = await runParties(n, t, async (rt) => {
              const a = await share(rt, as);
              const b = await share(rt, bs);
              const before = rt.stats.rounds;
              const lo = await elementwiseMin(rt, a, b, k);
              const hi = await elementwiseMax(rt, a, b, k);
              const rounds = rt.stats.rounds - before;
              return { lo: await openSigned(rt, lo), hi: await openSigned(rt, hi), rounds };
            });
            for (const o of out) {
              assert.deepEqual(
                o.lo,
                pairs.map(([a, b]) => (a < b ? a : b)),
              );
              assert.deepEqual(
                o.hi,
                pairs.map(([a, b]) => (a > b ? a : b)),
              );
              assert.equal(o.rounds, pairs.length === 0 ? 0 : 2 * perCall, 'rounds');
            }
          },
        ),
        { numRuns: small ? 2 : 5 },
      );
    });
  });
}

void describe('minmax preconditions', () => {
  test('an empty vector has no minimum: every reduction refuses it without a round', async () => {
    const out = await runParties(3, 1, async (rt) => {
      for (const f of [min, max, argmin, argmax]) {
        await assert.rejects(f(rt, fpVec(TEST_FIELD, 0), 8), { name: 'MpcProtocolError' });
      }
      await assert.rejects(elementwiseMin(rt, fpVec(TEST_FIELD, 1), fpVec(TEST_FIELD, 2), 8), {
        name: 'MpcProtocolError',
      });
      return rt.stats.rounds;
    });
    assert.deepEqual(out, [0, 0, 0]);
  });

  test('the extremes of the 64-bit range compare correctly (differences need 65 bits)', async () => {
    const k = 64;
    const xs = [(1n << 63n) - 1n, -(1n << 63n), 0n, -(1n << 63n), (1n << 63n) - 1n];
    const out = await runParties(3, 1, (rt) => reduceAll(rt, xs, k));
    const cost = await ltzCost(3, 1, k + 1);
    for (const o of out) check(xs, o, cost);
  });
});
