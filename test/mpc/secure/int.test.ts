import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { secbit, secint } from '../../../src/mpc/secure/types.js';
import { fields } from '../../../src/mpc/field/prime-field.js';
import { checkIntBits, dotBits, sumBits } from '../../../src/mpc/secure/int.js';
import { API_COMMITTEES, runSessions, viaOutsiders } from './helpers.js';
import { FXP, TEST_FIELD } from '../harness.js';

const I32 = secint(32);
const H = 1n << 31n;
/** Values whose pairwise products, and sums of ten such products, fit 32 bits. */
const arbSmall = (len: number) =>
  fc.array(fc.bigInt({ min: -(1n << 13n), max: (1n << 13n) - 1n }), {
    minLength: len,
    maxLength: len,
  });
const EDGE = [0n, 1n, -1n, (1n << 15n) - 1n, -(1n << 15n)];

const floorDiv = (a: bigint, d: bigint): bigint => (a >= 0n ? a / d : -((-a + d - 1n) / d));
const mod = (a: bigint, d: bigint): bigint => ((a % d) + d) % d;

for (const [n, t] of API_COMMITTEES) {
  describe(`secint n=${n} t=${t}`, () => {
    test('add, sub, neg with secure, public and broadcast operands', async () => {
      await fc.assert(
        fc.asyncProperty(arbSmall(4), arbSmall(4), async (x0, y0) => {
          const xs = [...x0, ...EDGE];
          const ys = [...y0, ...EDGE.slice().reverse()];
          const got = await viaOutsiders(n, t, async (own) => {
            const x = await own(xs, I32);
            const y = await own(ys, I32);
            return x
              .add(y)
              .concat(x.sub(y), x.neg(), x.add(7), x.sub(ys), x.add(y.at(0)), x.at(-1).sub(y));
          });
          const want = [
            ...xs.map((a, i) => a + ys[i]!),
            ...xs.map((a, i) => a - ys[i]!),
            ...xs.map((a) => -a),
            ...xs.map((a) => a + 7n),
            ...xs.map((a, i) => a - ys[i]!),
            ...xs.map((a) => a + ys[0]!),
            ...ys.map((b) => xs.at(-1)! - b),
          ];
          assert.deepEqual(got, want);
        }),
        { numRuns: 3 },
      );
    });

    test('mul, mulPublic, sum and dot', async () => {
      await fc.assert(
        fc.asyncProperty(arbSmall(5), arbSmall(5), async (x0, y0) => {
          const xs = [...x0, ...EDGE];
          const ys = [...y0, ...EDGE.slice().reverse()];
          const got = await viaOutsiders(n, t, async (own) => {
            const x = await own(xs, I32);
            const y = await own(ys, I32);
            const xy = await x.mul(y);
            const x3 = x.mulPublic(-3);
            const xp = await x.mul(ys); // a public vector operand is multiplied locally
            const d = await x.dot(y);
            return xy.concat(x3, xp, x.sum(), d);
          });
          const want = [
            ...xs.map((a, i) => a * ys[i]!),
            ...xs.map((a) => -3n * a),
            ...xs.map((a, i) => a * ys[i]!),
            xs.reduce((s, a) => s + a, 0n),
            xs.reduce((s, a, i) => s + a * ys[i]!, 0n),
          ];
          assert.deepEqual(got, want);
        }),
        { numRuns: 3 },
      );
    });

    test('shiftRight is exact floor division by 2^m, mod2m the remainder', async () => {
      const xs = [0n, 1n, -1n, 1000n, -1000n, H - 1n, -H, 12345678n, -7n];
      const got = await viaOutsiders(n, t, async (own) => {
        const x = await own(xs, I32);
        return (await x.shiftRight(3)).concat(await x.mod2m(5), await x.shiftRight(0));
      });
      assert.deepEqual(got, [
        ...xs.map((a) => floorDiv(a, 8n)),
        ...xs.map((a) => mod(a, 32n)),
        ...xs,
      ]);
    });

    test('shiftRightApprox is floor division by 2^m, or one more', async () => {
      const xs = [0n, 1n, -1n, 1000n, -1000n, H - 1n, -H, 12345678n, -7n, 1024n];
      const got = await viaOutsiders(n, t, async (own) => (await own(xs, I32)).shiftRightApprox(4));
      xs.forEach((a, i) => {
        const d = (got[i] as bigint) - floorDiv(a, 16n);
        assert.ok(d === 0n || (d === 1n && a % 16n !== 0n), `element ${i}`);
      });
    });

    test('toFixed converts exactly (the integer type must fit the format: 24 bits in p127, 64 in p255)', async () => {
      const kb = FXP.k - FXP.f; // 25 in p127, 64 in p255
      const lim = 1n << BigInt(kb - 1);
      const xs = [0n, 5n, -5n, lim - 1n, -lim];
      const got = await viaOutsiders(n, t, async (own) => (await own(xs, secint(kb))).toFixed());
      assert.deepEqual(
        got,
        xs.map((a) => Number(a)),
      );
    });
  });
}

