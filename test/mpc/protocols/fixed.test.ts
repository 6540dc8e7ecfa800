import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fpFromBigInts, fpToBigInts, fpVec } from '../../../src/mpc/field/vec.js';
import {
  fxpConstant,
  fxpDecode,
  fxpEncode,
  fxpFormat,
  fxpFromIntShares,
  fxpFromInts,
  fxpFromNumbers,
  fxpMul,
  fxpMulPublic,
  fxpToNumbers,
  fxpMaxK,
} from '../../../src/mpc/protocols/fixed.js';
import { fields } from '../../../src/mpc/field/prime-field.js';
import { absB, arbRange, runOpen, runsFor } from './fxp-util.js';
import { COMMITTEES, FXP, TEST_FIELD } from '../harness.js';

const K = FXP.k;
const F = FXP.f;
const MAX = (1n << BigInt(K - 1)) - 1n;
const MIN = -(1n << BigInt(K - 1));
const ONE = 1n << BigInt(F);
/** Options of the public-side helpers: the suite's field. */
const FXO = { field: TEST_FIELD };
/** Integer bits of the format (24 in p127, 63 in p255): |x| < 2^IB. */
const IB = K - F - 1;
/** The largest k of the field: 2k + κ + 1 < bits (42 in p127, 106 in p255). */
const KMAX = fxpMaxK(TEST_FIELD);

