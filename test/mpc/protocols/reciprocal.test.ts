import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  type NormMethod,
  msbOneHot,
  msbOneHotRequests,
  normalize,
  normalizeRequests,
  scaleOf,
} from '../../../src/mpc/protocols/norm.js';
import { fpConcat } from '../../../src/mpc/field/vec.js';
import {
  batchMasks,
  reciprocal,
  reciprocalNormalized,
  reciprocalNormalizedSpecs,
} from '../../../src/mpc/protocols/reciprocal.js';
import { divide } from '../../../src/mpc/protocols/divide.js';
import { absB, arbRange, runOpen, runsFor } from './fxp-util.js';
import { COMMITTEES, FXP } from '../harness.js';

const K = FXP.k;
const F = FXP.f;
const MAX = (1n << BigInt(K - 1)) - 1n;
const MIN = -(1n << BigInt(K - 1));
const ONE = 1n << BigInt(F);

/** |r − num/den| (in ulps) as a number; den ≠ 0. */
function err(r: bigint, num: bigint, den: bigint): number {
  const d = absB(den);
  const e = absB(r * den - num);
  return Number((e << 20n) / d) / 2 ** 20;
}

/** Non-zero values of the format, biased to small magnitudes and the ends. */
const arbNonZero = arbRange(MIN, MAX).filter((x) => x !== 0n);

describe('normalization', () => {
  test('msbOneHot and scaleOf: b·v ∈ [2^(k-1), 2^k) for b ≠ 0, v = 0 for b = 0', async () => {
    const xs = [1n, -1n, 2n, 3n, -3n, MAX, MIN, MIN + 1n, 0n, 12345n, -(1n << 20n)];
    const { values } = await runOpen(3, 1, [xs], async (rt, [b]) => {
      const q = await batchMasks(rt, [msbOneHotRequests(xs.length, K, true)], 'test');
      return scaleOf(await msbOneHot(rt, b!, K, true, q.take()));
    });
    xs.forEach((x, i) => {
      const c = x * values[i]!;
      if (x === 0n) assert.equal(values[i], 0n);
      else assert.ok(c >= 1n << BigInt(K - 1) && c < 1n << BigInt(K), `element ${i}`);
      if (x !== 0n) assert.equal(absB(values[i]!) & (absB(values[i]!) - 1n), 0n, 'power of two');
    });
  });

  for (const method of ['bits', 'comparisons'] as NormMethod[]) {
    for (const [n, t] of [
      [3, 1],
      [5, 2],
    ] as const) {
      test(`normalize (${method}, n=${n}): c = |b|·2^(k-1-m) ∈ [2^(k-1), 2^k], v = sign·2^(k-1-m), x·v`, async () => {
        const xs = [
          1n,
          -1n,
          2n,
          -2n,
          3n,
          -3n,
          MAX,
          MIN,
          MIN + 1n,
          0n,
          12345n,
          -(1n << 20n),
          -(1n << 20n) - 1n,
        ];
        const ys = xs.map((_, i) => BigInt(i * 1000 - 4000));
        const N = xs.length;
        const { values } = await runOpen(n, t, [xs, ys], async (rt, [b, y]) => {
          const q = await batchMasks(rt, [normalizeRequests(N, K, true, method)], 'test');
          const r = await normalize(rt, b!, K, { method, wantScale: true, extras: [y!] }, q.take());
          return fpConcat([r.c, r.v!, r.nonZero, r.scaled[0]!]);
        });
        xs.forEach((x, i) => {
          const c = values[i]!;
          const v = values[N + i]!;
          assert.equal(values[2 * N + i], x === 0n ? 0n : 1n, `nonZero ${i}`);
          assert.equal(values[3 * N + i], ys[i]! * v, `x·v ${i}`);
          if (x === 0n) {
            assert.equal(v, 0n);
            assert.equal(c, 1n << BigInt(K - 1));
            return;
          }
          assert.equal(c, x * v, `c = b·v for ${i}`);
          assert.ok(c >= 1n << BigInt(K - 1) && c <= 1n << BigInt(K), `c in range for ${i}`);
          assert.equal(absB(v) & (absB(v) - 1n), 0n, 'power of two');
          if (x > 0n) assert.ok(c < 1n << BigInt(K), 'positive: c < 2^k');
        });
      });
    }
  }

  test('the Goldschmidt core has relative error < 2^-33 over [1/2, 1)', async () => {
    const cs = [
      1n << BigInt(K - 1),
      (1n << BigInt(K)) - 1n,
      ...Array.from(
        { length: 30 },
        (_, i) => (1n << BigInt(K - 1)) + ((BigInt(i) * 73014444049n) % (1n << BigInt(K - 1))),
      ),
    ];
    const { values } = await runOpen(3, 1, [cs], async (rt, [c]) => {
      const q = await batchMasks(rt, reciprocalNormalizedSpecs(cs.length, K), 'test');
      return reciprocalNormalized(rt, c!, K, q);
    });
    let worst = 0;
    cs.forEach((c, i) => {
      // w ≈ 2^(F_w + k) / c with F_w = k − 2: relative error |w·c / 2^(2k-2) − 1|
      const rel = Math.abs(Number(values[i]! * c - (1n << BigInt(2 * K - 2))) / 2 ** (2 * K - 2));
      worst = Math.max(worst, rel);
    });
    assert.ok(worst < 2 ** -33, `worst relative error 2^${Math.log2(worst).toFixed(1)}`);
  });
});