test('secint(64) round-trips the whole int64 range from a BigInt64Array', async () => {
  const xs = BigInt64Array.from([-(1n << 63n), (1n << 63n) - 1n, 0n, -1n]);
  const got = await viaOutsiders(3, 1, async (own) => own(xs, secint()));
  assert.deepEqual(got, Array.from(xs));
});

test('an output that overflowed its bit length fails closed at the recipient', async () => {
  await assert.rejects(
    viaOutsiders(3, 1, async (own) => (await own([H - 1n], I32)).add(1)),
    (err: unknown) =>
      err instanceof Error &&
      err.name === 'MpcProtocolError' &&
      /element 0 is outside the range of secint\(32\)/.test(err.message) &&
      !err.message.includes(String(H)),
  );
});

for (const [n, t] of API_COMMITTEES) {
  describe(`secint comparisons and ordering n=${n} t=${t}`, () => {
    test('lt le gt ge eq ne, isNegative, isZero against secure and public operands', async () => {
      await fc.assert(
        fc.asyncProperty(arbSmall(3), arbSmall(3), async (x0, y0) => {
          const xs = [...x0, 0n, 5n, -5n, H - 1n, -H, H - 1n];
          const ys = [...y0, 0n, 5n, 4n, -H, H - 1n, H - 1n];
          const got = await viaOutsiders(n, t, async (own) => {
            const x = await own(xs, I32);
            const y = await own(ys, I32);
            return (await x.lt(y)).concat(
              await x.le(y),
              await x.gt(y),
              await x.ge(y),
              await x.eq(y),
              await x.ne(y),
              await x.lt(0),
              await x.eq(ys),
              await x.isNegative(),
              await x.isZero(),
            );
          });
          const cmp = (f: (a: bigint, b: bigint) => boolean) => xs.map((a, i) => f(a, ys[i]!));
          assert.deepEqual(got, [
            ...cmp((a, b) => a < b),
            ...cmp((a, b) => a <= b),
            ...cmp((a, b) => a > b),
            ...cmp((a, b) => a >= b),
            ...cmp((a, b) => a === b),
            ...cmp((a, b) => a !== b),
            ...xs.map((a) => a < 0n),
            ...cmp((a, b) => a === b),
            ...xs.map((a) => a < 0n),
            ...xs.map((a) => a === 0n),
          ]);
        }),
        { numRuns: 2 },
      );
    });

    test('min, max, argmin, argmax (first position on ties), elementwise min/max, sort', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.bigInt({ min: -50n, max: 50n }), { minLength: 1, maxLength: 9 }),
          async (xs) => {
            const ys = xs.map((_, i) => BigInt(i * 7 - 20));
            const got = await viaOutsiders(n, t, async (own) => {
              const x = await own(xs, I32);
              const y = await own(ys, I32);
              const amin = await x.argmin();
              const amax = await x.argmax();
              return (await x.min()).concat(
                await x.max(),
                amin.index.add(0), // indices are secint(32), like I32
                amin.value,
                amax.index,
                amax.value,
                await x.min(y),
                await x.max(y),
                await x.max(0n),
                await x.sort(),
                await x.sort({ descending: true }),
              );
            });
            const min = xs.reduce((a, b) => (b < a ? b : a));
            const max = xs.reduce((a, b) => (b > a ? b : a));
            const asc = [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
            assert.deepEqual(got, [
              min,
              max,
              BigInt(xs.indexOf(min)),
              min,
              BigInt(xs.indexOf(max)),
              max,
              ...xs.map((a, i) => (a < ys[i]! ? a : ys[i]!)),
              ...xs.map((a, i) => (a > ys[i]! ? a : ys[i]!)),
              ...xs.map((a) => (a > 0n ? a : 0n)),
              ...asc,
              ...asc.slice().reverse(),
            ]);
          },
        ),
        { numRuns: 2 },
      );
    });

    test('divPublic and modPublic are exact floor division and remainder', async () => {
      const xs = [0n, 1n, -1n, 100n, -100n, H - 1n, -H, 999_999n];
      const got = await viaOutsiders(n, t, async (own) => {
        const x = await own(xs, I32);
        return (await x.divPublic(7)).concat(
          await x.modPublic(7),
          await x.divPublic(1n),
          await x.divPublic(16),
        );
      });
      assert.deepEqual(got, [
        ...xs.map((a) => floorDiv(a, 7n)),
        ...xs.map((a) => mod(a, 7n)),
        ...xs,
        ...xs.map((a) => floorDiv(a, 16n)),
      ]);
    });
  });
}

