// The WebAssembly kernels must agree with the plain-bigint reference `jsKernels` on every kernel,
// element by element: on random vectors (lengths 0, 1 and across chunk boundaries), on edge values
// around every 32-bit limb boundary, with `out` aliasing an input, and in the errors they throw.
import { fields } from '../../../src/mpc/field/prime-field.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { P127 } from '../../../src/mpc/field/fp.js';
import {
  type FpVec,
  fpClone,
  fpFromBigInts,
  fpToBigInts,
  fpVec,
} from '../../../src/mpc/field/vec.js';
import { type FpKernels, jsKernels } from '../../../src/mpc/field/kernels.js';
import { createWasmKernels } from '../../../src/mpc/field/kernels-wasm.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const js = jsKernels;
/** Default chunking, and a tiny chunk so that short random vectors cross chunk boundaries. */
const IMPLS: readonly [string, FpKernels][] = [
  ['wasm', createWasmKernels()],
  ['wasm chunk=7', createWasmKernels({ chunkElements: 7 })],
];

/** Values around every limb boundary (2^32k), around p and p/2, and the int64 range in Fp. */
const EDGE: readonly bigint[] = (() => {
  const xs = new Set<bigint>([0n, 1n, 2n, 3n, P127 - 1n, P127 - 2n, P127 >> 1n, (P127 >> 1n) + 1n]);
  for (const e of [31n, 32n, 63n, 64n, 95n, 96n, 126n]) {
    for (const d of [-1n, 0n, 1n]) xs.add((1n << e) + d);
  }
  for (const d of [-2n, -1n, 0n, 1n]) xs.add(P127 - (1n << 63n) + d);
  xs.add((1n << 64n) - 2n);
  xs.add(P127 - (1n << 64n));
  xs.add(P127 - (1n << 96n));
  return [...xs].filter((x) => x >= 0n && x < P127).sort((a, b) => (a < b ? -1 : 1));
})();

const arbElem = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(...EDGE) },
  { weight: 3, arbitrary: fc.bigInt({ min: 0n, max: P127 - 1n }) },
);
const arbElems = (maxLength = 40): fc.Arbitrary<bigint[]> =>
  fc.array(arbElem, { minLength: 0, maxLength });
/** Two vectors of the same length. */
const arbPair = fc
  .integer({ min: 0, max: 40 })
  .chain((n) =>
    fc.tuple(
      fc.array(arbElem, { minLength: n, maxLength: n }),
      fc.array(arbElem, { minLength: n, maxLength: n }),
    ),
  );
/**
 * Scalars: small ones (< 2^32) and small negative ones (p - k, k < 2^32), the common case in
 * Lagrange coefficients, are over-weighted; both have fast paths.
 */
const arbScalar = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }),
  fc.bigInt({ min: P127 - (1n << 32n) - 1n, max: P127 - 1n }),
  fc.constantFrom(...EDGE),
  fc.bigInt({ min: 0n, max: P127 - 1n }),
);
/** EDGE plus the boundaries of the small-scalar fast paths: s < 2^32 and s > p - 2^32. */
const SCALAR_EDGE: readonly bigint[] = [
  ...EDGE,
  P127 - (1n << 32n) + 1n,
  P127 - (1n << 32n),
  P127 - (1n << 32n) - 1n,
  P127 - 3n,
];
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const BITS = [0, 1, 7, 8, 9, 31, 32, 33, 63, 64, 65, 95, 96, 97, 120, 126, 127];

const vec = (xs: readonly bigint[]): FpVec => fpFromBigInts(fields.p127, xs);
const vals = (v: FpVec): bigint[] => fpToBigInts(v);

/** Runs `run` on a fresh copy of `init` with both implementations and compares `out`. */
function binaryAgrees(k: FpKernels, op: 'add' | 'sub' | 'mul', xs: bigint[], ys: bigint[]): void {
  const a = vec(xs);
  const b = vec(ys);
  const want = fpVec(fields.p127, xs.length);
  const got = fpVec(fields.p127, xs.length);
  js[op](want, a, b);
  k[op](got, a, b);
  assert.deepEqual(vals(got), vals(want), op);
  assert.deepEqual(vals(a), xs, `${op} leaves a unchanged`);
  assert.deepEqual(vals(b), ys, `${op} leaves b unchanged`);
}

