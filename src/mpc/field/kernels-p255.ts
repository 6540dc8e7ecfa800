/**
 * Arithmetic kernels on packed vectors over the wide field Fp255 (p = 2^255 - 19).
 *
 * Same {@link FpKernels} interface and semantics as the Fp127 kernels of `./kernels.ts`, with
 * 4 words per element: element i is
 * `words[4i] + 2^64 words[4i+1] + 2^128 words[4i+2] + 2^192 words[4i+3]`, canonical in [0, p),
 * 32 bytes little-endian on the wire. Kernels read only `length` and `words` of an `FpVec` and
 * require `words.length === 4 * length` of every operand (a vector made for Fp127, with 2 words
 * per element, is rejected with a RangeError rather than misread). Every kernel writes into
 * `out`, which may alias an input, requires equal lengths, and allocates nothing per element
 * beyond the bigints of the JS reference.
 *
 * Reduction: 2^255 ≡ 19 and 2^256 ≡ 38 (mod p), so a product x < 2^510 is reduced by folding
 * x = lo + 2^255 hi to lo + 19 hi (twice) and one conditional subtraction of p.
 *
 * Two implementations: {@link p255JsKernels}, plain bigint (slow, simple, the reference the tests
 * check the other against), and the WebAssembly one of `./kernels-p255-wasm.ts`;
 * {@link p255Kernels} is the WebAssembly one unless `PARLEY_NO_WASM=1` or it fails to load.
 * Costs measured with `npm run bench:kernels` are in `./kernels-p255-wasm.ts`.
 *
 * Control flow is data-independent except for the final conditional subtraction of a reduction
 * (and, in the JS reference, bigint arithmetic whose time depends on operand sizes); JS and
 * WebAssembly give no constant-time guarantee (see `./kernels.ts`).
 *
 * @module
 */
import { mod } from './fp.js';
import type { FpKernels } from './kernels.js';
import {
  checkBits,
  checkInt64,
  checkLen2,
  checkLen3,
  checkLowBits,
  checkMatmul,
  checkRandomBytes,
  checkWords,
} from './kernels-p255-checks.js';
import { createP255WasmKernels } from './kernels-p255-wasm.js';
import { P255 } from './p255.js';

const MASK64 = (1n << 64n) - 1n;
const MASK255 = (1n << 255n) - 1n;
const HALF = P255 >> 1n;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

function get(w: BigUint64Array, i: number): bigint {
  const o = 4 * i;
  return (w[o + 3]! << 192n) | (w[o + 2]! << 128n) | (w[o + 1]! << 64n) | w[o]!;
}
function put(w: BigUint64Array, i: number, x: bigint): void {
  const o = 4 * i;
  w[o] = x & MASK64;
  w[o + 1] = (x >> 64n) & MASK64;
  w[o + 2] = (x >> 128n) & MASK64;
  w[o + 3] = x >> 192n;
}
/**
 * x mod p for 0 <= x < 2^512, using 2^255 ≡ 19: the first fold leaves x < 77 · 2^255, the second
 * x < 2^255 + 19 · 76 < 2p.
 */
function reduce(x: bigint): bigint {
  x = (x & MASK255) + 19n * (x >> 255n);
  x = (x & MASK255) + 19n * (x >> 255n);
  return x >= P255 ? x - P255 : x;
}
function canonical(s: bigint): bigint {
  return s >= 0n && s < P255 ? s : mod(s, P255);
}

