import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fpConcat } from '../../../src/mpc/field/vec.js';
import {
  LOG2_COEFFICIENTS_2_60,
  LOG2_WIDE_COEFFICIENTS_2_128,
  ln,
  log2,
  log2Polynomial,
} from '../../../src/mpc/protocols/log.js';
import type { NormMethod } from '../../../src/mpc/protocols/norm.js';
import { arbRange, runOpen, runsFor } from './fxp-util.js';
import { COMMITTEES, FXP } from '../harness.js';

const K = FXP.k;
const F = FXP.f;
const MAX = (1n << BigInt(K - 1)) - 1n;
const MIN = -(1n << BigInt(K - 1));
const ONE = 1n << BigInt(F);
/**
 * Error bound in ulps, both default formats: 1 (truncation) + 1/2 (the integer part rounded to
 * f bits) + the polynomial (2^-7.4 ulps at f = 16, 2^-11.7 at f = 32) + the double reference's
 * own error (below 2^-14 ulps).
 */
const TOL = 1.51;

/** Max |P(t) − log2(1 + t)| over 10001 points of [0, 1], in binary64. */
function worstOnGrid(coef: readonly bigint[], scale: number): number {
  let worst = 0;
  for (let i = 0; i <= 10000; i++) {
    const t = i / 10000;
    const p = coef.reduceRight((acc, c) => acc * t + Number(c) / 2 ** scale, 0);
    worst = Math.max(worst, Math.abs(p - Math.log2(1 + t)));
  }
  return worst;
}

test('the log2 polynomials are within 2^-23.4 (degree 8) and 2^-43.6 (degree 16) of log2(1 + t) on [0, 1], and P(0) = 0', () => {
  const narrow = worstOnGrid(LOG2_COEFFICIENTS_2_60, 60);
  assert.ok(narrow < 2 ** -23.4, `degree 8: worst 2^${Math.log2(narrow)}`);
  const wide = worstOnGrid(LOG2_WIDE_COEFFICIENTS_2_128, 128);
  assert.ok(wide < 2 ** -43.6, `degree 16: worst 2^${Math.log2(wide)}`);
  assert.equal(LOG2_COEFFICIENTS_2_60[0], 0n);
  assert.equal(LOG2_WIDE_COEFFICIENTS_2_128[0], 0n);
  // The test format's polynomial keeps its error below 2^-(f+4) (1/16 ulp).
  const { coefficients, scale } = log2Polynomial(F);
  assert.ok(worstOnGrid(coefficients, scale) < 2 ** -(F + 4));
  assert.equal(log2Polynomial(16).coefficients, LOG2_COEFFICIENTS_2_60);
  assert.equal(log2Polynomial(32).coefficients, LOG2_WIDE_COEFFICIENTS_2_128);
});

/** Smallest positive, 1, ±1 ulp around 1, values around powers of two, the ends of the format. */
const EDGES: bigint[] = [1n, 2n, 3n, -1n, ONE, -ONE, ONE - 1n, ONE + 1n, MAX, MIN, MIN + 1n];
for (const j of [1, F - 1, F + 1, Math.floor((K + F) / 2), K - 2]) {
  const p = 1n << BigInt(j);
  EDGES.push(p - 1n, p, p + 1n, -p);
}

const RUNS: [number, number, NormMethod][] = [
  ...COMMITTEES.map(([n, t]) => [n, t, 'bits'] as [number, number, NormMethod]),
  [3, 1, 'comparisons'],
];
for (const [n, t, method] of RUNS) {
  describe(`log n=${n} t=${t} (${method})`, () => {
    test('ln and log2 are within 1.51 ulps of ln|b|, log2|b|; 0 for b = 0', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            arbRange(MIN, MAX).filter((x) => x !== 0n),
            { minLength: 1, maxLength: 4 },
          ),
          async (bs0) => {
            const bs = [...bs0, 1n, -1n, ONE, ...EDGES, 0n];
            const r = await runOpen(n, t, [bs, bs], async (rt, [b, b2]) => {
              const x = await ln(rt, b!, { normalization: method });
              const y = await log2(rt, b2!, { normalization: method });
              return fpConcat([x, y]);
            });
            const N = bs.length;
            assert.equal(r.values[bs0.length + 2], 0n, 'ln 1 = 0');
            bs.forEach((b, i) => {
              if (b === 0n) {
                assert.equal(r.values[i], 0n, 'ln 0');
                assert.equal(r.values[N + i], 0n, 'log2 0');
                return;
              }
              const l2 = Math.log2(Math.abs(Number(b))) - F;
              const eLn = Math.abs(Number(r.values[i]!) - l2 * Math.LN2 * 2 ** F);
              const eL2 = Math.abs(Number(r.values[N + i]!) - l2 * 2 ** F);
              assert.ok(eLn < TOL, `ln of element ${i}: error ${eLn} ulps`);
              assert.ok(eL2 < TOL, `log2 of element ${i}: error ${eL2} ulps`);
            });
          },
        ),
        { numRuns: runsFor(n, 2) },
      );
    });
  });
}

test('ln on an empty vector', async () => {
  assert.deepEqual((await runOpen(3, 1, [[]], (rt, [x]) => ln(rt, x!))).values, []);
});