test('empty vectors: min refuses, naming the shape; sort and sum are fine', async () => {
  await assert.rejects(
    viaOutsiders(3, 1, async (own) => (await own([], I32)).min()),
    (err: unknown) =>
      err instanceof Error &&
      /min: expected a non-empty vector, got secint\(32\)\[0\]/.test(err.message),
  );
  const got = await viaOutsiders(3, 1, async (own) => {
    const x = await own([], I32);
    return (await x.sort()).concat(x.sum());
  });
  assert.deepEqual(got, [0n]);
});

test('toBits gives the two’s complement bits, least significant first, element by element', async () => {
  for (const [n, t] of API_COMMITTEES) {
    const xs = [0n, 1n, -1n, 5n, -128n, 127n];
    const got = await viaOutsiders(n, t, async (own) => (await own(xs, secint(8))).toBits());
    const want = xs.flatMap((x) =>
      Array.from({ length: 8 }, (_, i) => ((((x % 256n) + 256n) % 256n) >> BigInt(i)) % 2n === 1n),
    );
    assert.deepEqual(got, want, `n=${n}`);
  }
});

describe('magnitude bounds of sums and dot products', () => {
  const I64 = secint(64);
  const MIN64 = -(1n << 63n);
  const MAX64 = (1n << 63n) - 1n;

  test('a sum of 64-bit values widens its type and is exact at the extremes of int64', async () => {
    const xs = [MAX64, MAX64, MAX64, MAX64, MIN64 + 1n, MAX64, MAX64, MAX64, MAX64];
    const got = await viaOutsiders(3, 1, async (own) => (await own(xs, I64)).sum());
    assert.deepEqual(got, [xs.reduce((a, b) => a + b, 0n)]);
    const neg = [MIN64, MIN64, MIN64];
    const got2 = await viaOutsiders(3, 1, async (own) => (await own(neg, I64)).sum());
    assert.deepEqual(got2, [3n * MIN64]);
  });

  test('a dot product of 64-bit values is exact in p255 and refused in p127 with the bound', async () => {
    const xs = [MAX64, MIN64, -1n, 0n];
    const ys = [MAX64, MIN64, MAX64, 7n];
    const want = xs.reduce((a, x, i) => a + x * ys[i]!, 0n);
    if (TEST_FIELD.name === 'p255') {
      const got = await viaOutsiders(3, 1, async (own) => {
        const x = await own(xs, I64);
        return x.dot(await own(ys, I64));
      });
      assert.deepEqual(got, [want]);
    } else {
      await assert.rejects(
        viaOutsiders(3, 1, async (own) => {
          const x = await own(xs, I64);
          return x.dot(await own(ys, I64));
        }),
        (e: unknown) =>
          e instanceof RangeError &&
          e.message.includes('may need 130 bits') &&
          e.message.includes('field p127') &&
          e.message.includes('126 bits'),
      );
    }
  });

  test('10^7 rows: a sum of int64 fits both fields (88 bits), a dot product only p255 (152 bits)', () => {
    const rows = 10_000_000;
    assert.equal(sumBits(64, rows), 88);
    assert.equal(dotBits(64, 64, rows), 152);
    checkIntBits('sum', sumBits(64, rows), fields.p127, 'a sum');
    checkIntBits('dot', dotBits(64, 64, rows), fields.p255, 'a dot product');
    assert.throws(
      () => checkIntBits('dot', dotBits(64, 64, rows), fields.p127, 'a dot product'),
      (e: unknown) =>
        e instanceof RangeError &&
        e.message ===
          'dot: a dot product may need 152 bits (|result| < 2^151), more than field p127 holds without wrapping (126 bits); use field p255 or fewer or narrower values',
    );
    assert.throws(() => checkIntBits('dot', 255, fields.p255, 'x'), /field p255 .* \(254 bits\)/);
  });

  test('toFixed refuses an integer type that does not fit the fixed-point format, naming both', async () => {
    await runSessions(3, 1, (mpc) => {
      const x = mpc.constant([1n], secint(64));
      if (TEST_FIELD.name === 'p127') {
        assert.throws(
          () => x.toFixed(),
          /toFixed: values of 64 bits \(secint\(64\)\) need 80 bits as secfxp\(f=16, k=41\), which has 41 \(field p127\)/,
        );
      } else {
        // 64 + 32 = 96 bits: exactly the p255 default format; a sum of two no longer fits.
        assert.equal(x.toFixed().type.k, 96);
        assert.throws(() => mpc.constant([1n, 2n], secint(64)).sum().toFixed(), /need 97 bits/);
      }
      // A count of n bits is known to be small, whatever its type.
      const c = mpc.constant([1, 0, 1], secbit).count();
      assert.equal(c.bits, 3);
      assert.equal(c.toFixed().type.f, FXP.f);
      return Promise.resolve(null);
    });
  });
});
