// Field laws for the scalar fields: Fp127 (the engine's field) and Field(97) (small enough that
// random tests hit 0, 1, p-1 and the signed boundary often).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  type IField,
  Field,
  Fp127,
  P127,
  decodeSigned,
  encodeSigned,
  invert,
  mod,
} from '../../../src/mpc/field/fp.js';

const FIELDS: readonly [string, IField<bigint>][] = [
  ['Fp127', Fp127],
  ['Field(97)', Field(97n)],
];

for (const [name, F] of FIELDS) {
  const p = F.ORDER;
  const edges = [0n, 1n, 2n, p - 1n, p - 2n, p >> 1n, (p >> 1n) + 1n];
  const arb = fc.oneof(fc.constantFrom(...edges), fc.bigInt({ min: 0n, max: p - 1n }));
  const arbNonZero = arb.filter((x) => x !== 0n);

  describe(`${name} field laws`, () => {
    test('add and mul are associative and commutative', () => {
      fc.assert(
        fc.property(arb, arb, arb, (a, b, c) => {
          assert.equal(F.add(F.add(a, b), c), F.add(a, F.add(b, c)), '(a+b)+c = a+(b+c)');
          assert.equal(F.mul(F.mul(a, b), c), F.mul(a, F.mul(b, c)), '(ab)c = a(bc)');
          assert.equal(F.add(a, b), F.add(b, a), 'a+b = b+a');
          assert.equal(F.mul(a, b), F.mul(b, a), 'ab = ba');
        }),
      );
    });

    test('mul distributes over add and sub', () => {
      fc.assert(
        fc.property(arb, arb, arb, (a, b, c) => {
          assert.equal(F.mul(a, F.add(b, c)), F.add(F.mul(a, b), F.mul(a, c)));
          assert.equal(F.mul(a, F.sub(b, c)), F.sub(F.mul(a, b), F.mul(a, c)));
        }),
      );
    });

    test('identities, negation and subtraction', () => {
      fc.assert(
        fc.property(arb, arb, (a, b) => {
          assert.equal(F.add(a, F.ZERO), a);
          assert.equal(F.mul(a, F.ONE), a);
          assert.equal(F.mul(a, F.ZERO), 0n);
          assert.equal(F.add(a, F.neg(a)), 0n, 'a + (-a) = 0');
          assert.equal(F.sub(a, b), F.add(a, F.neg(b)), 'a - b = a + (-b)');
          assert.ok(F.isValid(F.neg(a)), '-a is canonical');
        }),
      );
      assert.equal(F.neg(0n), 0n, '-0 = 0, not p');
    });

    test('every non-zero element has an inverse; zero has none', () => {
      fc.assert(
        fc.property(arbNonZero, arb, (a, b) => {
          assert.equal(F.mul(a, F.inv(a)), 1n, 'a · a^-1 = 1');
          assert.equal(F.mul(F.div(b, a), a), b, '(b / a) · a = b');
          assert.equal(F.pow(a, p - 1n), 1n, 'Fermat: a^(p-1) = 1');
        }),
      );
      assert.throws(() => F.inv(0n), RangeError);
      assert.throws(() => F.div(1n, 0n), RangeError);
      assert.throws(() => F.pow(2n, -1n), RangeError);
    });

    test('pow agrees with repeated multiplication', () => {
      fc.assert(
        fc.property(arb, fc.integer({ min: 0, max: 20 }), (a, e) => {
          let r = 1n;
          for (let i = 0; i < e; i++) r = F.mul(r, a);
          assert.equal(F.pow(a, BigInt(e)), r);
        }),
      );
    });

    test('create reduces any integer into [0, p)', () => {
      fc.assert(
        fc.property(fc.bigInt({ min: -(p * p), max: p * p }), (x) => {
          const r = F.create(x);
          assert.ok(F.isValid(r));
          assert.equal((x - r) % p, 0n);
        }),
      );
      assert.equal(F.isValid(p), false);
      assert.equal(F.isValid(-1n), false);
    });

    test('signed encoding round-trips on (-p/2, p/2) and rejects the rest', () => {
      const half = p >> 1n; // (p - 1) / 2
      fc.assert(
        fc.property(fc.bigInt({ min: -half, max: half }), (x) => {
          const a = encodeSigned(F, x);
          assert.ok(F.isValid(a));
          assert.equal(decodeSigned(F, a), x);
        }),
      );
      for (const x of [half, -half, 0n, 1n, -1n])
        assert.equal(decodeSigned(F, encodeSigned(F, x)), x);
      for (const x of [half + 1n, -half - 1n, p, -p]) {
        assert.throws(
          () => encodeSigned(F, x),
          (e: unknown) => e instanceof RangeError && !e.message.includes(String(x)),
          'error does not include x',
        );
      }
      fc.assert(fc.property(arb, (a) => assert.equal(encodeSigned(F, decodeSigned(F, a)), a)));
    });

    test('the field object is frozen', () => {
      assert.ok(Object.isFrozen(F));
    });
  });
}

describe('field helpers', () => {
  test('Fp127 has 127 bits in 16 bytes; Field(97) 7 bits in 1 byte', () => {
    assert.equal(Fp127.ORDER, P127);
    assert.equal([Fp127.BITS, Fp127.BYTES].join(), '127,16');
    const F97 = Field(97n);
    assert.equal([F97.BITS, F97.BYTES].join(), '7,1');
  });

  test('mod is the non-negative remainder; invert inverts', () => {
    assert.equal(mod(-5n, 5n), 0n, 'not 5 (jiff)');
    assert.equal(mod(-1n, 97n), 96n);
    assert.throws(() => mod(1n, 0n), RangeError);
    assert.throws(() => mod(1n, -3n), RangeError);
    assert.equal(invert(3n, 97n), 65n);
    assert.throws(() => invert(0n, 97n), RangeError);
    assert.throws(() => invert(97n, 97n), RangeError);
    assert.throws(() => invert(2n, 4n), RangeError, 'not invertible');
  });

  test('Field rejects p < 2', () => {
    assert.throws(() => Field(1n), RangeError);
  });
});
