import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fpConcat } from '../../../src/mpc/field/vec.js';
import { LOG2_COEFFICIENTS_2_60, ln, log2 } from '../../../src/mpc/protocols/log.js';
import type { NormMethod } from '../../../src/mpc/protocols/norm.js';
import { arbRange, runOpen, runsFor } from './fxp-util.js';
import { COMMITTEES, FXP } from '../harness.js';

const K = FXP.k;
const F = FXP.f;
const MAX = (1n << BigInt(K - 1)) - 1n;
const MIN = -(1n << BigInt(K - 1));
const ONE = 1n << BigInt(F);
/**
 * Error bound in ulps: 1.51, plus the polynomial's 2^-23.4 (fitted for f = 16) once the format
 * has more fractional bits than that (p255, f = 32: about 390 ulps, 1.1e-7 absolute).
 */
const TOL = 1.51 + (F > 22 ? 2 ** (F - 23.4) : 0);

test('the log2 polynomial is within 2^-23.4 of log2(1 + t) on [0, 1], and P(0) = 0', () => {
  let worst = 0;
  for (let i = 0; i <= 10000; i++) {
    const t = i / 10000;
    const p = LOG2_COEFFICIENTS_2_60.reduceRight((acc, c) => acc * t + Number(c) / 2 ** 60, 0);
    worst = Math.max(worst, Math.abs(p - Math.log2(1 + t)));
  }
  assert.ok(worst < 2 ** -23.4, `worst 2^${Math.log2(worst)}`);
  assert.equal(LOG2_COEFFICIENTS_2_60[0], 0n);
});

const RUNS: [number, number, NormMethod][] = [
  ...COMMITTEES.map(([n, t]) => [n, t, 'bits'] as [number, number, NormMethod]),
  [3, 1, 'comparisons'],
];
for (const [n, t, method] of RUNS) {
  describe(`log n=${n} t=${t} (${method})`, () => {
    test('ln and log2 are within 1.51 ulps (+ 2^-23.4 in wide formats) of ln|b|, log2|b|; 0 for b = 0', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            arbRange(MIN, MAX).filter((x) => x !== 0n),
            { minLength: 1, maxLength: 4 },
          ),
          async (bs0) => {
            const bs = [...bs0, 1n, -1n, ONE, -ONE, MAX, MIN, 3n, 1n << 30n, -(1n << 30n), 0n];
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