const jsImpl: FpKernels = {
  name: 'js',
  add(out, a, b) {
    checkLen3('add', out, a, b);
    const [o, x, y] = [out.words, a.words, b.words];
    for (let i = 0; i < a.length; i++) {
      const s = get(x, i) + get(y, i);
      put(o, i, s >= P255 ? s - P255 : s);
    }
  },
  sub(out, a, b) {
    checkLen3('sub', out, a, b);
    const [o, x, y] = [out.words, a.words, b.words];
    for (let i = 0; i < a.length; i++) {
      const d = get(x, i) - get(y, i);
      put(o, i, d < 0n ? d + P255 : d);
    }
  },
  neg(out, a) {
    checkLen2('neg', out, a);
    const [o, x] = [out.words, a.words];
    for (let i = 0; i < a.length; i++) {
      const v = get(x, i);
      put(o, i, v === 0n ? 0n : P255 - v);
    }
  },
  mul(out, a, b) {
    checkLen3('mul', out, a, b);
    const [o, x, y] = [out.words, a.words, b.words];
    for (let i = 0; i < a.length; i++) put(o, i, reduce(get(x, i) * get(y, i)));
  },
  addScalar(out, a, s) {
    checkLen2('addScalar', out, a);
    const sc = canonical(s);
    const [o, x] = [out.words, a.words];
    for (let i = 0; i < a.length; i++) {
      const v = get(x, i) + sc;
      put(o, i, v >= P255 ? v - P255 : v);
    }
  },
  mulScalar(out, a, s) {
    checkLen2('mulScalar', out, a);
    const sc = canonical(s);
    const [o, x] = [out.words, a.words];
    for (let i = 0; i < a.length; i++) put(o, i, reduce(get(x, i) * sc));
  },
  axpy(out, s, a) {
    checkLen2('axpy', out, a);
    const sc = canonical(s);
    const [o, x] = [out.words, a.words];
    for (let i = 0; i < a.length; i++) put(o, i, reduce(get(o, i) + get(x, i) * sc));
  },
  sum(a) {
    checkWords('sum', a);
    const x = a.words;
    let acc = 0n;
    for (let i = 0; i < a.length; i++) {
      acc += get(x, i);
      if (acc >= P255) acc -= P255;
    }
    return acc;
  },
  dot(a, b) {
    checkLen2('dot', a, b);
    const [x, y] = [a.words, b.words];
    let acc = 0n;
    for (let i = 0; i < a.length; i++) acc = reduce(acc + get(x, i) * get(y, i));
    return acc;
  },
  matmul(out, a, b, m, k, n) {
    checkMatmul(out, a, b, m, k, n);
    // Into a temporary first, so that `out` may alias `a` or `b`.
    const tmp = new BigUint64Array(4 * m * n);
    const [x, y] = [a.words, b.words];
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0n;
        for (let l = 0; l < k; l++) acc = reduce(acc + get(x, i * k + l) * get(y, l * n + j));
        put(tmp, i * n + j, acc);
      }
    }
    out.words.set(tmp);
  },
  fromRandomBytes(out, bytes) {
    checkRandomBytes(out, bytes);
    // A copy: `bytes` may be unaligned.
    const w = new BigUint64Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
    const o = out.words;
    for (let i = 0; i < out.length; i++) {
      const x = get(w, i) & MASK255;
      put(o, i, x >= P255 ? x - P255 : x);
    }
  },
  fromInt64(out, x) {
    checkInt64('fromInt64', out.length, x.length, out);
    const o = out.words;
    for (let i = 0; i < x.length; i++) put(o, i, x[i]! < 0n ? x[i]! + P255 : x[i]!);
  },
  toInt64(out, a) {
    checkInt64('toInt64', out.length, a.length, a);
    const x = a.words;
    let bad = -1;
    for (let i = 0; i < a.length; i++) {
      const v = get(x, i);
      const s = v > HALF ? v - P255 : v;
      if (s < INT64_MIN || s > INT64_MAX) {
        out[i] = 0n;
        if (bad < 0) bad = i;
      } else out[i] = s;
    }
    return bad;
  },
  modPow2(out, a, m) {
    checkLen2('modPow2', out, a);
    checkBits('modPow2', m);
    const mask = (1n << BigInt(m)) - 1n;
    const [o, x] = [out.words, a.words];
    for (let i = 0; i < a.length; i++) put(o, i, get(x, i) & mask);
  },
  lowBits(out, a, m) {
    checkLowBits(out, a, m);
    const x = a.words;
    for (let i = 0; i < a.length; i++) {
      const v = get(x, i);
      for (let j = 0; j < m; j++) out[i * m + j] = Number((v >> BigInt(j)) & 1n);
    }
  },
};

/**
 * Reference kernels over Fp255 in plain JS bigint arithmetic: slow, simple, obviously correct.
 *
 * `fromRandomBytes` takes 32 bytes per element (`bytes.length === 32 * out.length`), keeps the
 * low 255 bits and maps the 19 values in [p, 2^255) to [0, 19) by subtracting p: each of those
 * 19 elements then has probability 2^-254 instead of 2^-255, a statistical distance of
 * 19 · 2^-255 < 2^-250 from uniform. `modPow2` and `lowBits` accept 0 <= m <= 255. `fromInt64` and
 * `toInt64` use the signed encoding x ↦ x mod p, decoding to (-p/2, p/2). Scalars outside [0, p)
 * are reduced mod p.
 * @example
 * ```ts
 * const a = p255FromBigInts([2n, P255 - 1n]);
 * p255JsKernels.mul(a, a, a); // a = [4n, 1n]
 * p255JsKernels.sum(a); // 5n
 * ```
 */
