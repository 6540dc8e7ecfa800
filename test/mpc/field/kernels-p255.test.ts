// Every Fp255 kernel, in each implementation (the JS reference and WebAssembly, with default and
// tiny chunks), against plain bigint arithmetic mod p = 2^255 - 19: on random vectors (lengths 0,
// 1 and across chunk boundaries), on edge values around p, p/2 and every 32-bit limb boundary, with
// `out` aliasing an input, and in the errors thrown. Then WebAssembly against the JS reference on
// long vectors, word for word, and the kernel selection.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { type FpVec, fpVec } from '../../../src/mpc/field/vec.js';
import type { FpKernels } from '../../../src/mpc/field/kernels.js';
import {
  Fp255,
  P255,
  p255FromBigInts,
  p255ToBigInts,
  p255Vec,
} from '../../../src/mpc/field/p255.js';
import { p255JsKernels, p255Kernels } from '../../../src/mpc/field/kernels-p255.js';
import { createP255WasmKernels } from '../../../src/mpc/field/kernels-p255-wasm.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const p = P255;
/** The reference, WebAssembly with default chunks, and a tiny chunk so short vectors cross chunks. */
const IMPLS: readonly [string, FpKernels][] = [
  ['js', p255JsKernels],
  ['wasm', createP255WasmKernels()],
  ['wasm chunk=7', createP255WasmKernels({ chunkElements: 7 })],
];

// ---- the bigint reference -------------------------------------------------------------------

const md = (x: bigint): bigint => ((x % p) + p) % p;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const decode = (x: bigint): bigint => (x > p >> 1n ? x - p : x);
/** The int64 a field element decodes to, or undefined when it does not fit. */
const refInt64 = (x: bigint): bigint | undefined => {
  const s = decode(x);
  return s < INT64_MIN || s > INT64_MAX ? undefined : s;
};
/** What fromRandomBytes must make of 32 little-endian bytes. */
const refRandom = (bytes: Uint8Array): bigint => {
  let x = 0n;
  for (let j = 31; j >= 0; j--) x = (x << 8n) | BigInt(bytes[j]!);
  x &= (1n << 255n) - 1n;
  return x >= p ? x - p : x;
};

// ---- inputs ---------------------------------------------------------------------------------

/** Around 0, p, p/2, the int64 range in Fp, and every 32-bit limb boundary. */
const EDGE: readonly bigint[] = (() => {
  const xs = new Set<bigint>([0n, 1n, 2n, 3n, 18n, 19n, 20n, 38n]);
  for (let d = 1n; d <= 20n; d++) xs.add(p - d); // p-1 = 2^255-20, ..., p-19, p-20
  xs.add(p >> 1n);
  xs.add((p >> 1n) + 1n);
  for (let e = 31n; e <= 254n; e++) {
    if (e % 32n === 0n || e % 32n === 31n || e === 254n)
      for (const d of [-1n, 0n, 1n]) xs.add((1n << e) + d);
  }
  for (const d of [-2n, -1n, 0n, 1n]) {
    xs.add(p - (1n << 63n) + d);
    xs.add((1n << 63n) + d);
  }
  for (const e of [64n, 128n, 192n, 224n]) xs.add(p - (1n << e));
  return [...xs].filter((x) => x >= 0n && x < p).sort((a, b) => (a < b ? -1 : 1));
})();
/** Elements whose 32-bit limbs are each extreme (0, 1, 2^31, all ones...) or random: these
 * maximise the column sums and carries of the WebAssembly multiplication. */
const arbLimbPattern = fc
  .array(
    fc.oneof(
      fc.constantFrom(0n, 1n, 2n, 0x7fffffffn, 0x80000000n, 0xfffffffen, 0xffffffffn),
      fc.bigInt({ min: 0n, max: 0xffffffffn }),
    ),
    { minLength: 8, maxLength: 8 },
  )
  .map((limbs) => limbs.reduce((x, l, i) => x + (l << BigInt(32 * i)), 0n) % p);
