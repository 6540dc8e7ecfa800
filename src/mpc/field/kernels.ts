/**
 * Arithmetic kernels on packed {@link FpVec} vectors over Fp127 (p = 2^127 - 1).
 *
 * Two implementations share the {@link FpKernels} interface: a WebAssembly one (the default when
 * it loads) and a plain-JS reference (`jsKernels`, used when `PARLEY_NO_WASM=1` and to cross-check
 * the WebAssembly one in tests). Every kernel writes into `out`, which may alias an input, and
 * requires equal lengths; none allocates per element.
 *
 * Kernels are data-independent in their control flow (no branch on element values except the
 * final conditional subtraction of a modular reduction), but JS and WebAssembly give no
 * constant-time guarantee.
 *
 * @module
 */
import { P127 } from './fp.js';
import type { FpVec } from './vec.js';

/** The kernel set. `s` arguments are canonical field elements (bigint in [0, p)). */
export interface FpKernels {
  readonly name: 'wasm' | 'js';
  /** out = a + b */
  add(out: FpVec, a: FpVec, b: FpVec): void;
  /** out = a - b */
  sub(out: FpVec, a: FpVec, b: FpVec): void;
  /** out = -a */
  neg(out: FpVec, a: FpVec): void;
  /** out = a * b (elementwise) */
  mul(out: FpVec, a: FpVec, b: FpVec): void;
  /** out = a + s */
  addScalar(out: FpVec, a: FpVec, s: bigint): void;
  /** out = a * s */
  mulScalar(out: FpVec, a: FpVec, s: bigint): void;
  /** out = out + s * a (the workhorse of polynomial evaluation and recombination) */
  axpy(out: FpVec, s: bigint, a: FpVec): void;
  /** Σ a_i */
  sum(a: FpVec): bigint;
  /** Σ a_i b_i */
  dot(a: FpVec, b: FpVec): bigint;
  /** out (m×n, row-major) = a (m×k) · b (k×n) */
  matmul(out: FpVec, a: FpVec, b: FpVec, m: number, k: number, n: number): void;
  /**
   * Fills `out` with elements from 16 random bytes each (`bytes.length === 16 * out.length`): the
   * low 127 bits, with the single value p mapped to 0 (statistical distance 2^-127 from uniform).
   */
  fromRandomBytes(out: FpVec, bytes: Uint8Array): void;
}

const MASK64 = (1n << 64n) - 1n;

function get(v: FpVec, i: number): bigint {
  return (v.words[2 * i + 1]! << 64n) | v.words[2 * i]!;
}
function put(v: FpVec, i: number, x: bigint): void {
  v.words[2 * i] = x & MASK64;
  v.words[2 * i + 1] = x >> 64n;
}
/** x mod p for 0 <= x < 2^254, using 2^127 ≡ 1. */
function reduce(x: bigint): bigint {
  x = (x & P127) + (x >> 127n);
  x = (x & P127) + (x >> 127n);
  return x >= P127 ? x - P127 : x;
}
function checkLen(op: string, ...vs: FpVec[]): void {
  const n = vs[0]!.length;
  for (const v of vs) {
    if (v.length !== n)
      throw new RangeError(`${op}: expected equal lengths, got ${n} and ${v.length}`);
  }
}

const jsImpl: FpKernels = {
  name: 'js',
  add(out, a, b) {
    checkLen('add', out, a, b);
    for (let i = 0; i < a.length; i++) put(out, i, reduce(get(a, i) + get(b, i)));
  },
  sub(out, a, b) {
    checkLen('sub', out, a, b);
    for (let i = 0; i < a.length; i++) put(out, i, reduce(get(a, i) + P127 - get(b, i)));
  },
  neg(out, a) {
    checkLen('neg', out, a);
    for (let i = 0; i < a.length; i++) put(out, i, reduce(P127 - get(a, i)));
  },
  mul(out, a, b) {
    checkLen('mul', out, a, b);
    for (let i = 0; i < a.length; i++) put(out, i, reduce(get(a, i) * get(b, i)));
  },
  addScalar(out, a, s) {
    checkLen('addScalar', out, a);
    for (let i = 0; i < a.length; i++) put(out, i, reduce(get(a, i) + s));
  },
  mulScalar(out, a, s) {
    checkLen('mulScalar', out, a);
    for (let i = 0; i < a.length; i++) put(out, i, reduce(get(a, i) * s));
  },
  axpy(out, s, a) {
    checkLen('axpy', out, a);
    for (let i = 0; i < a.length; i++) put(out, i, reduce(get(out, i) + reduce(get(a, i) * s)));
  },
  sum(a) {
    let acc = 0n;
    for (let i = 0; i < a.length; i++) acc = reduce(acc + get(a, i));
    return acc;
  },
  dot(a, b) {
    checkLen('dot', a, b);
    let acc = 0n;
    for (let i = 0; i < a.length; i++) acc = reduce(acc + reduce(get(a, i) * get(b, i)));
    return acc;
  },
  matmul(out, a, b, m, k, n) {
    if (a.length !== m * k || b.length !== k * n || out.length !== m * n) {
      throw new RangeError(
        `matmul: expected shapes ${m}x${k} · ${k}x${n}, got lengths ${a.length}, ${b.length}, ${out.length}`,
      );
    }
    const tmp = new Array<bigint>(m * n).fill(0n);
    for (let i = 0; i < m; i++) {
      for (let l = 0; l < k; l++) {
        const x = get(a, i * k + l);
        for (let j = 0; j < n; j++)
          tmp[i * n + j] = reduce(tmp[i * n + j]! + reduce(x * get(b, l * n + j)));
      }
    }
    for (let i = 0; i < m * n; i++) put(out, i, tmp[i]!);
  },
  fromRandomBytes(out, bytes) {
    if (bytes.length !== 16 * out.length) {
      throw new RangeError(
        `fromRandomBytes: expected ${16 * out.length} bytes, got ${bytes.length}`,
      );
    }
    const w = new BigUint64Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
    for (let i = 0; i < out.length; i++) {
      const x = ((w[2 * i + 1]! << 64n) | w[2 * i]!) & P127;
      put(out, i, x === P127 ? 0n : x);
    }
  },
};

/** Reference kernels in plain JS bigint arithmetic: slow, simple, obviously correct. */
export const jsKernels: FpKernels = Object.freeze(jsImpl);

let active: FpKernels = jsKernels;

/** The kernels in use (WebAssembly once {@link installKernels} was called with them). */
export function kernels(): FpKernels {
  return active;
}

/** Replaces the active kernels (done once at start-up by the WebAssembly loader). */
export function installKernels(k: FpKernels): void {
  active = k;
}
