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
import { createWasmKernels } from './kernels-wasm.js';

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
  /** out_i = x_i mod p for signed 64-bit x_i (the signed encoding). */
  fromInt64(out: FpVec, x: BigInt64Array): void;
  /**
   * Decodes each a_i as a signed integer in (-p/2, p/2) into `out`. Returns the index of the first
   * element outside the int64 range (its slot in `out` is left 0), or -1 when all fit.
   */
  toInt64(out: BigInt64Array, a: FpVec): number;
  /** out_i = a_i mod 2^m, reading a_i as an integer in [0, p). Requires 0 <= m <= 127. */
  modPow2(out: FpVec, a: FpVec, m: number): void;
  /** The low `m` bits of each a_i: out[i*m + j] = bit j of a_i (0 or 1). Requires 0 <= m <= 127. */
  lowBits(out: Uint8Array, a: FpVec, m: number): void;
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
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
function checkBits(op: string, m: number): void {
  if (!Number.isInteger(m) || m < 0 || m > 127)
    throw new RangeError(`${op}: expected 0 <= m <= 127, got ${m}`);
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
  fromInt64(out, x) {
    if (out.length !== x.length)
      throw new RangeError(`fromInt64: expected equal lengths, got ${out.length} and ${x.length}`);
    for (let i = 0; i < x.length; i++) put(out, i, x[i]! < 0n ? x[i]! + P127 : x[i]!);
  },
  toInt64(out, a) {
    if (out.length !== a.length)
      throw new RangeError(`toInt64: expected equal lengths, got ${out.length} and ${a.length}`);
    let bad = -1;
    for (let i = 0; i < a.length; i++) {
      const v = get(a, i);
      const s = v > P127 >> 1n ? v - P127 : v;
      if (s < INT64_MIN || s > INT64_MAX) {
        out[i] = 0n;
        if (bad < 0) bad = i;
      } else out[i] = s;
    }
    return bad;
  },
  modPow2(out, a, m) {
    checkLen('modPow2', out, a);
    checkBits('modPow2', m);
    const mask = (1n << BigInt(m)) - 1n;
    for (let i = 0; i < a.length; i++) put(out, i, get(a, i) & mask);
  },
  lowBits(out, a, m) {
    checkBits('lowBits', m);
    if (out.length !== a.length * m)
      throw new RangeError(`lowBits: expected ${a.length * m} output bits, got ${out.length}`);
    for (let i = 0; i < a.length; i++) {
      const v = get(a, i);
      for (let j = 0; j < m; j++) out[i * m + j] = Number((v >> BigInt(j)) & 1n);
    }
  },
};

/** Reference kernels in plain JS bigint arithmetic: slow, simple, obviously correct. */
export const jsKernels: FpKernels = Object.freeze(jsImpl);

let active: FpKernels | undefined;

/**
 * The kernels in use: WebAssembly unless `PARLEY_NO_WASM=1` (then the JS reference).
 * Chosen once, on first use.
 */
export function kernels(): FpKernels {
  return (active ??= selectKernels());
}

/**
 * WebAssembly unless `PARLEY_NO_WASM=1`. Falls back to the JS reference, without failing, if the
 * module cannot be instantiated (no WebAssembly, or memory refused); `kernels().name` says which.
 */
function selectKernels(): FpKernels {
  if (globalThis.process?.env?.['PARLEY_NO_WASM'] === '1') return jsKernels;
  try {
    return createWasmKernels();
  } catch {
    return jsKernels;
  }
}

/** Replaces the active kernels (tests use it to run a suite on both implementations). */
export function installKernels(k: FpKernels): void {
  active = k;
}