const arbElem = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(...EDGE) },
  { weight: 1, arbitrary: arbLimbPattern },
  { weight: 3, arbitrary: fc.bigInt({ min: 0n, max: p - 1n }) },
);
const arbElems = (maxLength = 40): fc.Arbitrary<bigint[]> =>
  fc.array(arbElem, { minLength: 0, maxLength });
const arbPair = fc
  .integer({ min: 0, max: 40 })
  .chain((n) =>
    fc.tuple(
      fc.array(arbElem, { minLength: n, maxLength: n }),
      fc.array(arbElem, { minLength: n, maxLength: n }),
    ),
  );
/** Small (< 2^32) and small negative (p - k, k < 2^32) scalars have fast paths: over-weighted. */
const arbScalar = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }),
  fc.bigInt({ min: p - (1n << 32n) - 1n, max: p - 1n }),
  fc.constantFrom(...EDGE),
  fc.bigInt({ min: 0n, max: p - 1n }),
);
/** EDGE plus the boundaries of the fast paths: s < 2^32 and p - s < 2^32. */
const SCALAR_EDGE: readonly bigint[] = [
  ...EDGE,
  (1n << 32n) - 1n,
  1n << 32n,
  p - (1n << 32n) + 1n,
  p - (1n << 32n),
  p - (1n << 32n) - 1n,
];
const BITS = [0, 1, 7, 8, 31, 32, 33, 63, 64, 65, 127, 128, 129, 191, 192, 193, 200, 254, 255];

const vec = (xs: readonly bigint[]): FpVec => p255FromBigInts(xs);
const vals = (v: FpVec): bigint[] => p255ToBigInts(v);
const zip = <T>(
  xs: readonly bigint[],
  ys: readonly bigint[],
  f: (x: bigint, y: bigint) => T,
): T[] => xs.map((x, i) => f(x, ys[i]!));

const BINARY = {
  add: (x: bigint, y: bigint) => md(x + y),
  sub: (x: bigint, y: bigint) => md(x - y),
  mul: (x: bigint, y: bigint) => md(x * y),
} as const;
type BinaryOp = keyof typeof BINARY;
const BINARY_OPS = Object.keys(BINARY) as BinaryOp[];

function checkBinary(k: FpKernels, op: BinaryOp, xs: bigint[], ys: bigint[]): void {
  const a = vec(xs);
  const b = vec(ys);
  const out = p255Vec(xs.length);
  k[op](out, a, b);
  assert.deepEqual(vals(out), zip(xs, ys, BINARY[op]), op);
  assert.deepEqual(vals(a), xs, `${op} leaves a unchanged`);
  assert.deepEqual(vals(b), ys, `${op} leaves b unchanged`);
}

function checkUnary(k: FpKernels, xs: bigint[], s: bigint): void {
  const a = vec(xs);
  const out = p255Vec(xs.length);
  k.addScalar(out, a, s);
  assert.deepEqual(
    vals(out),
    xs.map((x) => md(x + s)),
    'addScalar',
  );
  k.mulScalar(out, a, s);
  assert.deepEqual(
    vals(out),
    xs.map((x) => md(x * s)),
    'mulScalar',
  );
  k.neg(out, a);
  assert.deepEqual(
    vals(out),
    xs.map((x) => md(-x)),
    'neg',
  );
  assert.deepEqual(vals(a), xs, 'a unchanged');
}

function checkAxpy(k: FpKernels, s: bigint, xs: bigint[], ys: bigint[]): void {
  const out = vec(ys);
  k.axpy(out, s, vec(xs));
  assert.deepEqual(
    vals(out),
    zip(xs, ys, (x, y) => md(y + s * x)),
    'axpy',
  );
}

