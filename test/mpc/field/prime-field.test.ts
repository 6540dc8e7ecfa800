import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fieldByName, fieldOfVec, fields } from '../../../src/mpc/field/prime-field.js';
import {
  fpFromBigInts,
  fpToBigInts,
  fpVec,
  fpVecFromBytes,
  fpVecToBytes,
} from '../../../src/mpc/field/vec.js';

test('the shipped fields are frozen descriptors with their sizes', () => {
  for (const [name, bits, words] of [
    ['p127', 127, 2],
    ['p255', 255, 4],
  ] as const) {
    const f = fields[name];
    assert.ok(Object.isFrozen(f));
    assert.equal(f.name, name);
    assert.equal(f.bits, bits);
    assert.equal(f.p.toString(2).length, bits);
    assert.equal(f.words, words);
    assert.equal(f.bytes, 8 * words);
    assert.equal(f.F.ORDER, f.p);
    assert.equal(fieldByName(name), f);
  }
  assert.equal(fields.p255.p, (1n << 255n) - 19n);
  assert.throws(() => fieldByName('p61'), /unknown field "p61": expected p127 or p255/);
});

test('kernels of one field reject vectors of the other, naming the field', () => {
  const a = fpFromBigInts(fields.p127, [1n, 2n]);
  const b = fpFromBigInts(fields.p255, [1n, 2n]);
  const out255 = fpVec(fields.p255, 2);
  assert.throws(
    () => fields.p255.kernels.add(out255, b, a),
    (e: unknown) => e instanceof RangeError && /another field than p255/.test(e.message),
  );
  const out127 = fpVec(fields.p127, 2);
  assert.throws(
    () => fields.p127.kernels.mul(out127, a, b),
    (e: unknown) => e instanceof RangeError && /another field than p127/.test(e.message),
  );
  assert.deepEqual(fpToBigInts(out127), [0n, 0n], 'nothing written');
  assert.equal(fieldOfVec(a), fields.p127);
  assert.equal(fieldOfVec(b), fields.p255);
  assert.equal(fieldOfVec(fpVec(fields.p255, 0)), undefined);
});

test('wire decoding is per field: 32 bytes and < 2^255 - 19 for p255', () => {
  const F = fields.p255;
  fc.assert(
    fc.property(fc.array(fc.bigInt({ min: 0n, max: F.p - 1n }), { maxLength: 6 }), (xs) => {
      const v = fpFromBigInts(F, xs);
      const bytes = fpVecToBytes(v);
      assert.equal(bytes.length, 32 * xs.length);
      assert.deepEqual(fpToBigInts(fpVecFromBytes(F, bytes, xs.length)), xs);
    }),
  );
  for (const bad of [F.p, F.p + 1n, (1n << 256n) - 1n, 1n << 255n]) {
    const bytes = new Uint8Array(64);
    let x = bad;
    for (let i = 32; i < 64; i++, x >>= 8n) bytes[i] = Number(x & 255n);
    assert.throws(
      () => fpVecFromBytes(F, bytes, 2),
      /element 1 is not a canonical field element \(p255\)/,
    );
  }
  // A p127 message of the same element count has the wrong length for p255.
  assert.throws(
    () => fpVecFromBytes(F, fpVecToBytes(fpFromBigInts(fields.p127, [1n])), 1),
    /expected 32 bytes \(1 elements of p255\), got 16/,
  );
});