function unaryAgrees(k: FpKernels, xs: bigint[], s: bigint): void {
  const a = vec(xs);
  for (const op of ['addScalar', 'mulScalar'] as const) {
    const want = fpVec(fields.p127, xs.length);
    const got = fpVec(fields.p127, xs.length);
    js[op](want, a, s);
    k[op](got, a, s);
    assert.deepEqual(vals(got), vals(want), op);
  }
  const want = fpVec(fields.p127, xs.length);
  const got = fpVec(fields.p127, xs.length);
  js.neg(want, a);
  k.neg(got, a);
  assert.deepEqual(vals(got), vals(want), 'neg');
}

function axpyAgrees(k: FpKernels, s: bigint, xs: bigint[], ys: bigint[]): void {
  const want = vec(ys);
  const got = vec(ys);
  js.axpy(want, s, vec(xs));
  k.axpy(got, s, vec(xs));
  assert.deepEqual(vals(got), vals(want), 'axpy');
}

for (const [name, k] of IMPLS) {
  describe(`${name} kernels equal jsKernels`, () => {
    test('name is wasm', () => {
      assert.equal(k.name, 'wasm');
    });

    test('add, sub, mul on random vectors', () => {
      fc.assert(
        fc.property(arbPair, ([xs, ys]) => {
          for (const op of ['add', 'sub', 'mul'] as const) binaryAgrees(k, op, xs, ys);
        }),
        { numRuns: 200 },
      );
    });

    test('add, sub, mul on every pair of edge values', () => {
      const xs = EDGE.flatMap((x) => EDGE.map(() => x));
      const ys = EDGE.flatMap(() => EDGE);
      for (const op of ['add', 'sub', 'mul'] as const) binaryAgrees(k, op, xs, ys);
    });

    test('neg, addScalar, mulScalar on random vectors and scalars', () => {
      fc.assert(
        fc.property(arbElems(), arbScalar, (xs, s) => unaryAgrees(k, xs, s)),
        { numRuns: 200 },
      );
    });

    test('neg, addScalar, mulScalar with every edge value as scalar', () => {
      for (const s of SCALAR_EDGE) unaryAgrees(k, EDGE.slice(), s);
    });

    test('axpy on random vectors, small and large scalars', () => {
      fc.assert(
        fc.property(arbPair, arbScalar, ([xs, ys], s) => axpyAgrees(k, s, xs, ys)),
        { numRuns: 200 },
      );
    });

    test('axpy with every edge value as scalar, on edge vectors', () => {
      const ys = EDGE.slice().reverse();
      for (const s of SCALAR_EDGE) axpyAgrees(k, s, EDGE.slice(), ys);
    });

    test('scalars outside [0, p) are reduced mod p', () => {
      const xs = EDGE.slice();
      for (const s of [P127, P127 + 5n, -1n, -(1n << 200n), 1n << 130n]) {
        const r = ((s % P127) + P127) % P127;
        const got = fpVec(fields.p127, xs.length);
        const want = fpVec(fields.p127, xs.length);
        k.mulScalar(got, vec(xs), s);
        js.mulScalar(want, vec(xs), r);
        assert.deepEqual(vals(got), vals(want), `mulScalar by ${s}`);
        k.addScalar(got, vec(xs), s);
        js.addScalar(want, vec(xs), r);
        assert.deepEqual(vals(got), vals(want), `addScalar ${s}`);
        const acc = vec(xs);
        const accJs = vec(xs);
        k.axpy(acc, s, vec(xs));
        js.axpy(accJs, r, vec(xs));
        assert.deepEqual(vals(acc), vals(accJs), `axpy by ${s}`);
      }
    });

    test('sum and dot on random and edge vectors', () => {
      fc.assert(
        fc.property(arbPair, ([xs, ys]) => {
          assert.equal(k.sum(vec(xs)), js.sum(vec(xs)), 'sum');
          assert.equal(k.dot(vec(xs), vec(ys)), js.dot(vec(xs), vec(ys)), 'dot');
        }),
        { numRuns: 200 },
      );
      const big = Array.from({ length: 200 }, () => P127 - 1n);
      assert.equal(k.sum(vec(big)), js.sum(vec(big)), 'sum of p-1s');
      assert.equal(k.dot(vec(big), vec(big)), js.dot(vec(big), vec(big)), 'dot of p-1s');
      assert.equal(k.sum(fpVec(fields.p127, 0)), 0n, 'empty sum');
      assert.equal(k.dot(fpVec(fields.p127, 0), fpVec(fields.p127, 0)), 0n, 'empty dot');
    });

    test('matmul on random shapes, including zero dimensions', () => {
      const arbShape = fc.tuple(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 6 }),
      );
      fc.assert(
        fc.property(
          arbShape.chain(([m, kk, n]) =>
            fc.tuple(
              fc.constant([m, kk, n] as const),
              fc.array(arbElem, { minLength: m * kk, maxLength: m * kk }),
              fc.array(arbElem, { minLength: kk * n, maxLength: kk * n }),
            ),
          ),
          ([[m, kk, n], xs, ys]) => {
            const want = vec(Array.from({ length: m * n }, () => 7n));
            const got = fpClone(want);
            js.matmul(want, vec(xs), vec(ys), m, kk, n);
            k.matmul(got, vec(xs), vec(ys), m, kk, n);
            assert.deepEqual(vals(got), vals(want));
          },
        ),
        { numRuns: 200 },
      );
    });

    test('fromRandomBytes on random and edge bytes, at an unaligned offset', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 15 }), (n, off) => {
          const buf = new Uint8Array(off + 16 * n);
          crypto.getRandomValues(buf);
          // Element 0 is p (must map to 0), element 1 is 2^128 - 1 (bit 127 dropped: p again).
          if (n > 0) buf.fill(0xff, off, off + 16).fill(0x7f, off + 15, off + 16);
          if (n > 1) buf.fill(0xff, off + 16, off + 32);
          const bytes = buf.subarray(off);
          const want = fpVec(fields.p127, n);
          const got = fpVec(fields.p127, n);
          js.fromRandomBytes(want, bytes);
          k.fromRandomBytes(got, bytes);
          assert.deepEqual(vals(got), vals(want));
          if (n > 1) assert.deepEqual(vals(got).slice(0, 2), [0n, 0n]);
        }),
        { numRuns: 100 },
      );
    });

    test('fromInt64 and toInt64 on random values and the int64 edges', () => {
      const edges = [0n, 1n, -1n, 2n, -2n, INT64_MIN, INT64_MIN + 1n, INT64_MAX, INT64_MAX - 1n];
      edges.push(1n << 32n, -(1n << 32n), (1n << 32n) - 1n, -(1n << 32n) + 1n);
      const arbI64 = fc.oneof(
        fc.constantFrom(...edges),
        fc.bigInt({ min: INT64_MIN, max: INT64_MAX }),
      );
      fc.assert(
        fc.property(fc.array(arbI64, { maxLength: 40 }), (xs) => {
          const x = BigInt64Array.from(xs);
          const want = fpVec(fields.p127, xs.length);
          const got = fpVec(fields.p127, xs.length);
          js.fromInt64(want, x);
          k.fromInt64(got, x);
          assert.deepEqual(vals(got), vals(want), 'fromInt64');
          const back = new BigInt64Array(xs.length);
          assert.equal(k.toInt64(back, got), -1, 'all fit');
          assert.deepEqual([...back], xs, 'toInt64(fromInt64(x)) = x');
        }),
        { numRuns: 200 },
      );
    });

    test('toInt64 on field values in and out of the int64 range', () => {
      fc.assert(
        fc.property(arbElems(), (xs) => {
          const want = new BigInt64Array(xs.length).fill(5n);
          const got = new BigInt64Array(xs.length).fill(5n);
          assert.equal(k.toInt64(got, vec(xs)), js.toInt64(want, vec(xs)), 'first bad index');
          assert.deepEqual([...got], [...want]);
        }),
        { numRuns: 200 },
      );
      const want = new BigInt64Array(EDGE.length);
      const got = new BigInt64Array(EDGE.length);
      assert.equal(k.toInt64(got, vec(EDGE)), js.toInt64(want, vec(EDGE)));
      assert.deepEqual([...got], [...want]);
      // The boundaries exactly: 2^63 - 1 and p - 2^63 fit, 2^63 and p - 2^63 - 1 do not.
      const edge = vec([(1n << 63n) - 1n, P127 - (1n << 63n), 1n << 63n, P127 - (1n << 63n) - 1n]);
      const out = new BigInt64Array(4);
      assert.equal(k.toInt64(out, edge), 2);
      assert.deepEqual([...out], [INT64_MAX, INT64_MIN, 0n, 0n]);
      const tail = vec([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, P127 >> 1n]);
      assert.equal(k.toInt64(new BigInt64Array(10), tail), 9, 'bad index in a later chunk');
    });

    test('modPow2 and lowBits for m at every word boundary', () => {
      const xs = EDGE.slice();
      for (const m of BITS) {
        const want = fpVec(fields.p127, xs.length);
        const got = fpVec(fields.p127, xs.length);
        js.modPow2(want, vec(xs), m);
        k.modPow2(got, vec(xs), m);
        assert.deepEqual(vals(got), vals(want), `modPow2 m=${m}`);
        const wantBits = new Uint8Array(xs.length * m);
        const gotBits = new Uint8Array(xs.length * m).fill(9);
        js.lowBits(wantBits, vec(xs), m);
        k.lowBits(gotBits, vec(xs), m);
        assert.deepEqual(gotBits, wantBits, `lowBits m=${m}`);
      }
    });

    test('modPow2 and lowBits on random vectors and m', () => {
      fc.assert(
        fc.property(arbElems(), fc.integer({ min: 0, max: 127 }), (xs, m) => {
          const want = fpVec(fields.p127, xs.length);
          const got = fpVec(fields.p127, xs.length);
          js.modPow2(want, vec(xs), m);
          k.modPow2(got, vec(xs), m);
          assert.deepEqual(vals(got), vals(want), 'modPow2');
          const wantBits = new Uint8Array(xs.length * m);
          const gotBits = new Uint8Array(xs.length * m);
          js.lowBits(wantBits, vec(xs), m);
          k.lowBits(gotBits, vec(xs), m);
          assert.deepEqual(gotBits, wantBits, 'lowBits');
        }),
        { numRuns: 200 },
      );
    });

    test('out may alias an input', () => {
      fc.assert(
        fc.property(arbPair, arbScalar, ([xs, ys], s) => {
          for (const op of ['add', 'sub', 'mul'] as const) {
            const want = fpVec(fields.p127, xs.length);
            js[op](want, vec(xs), vec(ys));
            const a = vec(xs);
            k[op](a, a, vec(ys));
            assert.deepEqual(vals(a), vals(want), `${op}(a, a, b)`);
            const b = vec(ys);
            k[op](b, vec(xs), b);
            assert.deepEqual(vals(b), vals(want), `${op}(b, a, b)`);
            const sq = fpVec(fields.p127, xs.length);
            js[op](sq, vec(xs), vec(xs));
            const c = vec(xs);
            k[op](c, c, c);
            assert.deepEqual(vals(c), vals(sq), `${op}(a, a, a)`);
          }
          for (const op of ['addScalar', 'mulScalar'] as const) {
            const want = fpVec(fields.p127, xs.length);
            js[op](want, vec(xs), s);
            const a = vec(xs);
            k[op](a, a, s);
            assert.deepEqual(vals(a), vals(want), `${op}(a, a, s)`);
          }
          const want = vec(xs);
          js.axpy(want, s, vec(xs));
          const a = vec(xs);
          k.axpy(a, s, a);
          assert.deepEqual(vals(a), vals(want), 'axpy(a, s, a)');
          const negWant = fpVec(fields.p127, xs.length);
          js.neg(negWant, vec(xs));
          const n = vec(xs);
          k.neg(n, n);
          assert.deepEqual(vals(n), vals(negWant), 'neg(a, a)');
          for (const m of [0, 64, 100]) {
            const mw = fpVec(fields.p127, xs.length);
            js.modPow2(mw, vec(xs), m);
            const mv = vec(xs);
            k.modPow2(mv, mv, m);
            assert.deepEqual(vals(mv), vals(mw), `modPow2(a, a, ${m})`);
          }
        }),
        { numRuns: 100 },
      );
    });

    test('bad lengths and bad m throw the same RangeError as jsKernels', () => {
      const v = (n: number): FpVec => fpVec(fields.p127, n);
      const cases: [string, (kk: FpKernels) => unknown][] = [
        ['add', (kk) => kk.add(v(2), v(2), v(3))],
        ['sub', (kk) => kk.sub(v(3), v(2), v(2))],
        ['mul', (kk) => kk.mul(v(2), v(3), v(2))],
        ['neg', (kk) => kk.neg(v(2), v(1))],
        ['addScalar', (kk) => kk.addScalar(v(2), v(1), 1n)],
        ['mulScalar', (kk) => kk.mulScalar(v(0), v(1), 1n)],
        ['axpy', (kk) => kk.axpy(v(2), 3n, v(1))],
        ['dot', (kk) => kk.dot(v(2), v(1))],
        ['matmul', (kk) => kk.matmul(v(4), v(6), v(6), 2, 3, 3)],
        ['matmul out', (kk) => kk.matmul(v(5), v(6), v(6), 2, 3, 2)],
        ['fromRandomBytes', (kk) => kk.fromRandomBytes(v(2), new Uint8Array(31))],
        ['fromInt64', (kk) => kk.fromInt64(v(2), new BigInt64Array(3))],
        ['toInt64', (kk) => kk.toInt64(new BigInt64Array(1), v(2))],
        ['modPow2 length', (kk) => kk.modPow2(v(1), v(2), 3)],
        ['modPow2 m', (kk) => kk.modPow2(v(2), v(2), 128)],
        ['modPow2 m<0', (kk) => kk.modPow2(v(2), v(2), -1)],
        ['modPow2 m=1.5', (kk) => kk.modPow2(v(2), v(2), 1.5)],
        ['lowBits length', (kk) => kk.lowBits(new Uint8Array(5), v(2), 3)],
        ['lowBits m', (kk) => kk.lowBits(new Uint8Array(0), v(0), 128)],
      ];
      for (const [label, run] of cases) {
        let message = '';
        assert.throws(
          () => run(js),
          (e: unknown) => e instanceof RangeError && ((message = e.message), true),
          `js ${label}`,
        );
        assert.throws(() => run(k), { name: 'RangeError', message }, label);
      }
    });
  });
}

