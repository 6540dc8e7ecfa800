import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dot, fxpDot, fxpMatmul, matmul } from '../../../src/mpc/protocols/linalg.js';
import { arbRange, runOpen, runsFor } from './fxp-util.js';
import { COMMITTEES, FXP } from '../harness.js';

const F = FXP.f;
const K = FXP.k;

function refMatmul(
  a: readonly bigint[],
  b: readonly bigint[],
  m: number,
  k: number,
  n: number,
): bigint[] {
  const out: bigint[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0n;
      for (let l = 0; l < k; l++) s += a[i * k + l]! * b[l * n + j]!;
      out.push(s);
    }
  }
  return out;
}

const arbShape = fc.tuple(
  fc.integer({ min: 0, max: 4 }),
  fc.integer({ min: 0, max: 4 }),
  fc.integer({ min: 0, max: 4 }),
);
const SMALL = 1n << 30n;
/** Fixed-point entries below 2^8 in magnitude: sums of up to 4 products stay in the format. */
const FX = 1n << BigInt(F + 8);

for (const [n, t] of COMMITTEES) {
  describe(`linalg n=${n} t=${t}`, () => {
    test('dot is the exact Σ a_i·b_i in one round (0 for empty vectors)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(arbRange(-SMALL, SMALL), arbRange(-SMALL, SMALL)), { maxLength: 10 }),
          async (ps) => {
            const xs = ps.map((p) => p[0]);
            const ys = ps.map((p) => p[1]);
            const { values, rounds } = await runOpen(n, t, [xs, ys], (rt, [x, y]) =>
              dot(rt, x!, y!),
            );
            assert.deepEqual(values, [xs.reduce((a, x, i) => a + x * ys[i]!, 0n)]);
            assert.equal(rounds, t === 0 ? 0 : 1);
          },
        ),
        { numRuns: runsFor(n, 4) },
      );
    });

    test('matmul is the exact product in one round', async () => {
      await fc.assert(
        fc.asyncProperty(
          arbShape,
          fc.infiniteStream(arbRange(-SMALL, SMALL)),
          async ([m, k, nn], s) => {
            const it = s[Symbol.iterator]();
            const a = Array.from({ length: m * k }, () => it.next().value as bigint);
            const b = Array.from({ length: k * nn }, () => it.next().value as bigint);
            const { values, rounds } = await runOpen(n, t, [a, b], (rt, [x, y]) =>
              matmul(rt, x!, y!, m, k, nn),
            );
            assert.deepEqual(values, refMatmul(a, b, m, k, nn));
            assert.equal(rounds, 1);
          },
        ),
        { numRuns: runsFor(n, 4) },
      );
    });

    test('fxpDot and fxpMatmul are within one ulp of the exact result', async () => {
      await fc.assert(
        fc.asyncProperty(arbShape, fc.infiniteStream(arbRange(-FX, FX)), async ([m, k, nn], s) => {
          const it = s[Symbol.iterator]();
          const a = Array.from({ length: m * k }, () => it.next().value as bigint);
          const b = Array.from({ length: k * nn }, () => it.next().value as bigint);
          const { values } = await runOpen(n, t, [a, b], (rt, [x, y]) =>
            fxpMatmul(rt, x!, y!, m, k, nn),
          );
          refMatmul(a, b, m, k, nn).forEach((e, i) => {
            const fl = e >> BigInt(F);
            assert.ok(values[i] === fl || values[i] === fl + 1n, `entry ${i}`);
          });
          const len = m * k;
          const b2 = b
            .slice(0, len)
            .concat(Array<bigint>(Math.max(0, len - b.length)).fill(1n << BigInt(F)));
          const d = await runOpen(n, t, [a, b2], (rt, [x, y]) => fxpDot(rt, x!, y!));
          const e = a.reduce((acc, x, i) => acc + x * b2[i]!, 0n) >> BigInt(F);
          assert.ok(d.values[0] === e || d.values[0] === e + 1n, 'dot');
        }),
        { numRuns: runsFor(n, 3) },
      );
      const max = (1n << BigInt(K - 1)) - 1n;
      const d = await runOpen(
        n,
        t,
        [
          [max, -max],
          [1n << BigInt(F), 1n << BigInt(F)],
        ],
        (rt, [x, y]) => fxpDot(rt, x!, y!),
      );
      assert.deepEqual(d.values, [0n]);
    });
  });
}

test('shape and length mismatches are refused', async () => {
  await assert.rejects(
    runOpen(3, 1, [[1n], [1n, 2n]], (rt, [x, y]) => dot(rt, x!, y!)),
    /equal lengths/,
  );
  await assert.rejects(
    runOpen(
      3,
      1,
      [
        [1n, 2n],
        [1n, 2n],
      ],
      (rt, [x, y]) => matmul(rt, x!, y!, 1, 3, 1),
    ),
    /shapes 1x3/,
  );
  await assert.rejects(
    runOpen(3, 1, [[1n], [1n]], (rt, [x, y]) => matmul(rt, x!, y!, -1, 1, 1)),
    /non-negative integer m/,
  );
});
