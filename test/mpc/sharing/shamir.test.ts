import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Field, Fp127 } from '../../../src/mpc/field/fp.js';
import { lagrange, reconstruct, split } from '../../../src/mpc/sharing/shamir.js';
import { seededRandom } from '../../../src/mpc/runtime/random.js';

const F97 = Field(97n);
const COMMITTEES = [
  [3, 1],
  [4, 1],
  [5, 2],
  [7, 3],
] as const;

/** A random subset of {0..n-1} of size k, as sorted indices. */
const arbSubset = (n: number, k: number) =>
  fc
    .shuffledSubarray(
      Array.from({ length: n }, (_, i) => i),
      { minLength: k, maxLength: k },
    )
    .map((s) => s.sort((a, b) => a - b));

describe('shamir', () => {
  for (const F of [F97, Fp127]) {
    for (const [n, t] of COMMITTEES) {
      test(`any t+1 shares reconstruct the secret (p=${F.BITS} bits, n=${n}, t=${t})`, () => {
        fc.assert(
          fc.property(fc.bigInt({ min: 0n, max: F.ORDER - 1n }), arbSubset(n, t + 1), (s, ids) => {
            const shares = split(F, s, t, n);
            assert.equal(
              reconstruct(
                F,
                ids.map((i) => shares[i]!),
              ),
              s,
            );
          }),
          { numRuns: 50 },
        );
      });
    }
  }

  test('t shares are distributed independently of the secret (chi-square over p = 97)', () => {
    // For n = 3, t = 1, the share of party 2 must be uniform on F97 whatever the secret. Draw
    // N shares for secret 0 and for secret 96 and compare each histogram with the uniform one.
    // With 96 degrees of freedom, chi^2 > 160 has probability < 1e-4 under the null hypothesis;
    // a sharing that leaked (e.g. share = secret + c with c in a small range) fails by far.
    const N = 20_000;
    const rng = seededRandom(new Uint8Array(32).fill(7));
    const rand = (k: number) => {
      const b = new Uint8Array(k);
      rng.fill(b);
      return b;
    };
    for (const secret of [0n, 96n]) {
      const hist = new Array<number>(97).fill(0);
      for (let i = 0; i < N; i++) hist[Number(split(F97, secret, 1, 3, rand)[1]!.y)]!++;
      const expected = N / 97;
      const chi2 = hist.reduce((acc, o) => acc + (o - expected) ** 2 / expected, 0);
      assert.ok(chi2 < 160, `chi^2 = ${chi2.toFixed(1)} for secret ${secret} should be < 160`);
    }
  });

  test('the chi-square check detects a leaking sharing', () => {
    // Guard that the statistic above can fail: shares that are secret + small noise are rejected.
    const hist = new Array<number>(97).fill(0);
    for (let i = 0; i < 20_000; i++) hist[(5 + (i % 10)) % 97]!++;
    const expected = 20_000 / 97;
    const chi2 = hist.reduce((acc, o) => acc + (o - expected) ** 2 / expected, 0);
    assert.ok(chi2 > 160);
  });

  test('lagrange coefficients at 0 for points 1..n are (-1)^(i+1) C(n, i)', () => {
    const l = lagrange(Fp127, [1, 2, 3]);
    assert.deepEqual(l, [3n, Fp127.ORDER - 3n, 1n]);
  });

  test('split refuses bad parameters without echoing the secret', () => {
    assert.throws(() => split(F97, 5n, 3, 3), RangeError);
    assert.throws(() => split(F97, 5n, -1, 3), RangeError);
    assert.throws(
      () => split(F97, 97n, 1, 3),
      (e: unknown) => e instanceof RangeError && !e.message.includes('97'),
    );
    assert.throws(() => lagrange(F97, [1, 1]), RangeError);
  });
});
