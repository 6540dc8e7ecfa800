import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mean, sum, variance } from '../../../src/mpc/protocols/stats.js';
import { absB, arbRange, runOpen, runsFor } from './fxp-util.js';
import { COMMITTEES, FXP } from '../harness.js';

const F = FXP.f;
const K = FXP.k;
const MAX = (1n << BigInt(K - 1)) - 1n;
const MIN = -(1n << BigInt(K - 1));
const G = Math.floor((K - F) / 2) - 1;

/** |r − num/den| < bound, checked exactly in integers (den > 0). */
function assertClose(r: bigint, num: bigint, den: bigint, bound: number, what: string): void {
  const scaled = 1n << 20n;
  const err = absB(r * den - num) * scaled; // |r − num/den| · den · 2^20
  const lim = BigInt(Math.ceil(bound * 2 ** 20)) * den;
  assert.ok(err < lim, `${what}: error ${Number(err / den) / 2 ** 20} ulps >= ${bound}`);
}

/** Values whose mean of squares fits the format: |x| < 2^⌊(k-1-f)/2⌋ (p127: 2^12, |X| < 2^28). */
const VLIM = (1n << BigInt(Math.floor((K - 1 - F) / 2) + F)) - 1n;

function checkVariance(xs: readonly bigint[], r: bigint): void {
  const N = BigInt(xs.length);
  const S = xs.reduce((a, x) => a + x, 0n);
  const Q = xs.reduce((a, x) => a + x * x, 0n);
  // exact variance in ulps: (N·Q − S^2) / (N^2 · 2^f)
  const num = N * Q - S * S;
  const den = N * N * (1n << BigInt(F));
  const mu = Math.abs(Number(S) / Number(N) / 2 ** F);
  assertClose(r, num, den, 5 + (8 * mu) / 2 ** G, `variance of ${xs.length}`);
}

for (const [n, t] of COMMITTEES) {
  describe(`stats n=${n} t=${t}`, () => {
    test('sum is exact, empty sum is 0', async () => {
      const xs = [MAX, 1n, -5n, MIN, 7n];
      const { values, rounds } = await runOpen(n, t, [xs], (rt, [x]) =>
        Promise.resolve(sum(x!, rt.field)),
      );
      assert.deepEqual(values, [MAX + 1n - 5n + MIN + 7n]);
      assert.equal(rounds, 0);
      const empty = await runOpen(n, t, [[]], (rt, [x]) => Promise.resolve(sum(x!, rt.field)));
      assert.deepEqual(empty.values, [0n]);
    });

    test('mean is within 4 ulps of the exact mean, on any count and the format extremes', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(arbRange(MIN, MAX), { minLength: 1, maxLength: 13 }),
          async (xs) => {
            const { values } = await runOpen(n, t, [xs], (rt, [x]) => mean(rt, x!));
            const S = xs.reduce((a, x) => a + x, 0n);
            assertClose(values[0]!, S, BigInt(xs.length), 4, `mean of ${xs.length}`);
          },
        ),
        { numRuns: runsFor(n, 6) },
      );
      for (const xs of [
        [MAX],
        [MIN, MIN, MIN],
        [MAX, MAX, MAX, MAX, MAX],
        [-1n, 0n, 0n],
        [MAX, MIN + 1n],
      ]) {
        const { values } = await runOpen(n, t, [xs], (rt, [x]) => mean(rt, x!));
        const S = xs.reduce((a, x) => a + x, 0n);
        assertClose(values[0]!, S, BigInt(xs.length), 4, `edge mean of ${xs.length}`);
      }
    });

    test('variance is within 5 + 8|μ|·2^-g ulps of the exact population variance', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(arbRange(-VLIM, VLIM), { minLength: 1, maxLength: 12 }),
          async (xs) => {
            const { values } = await runOpen(n, t, [xs], (rt, [x]) => variance(rt, x!));
            checkVariance(xs, values[0]!);
          },
        ),
        { numRuns: runsFor(n, 5) },
      );
      const c = 1000n << BigInt(F);
      for (const xs of [
        [5n],
        [c, c, c],
        [VLIM, -VLIM],
        [VLIM, VLIM, VLIM - 1n],
        [0n, 1n],
        [-1n, -1n],
      ]) {
        const { values } = await runOpen(n, t, [xs], (rt, [x]) => variance(rt, x!));
        checkVariance(xs, values[0]!);
      }
    });
  });
}

test('mean and variance of 5000 values (n = 3), and their round counts', async () => {
  const xs = Array.from({ length: 5000 }, (_, i) => BigInt(((i * 7919) % 20011) - 10000) << 8n);
  const m = await runOpen(3, 1, [xs], (rt, [x]) => mean(rt, x!));
  const S = xs.reduce((a, x) => a + x, 0n);
  assertClose(m.values[0]!, S, BigInt(xs.length), 4, 'mean of 5000');
  const v = await runOpen(3, 1, [xs], (rt, [x]) => variance(rt, x!));
  checkVariance(xs, v.values[0]!);
  assert.ok(v.rounds <= 8, `variance took ${v.rounds} rounds`);
});

test('mean and variance refuse empty vectors', async () => {
  await assert.rejects(
    runOpen(3, 1, [[]], (rt, [x]) => mean(rt, x!)),
    /at least one value/,
  );
  await assert.rejects(
    runOpen(3, 1, [[]], (rt, [x]) => variance(rt, x!)),
    /at least one value/,
  );
});
