// Packed vectors: construction, element access, views, and the validating wire decoder.
import { fields } from '../../../src/mpc/field/prime-field.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { P127 } from '../../../src/mpc/field/fp.js';
import {
  fpClone,
  fpConcat,
  fpFromBigInts,
  fpGet,
  fpSet,
  fpSlice,
  fpToBigInts,
  fpVec,
  fpVecFromBytes,
  fpVecOfWords,
  fpVecToBytes,
} from '../../../src/mpc/field/vec.js';

const arbElem = fc.oneof(
  fc.constantFrom(0n, 1n, P127 - 1n, (1n << 64n) - 1n, 1n << 64n, 1n << 126n),
  fc.bigInt({ min: 0n, max: P127 - 1n }),
);
const arbElems = fc.array(arbElem, { maxLength: 30 });

describe('FpVec', () => {
  test('fpVec makes a zero vector and rejects bad lengths', () => {
    const v = fpVec(fields.p127, 3);
    assert.equal(v.length, 3);
    assert.equal(v.words.length, 6);
    assert.deepEqual(fpToBigInts(v), [0n, 0n, 0n]);
    assert.equal(fpVec(fields.p127, 0).length, 0);
    for (const n of [-1, 1.5, NaN, Infinity])
      assert.throws(() => fpVec(fields.p127, n), RangeError, String(n));
  });

  test('fpFromBigInts / fpToBigInts round-trip canonical values and reduce the rest', () => {
    fc.assert(
      fc.property(arbElems, (xs) =>
        assert.deepEqual(fpToBigInts(fpFromBigInts(fields.p127, xs)), xs),
      ),
    );
    assert.deepEqual(fpToBigInts(fpFromBigInts(fields.p127, [-1n, P127, P127 + 2n, -P127])), [
      P127 - 1n,
      0n,
      2n,
      0n,
    ]);
  });

  test('fpSet / fpGet address element i as words 2i (low) and 2i+1 (high)', () => {
    const v = fpVec(fields.p127, 2);
    fpSet(fields.p127, v, 1, (5n << 64n) | 7n);
    assert.deepEqual([...v.words], [0n, 0n, 7n, 5n]);
    assert.equal(fpGet(v, 1), (5n << 64n) | 7n);
    fpSet(fields.p127, v, 0, -2n);
    assert.equal(fpGet(v, 0), P127 - 2n);
  });

  test('fpClone copies, fpSlice views, fpConcat concatenates', () => {
    fc.assert(
      fc.property(arbElems, arbElems, (xs, ys) => {
        const a = fpFromBigInts(fields.p127, xs);
        const c = fpClone(a);
        if (xs.length > 0) {
          fpSet(fields.p127, c, 0, 42n);
          assert.equal(fpGet(a, 0), xs[0], 'clone is independent');
        }
        const ab = fpConcat([a, fpFromBigInts(fields.p127, ys)]);
        assert.deepEqual(fpToBigInts(ab), [...xs, ...ys]);
        const s = fpSlice(ab, xs.length, xs.length + ys.length);
        assert.deepEqual(fpToBigInts(s), ys);
        if (ys.length > 0) {
          fpSet(fields.p127, s, 0, 9n);
          assert.equal(fpGet(ab, xs.length), 9n, 'slice is a view');
        }
        assert.deepEqual(fpToBigInts(fpVecOfWords(fields.p127, ab.words)), fpToBigInts(ab));
      }),
    );
  });
});

describe('wire encoding', () => {
  test('fpVecFromBytes(fields.p127, fpVecToBytes(v)) = v, also from an unaligned copy', () => {
    fc.assert(
      fc.property(arbElems, fc.integer({ min: 0, max: 15 }), (xs, off) => {
        const bytes = fpVecToBytes(fpFromBigInts(fields.p127, xs));
        assert.equal(bytes.length, fields.p127.bytes * xs.length);
        assert.deepEqual(fpToBigInts(fpVecFromBytes(fields.p127, bytes, xs.length)), xs);
        const shifted = new Uint8Array(off + bytes.length);
        shifted.set(bytes, off);
        assert.deepEqual(
          fpToBigInts(fpVecFromBytes(fields.p127, shifted.subarray(off), xs.length)),
          xs,
        );
      }),
    );
  });

  test('encoding is little-endian, 16 bytes per element', () => {
    const b = fpVecToBytes(fpFromBigInts(fields.p127, [0x0102n | (3n << 64n)]));
    assert.deepEqual([...b], [2, 1, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0]);
  });

  test('fpVecFromBytes rejects a wrong length', () => {
    assert.throws(() => fpVecFromBytes(fields.p127, new Uint8Array(33), 2), {
      name: 'RangeError',
      message: 'fpVecFromBytes: expected 32 bytes (2 elements of p127), got 33',
    });
    assert.throws(() => fpVecFromBytes(fields.p127, new Uint8Array(16), 2), RangeError);
    assert.throws(() => fpVecFromBytes(fields.p127, new Uint8Array(16), 0), RangeError);
  });

  test('fpVecFromBytes rejects every non-canonical element, naming its index', () => {
    const bad = [P127, P127 + 1n, 1n << 127n, (1n << 128n) - 1n, (1n << 127n) | 5n];
    fc.assert(
      fc.property(arbElems, fc.nat(), fc.constantFrom(...bad), (xs, j, x) => {
        const n = xs.length + 1;
        const i = j % n;
        const bytes = new Uint8Array(fpVecToBytes(fpFromBigInts(fields.p127, [...xs, 0n])));
        const dv = new DataView(bytes.buffer);
        dv.setBigUint64(16 * i, x & ((1n << 64n) - 1n), true);
        dv.setBigUint64(16 * i + 8, x >> 64n, true);
        assert.throws(() => fpVecFromBytes(fields.p127, bytes, n), {
          name: 'RangeError',
          message: `fpVecFromBytes: element ${i} is not a canonical field element (p127)`,
        });
      }),
    );
  });

  test('fpVecFromBytes accepts p - 1 and values with all low limbs set', () => {
    const ok = [P127 - 1n, (1n << 96n) - 1n, P127 - (1n << 32n)];
    assert.deepEqual(
      fpToBigInts(fpVecFromBytes(fields.p127, fpVecToBytes(fpFromBigInts(fields.p127, ok)), 3)),
      ok,
    );
  });
});
