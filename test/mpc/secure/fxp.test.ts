import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { secfxp } from '../../../src/mpc/secure/types.js';
import { API_COMMITTEES, ULP, assertClose, viaOutsiders } from './helpers.js';

const FX = secfxp();
/** Reals on the fixed-point grid, small enough that products and sums of squares fit. */
const arbReals = (len: number) =>
  fc.array(
    fc.integer({ min: -(2 ** 26), max: 2 ** 26 }).map((i) => i / 2 ** 16),
    { minLength: len, maxLength: len },
  );
const EDGE = [0, ULP, -ULP, 1, -1, 1000.5, -999.25];

const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);

for (const [n, t] of API_COMMITTEES) {
  describe(`secfxp n=${n} t=${t}`, () => {
    test('add, sub, neg are exact; mul, mulPublic and dot are within an ulp or two', async () => {
      await fc.assert(
        fc.asyncProperty(arbReals(4), arbReals(4), async (x0, y0) => {
          const xs = [...x0, ...EDGE];
          const ys = [...y0, ...EDGE.slice().reverse()];
          const got = await viaOutsiders(n, t, async (own) => {
            const x = await own(xs, FX);
            const y = await own(ys, FX);
            return x
              .add(y)
              .concat(
                x.sub(y),
                x.neg(),
                x.add(0.5),
                await x.mul(y),
                await x.mulPublic(0.3),
                await x.mulPublic(-3),
                await x.mul(2.5),
                await x.dot(y),
              );
          });
          const L = xs.length;
          assertClose(
            got.slice(0, 4 * L),
            [
              ...xs.map((a, i) => a + ys[i]!),
              ...xs.map((a, i) => a - ys[i]!),
              ...xs.map((a) => -a),
              ...xs.map((a) => a + 0.5),
            ],
            0,
          );
          assertClose(
            got.slice(4 * L, 5 * L),
            xs.map((a, i) => a * ys[i]!),
            ULP,
          );
          // A public constant is encoded with more fractional bits: < 1 + 2^(k-2-e) ulps.
          assertClose(
            got.slice(5 * L, 6 * L),
            xs.map((a) => a * 0.3),
            2 * ULP,
          );
          assertClose(
            got.slice(6 * L, 7 * L),
            xs.map((a) => a * -3),
            0,
          );
          assertClose(
            got.slice(7 * L, 8 * L),
            xs.map((a) => a * 2.5),
            2 * ULP,
          );
          assertClose(got.slice(8 * L), [sum(xs.map((a, i) => a * ys[i]!))], ULP);
        }),
        { numRuns: 3 },
      );
    });

    test('sum, mean and variance match the plaintext statistics', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.integer({ min: -(2 ** 22), max: 2 ** 22 }).map((i) => i / 2 ** 12),
            {
              minLength: 1,
              maxLength: 12,
            },
          ),
          async (xs) => {
            const got = await viaOutsiders(n, t, async (own) => {
              const x = await own(xs, FX);
              return x.sum().concat(await x.mean(), await x.variance());
            });
            const mu = sum(xs) / xs.length;
            const v = sum(xs.map((a) => (a - mu) ** 2)) / xs.length;
            assertClose(got.slice(0, 1), [sum(xs)], 0);
            assertClose(got.slice(1, 2), [mu], 4 * ULP);
            // protocols/stats.ts: < 5 + 8·|μ|·2^-11 ulps.
            assertClose(got.slice(2), [v], (5 + (8 * Math.abs(mu)) / 2 ** 11) * ULP);
          },
        ),
        { numRuns: 3 },
      );
    });

    test('floor is exact and typed secint(k - f)', async () => {
      const xs = [0, 1.5, -1.5, -ULP, 1000.99, -(2 ** 23)];
      const got = await viaOutsiders(n, t, async (own) => {
        const y = await (await own(xs, FX)).floor();
        assert.equal(y.shape, 'secint(25)[6]');
        return y;
      });
      assert.deepEqual(
        got,
        xs.map((a) => BigInt(Math.floor(a))),
      );
    });
  });
}

test('mean of 1000 salaries and a non-default format', async () => {
  const xs = Array.from({ length: 1000 }, (_, i) => 30_000 + ((i * 7919) % 90_000) + 0.25);
  const got = await viaOutsiders(3, 1, async (own) => (await own(xs, FX)).mean());
  assertClose(got, [sum(xs) / xs.length], 4 * ULP);
  const coarse = secfxp({ f: 8, k: 32 });
  const got2 = await viaOutsiders(3, 1, async (own) => {
    const x = await own([1.5, -2.25], coarse);
    return x.mul(x);
  });
  assertClose(got2, [2.25, 5.0625], 2 ** -8);
});