describe('fixed-point format and encoding', () => {
  test('defaults follow the field (p127: 41/16, p255: 96/32); 2k + κ + 1 < bits is enforced naming k and the field', () => {
    assert.deepEqual(fxpFormat(), { k: 41, f: 16 });
    assert.deepEqual(
      fxpFormat({}, TEST_FIELD),
      TEST_FIELD.name === 'p255' ? { k: 96, f: 32 } : { k: 41, f: 16 },
    );
    assert.deepEqual(fxpFormat({ k: KMAX, f: 20 }, TEST_FIELD), { k: KMAX, f: 20 });
    assert.throws(
      () => fxpFormat({ k: KMAX + 1 }, TEST_FIELD),
      (e: unknown) =>
        e instanceof RangeError &&
        e.message.includes(`k = ${KMAX + 1}`) &&
        e.message.includes(`field ${TEST_FIELD.name}`),
    );
    // The p255 default does not fit p127, and a format's field must be the session's.
    assert.throws(() => fxpFormat({ k: 96, f: 32 }), /k <= 42 in field p127\), got k = 96/);
    assert.throws(
      () => fxpFormat({ field: fields.p255 }, fields.p127),
      /the options name field p255, but the session computes in p127/,
    );
    assert.throws(() => fxpFormat({ k: 41.5 }, TEST_FIELD), RangeError);
    assert.throws(
      () => fxpFormat({ f: 0 }, TEST_FIELD),
      (e: unknown) => e instanceof RangeError && /f = 0/.test(e.message),
    );
    assert.throws(() => fxpFormat({ k: 20, f: 19 }, TEST_FIELD), RangeError);
  });

  test('fxpFromNumbers rounds x·2^f to nearest, halves away from zero', () => {
    const ulp = 2 ** -F;
    assert.deepEqual(
      fxpFromNumbers([0, -0, 1.5, -0.25, ulp / 2, -ulp / 2, ulp * 0.49, ulp * 1.5], FXO),
      [0n, 0n, 3n * (ONE / 2n), -(ONE / 4n), 1n, -1n, 0n, 2n],
    );
    if (K <= 53) assert.deepEqual(fxpFromNumbers([2 ** IB - ulp, -(2 ** IB)], FXO), [MAX, MIN]);
    else {
      // Wide formats: the largest binary64 below 2^IB is 2^IB - 2^(IB - 53), exact once scaled.
      const top = 2 ** IB - 2 ** (IB - 53);
      assert.deepEqual(fxpFromNumbers([top, -(2 ** IB)], FXO), [BigInt(top) << BigInt(F), MIN]);
    }
  });

  test('fxpFromNumbers then fxpToNumbers is the identity on representable values', () => {
    fc.assert(
      // Representable: 53 significant bits (all of the format in p127).
      fc.property(
        arbRange(MIN > -(2n ** 53n) ? MIN : -(2n ** 53n), MAX < 2n ** 53n ? MAX : 2n ** 53n),
        (x) => {
          const v = fxpToNumbers([x], FXO)[0]!;
          assert.equal(fxpFromNumbers([v], FXO)[0], x);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('NaN, infinities and out-of-range values are rejected naming the index, never the value', () => {
    const cases: [number, RegExp][] = [
      [NaN, /element 2 is not a finite number/],
      [Infinity, /element 2 is not a finite number/],
      [-Infinity, /element 2 is not a finite number/],
      [2 ** IB, /element 2 is outside the fixed-point range/],
      [
        IB <= 36 ? -(2 ** IB) - 2 ** -F : -(2 ** IB) * (1 + 2 ** -52),
        /element 2 is outside the fixed-point range/,
      ],
      [2 ** (IB + 3) + 0.125, /element 2 is outside/],
    ];
    for (const [bad, re] of cases) {
      assert.throws(
        () => fxpFromNumbers([1, 2, bad], FXO),
        (e: unknown) =>
          e instanceof RangeError &&
          re.test(e.message) &&
          !e.message.includes(String(bad).slice(0, 6)),
      );
    }
    assert.throws(() => fxpToNumbers([0n, MAX + 1n], FXO), /element 1 is outside/);
    assert.throws(() => fxpFromInts([0n, 1n << BigInt(IB)], FXO), /element 1 is outside/);
    assert.deepEqual(fxpFromInts([3n, -1n], FXO), [3n * ONE, -ONE]);
  });

  test('fxpEncode / fxpDecode round trip through field elements; decode detects overflow', () => {
    assert.deepEqual(fxpDecode(fxpEncode([1.5, -2, 0, -(2 ** -F)], FXO), FXO), [
      1.5,
      -2,
      0,
      -(2 ** -F),
    ]);
    assert.throws(
      () => fxpDecode(fpFromBigInts(TEST_FIELD, [0n, MAX + 1n]), FXO),
      /element 1 is outside/,
    );
    assert.deepEqual(fxpDecode(fpVec(TEST_FIELD, 0), FXO), []);
  });

  test('fxpConstant keeps |C| < 2^k with as many fractional bits as fit', () => {
    for (const c of [
      1,
      -1,
      0.5,
      1 / 3,
      Math.LOG2E,
      Math.LN2,
      1000.25,
      -(2 ** (IB - 1)),
      2 ** -20,
      0,
    ]) {
      const [C, e] = fxpConstant(c, fxpFormat({}, TEST_FIELD));
      assert.ok(absB(C) < 1n << BigInt(K), `|C| < 2^k for ${c}`);
      assert.ok(e >= F + 1 && e <= 2 * K - 2, `e in range for ${c}`);
      assert.ok(Math.abs(Number(C) / 2 ** e - c) <= 2 ** -(e + 1), `C rounds c for ${c}`);
      if (c !== 0 && Math.abs(c) > 2 ** -30)
        assert.ok(absB(C) >= 1n << BigInt(K - 2), `C uses k-1 bits for ${c}`);
    }
    assert.throws(() => fxpConstant(2 ** IB, fxpFormat({}, TEST_FIELD)), RangeError);
    assert.throws(() => fxpConstant(NaN, fxpFormat({}, TEST_FIELD)), RangeError);
  });
});

/** Pairs whose exact product fits the format: one factor small, or both moderate. */
const arbPair = fc.oneof(
  fc.tuple(arbRange(MIN, MAX), arbRange(-ONE, ONE)),
  fc.tuple(arbRange(-ONE, ONE), arbRange(MIN, MAX)),
  fc.tuple(arbRange(-(1n << 28n), 1n << 28n), arbRange(-(1n << 28n), 1n << 28n)),
);

for (const [n, t] of COMMITTEES) {
  describe(`fixed point n=${n} t=${t}`, () => {
    test('fxpMul is floor(x·y/2^f) or one more (|error| < 1 ulp)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(arbPair, { minLength: 1, maxLength: 8 }), async (pairs) => {
          const edge: [bigint, bigint][] = [
            [0n, 0n],
            [-1n, 1n],
            [-1n, -1n],
            [MAX, ONE],
            [MIN, ONE],
            [MIN, -ONE + 1n],
            [1n, 1n],
            [ONE, ONE],
            [-ONE, ONE],
          ];
          const all = [...pairs, ...edge];
          const xs = all.map((p) => p[0]);
          const ys = all.map((p) => p[1]);
          const { values, rounds } = await runOpen(n, t, [xs, ys], (rt, [x, y]) =>
            fxpMul(rt, x!, y!),
          );
          values.forEach((z, i) => {
            const exact = xs[i]! * ys[i]!;
            const fl = exact >> BigInt(F);
            assert.ok(z === fl || z === fl + 1n, `element ${i}: ${z} vs floor ${fl}`);
            if (exact % ONE === 0n) assert.equal(z, fl, `element ${i} exact`);
          });
          // Steps: reshare, mask contribution and ⌈log2(t+1)⌉ XOR levels, one open.
          assert.ok(rounds <= 3 + Math.ceil(Math.log2(t + 1)), `rounds ${rounds}`);
        }),
        { numRuns: runsFor(n, 4) },
      );
    });

    test('fxpMul on empty and one-element vectors', async () => {
      const empty = await runOpen(n, t, [[], []], (rt, [x, y]) => fxpMul(rt, x!, y!));
      assert.deepEqual(empty.values, []);
      const one = await runOpen(n, t, [[3n * ONE], [-ONE / 2n]], (rt, [x, y]) =>
        fxpMul(rt, x!, y!),
      );
      assert.deepEqual(one.values, [-(3n * ONE) / 2n]);
    });

    test('fxpMulPublic is within 1.5 ulps of x·c for |c| < 2 (and 1 + 2^(k-2-e) in general)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(arbRange(-(1n << 38n), 1n << 38n), { minLength: 1, maxLength: 6 }),
          fc.double({ min: -1.99, max: 1.99, noNaN: true }),
          async (xs0, c) => {
            const xs = [...xs0, 0n, -1n, MAX >> 2n, MIN >> 2n];
            const { values } = await runOpen(n, t, [xs], (rt, [x]) => fxpMulPublic(rt, x!, c));
            const [C, e] = fxpConstant(c, fxpFormat({}, TEST_FIELD));
            values.forEach((z, i) => {
              const exactNum = xs[i]! * C; // scale 2^(f+e)
              const fl = exactNum >> BigInt(e);
              assert.ok(z === fl || z === fl + 1n, `element ${i} truncates x·C`);
              const err = Math.abs(Number(z) - Number(xs[i]!) * c);
              assert.ok(err < 1.5, `element ${i}: error ${err} ulps`);
            });
          },
        ),
        { numRuns: runsFor(n, 3) },
      );
    });

    test('fxpFromIntShares scales integers by 2^f', async () => {
      const { values } = await runOpen(n, t, [[0n, 5n, -7n]], (_rt, [x]) =>
        Promise.resolve(fxpFromIntShares(x!)),
      );
      assert.deepEqual(values, [0n, 5n * ONE, -7n * ONE]);
    });
  });
}

test('fxpMul rejects mismatched lengths and bad formats before communicating', async () => {
  await assert.rejects(
    runOpen(3, 1, [[1n], [1n, 2n]], (rt, [x, y]) => fxpMul(rt, x!, y!)),
    /expected equal lengths/,
  );
  await assert.rejects(
    runOpen(3, 1, [[1n], [1n]], (rt, [x, y]) => fxpMul(rt, x!, y!, { k: KMAX + 1 })),
    new RegExp(`k = ${KMAX + 1}`),
  );
  assert.deepEqual(fpToBigInts(fpVec(TEST_FIELD, 0)), []);
});