function checkBitsOf(k: FpKernels, xs: bigint[], m: number): void {
  const mask = (1n << BigInt(m)) - 1n;
  const out = p255Vec(xs.length);
  k.modPow2(out, vec(xs), m);
  assert.deepEqual(
    vals(out),
    xs.map((x) => x & mask),
    `modPow2 m=${m}`,
  );
  const bits = new Uint8Array(xs.length * m).fill(9);
  k.lowBits(bits, vec(xs), m);
  const want = xs.flatMap((x) =>
    Array.from({ length: m }, (_, j) => Number((x >> BigInt(j)) & 1n)),
  );
  assert.deepEqual([...bits], want, `lowBits m=${m}`);
}

for (const [name, k] of IMPLS) {
  describe(`Fp255 ${name} kernels equal bigint arithmetic mod p`, () => {
    test('add, sub, mul on random vectors', () => {
      fc.assert(
        fc.property(arbPair, ([xs, ys]) => {
          for (const op of BINARY_OPS) checkBinary(k, op, xs, ys);
        }),
        { numRuns: 200 },
      );
    });

    test('add, sub, mul on every pair of edge values', () => {
      const xs = EDGE.flatMap((x) => EDGE.map(() => x));
      const ys = EDGE.flatMap(() => EDGE);
      for (const op of BINARY_OPS) checkBinary(k, op, xs, ys);
    });

    test('neg, addScalar, mulScalar on random vectors and scalars', () => {
      fc.assert(
        fc.property(arbElems(), arbScalar, (xs, s) => checkUnary(k, xs, s)),
        { numRuns: 200 },
      );
    });

    test('neg, addScalar, mulScalar with every edge value as scalar', () => {
      for (const s of SCALAR_EDGE) checkUnary(k, EDGE.slice(), s);
    });

    test('axpy on random vectors, small, small negative and large scalars', () => {
      fc.assert(
        fc.property(arbPair, arbScalar, ([xs, ys], s) => checkAxpy(k, s, xs, ys)),
        { numRuns: 200 },
      );
    });

    test('axpy with every edge value as scalar, on edge vectors', () => {
      const ys = EDGE.slice().reverse();
      for (const s of SCALAR_EDGE) checkAxpy(k, s, EDGE.slice(), ys);
    });

    test('scalars outside [0, p) are reduced mod p', () => {
      const xs = EDGE.slice();
      for (const s of [p, p + 5n, -1n, -19n, -(1n << 300n), 1n << 256n, (1n << 255n) - 1n]) {
        checkUnary(k, xs, s);
        checkAxpy(k, s, xs, xs);
      }
    });

    test('mul, mulScalar, axpy and dot whose results land next to 0, p and limb boundaries', () => {
      // b = target / a, so a·b reduces to exactly the target: the last conditional subtraction
      // and the carries of the fold are exercised on both sides of p.
      const targets = EDGE.filter((x) => x < 64n || x > p - 64n || (x & 0xffffffffn) < 3n);
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.bigInt({ min: 1n, max: p - 1n }), fc.constantFrom(...targets)), {
            minLength: 1,
            maxLength: 24,
          }),
          (pairs) => {
            const xs = pairs.map(([a]) => a);
            const ys = pairs.map(([a, t]) => Fp255.div(t, a));
            const want = pairs.map(([, t]) => t);
            const out = p255Vec(xs.length);
            k.mul(out, vec(xs), vec(ys));
            assert.deepEqual(vals(out), want, 'mul');
            k.mulScalar(out, vec(xs.map(() => xs[0]!)), ys[0]!);
            assert.deepEqual(
              vals(out),
              want.map(() => want[0]!),
              'mulScalar',
            );
            const acc = vec(want.map((t) => md(-t)));
            k.axpy(acc, 1n, vec(want));
            assert.deepEqual(
              vals(acc),
              want.map(() => 0n),
              'axpy to 0',
            );
            assert.equal(k.dot(vec(xs), vec(ys)), md(want.reduce((s, t) => s + t, 0n)), 'dot');
          },
        ),
        { numRuns: 100 },
      );
    });

    test('sum and dot on random and edge vectors, returning canonical bigints', () => {
      fc.assert(
        fc.property(arbPair, ([xs, ys]) => {
          assert.equal(k.sum(vec(xs)), md(xs.reduce((s, x) => s + x, 0n)), 'sum');
          assert.equal(
            k.dot(vec(xs), vec(ys)),
            md(zip(xs, ys, (x, y) => x * y).reduce((s, x) => s + x, 0n)),
            'dot',
          );
        }),
        { numRuns: 200 },
      );
      const big = Array.from({ length: 300 }, () => p - 1n);
      assert.equal(k.sum(vec(big)), md(300n * (p - 1n)), 'sum of p-1s');
      assert.equal(k.dot(vec(big), vec(big)), md(300n), 'dot of p-1s');
      assert.equal(k.sum(p255Vec(0)), 0n, 'empty sum');
      assert.equal(k.dot(p255Vec(0), p255Vec(0)), 0n, 'empty dot');
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
            const out = vec(Array.from({ length: m * n }, () => 7n));
            k.matmul(out, vec(xs), vec(ys), m, kk, n);
            const want: bigint[] = [];
            for (let i = 0; i < m; i++) {
              for (let j = 0; j < n; j++) {
                let acc = 0n;
                for (let l = 0; l < kk; l++) acc += xs[i * kk + l]! * ys[l * n + j]!;
                want.push(md(acc));
              }
            }
            assert.deepEqual(vals(out), want);
          },
        ),
        { numRuns: 200 },
      );
    });

    test('matmul may write into one of its operands (square shapes)', () => {
      fc.assert(
        fc.property(
          fc
            .integer({ min: 1, max: 5 })
            .chain((d) =>
              fc.tuple(
                fc.constant(d),
                fc.array(arbElem, { minLength: d * d, maxLength: d * d }),
                fc.array(arbElem, { minLength: d * d, maxLength: d * d }),
              ),
            ),
          ([d, xs, ys]) => {
            const want = p255Vec(d * d);
            p255JsKernels.matmul(want, vec(xs), vec(ys), d, d, d);
            const a = vec(xs);
            k.matmul(a, a, vec(ys), d, d, d);
            assert.deepEqual(vals(a), vals(want), 'out = a');
            const b = vec(ys);
            k.matmul(b, vec(xs), b, d, d, d);
            assert.deepEqual(vals(b), vals(want), 'out = b');
          },
        ),
        { numRuns: 50 },
      );
    });

    test('fromRandomBytes keeps the low 255 bits and maps [p, 2^255) to [0, 19)', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 31 }), (n, off) => {
          const buf = new Uint8Array(off + 32 * n);
          crypto.getRandomValues(buf);
          const bytes = buf.subarray(off); // unaligned when off % 8 != 0
          const out = p255Vec(n);
          k.fromRandomBytes(out, bytes);
          const want = Array.from({ length: n }, (_, i) => refRandom(bytes.subarray(32 * i)));
          assert.deepEqual(vals(out), want);
        }),
        { numRuns: 100 },
      );
      // Every value in [p - 2, 2^256) whose low 255 bits are >= p - 2, with and without bit 255.
      const xs: bigint[] = [];
      for (let d = -2n; d < 19n; d++) xs.push(p + d, p + d + (1n << 255n));
      const bytes = new Uint8Array(32 * xs.length);
      xs.forEach((x, i) => {
        for (let j = 0; j < 32; j++) bytes[32 * i + j] = Number((x >> BigInt(8 * j)) & 0xffn);
      });
      const out = p255Vec(xs.length);
      k.fromRandomBytes(out, bytes);
      assert.deepEqual(
        vals(out),
        xs.map((x) => md(x & ((1n << 255n) - 1n))),
      );
      assert.deepEqual(vals(out).slice(0, 6), [p - 2n, p - 2n, p - 1n, p - 1n, 0n, 0n]);
      assert.equal(vals(out).at(-1), 18n, '2^256 - 1 maps to 18');
    });

    test('fromInt64 and toInt64 round-trip on random values and the int64 edges', () => {
      const edges = [0n, 1n, -1n, 2n, -2n, -19n, -20n, INT64_MIN, INT64_MIN + 1n, INT64_MAX];
      edges.push(INT64_MAX - 1n, 1n << 32n, -(1n << 32n), (1n << 32n) - 1n, -(1n << 32n) + 1n);
      const arbI64 = fc.oneof(
        fc.constantFrom(...edges),
        fc.bigInt({ min: INT64_MIN, max: INT64_MAX }),
      );
      fc.assert(
        fc.property(fc.array(arbI64, { maxLength: 40 }), (xs) => {
          const out = p255Vec(xs.length);
          k.fromInt64(out, BigInt64Array.from(xs));
          assert.deepEqual(vals(out), xs.map(md), 'fromInt64');
          const back = new BigInt64Array(xs.length);
          assert.equal(k.toInt64(back, out), -1, 'all fit');
          assert.deepEqual([...back], xs, 'toInt64(fromInt64(x)) = x');
        }),
        { numRuns: 200 },
      );
    });

    test('toInt64 on field values in and out of the int64 range', () => {
      const check = (xs: readonly bigint[]): void => {
        const out = new BigInt64Array(xs.length).fill(5n);
        const decoded = xs.map(refInt64);
        const bad = decoded.findIndex((x) => x === undefined);
        assert.equal(k.toInt64(out, vec(xs)), bad, 'first bad index');
        assert.deepEqual(
          [...out],
          decoded.map((x) => x ?? 0n),
          'out-of-range slots are 0',
        );
      };
      fc.assert(fc.property(arbElems(), check), { numRuns: 200 });
      check(EDGE);
      // The boundaries exactly: 2^63 - 1 and p - 2^63 fit, 2^63 and p - 2^63 - 1 do not.
      check([(1n << 63n) - 1n, p - (1n << 63n), 1n << 63n, p - (1n << 63n) - 1n]);
      const edge = new BigInt64Array(4);
      assert.equal(k.toInt64(edge, vec([(1n << 63n) - 1n, p - (1n << 63n), 1n << 63n, 0n])), 2);
      assert.deepEqual([...edge], [INT64_MAX, INT64_MIN, 0n, 0n]);
      const tail = vec([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, p >> 1n]);
      assert.equal(k.toInt64(new BigInt64Array(10), tail), 9, 'bad index in a later chunk');
    });

    test('modPow2 and lowBits for m at every word boundary, up to 255', () => {
      for (const m of BITS) checkBitsOf(k, EDGE.slice(), m);
    });

    test('modPow2 and lowBits on random vectors and m', () => {
      fc.assert(
        fc.property(arbElems(12), fc.integer({ min: 0, max: 255 }), (xs, m) =>
          checkBitsOf(k, xs, m),
        ),
        { numRuns: 150 },
      );
    });

    test('out may alias an input', () => {
      fc.assert(
        fc.property(arbPair, arbScalar, ([xs, ys], s) => {
          for (const op of BINARY_OPS) {
            const f = BINARY[op];
            const a = vec(xs);
            k[op](a, a, vec(ys));
            assert.deepEqual(vals(a), zip(xs, ys, f), `${op}(a, a, b)`);
            const b = vec(ys);
            k[op](b, vec(xs), b);
            assert.deepEqual(vals(b), zip(xs, ys, f), `${op}(b, a, b)`);
            const c = vec(xs);
            k[op](c, c, c);
            assert.deepEqual(vals(c), zip(xs, xs, f), `${op}(a, a, a)`);
          }
          const a = vec(xs);
          k.addScalar(a, a, s);
          assert.deepEqual(
            vals(a),
            xs.map((x) => md(x + s)),
            'addScalar(a, a, s)',
          );
          const m = vec(xs);
          k.mulScalar(m, m, s);
          assert.deepEqual(
            vals(m),
            xs.map((x) => md(x * s)),
            'mulScalar(a, a, s)',
          );
          const y = vec(xs);
          k.axpy(y, s, y);
          assert.deepEqual(
            vals(y),
            xs.map((x) => md(x + s * x)),
            'axpy(a, s, a)',
          );
          const n = vec(xs);
          k.neg(n, n);
          assert.deepEqual(
            vals(n),
            xs.map((x) => md(-x)),
            'neg(a, a)',
          );
          for (const bits of [0, 64, 200]) {
            const v = vec(xs);
            k.modPow2(v, v, bits);
            assert.deepEqual(
              vals(v),
              xs.map((x) => x & ((1n << BigInt(bits)) - 1n)),
              `modPow2 ${bits}`,
            );
          }
        }),
        { numRuns: 100 },
      );
    });

    test('bad lengths, bad m and Fp127-shaped vectors throw a RangeError without values', () => {
      const v = (n: number): FpVec => p255Vec(n);
      /** A vector of the Fp127 layout (2 words per element), holding a recognisable value. */
      const narrow = (n: number): FpVec => {
        const x = fpVec(n);
        x.words.fill(123456789n);
        return x;
      };
      const cases: [string, RegExp, (kk: FpKernels) => unknown][] = [
        ['add', /^add: expected equal lengths, got 2 and 3$/, (kk) => kk.add(v(2), v(2), v(3))],
        ['sub', /^sub: expected equal lengths/, (kk) => kk.sub(v(3), v(2), v(2))],
        ['mul', /^mul: expected equal lengths/, (kk) => kk.mul(v(2), v(3), v(2))],
        ['neg', /^neg: expected equal lengths/, (kk) => kk.neg(v(2), v(1))],
        ['addScalar', /^addScalar: expected equal/, (kk) => kk.addScalar(v(2), v(1), 1n)],
        ['mulScalar', /^mulScalar: expected equal/, (kk) => kk.mulScalar(v(0), v(1), 1n)],
        ['axpy', /^axpy: expected equal lengths/, (kk) => kk.axpy(v(2), 3n, v(1))],
        ['dot', /^dot: expected equal lengths/, (kk) => kk.dot(v(2), v(1))],
        ['matmul', /^matmul: expected shapes 2x3/, (kk) => kk.matmul(v(4), v(6), v(6), 2, 3, 3)],
        ['matmul out', /^matmul: expected shapes/, (kk) => kk.matmul(v(5), v(6), v(6), 2, 3, 2)],
        [
          'matmul dims',
          /^matmul: expected non-negative/,
          (kk) => kk.matmul(v(0), v(0), v(0), -1, 0, 0),
        ],
        [
          'fromRandomBytes',
          /^fromRandomBytes: expected 64 bytes, got 63$/,
          (kk) => kk.fromRandomBytes(v(2), new Uint8Array(63)),
        ],
        [
          'fromInt64',
          /^fromInt64: expected equal lengths, got 2 and 3$/,
          (kk) => kk.fromInt64(v(2), new BigInt64Array(3)),
        ],
        [
          'toInt64',
          /^toInt64: expected equal lengths, got 1 and 2$/,
          (kk) => kk.toInt64(new BigInt64Array(1), v(2)),
        ],
        ['modPow2 length', /^modPow2: expected equal/, (kk) => kk.modPow2(v(1), v(2), 3)],
        [
          'modPow2 m',
          /^modPow2: expected 0 <= m <= 255, got 256$/,
          (kk) => kk.modPow2(v(2), v(2), 256),
        ],
        ['modPow2 m<0', /^modPow2: expected 0 <= m/, (kk) => kk.modPow2(v(2), v(2), -1)],
        ['modPow2 m=1.5', /^modPow2: expected 0 <= m/, (kk) => kk.modPow2(v(2), v(2), 1.5)],
        [
          'lowBits length',
          /^lowBits: expected 6 output bits, got 5$/,
          (kk) => kk.lowBits(new Uint8Array(5), v(2), 3),
        ],
        [
          'lowBits m',
          /^lowBits: expected 0 <= m <= 255/,
          (kk) => kk.lowBits(new Uint8Array(0), v(0), 256),
        ],
      ];
      const WORDS = /expected 4 words per element \(Fp255\), got 4 words for 2 elements$/;
      for (const [op, run] of [
        ['add out', (kk: FpKernels) => kk.add(narrow(2), v(2), v(2))],
        ['add a', (kk: FpKernels) => kk.add(v(2), narrow(2), v(2))],
        ['add b', (kk: FpKernels) => kk.add(v(2), v(2), narrow(2))],
        ['sub', (kk: FpKernels) => kk.sub(v(2), v(2), narrow(2))],
        ['mul', (kk: FpKernels) => kk.mul(v(2), narrow(2), v(2))],
        ['neg', (kk: FpKernels) => kk.neg(narrow(2), v(2))],
        ['addScalar', (kk: FpKernels) => kk.addScalar(v(2), narrow(2), 1n)],
        ['mulScalar', (kk: FpKernels) => kk.mulScalar(narrow(2), v(2), 1n)],
        ['axpy', (kk: FpKernels) => kk.axpy(narrow(2), 1n, v(2))],
        ['sum', (kk: FpKernels) => kk.sum(narrow(2))],
        ['dot', (kk: FpKernels) => kk.dot(v(2), narrow(2))],
        ['matmul', (kk: FpKernels) => kk.matmul(v(1), narrow(2), v(2), 1, 2, 1)],
        ['fromRandomBytes', (kk: FpKernels) => kk.fromRandomBytes(narrow(2), new Uint8Array(64))],
        ['fromInt64', (kk: FpKernels) => kk.fromInt64(narrow(2), new BigInt64Array(2))],
        ['toInt64', (kk: FpKernels) => kk.toInt64(new BigInt64Array(2), narrow(2))],
        ['modPow2', (kk: FpKernels) => kk.modPow2(v(2), narrow(2), 3)],
        ['lowBits', (kk: FpKernels) => kk.lowBits(new Uint8Array(6), narrow(2), 3)],
      ] as const) {
        cases.push([`${op} with 2 words per element`, WORDS, run]);
      }
      for (const [label, message, run] of cases) {
        assert.throws(
          () => run(k),
          (e: unknown) =>
            e instanceof RangeError && message.test(e.message) && !e.message.includes('123456789'),
          label,
        );
      }
    });

    test('a rejected call writes nothing', () => {
      const out = vec([5n, 6n]);
      assert.throws(() => k.mul(out, vec([1n, 2n]), vec([3n])), RangeError);
      assert.throws(() => k.axpy(out, 2n, fpVec(2)), RangeError);
      assert.deepEqual(vals(out), [5n, 6n]);
    });
  });
}

