import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  EXP2_COEFFICIENTS_2_64,
  type ExpMethod,
  exp,
  expMaxInput,
} from '../../../src/mpc/protocols/exp.js';
import { arbRange, runOpen, runsFor } from './fxp-util.js';
import { COMMITTEES, FXP, TEST_FIELD } from '../harness.js';

const K = FXP.k;
const F = FXP.f;
const MAX = (1n << BigInt(K - 1)) - 1n;
const MIN = -(1n << BigInt(K - 1));
const XMAX = BigInt(Math.floor(expMaxInput({ field: TEST_FIELD }) * 2 ** F)); // largest X with e^x in the format

/** |r − e^x·2^f| in ulps and the bound 1 + e^x·2^(f-35). */
function check(r: bigint, X: bigint, what: string): void {
  const exact = Math.exp(Number(X) / 2 ** F) * 2 ** F; // double: relative 2^-52
  const e = Math.abs(Number(r) - exact);
  assert.ok(e < 1 + exact * 2 ** -35, `${what}: error ${e} ulps (exact ${exact})`);
}

test('the exp2 polynomial is within 2^-40 relative of 2^u on [0, 1]', () => {
  let worst = 0;
  for (let i = 0; i <= 10000; i++) {
    const u = i / 10000;
    const p = EXP2_COEFFICIENTS_2_64.reduceRight((acc, c) => acc * u + Number(c) / 2 ** 64, 0);
    worst = Math.max(worst, Math.abs(p / 2 ** u - 1));
  }
  assert.ok(worst < 2 ** -40, `worst 2^${Math.log2(worst)}`);
});

const RUNS: [number, number, ExpMethod][] = [
  ...COMMITTEES.map(([n, t]) => [n, t, 'bits'] as [number, number, ExpMethod]),
  [3, 1, 'comparisons'],
];
for (const [n, t, method] of RUNS) {
  describe(`exp n=${n} t=${t} (${method})`, () => {
    test('exp is within 1 ulp + 2^-35 relative on its domain; underflow to 0, overflow saturates', async () => {
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