const RUNS: [number, number, NormMethod][] = [
  ...COMMITTEES.map(([n, t]) => [n, t, 'bits'] as [number, number, NormMethod]),
  [3, 1, 'comparisons'],
];
for (const [n, t, method] of RUNS) {
  describe(`reciprocal and divide n=${n} t=${t} (${method})`, () => {
    test('reciprocal is within 1 + |1/b|·2^(f-33) ulps of 1/b; 1/0 gives 0', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(arbNonZero, { minLength: 1, maxLength: 4 }), async (bs0) => {
          const bs = [...bs0, 1n, -1n, MAX, MIN, ONE, -ONE, 3n, 0n];
          const { values } = await runOpen(n, t, [bs], (rt, [b]) =>
            reciprocal(rt, b!, { normalization: method }),
          );
          bs.forEach((b, i) => {
            if (b === 0n) return assert.equal(values[i], 0n, '1/0');
            const exact = Number(1n << BigInt(2 * F)) / Number(b);
            const e = err(values[i]!, 1n << BigInt(2 * F), b);
            assert.ok(e < 1 + Math.abs(exact) * 2 ** -33, `1/b for element ${i}: error ${e} ulps`);
          });
        }),
        { numRuns: runsFor(n, 2) },
      );
    });

    test('divide is within 2 + |a/b|·2^(f-33) ulps of a/b when the quotient fits', async () => {
      const arbQ = fc
        .tuple(arbRange(MIN, MAX), arbNonZero)
        .filter(([a, b]) => absB(a * ONE) < absB(b) * (MAX >> 1n));
      await fc.assert(
        fc.asyncProperty(fc.array(arbQ, { minLength: 1, maxLength: 4 }), async (ps0) => {
          const ps: [bigint, bigint][] = [
            ...ps0,
            [MAX, MAX],
            [MIN, MAX],
            [1n, MAX],
            [MAX, ONE],
            [-ONE, 3n * ONE],
            [MAX >> 8n, 1n],
            [0n, 7n],
            [5n * ONE, 0n],
          ];
          const as = ps.map((p) => p[0]);
          const bs = ps.map((p) => p[1]);
          const { values } = await runOpen(n, t, [as, bs], (rt, [a, b]) =>
            divide(rt, a!, b!, { normalization: method }),
          );
          ps.forEach(([a, b], i) => {
            if (b === 0n) return assert.equal(values[i], 0n, 'a/0');
            const exact = Math.abs(Number(a) / Number(b));
            const e = err(values[i]!, a * ONE, b);
            assert.ok(e < 2 + exact * 2 ** (F - 33), `a/b for element ${i}: error ${e} ulps`);
          });
        }),
        { numRuns: runsFor(n, 2) },
      );
    });
  });
}

test('reciprocal and divide on empty vectors, and refuse bad formats and lengths', async () => {
  assert.deepEqual((await runOpen(3, 1, [[]], (rt, [b]) => reciprocal(rt, b!))).values, []);
  assert.deepEqual((await runOpen(3, 1, [[], []], (rt, [a, b]) => divide(rt, a!, b!))).values, []);
  await assert.rejects(
    runOpen(3, 1, [[1n]], (rt, [b]) => reciprocal(rt, b!, { k: 41, f: 20 })),
    /f = 20/,
  );
  await assert.rejects(
    runOpen(3, 1, [[1n], [1n, 2n]], (rt, [a, b]) => divide(rt, a!, b!)),
    /equal lengths/,
  );
});