describe('Fp255 WebAssembly across the default chunk size', () => {
  const wasm = IMPLS[1]![1];
  const js = p255JsKernels;
  /** getRandomValues fills at most 64 KiB per call. */
  const randomBytes = (length: number): Uint8Array => {
    const bytes = new Uint8Array(length);
    for (let o = 0; o < length; o += 65536) crypto.getRandomValues(bytes.subarray(o, o + 65536));
    return bytes;
  };
  const random = (n: number): FpVec => {
    const v = p255Vec(n);
    js.fromRandomBytes(v, randomBytes(32 * n));
    return v;
  };

  test('every kernel equals the JS reference word for word on 2·8192 + 3 elements', () => {
    const n = 2 * 8192 + 3;
    const [a, b] = [random(n), random(n)];
    for (const op of BINARY_OPS) {
      const [want, got] = [p255Vec(n), p255Vec(n)];
      js[op](want, a, b);
      wasm[op](got, a, b);
      assert.deepEqual(got.words, want.words, op);
    }
    for (const s of [12345n, p - 7n, p - 123456789012345678901234567890n]) {
      const [want, got] = [p255Vec(n), p255Vec(n)];
      js.mulScalar(want, a, s);
      wasm.mulScalar(got, a, s);
      assert.deepEqual(got.words, want.words, `mulScalar ${s}`);
      const [accJs, acc] = [p255Vec(n), p255Vec(n)];
      accJs.words.set(b.words);
      acc.words.set(b.words);
      js.axpy(accJs, s, a);
      wasm.axpy(acc, s, a);
      assert.deepEqual(acc.words, accJs.words, `axpy ${s}`);
    }
    const [negJs, negW] = [p255Vec(n), p255Vec(n)];
    js.neg(negJs, a);
    wasm.neg(negW, a);
    assert.deepEqual(negW.words, negJs.words, 'neg');
    assert.equal(wasm.sum(a), js.sum(a), 'sum');
    assert.equal(wasm.dot(a, b), js.dot(a, b), 'dot');
    const [bitsJs, bits] = [new Uint8Array(5 * n), new Uint8Array(5 * n)];
    js.lowBits(bitsJs, a, 5);
    wasm.lowBits(bits, a, 5);
    assert.deepEqual(bits, bitsJs, 'lowBits');
    const bytes = randomBytes(32 * 4096);
    const [rJs, rW] = [p255Vec(4096), p255Vec(4096)];
    js.fromRandomBytes(rJs, bytes);
    wasm.fromRandomBytes(rW, bytes);
    assert.deepEqual(rW.words, rJs.words, 'fromRandomBytes');
  });

  test('sum and dot of 2^18 maximal elements in one wasm call (accumulator bounds)', () => {
    const n = 1 << 18;
    const k = createP255WasmKernels({ chunkElements: n });
    const a = p255Vec(n);
    const pMinus1 = vec([p - 1n]).words; // the largest limbs a canonical element has
    for (let i = 0; i < n; i++) a.words.set(pMinus1, 4 * i);
    assert.equal(k.sum(a), md(BigInt(n) * (p - 1n)), 'sum');
    assert.equal(k.dot(a, a), md(BigInt(n)), 'dot of p-1s');
    const b = random(n);
    assert.equal(k.dot(a, b), js.dot(a, b), 'dot with random');
  });

  test('matmul whose rows do not fit in one chunk', () => {
    const k = createP255WasmKernels({ chunkElements: 16 });
    const [m, kk, n] = [5, 40, 3];
    const [a, b] = [random(m * kk), random(kk * n)];
    const [want, got] = [p255Vec(m * n), p255Vec(m * n)];
    js.matmul(want, a, b, m, kk, n);
    k.matmul(got, a, b, m, kk, n);
    assert.deepEqual(vals(got), vals(want));
  });

  test('createP255WasmKernels rejects a bad chunk size', () => {
    for (const c of [0, -1, 1.5, 2 ** 19 + 1]) {
      assert.throws(() => createP255WasmKernels({ chunkElements: c }), RangeError, String(c));
    }
  });
});

describe('Fp255 kernel selection', () => {
  const probe = (env: Record<string, string>, prelude = ''): string => {
    const r = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        prelude +
          "const { p255Kernels } = await import('./dist/src/mpc/field/kernels-p255.js'); console.log(p255Kernels.name);",
      ],
      { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  };
  test('p255Kernels is wasm by default', () => {
    assert.equal(probe({ PARLEY_NO_WASM: '' }), 'wasm');
  });
  test('p255Kernels is js with PARLEY_NO_WASM=1', () => {
    assert.equal(probe({ PARLEY_NO_WASM: '1' }), 'js');
  });
  test('p255Kernels falls back to js, without throwing, when WebAssembly is unavailable', () => {
    assert.equal(probe({ PARLEY_NO_WASM: '' }, 'delete globalThis.WebAssembly;'), 'js');
  });
  test('p255Kernels computes with whichever it chose', () => {
    const a = vec([3n, 4n, p - 1n]);
    const out = p255Vec(3);
    p255Kernels.mul(out, a, a);
    assert.deepEqual(vals(out), [9n, 16n, 1n]);
    assert.equal(p255Kernels.dot(a, a), 26n);
    assert.match(p255Kernels.name, /^(wasm|js)$/);
  });
});
