// The wide field Fp255 (p = 2^255 - 19): field laws, the 4-word packing helpers, and the
// canonicality check used on peer bytes, against plain bigint arithmetic.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeSigned, encodeSigned } from '../../../src/mpc/field/fp.js';
import {
  Fp255,
  P255,
  P255_BYTES,
  P255_WORDS,
  p255FromBigInts,
  p255Get,
  p255Set,
  p255ToBigInts,
  p255Vec,
} from '../../../src/mpc/field/p255.js';
import { p255FirstNonCanonical } from '../../../src/mpc/field/kernels-p255.js';

const p = P255;
const F = Fp255;
/** Around 0, p, p/2 and every 64-bit word boundary. */
const EDGES: readonly bigint[] = (() => {
  const xs = new Set<bigint>([0n, 1n, 2n, 18n, 19n, 20n, p - 1n, p - 2n, p - 19n, p >> 1n]);
  xs.add((p >> 1n) + 1n);
  xs.add((1n << 255n) - 20n);
  for (const e of [32n, 63n, 64n, 128n, 192n, 224n, 254n]) {
    for (const d of [-1n, 0n, 1n]) xs.add((1n << e) + d);
  }
  return [...xs].filter((x) => x >= 0n && x < p);
})();
const arb = fc.oneof(fc.constantFrom(...EDGES), fc.bigInt({ min: 0n, max: p - 1n }));
const arbNonZero = arb.filter((x) => x !== 0n);

describe('Fp255 field laws', () => {
  test('p = 2^255 - 19 has 255 bits in 32 bytes, 4 words', () => {
    assert.equal(F.ORDER, (1n << 255n) - 19n);
    assert.equal([F.BITS, F.BYTES, P255_BYTES, P255_WORDS].join(), '255,32,32,4');
    assert.ok(Object.isFrozen(F));
  });

  test('add, mul and sub agree with bigint arithmetic mod p', () => {
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        assert.equal(F.add(a, b), (a + b) % p);
        assert.equal(F.mul(a, b), (a * b) % p);
        assert.equal(F.sub(a, b), (a - b + p) % p);
        assert.equal(F.add(a, F.neg(a)), 0n);
      }),
    );
    assert.equal(F.neg(0n), 0n);
  });

  test('inverses and Fermat', () => {
    fc.assert(
      fc.property(arbNonZero, (a) => {
        assert.equal(F.mul(a, F.inv(a)), 1n);
        assert.equal(F.pow(a, p - 1n), 1n);
      }),
      { numRuns: 50 },
    );
    assert.throws(() => F.inv(0n), RangeError);
  });

  test('2^255 = 19 and 2^256 = 38 (the reduction identities)', () => {
    assert.equal(F.create(1n << 255n), 19n);
    assert.equal(F.create(1n << 256n), 38n);
    assert.equal(F.create(1n << 510n), 361n);
  });

  test('signed encoding round-trips at the int64 and ±p/2 boundaries', () => {
    const half = p >> 1n;
    for (const x of [0n, 1n, -1n, -(1n << 63n), (1n << 63n) - 1n, half, -half, 1n << 200n]) {
      assert.equal(decodeSigned(F, encodeSigned(F, x)), x);
    }
  });
});

describe('Fp255 packing helpers', () => {
  test('set/get round-trip through 4 little-endian words', () => {
    fc.assert(
      fc.property(fc.array(arb, { maxLength: 20 }), (xs) => {
        const v = p255FromBigInts(xs);
        assert.equal(v.length, xs.length);
        assert.equal(v.words.length, 4 * xs.length);
        assert.deepEqual(p255ToBigInts(v), xs);
        for (let i = 0; i < xs.length; i++) {
          let x = 0n;
          for (let j = 3; j >= 0; j--) x = (x << 64n) | v.words[4 * i + j]!;
          assert.equal(x, xs[i], 'element = w0 + 2^64 w1 + 2^128 w2 + 2^192 w3');
          assert.equal(p255Get(v, i), xs[i]);
        }
      }),
    );
  });

  test('values outside [0, p) are reduced, signed ones encoded as x mod p', () => {
    const v = p255Vec(1);
    for (const x of [p, p + 5n, -1n, -(1n << 300n), (1n << 256n) - 1n, 1n << 400n]) {
      p255Set(v, 0, x);
      assert.equal(p255Get(v, 0), ((x % p) + p) % p);
    }
  });

  test('p255Vec rejects a bad length', () => {
    for (const n of [-1, 1.5, NaN, 2 ** 53]) assert.throws(() => p255Vec(n), RangeError);
    assert.equal(p255Vec(0).words.length, 0);
  });
});

describe('p255FirstNonCanonical', () => {
  /** Raw words for a 256-bit value x (no reduction). */
  const raw = (xs: readonly bigint[]): BigUint64Array => {
    const w = new BigUint64Array(4 * xs.length);
    for (let i = 0; i < xs.length; i++) {
      for (let j = 0; j < 4; j++) w[4 * i + j] = (xs[i]! >> BigInt(64 * j)) & ((1n << 64n) - 1n);
    }
    return w;
  };
  const reference = (xs: readonly bigint[]): number => xs.findIndex((x) => x >= p);
  /** Canonical and non-canonical values around p, 2^255 and every 32-bit limb of p. */
  const VALUES: readonly bigint[] = (() => {
    const xs = new Set<bigint>(EDGES);
    for (let d = -25n; d <= 25n; d++) xs.add(p + d);
    for (const x of [(1n << 255n) - 1n, 1n << 255n, (1n << 256n) - 1n, 2n * p, 2n * p + 37n]) {
      xs.add(x);
    }
    // p with one 32-bit limb lowered by one (still canonical) or a higher limb raised.
    for (let k = 0n; k < 8n; k++) {
      xs.add(p - (1n << (32n * k)));
      xs.add(p + (1n << (32n * k)));
    }
    return [...xs].filter((x) => x >= 0n && x < 1n << 256n);
  })();

  test('agrees with x >= p on every value near p and the limb boundaries', () => {
    for (const x of VALUES) {
      assert.equal(p255FirstNonCanonical(raw([x]), 1), x >= p ? 0 : -1, `x = p + ${x - p}`);
    }
  });

  test('returns the first bad index on random mixes', () => {
    const arbRaw = fc.oneof(
      fc.constantFrom(...VALUES),
      fc.bigInt({ min: 0n, max: p - 1n }),
      fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
    );
    fc.assert(
      fc.property(fc.array(arbRaw, { maxLength: 30 }), (xs) => {
        assert.equal(p255FirstNonCanonical(raw(xs), xs.length), reference(xs));
      }),
    );
  });

  test('reads a view at an offset into a larger buffer', () => {
    const w = raw([p, 1n, 2n, p]);
    assert.equal(p255FirstNonCanonical(w.subarray(4, 12), 2), -1);
    assert.equal(p255FirstNonCanonical(w.subarray(4, 16), 3), 2);
  });

  test('empty is canonical; a word count other than 4 per element is a RangeError', () => {
    assert.equal(p255FirstNonCanonical(new BigUint64Array(0), 0), -1);
    for (const [words, n] of [
      [2, 1],
      [4, 2],
      [8, 1],
      [4, -1],
      [4, 1.5],
    ] as const) {
      assert.throws(
        () => p255FirstNonCanonical(new BigUint64Array(words), n),
        /p255FirstNonCanonical: expected 4 words per element/,
      );
    }
  });
});
