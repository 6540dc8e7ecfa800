import { TEST_FIELD } from '../harness.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fpFromBigInts, fpGet } from '../../../src/mpc/field/vec.js';
import { deal, ownShare, seededMembers } from '../../../src/mpc/runtime/deal.js';
import { keystream, seededRandom, systemRandom } from '../../../src/mpc/runtime/random.js';
import { reconstruct } from '../../../src/mpc/sharing/shamir.js';
import { COMMITTEES } from '../harness.js';

test('seeded members are t distinct members other than the dealer', () => {
  for (const [n, t] of COMMITTEES) {
    for (let dealer = 0; dealer <= n; dealer++) {
      const s = seededMembers(n, t, dealer);
      assert.equal(new Set(s).size, t);
      assert.ok(s.every((j) => j >= 1 && j <= n && j !== dealer));
    }
  }
});

test('any t+1 dealt shares (seeds expanded) reconstruct scale * secret', () => {
  for (const [n, t] of COMMITTEES) {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: TEST_FIELD.p - 1n }), { minLength: 1, maxLength: 5 }),
        fc.bigInt({ min: 0n, max: TEST_FIELD.p - 1n }),
        fc.integer({ min: 0, max: n }),
        fc.shuffledSubarray(
          Array.from({ length: n }, (_, i) => i + 1),
          { minLength: t + 1, maxLength: t + 1 },
        ),
        (xs, scale, dealer, subset) => {
          const dealt = deal(
            TEST_FIELD,
            fpFromBigInts(TEST_FIELD, xs),
            n,
            t,
            dealer,
            systemRandom,
            scale,
          );
          for (const j of seededMembers(n, t, dealer)) assert.equal(dealt[j]!.kind, 'seed');
          const shares = subset.map((j) => ({ j, v: ownShare(TEST_FIELD, dealt, j, xs.length) }));
          xs.forEach((x, i) => {
            const got = reconstruct(
              TEST_FIELD.F,
              shares.map(({ j, v }) => ({ x: j, y: fpGet(v, i) })),
            );
            assert.equal(got, TEST_FIELD.F.mul(x, scale));
          });
        },
      ),
      { numRuns: 25 },
    );
  }
});

test('keystream is the seededRandom stream for the same seed and nonce, and nonces differ', () => {
  const seed = new Uint8Array(32).fill(9);
  for (const nonce of [0, 1, 0xffff_ffff]) {
    const viaFill = new Uint8Array(100);
    seededRandom(seed, nonce).fill(viaFill);
    assert.deepEqual(new Uint8Array(keystream(seed, nonce, 100)), viaFill);
  }
  assert.notDeepEqual(keystream(seed, 0, 32), keystream(seed, 1, 32));
  assert.throws(() => keystream(new Uint8Array(31), 0, 1), RangeError);
});