export const p255JsKernels: FpKernels = Object.freeze(jsImpl);

/**
 * The index of the first element of `words` (4 words per element, `length` elements) that is not
 * canonical, i.e. >= p, or -1 when all are. For validating bytes received from a peer; reads
 * 32-bit limbs, so it allocates nothing per element.
 * @throws {RangeError} if `words.length !== 4 * length`.
 * @example
 * ```ts
 * const v = p255Vec(2);
 * v.words.set([2n ** 64n - 19n, 2n ** 64n - 1n, 2n ** 64n - 1n, 2n ** 63n - 1n], 4); // p
 * p255FirstNonCanonical(v.words, v.length); // 1
 * ```
 */
export function p255FirstNonCanonical(words: BigUint64Array, length: number): number {
  if (!Number.isSafeInteger(length) || length < 0 || words.length !== 4 * length) {
    throw new RangeError(
      `p255FirstNonCanonical: expected 4 words per element, got ${words.length} words for ${length} elements`,
    );
  }
  // x >= p = 2^255 - 19 iff limb 7 >= 2^31, or limb 7 = 2^31 - 1, limbs 1..6 all ones and
  // limb 0 >= 2^32 - 19. `&` yields a signed int32, so "all ones" is -1.
  const u = new Uint32Array(words.buffer, words.byteOffset, 8 * length);
  for (let i = 0, o = 0; i < length; i++, o += 8) {
    const u7 = u[o + 7]!;
    if (
      u7 > 0x7fffffff ||
      (u7 === 0x7fffffff &&
        (u[o + 1]! & u[o + 2]! & u[o + 3]! & u[o + 4]! & u[o + 5]! & u[o + 6]!) === -1 &&
        u[o]! >= 0xffffffed)
    ) {
      return i;
    }
  }
  return -1;
}

let active: FpKernels | undefined;

/**
 * WebAssembly unless `PARLEY_NO_WASM=1`. Falls back to the JS reference, without failing, if the
 * module cannot be instantiated (no WebAssembly, or memory refused).
 */
function select(): FpKernels {
  if (globalThis.process?.env?.['PARLEY_NO_WASM'] === '1') return p255JsKernels;
  try {
    return createP255WasmKernels();
  } catch {
    return p255JsKernels;
  }
}
const impl = (): FpKernels => (active ??= select());

/**
 * The Fp255 kernels in use: WebAssembly unless `PARLEY_NO_WASM=1` or it fails to load (then
 * {@link p255JsKernels}); `p255Kernels.name` says which. Chosen on first use, so importing this
 * module compiles no WebAssembly.
 * @example
 * ```ts
 * const a = p255FromBigInts([3n, 4n]);
 * p255Kernels.dot(a, a); // 25n
 * ```
 */
export const p255Kernels: FpKernels = Object.freeze({
  get name() {
    return impl().name;
  },
  add: (out, a, b) => impl().add(out, a, b),
  sub: (out, a, b) => impl().sub(out, a, b),
  neg: (out, a) => impl().neg(out, a),
  mul: (out, a, b) => impl().mul(out, a, b),
  addScalar: (out, a, s) => impl().addScalar(out, a, s),
  mulScalar: (out, a, s) => impl().mulScalar(out, a, s),
  axpy: (out, s, a) => impl().axpy(out, s, a),
  sum: (a) => impl().sum(a),
  dot: (a, b) => impl().dot(a, b),
  matmul: (out, a, b, m, k, n) => impl().matmul(out, a, b, m, k, n),
  fromRandomBytes: (out, bytes) => impl().fromRandomBytes(out, bytes),
  fromInt64: (out, x) => impl().fromInt64(out, x),
  toInt64: (out, a) => impl().toInt64(out, a),
  modPow2: (out, a, m) => impl().modPow2(out, a, m),
  lowBits: (out, a, m) => impl().lowBits(out, a, m),
} satisfies FpKernels);
