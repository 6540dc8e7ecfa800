import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  EXP2_COEFFICIENTS_2_64,
  EXP2_WIDE_COEFFICIENTS_2_128,
  LOG2E_2_128,
  type ExpMethod,
  exp,
  exp2Polynomial,
  expMaxInput,
} from '../../../src/mpc/protocols/exp.js';
import { arbRange, runOpen, runsFor } from './fxp-util.js';
import { COMMITTEES, FXP, TEST_FIELD } from '../harness.js';

const K = FXP.k;
const F = FXP.f;
const MAX = (1n << BigInt(K - 1)) - 1n;
const MIN = -(1n << BigInt(K - 1));
const XMAX = BigInt(Math.floor(expMaxInput({ field: TEST_FIELD }) * 2 ** F)); // largest X with e^x in the format

/** Relative error term of the bound: 2^-35 (degree 8, f ≤ 19) or 2^-89 (degree 16, k = 96). */
const REL = exp2Polynomial(F).coefficients.length > 9 ? 89 : 35;

// Reference e^x in bigint fixed point with W fraction bits (series; exact to about 2^-250).
const W = 256n;
const ONE_W = 1n << W;
const mulW = (x: bigint, y: bigint): bigint => (x * y) >> W;
/** e^r for |r| ≤ 1 at scale 2^W (Taylor series). */
function expSmall(r: bigint): bigint {
  let term = ONE_W;
  let sum = 0n;
  for (let i = 1n; term !== 0n; i++) {
    sum += term;
    term = mulW(term, r) / i;
  }
  return sum;
}
/** ln 2 at scale 2^W: 2·atanh(1/3). */
const LN2_W = ((): bigint => {
  const z = ONE_W / 3n;
  const z2 = mulW(z, z);
  let sum = 0n;
  for (let term = z, i = 1n; term !== 0n; i += 2n, term = mulW(term, z2)) sum += term / i;
  return 2n * sum;
})();
/** e^(X/2^F)·2^F at scale 2^W (0 far below the format). */
function expRef(X: bigint): bigint {
  const x = X << (W - BigInt(F));
  if (x < -(200n << W)) return 0n;
  const n = (x + LN2_W / 2n) / LN2_W - (x < 0n ? 1n : 0n); // ≈ round(x / ln 2)
  const e = expSmall(x - n * LN2_W) << BigInt(F);
  return n >= 0n ? e << n : e >> -n;
}

test('LOG2E_2_128 is round(log2(e)·2^128)', () => {
  // |L·ln 2 − 2^128| ≤ ln 2 / 2 (at scale 2^W): L is the nearest integer to 2^128/ln 2.
  const d = LOG2E_2_128 * LN2_W - (1n << (128n + W));
  assert.ok((d < 0n ? -d : d) <= LN2_W / 2n);
});

/** |r − e^x·2^f| < 1 + e^x·2^(f−REL) ulps, in exact arithmetic. */
function check(r: bigint, X: bigint, what: string): void {
  const E = expRef(X);
  const d = (r << W) - E;
  const err = d < 0n ? -d : d;
  const ulps = Number(err >> (W - 40n)) / 2 ** 40;
  assert.ok(err < ONE_W + (E >> BigInt(REL)), `${what}: error ${ulps} ulps`);
}

test('the exp2 polynomials are within 2^-40 (degree 8) and 2^-89.8 (degree 16) relative of 2^u on [0, 1]', () => {
  let worst = 0;
  for (let i = 0; i <= 10000; i++) {
    const u = i / 10000;
    const p = EXP2_COEFFICIENTS_2_64.reduceRight((acc, c) => acc * u + Number(c) / 2 ** 64, 0);
    worst = Math.max(worst, Math.abs(p / 2 ** u - 1));
  }
  assert.ok(worst < 2 ** -40, `worst 2^${Math.log2(worst)}`);
  // Degree 16 in bigint: |P(u) − 2^u| < 2^-89.8·2^u on 2001 points.
  for (let i = 0; i <= 2000; i++) {
    const u = (BigInt(i) << W) / 2000n;
    const p = EXP2_WIDE_COEFFICIENTS_2_128.reduceRight(
      (acc, c) => mulW(acc, u) + (c << (W - 128n)),
      0n,
    );
    const ref = expSmall(mulW(u, LN2_W));
    const d = p > ref ? p - ref : ref - p;
    assert.ok(Number(d) / Number(ref) < 2 ** -89.8, `degree 16 at u = ${i}/2000`);
  }
});

/** x around j·ln 2 (e^x near 2^j), from 2^-f up to the largest result of the format. */
const NEAR_POW2: bigint[] = [-F, -1, 1, 8, K - 2 - F].flatMap((j) => {
  const X = (BigInt(j) * LN2_W) >> (W - BigInt(F));
  return [X - 1n, X, X + 1n].filter((x) => x <= XMAX);
});

const RUNS: [number, number, ExpMethod][] = [
  ...COMMITTEES.map(([n, t]) => [n, t, 'bits'] as [number, number, ExpMethod]),
  [3, 1, 'comparisons'],
];
for (const [n, t, method] of RUNS) {
  describe(`exp n=${n} t=${t} (${method})`, () => {
    test(`exp is within 1 ulp + 2^-${REL} relative on its domain; underflow to 0, overflow saturates`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.oneof(arbRange(-(20n << BigInt(F)), XMAX), arbRange(MIN, XMAX)), {
            minLength: 1,
            maxLength: 4,
          }),
          async (xs0) => {
            const xs = [
              ...xs0,
              0n,
              1n,
              -1n,
              1n << BigInt(F),
              -(1n << BigInt(F)),
              XMAX,
              XMAX - 1n,
              -(12n << BigInt(F)),
              ...NEAR_POW2,
              MIN,
            ];
            const big = [XMAX + 1n, XMAX + (1n << BigInt(F)), MAX];
            const { values } = await runOpen(n, t, [[...xs, ...big]], (rt, [x]) =>
              exp(rt, x!, { method }),
            );
            xs.forEach((x, i) => check(values[i]!, x, `exp of element ${i}`));
            for (let i = 0; i < big.length; i++)
              assert.equal(values[xs.length + i], MAX, 'saturates');
            assert.equal(values[xs.length - 1], 0n, 'e^min is 0');
            assert.equal(values[xs0.length], 1n << BigInt(F), 'e^0 = 1');
          },
        ),
        { numRuns: runsFor(n, 2) },
      );
    });
  });
}

test('exp on an empty vector', async () => {
  assert.deepEqual((await runOpen(3, 1, [[]], (rt, [x]) => exp(rt, x!))).values, []);
});