describe('wasm kernels across the default chunk size', () => {
  test('fromRandomBytes, add, sub, mul, axpy, sum, dot and lowBits agree with jsKernels on 2·16384 + 3 elements', () => {
    const k = IMPLS[0]![1];
    const n = 2 * 16384 + 3;
    const bytes = new Uint8Array(32 * n);
    for (let o = 0; o < bytes.length; o += 65536)
      crypto.getRandomValues(bytes.subarray(o, o + 65536));
    const a = fpVec(fields.p127, n);
    const b = fpVec(fields.p127, n);
    js.fromRandomBytes(a, bytes.subarray(0, 16 * n));
    k.fromRandomBytes(b, bytes.subarray(0, 16 * n));
    assert.deepEqual(vals(b), vals(a), 'fromRandomBytes');
    js.fromRandomBytes(b, bytes.subarray(16 * n));
    for (const op of ['add', 'sub', 'mul'] as const) {
      const want = fpVec(fields.p127, n);
      const got = fpVec(fields.p127, n);
      js[op](want, a, b);
      k[op](got, a, b);
      assert.deepEqual(got.words, want.words, op);
    }
    const want = fpClone(a);
    const got = fpClone(a);
    js.axpy(want, 12345n, b);
    k.axpy(got, 12345n, b);
    assert.deepEqual(got.words, want.words, 'axpy');
    assert.equal(k.sum(a), js.sum(a), 'sum');
    assert.equal(k.dot(a, b), js.dot(a, b), 'dot');
    const bits = new Uint8Array(n * 3);
    const bitsJs = new Uint8Array(n * 3);
    k.lowBits(bits, a, 3);
    js.lowBits(bitsJs, a, 3);
    assert.deepEqual(bits, bitsJs, 'lowBits');
  });

  test('matmul whose rows do not fit in one chunk', () => {
    const k = createWasmKernels({ chunkElements: 16 });
    const [m, kk, n] = [5, 40, 3];
    const a = fpVec(fields.p127, m * kk);
    const b = fpVec(fields.p127, kk * n);
    js.fromRandomBytes(a, crypto.getRandomValues(new Uint8Array(16 * m * kk)));
    js.fromRandomBytes(b, crypto.getRandomValues(new Uint8Array(16 * kk * n)));
    const want = fpVec(fields.p127, m * n);
    const got = fpVec(fields.p127, m * n);
    js.matmul(want, a, b, m, kk, n);
    k.matmul(got, a, b, m, kk, n);
    assert.deepEqual(vals(got), vals(want));
  });

  test('createWasmKernels rejects a bad chunk size', () => {
    for (const c of [0, -1, 1.5, 2 ** 20 + 1]) {
      assert.throws(() => createWasmKernels({ chunkElements: c }), RangeError, String(c));
    }
  });
});

describe('kernel selection', () => {
  const probe = (env: Record<string, string>, prelude = ''): string => {
    const r = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        prelude +
          "const { kernels } = await import('./dist/src/mpc/field/kernels.js'); console.log(kernels().name);",
      ],
      { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  };
  test('kernels() is wasm by default', () => {
    assert.equal(probe({ PARLEY_NO_WASM: '' }), 'wasm');
  });
  test('kernels() is js with PARLEY_NO_WASM=1', () => {
    assert.equal(probe({ PARLEY_NO_WASM: '1' }), 'js');
  });
  test('kernels() falls back to js, without throwing, when WebAssembly is unavailable', () => {
    assert.equal(probe({ PARLEY_NO_WASM: '' }, 'delete globalThis.WebAssembly;'), 'js');
  });
});
