import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { secint } from '../../../src/mpc/secure/types.js';
import { API_COMMITTEES, viaOutsiders } from './helpers.js';

for (const [n, t] of API_COMMITTEES) {
  describe(`randomInts n=${n} t=${t}`, () => {
    test('values lie in [-2^(k-1), 2^(k-1)), vary, and take both signs', async () => {
      for (const k of [1, 8, 64]) {
        const got = (await viaOutsiders(n, t, async (_own, mpc) =>
          mpc.randomInts(64, secint(k)),
        )) as bigint[];
        const lo = -(1n << BigInt(k - 1));
        const hi = 1n << BigInt(k - 1);
        assert.equal(got.length, 64);
        for (const x of got) assert.ok(x >= lo && x < hi, `${x} in [${lo}, ${hi}) for k = ${k}`);
        assert.ok(new Set(got).size > 1, `64 draws of secint(${k}) are not all equal`);
        assert.ok(got.some((x) => x < 0n) && got.some((x) => x >= 0n), 'both signs occur');
      }
    });

    test('an empty request gives an empty vector', async () => {
      const got = (await viaOutsiders(n, t, async (_own, mpc) => mpc.randomInts(0))) as bigint[];
      assert.deepEqual(got, []);
    });
  });
}