for (const [n, t] of API_COMMITTEES) {
  describe(`secfxp division and comparisons n=${n} t=${t}`, () => {
    test('div, reciprocal and divPublic are within the documented error', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.integer({ min: -(2 ** 24), max: 2 ** 24 }).map((i) => i / 2 ** 12),
            {
              minLength: 3,
              maxLength: 3,
            },
          ),
          fc.array(
            fc
              .integer({ min: 2 ** 10, max: 2 ** 22 })
              .chain((i) => fc.constantFrom(i / 2 ** 12, -i / 2 ** 12)),
            { minLength: 3, maxLength: 3 },
          ),
          async (x0, y0) => {
            const xs = [...x0, 1, -7.5, 100];
            const ys = [...y0, 3, 0.5, -0.25];
            const got = await viaOutsiders(n, t, async (own) => {
              const x = await own(xs, FX);
              const y = await own(ys, FX);
              return (await x.div(y)).concat(
                await y.reciprocal(),
                await x.div(7),
                await x.divPublic(3n),
                await x.div(0.5),
              );
            });
            const L = xs.length;
            const q = xs.map((a, i) => a / ys[i]!);
            const within = (k: number, want: number[], tol: (w: number) => number) =>
              want.forEach((w, i) => {
                const g = got[k * L + i] as number;
                assert.ok(Math.abs(g - w) <= tol(w), `${k}/${i}: got ${g}, want ${w}`);
              });
            within(0, q, (w) => (2 + Math.abs(w) * 2 ** -17) * ULP);
            within(
              1,
              ys.map((b) => 1 / b),
              (w) => (1 + Math.abs(w) * 2 ** -17) * ULP,
            );
            // divPublic rounds down to the ulp: x/d − 1 ulp < got <= x/d.
            within(
              2,
              xs.map((a) => a / 7),
              () => ULP,
            );
            within(
              3,
              xs.map((a) => a / 3),
              () => ULP,
            );
            within(
              4,
              xs.map((a) => a * 2),
              () => 2 * ULP,
            );
          },
        ),
        { numRuns: 2 },
      );
    });

    test('comparisons, min/max and sort work on fixed point', async () => {
      const xs = [1.5, -0.25, 3, 3, -1000, ULP];
      const ys = [1.5, -0.5, 4, 2.75, 0, 0];
      const got = await viaOutsiders(n, t, async (own) => {
        const x = await own(xs, FX);
        const y = await own(ys, FX);
        return (await x.lt(y)).concat(
          await x.ge(y),
          await x.eq(y),
          await x.gt(0.5),
          await (await x.max()).eq(3),
        );
      });
      assert.deepEqual(got, [
        ...xs.map((a, i) => a < ys[i]!),
        ...xs.map((a, i) => a >= ys[i]!),
        ...xs.map((a, i) => a === ys[i]!),
        ...xs.map((a) => a > 0.5),
        true,
      ]);
      const sorted = await viaOutsiders(n, t, async (own) => {
        const x = await own(xs, FX);
        const am = await x.argmin();
        return (await x.sort()).concat(am.value, await x.min(0));
      });
      assertClose(
        sorted,
        [...[...xs].sort((a, b) => a - b), -1000, ...xs.map((a) => Math.min(a, 0))],
        0,
      );
    });
  });
}

for (const [n, t] of API_COMMITTEES) {
  describe(`secfxp sqrt and exp n=${n} t=${t}`, () => {
    test('sqrt is within 1.1 ulps and exp within 1 + e^x·2^-19 ulps', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.integer({ min: 0, max: 2 ** 39 }).map((i) => i / 2 ** 16),
            {
              minLength: 3,
              maxLength: 3,
            },
          ),
          fc.array(
            fc.integer({ min: -(2 ** 20), max: 2 ** 20 }).map((i) => i / 2 ** 16),
            {
              minLength: 3,
              maxLength: 3,
            },
          ),
          async (r0, e0) => {
            const rs = [...r0, 0, ULP, 2, 10_000];
            const es = [...e0, 0, -1, 1, -20, 16.6, 20];
            const got = await viaOutsiders(n, t, async (own) => {
              const r = await own(rs, FX);
              const e = await own(es, FX);
              return (await r.sqrt()).concat(await e.exp());
            });
            rs.forEach((x, i) => {
              const g = got[i] as number;
              assert.ok(
                Math.abs(g - Math.sqrt(x)) < 1.1 * ULP,
                `sqrt ${i}: ${g} vs ${Math.sqrt(x)}`,
              );
            });
            const max = (2 ** 40 - 1) * ULP;
            es.forEach((x, i) => {
              const g = got[rs.length + i] as number;
              // The reference takes the input as encoded: x rounded to the ulp.
              const want = Math.min(Math.exp(Math.round(x / ULP) * ULP), max);
              const tol = (1 + want * 2 ** -19) * ULP;
              assert.ok(Math.abs(g - want) <= tol, `exp ${i}: ${g} vs ${want}`);
            });
          },
        ),
        { numRuns: 2 },
      );
    });
  });
}

test('ln and log2 are within 1.51 ulps, for n = 3 and n = 5', async () => {
  const xs = [1, 2, 0.5, ULP, 1000.25, 2 ** 23, Math.E];
  for (const [n, t] of API_COMMITTEES) {
    const got = await viaOutsiders(n, t, async (own) => {
      const x = await own(xs, FX);
      return (await x.ln()).concat(await x.log2());
    });
    const enc = xs.map((x) => Math.round(x / ULP) * ULP);
    assertClose(got, [...enc.map(Math.log), ...enc.map(Math.log2)], 1.51 * ULP);
  }
});
