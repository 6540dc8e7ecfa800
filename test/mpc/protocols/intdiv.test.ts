import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { divModPublic, divPublic, divPublicPlan } from '../../../src/mpc/protocols/intdiv.js';
import { COMMITTEES } from '../harness.js';
import { arbRange, floorDivB, runOpen, runsFor } from './fxp-util.js';
import { fpConcat } from '../../../src/mpc/field/vec.js';

function edges(k: number): bigint[] {
  const hi = (1n << BigInt(k - 1)) - 1n;
  const lo = -(1n << BigInt(k - 1));
  return [0n, 1n, -1n, hi, lo, hi - 1n, lo + 1n, 2n, -2n];
}

const DIVISORS = [1n, 2n, 3n, 7n, 10n, 64n, 1000n, 65537n, (1n << 30n) + 3n, (1n << 40n) - 1n];

for (const [n, t] of COMMITTEES) {
  describe(`divPublic n=${n} t=${t}`, () => {
    for (const k of [41, 64]) {
      test(`k = ${k}: quotient ⌊a/d⌋ and remainder in [0, d) are exact`, async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.array(arbRange(-(1n << BigInt(k - 1)), (1n << BigInt(k - 1)) - 1n), {
              minLength: 0,
              maxLength: 6,
            }),
            fc.oneof(fc.constantFrom(...DIVISORS), fc.bigInt({ min: 1n, max: 1n << 45n })),
            async (xs0, d) => {
              let supported = true;
              try {
                divPublicPlan(k, d, t);
              } catch {
                supported = (d & (d - 1n)) === 0n;
              }
              if (!supported) return;
              const xs = [...xs0, ...edges(k)];
              const { values } = await runOpen(n, t, [xs], async (rt, [x]) => {
                const { quotient, remainder } = await divModPublic(rt, x!, k, d);
                return fpConcat([quotient, remainder]);
              });
              xs.forEach((x, i) => {
                const q = floorDivB(x, d);
                assert.equal(values[i], q, `quotient ${i} (d = ${d})`);
                assert.equal(values[xs.length + i], x - q * d, `remainder ${i} (d = ${d})`);
              });
            },
          ),
          { numRuns: runsFor(n, k === 41 ? 6 : 3) },
        );
      });
    }
  });
}

test('divPublic on a single element and an empty vector', async () => {
  const one = await runOpen(3, 1, [[-7n]], (rt, [x]) => divPublic(rt, x!, 41, 3n));
  assert.deepEqual(one.values, [-3n]);
  const empty = await runOpen(3, 1, [[]], (rt, [x]) => divPublic(rt, x!, 41, 3n));
  assert.deepEqual(empty.values, []);
});

test('every divisor works for k = 41 with t <= 3; wide k with small d is refused naming k', () => {
  for (const t of [1, 2, 3])
    for (const d of DIVISORS) if (d > 1n && (d & (d - 1n)) !== 0n) divPublicPlan(41, d, t);
  assert.throws(
    () => divPublicPlan(64, 3n, 1),
    (e: unknown) => e instanceof RangeError && /k = 64/.test(e.message),
  );
  assert.ok(divPublicPlan(64, (1n << 40n) - 1n, 1).h > 0, 'a pre-shift makes room for wide k');
});

test('divPublic rejects a non-positive or non-integer divisor', async () => {
  for (const d of [0n, -3n, 1.5, 0]) {
    await assert.rejects(
      runOpen(3, 1, [[5n]], (rt, [x]) => divPublic(rt, x!, 41, d)),
      /positive integer divisor/,
    );
  }
});

test('both plans (no pre-shift, and pre-shift for k = 64) are exact on the range ends', async () => {
  for (const [k, d] of [
    [41, 3n],
    [41, 1000003n],
    [64, (1n << 40n) - 1n],
    [64, 10n ** 15n],
    [64, (1n << 30n) + 3n],
  ] as const) {
    const xs = [...edges(k), 123456789n, -987654321n];
    const { values } = await runOpen(3, 1, [xs], (rt, [x]) => divPublic(rt, x!, k, d));
    assert.deepEqual(
      values,
      xs.map((x) => floorDivB(x, d)),
      `k = ${k}, d = ${d}`,
    );
  }
  assert.equal(divPublicPlan(41, 3n, 1).h, 0);
  assert.equal(divPublicPlan(64, 10n ** 15n, 1).h, 0);
  assert.ok(divPublicPlan(64, (1n << 30n) + 3n, 1).h > 0);
});
