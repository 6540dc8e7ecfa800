import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ltz } from '../../../src/mpc/protocols/compare.js';
import { LtzMaskPlan, checkKeyBits } from '../../../src/mpc/protocols/ltz-masks.js';
import { COMMITTEES, TEST_FIELD, runParties } from '../harness.js';
import { ltzCost, openSigned, share } from './ordering-util.js';

void describe('LtzMaskPlan', () => {
  for (const [n, t] of COMMITTEES.filter(([n]) => n === 3 || n === 5)) {
    test(`n=${n} t=${t}: batches whole calls under the budget; every call compares correctly`, async () => {
      const k = 17;
      const counts = [5, 3, 1, 4];
      // 16 random bits per element: calls cost 80, 48, 16, 64 bits; a budget of 100 bits
      // batches them as {0}, {1, 2}, {3}.
      const inputs = [
        [-65536n, -1n, 0n, 1n, 65535n],
        [7n, -7n, 0n],
        [-3n],
        [100n, -100n, -65536n, 65535n],
      ];
      const cost = await ltzCost(n, t, k);
      const out = await runParties(n, t, async (rt) => {
        const xs = [];
        for (const v of inputs) xs.push(await share(rt, v));
        const r0 = rt.stats.rounds;
        const plan = new LtzMaskPlan(rt, counts, k, 100);
        const res: bigint[][] = [];
        for (const x of xs) res.push(await openSigned(rt, await ltz(rt, x, k, await plan.next())));
        const rounds = rt.stats.rounds - r0 - inputs.length; // minus the opens
        await assert.rejects(plan.next(), RangeError);
        return { res, rounds };
      });
      for (const o of out) {
        assert.deepEqual(
          o.res,
          inputs.map((v) => v.map((x) => (x < 0n ? 1n : 0n))),
        );
        assert.equal(o.rounds, 3 * cost.masks + 4 * cost.online, 'three batches of masks');
      }
    });
  }

  test('checkKeyBits refuses bad or too large bit lengths, naming k', () => {
    assert.throws(() => checkKeyBits('sort', 0, 1), /sort: expected integer bit length/);
    assert.throws(() => checkKeyBits('sort', 2.5, 1), RangeError);
    assert.throws(() => checkKeyBits('sort', 85, 1), /85-bit keys have 86-bit differences/);
    assert.doesNotThrow(() => checkKeyBits('sort', 84, 1));
    assert.doesNotThrow(() => checkKeyBits('sort', 64, 3));
    // In the suite's field: differences of k + 1 bits need k + 1 + κ + 1 < bits for t = 1.
    const kMax = TEST_FIELD.bits - 43;
    assert.doesNotThrow(() => checkKeyBits('sort', kMax, 1, 1, TEST_FIELD));
    assert.throws(
      () => checkKeyBits('sort', kMax + 1, 1, 1, TEST_FIELD),
      new RegExp(`${kMax + 1}-bit keys have ${kMax + 2}-bit differences.*field ${TEST_FIELD.name}`),
    );
  });
});
