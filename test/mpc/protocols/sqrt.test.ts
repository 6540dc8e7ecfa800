import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sqrt } from '../../../src/mpc/protocols/sqrt.js';
import type { NormMethod } from '../../../src/mpc/protocols/norm.js';
import { arbRange, runOpen, runsFor } from './fxp-util.js';
import { COMMITTEES, FXP } from '../harness.js';

const K = FXP.k;
const F = FXP.f;
const MAX = (1n << BigInt(K - 1)) - 1n;

/** ⌊sqrt(x)⌋ for bigint x >= 0. */
function isqrt(x: bigint): bigint {
  if (x < 2n) return x;
  // Newton from above (a float start is only 53 bits good: too far for unit steps on wide x).
  let r = 1n << BigInt(Math.ceil(x.toString(2).length / 2));
  for (;;) {
    const y = (r + x / r) >> 1n;
    if (y >= r) break;
    r = y;
  }
  while (r * r > x) r--;
  while ((r + 1n) * (r + 1n) <= x) r++;
  return r;
}

/** |r − sqrt(B·2^f)| in ulps, to about 2^-20 (exact integer arithmetic on scaled values). */
function sqrtError(r: bigint, B: bigint): number {
  const S = 40n;
  const exact = isqrt((B * (1n << BigInt(F))) << (2n * S)); // sqrt(B·2^f)·2^S
  const d = r * (1n << S) - exact;
  return Math.abs(Number(d)) / 2 ** Number(S);
}

const RUNS: [number, number, NormMethod][] = [
  ...COMMITTEES.map(([n, t]) => [n, t, 'bits'] as [number, number, NormMethod]),
  [3, 1, 'comparisons'],
];
for (const [n, t, method] of RUNS) {
  describe(`sqrt n=${n} t=${t} (${method})`, () => {
    test('sqrt is within 1.1 ulps of √b on random and edge values', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(arbRange(0n, MAX), { minLength: 1, maxLength: 5 }),
          async (bs0) => {
            const bs = [
              ...bs0,
              0n,
              1n,
              2n,
              3n,
              MAX,
              MAX - 1n,
              1n << BigInt(F),
              4n << BigInt(F),
              1n << 39n,
            ];
            const { values } = await runOpen(n, t, [bs], (rt, [b]) => sqrt(rt, b!));
            bs.forEach((b, i) => {
              const e = sqrtError(values[i]!, b);
              assert.ok(e < 1.1, `sqrt of element ${i}: error ${e} ulps`);
            });
            assert.equal(values[bs0.length], 0n, 'sqrt(0) = 0');
          },
        ),
        { numRuns: runsFor(n, 2) },
      );
    });
  });
}

test('sqrt of perfect squares is within one ulp; empty vectors work', async () => {
  const roots = [1n, 2n, 3n, 1000n, 4095n];
  const bs = roots.map((r) => (r * r) << BigInt(F));
  const { values } = await runOpen(3, 1, [bs], (rt, [b]) => sqrt(rt, b!));
  values.forEach((v, i) => {
    const want = roots[i]! << BigInt(F);
    assert.ok(v >= want - 1n && v <= want + 1n, `√${roots[i]! * roots[i]!}`);
  });
  assert.deepEqual((await runOpen(3, 1, [[]], (rt, [b]) => sqrt(rt, b!))).values, []);
});
