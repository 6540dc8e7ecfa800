/**
 * WebAssembly implementation of {@link FpKernels} over Fp127 (p = 2^127 - 1).
 *
 * The kernels are AssemblyScript (`./wasm/fp127.as.ts`), compiled by `npm run build:wasm` into the
 * committed module `./wasm/fp127-wasm.generated.ts`, and instantiated synchronously here. Each
 * instance owns one linear memory used as scratch: a kernel copies a chunk of its inputs in, runs,
 * and copies the chunk of results out, so vectors of any length run in memory bounded by the
 * chunk size (at most 32 × `chunkElements` bytes: 512 KiB by default, 32 MiB at most; `matmul`
 * also holds b and its transpose). The module needs wasm SIMD
 * (Node >= 16.4); where it fails to load, `kernels()` falls back to `jsKernels`.
 *
 * Cost (bench/mpc/kernels.ts): the copies in and out are 1.5-3.5 ns per element per call, a
 * quarter to a half of a kernel's time (mul 9.6 ns/element through this loader vs 7.9 on operands
 * already in wasm memory; axpy with a small scalar 6.0 vs 4.2; add 3.9 vs 2.3, at n = 16384).
 *
 * Semantics, including the RangeError messages for mismatched lengths, are those of `jsKernels`,
 * which the tests check element by element. `out` may be the same vector as an input; vectors
 * that overlap only partially (different views of one buffer) are not supported.
 *
 * Secrets pass through wasm memory and stay there until overwritten by a later call: JS and
 * WebAssembly give no guarantee of erasure or constant time (see `./kernels.ts`).
 *
 * @module
 */
import { P127, mod } from './fp.js';
import type { FpKernels } from './kernels.js';
import type { FpVec } from './vec.js';
import { FP127_WASM_BASE64 } from './wasm/fp127-wasm.generated.js';
import { kernelModule } from './wasm-module.js';

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** Byte offsets into wasm memory. */
type Ptr = number;

/** Exports of fp127.as.ts. Scalars are split into 64-bit halves (BigInt at the JS boundary). */
interface Fp127Exports {
  readonly memory: WasmMemory;
  readonly scratchBase: () => Ptr;
  readonly add: (o: Ptr, a: Ptr, b: Ptr, n: number) => void;
  readonly sub: (o: Ptr, a: Ptr, b: Ptr, n: number) => void;
  readonly neg: (o: Ptr, a: Ptr, n: number) => void;
  readonly mul: (o: Ptr, a: Ptr, b: Ptr, n: number) => void;
  readonly addScalar: (o: Ptr, a: Ptr, slo: bigint, shi: bigint, n: number) => void;
  readonly mulScalar: (o: Ptr, a: Ptr, slo: bigint, shi: bigint, n: number) => void;
  readonly axpy: (o: Ptr, slo: bigint, shi: bigint, a: Ptr, n: number) => void;
  readonly sum: (r: Ptr, a: Ptr, n: number) => void;
  readonly dot: (r: Ptr, a: Ptr, b: Ptr, n: number) => void;
  readonly matmul: (o: Ptr, a: Ptr, bT: Ptr, m: number, k: number, n: number) => void;
  readonly transpose: (dst: Ptr, src: Ptr, rows: number, cols: number) => void;
  readonly fromRandomBytes: (o: Ptr, r: Ptr, n: number) => void;
  readonly fromInt64: (o: Ptr, x: Ptr, n: number) => void;
  readonly toInt64: (o: Ptr, a: Ptr, n: number) => number;
  readonly modPow2: (o: Ptr, a: Ptr, m: number, n: number) => void;
  readonly lowBits: (o: Ptr, a: Ptr, m: number, n: number) => void;
}

const instantiate = kernelModule<Fp127Exports>(FP127_WASM_BASE64, 'createWasmKernels');

/** Options of {@link createWasmKernels}. */
export interface WasmKernelsOptions {
  /**
   * Elements per chunk (default 16384: 256 KiB per operand, so a kernel's scratch stays in L2
   * cache; larger chunks measured no faster). At most 2^20, which bounds scratch memory at 32 MiB
   * (plus `matmul`'s b).
   */
  readonly chunkElements?: number;
}

const PAGE = 65536;
const MAX_CHUNK = 1 << 20;
const MASK64 = (1n << 64n) - 1n;

// checkLen2/3 are jsKernels' checkLen without the rest-parameter array: same order, same message.
function lengthError(op: string, n: number, m: number): RangeError {
  return new RangeError(`${op}: expected equal lengths, got ${n} and ${m}`);
}
function checkLen2(op: string, x: FpVec, y: FpVec): void {
  if (y.length !== x.length) throw lengthError(op, x.length, y.length);
}
function checkLen3(op: string, x: FpVec, y: FpVec, z: FpVec): void {
  if (y.length !== x.length) throw lengthError(op, x.length, y.length);
  if (z.length !== x.length) throw lengthError(op, x.length, z.length);
}
function checkBits(op: string, m: number): void {
  if (!Number.isInteger(m) || m < 0 || m > 127)
    throw new RangeError(`${op}: expected 0 <= m <= 127, got ${m}`);
}
function canonical(s: bigint): bigint {
  return s >= 0n && s < P127 ? s : mod(s, P127);
}

/**
 * Instantiates a fresh set of WebAssembly kernels with its own memory. Most code should call
 * `kernels()` from `./kernels.ts` instead, which picks these by default.
 * @throws {Error} if WebAssembly is unavailable or the module fails to load.
 * @throws {RangeError} if `chunkElements` is not an integer in [1, 2^20].
 * @example
 * ```ts
 * const K = createWasmKernels();
 * const a = fpFromBigInts([2n, 3n]);
 * K.mul(a, a, a); // a = [4n, 9n]
 * ```
 */
export function createWasmKernels(options: WasmKernelsOptions = {}): FpKernels {
  const C = options.chunkElements ?? 16384;
  if (!Number.isInteger(C) || C < 1 || C > MAX_CHUNK) {
    throw new RangeError(`createWasmKernels: expected 1 <= chunkElements <= 2^20, got ${C}`);
  }
  const w = instantiate();
  const memory = w.memory;
  // Layout: [R: 64-byte result slot][data ...]. Data regions are 64-byte aligned.
  const R: Ptr = w.scratchBase();
  const D: Ptr = R + 64;
  let u8 = new Uint8Array(memory.buffer);
  let u64 = new BigUint64Array(memory.buffer);
  let i64 = new BigInt64Array(memory.buffer);

  /** Makes bytes [D, D + bytes) addressable; returns D. Views are refreshed after growth. */
  function scratch(bytes: number): Ptr {
    const need = D + bytes;
    const have = memory.buffer.byteLength;
    if (need > have) {
      memory.grow(Math.ceil((need - have) / PAGE));
      u8 = new Uint8Array(memory.buffer);
      u64 = new BigUint64Array(memory.buffer);
      i64 = new BigInt64Array(memory.buffer);
      viewLength = -1;
    }
    return D;
  }
  // The view of wasm memory that results are copied out of, kept while its length repeats:
  // creating a typed-array view costs about as much as a small kernel.
  let view = u64;
  let viewPtr: Ptr = -1;
  let viewLength = -1;
  function wasmWords(p: Ptr, words: number): BigUint64Array {
    if (p !== viewPtr || words !== viewLength) {
      const q = p >>> 3;
      view = u64.subarray(q, q + words);
      viewPtr = p;
      viewLength = words;
    }
    return view;
  }
  function copyIn(p: Ptr, v: FpVec, start: number, count: number): void {
    u64.set(
      start === 0 && count === v.length
        ? v.words
        : v.words.subarray(2 * start, 2 * (start + count)),
      p >>> 3,
    );
  }
  function copyOut(v: FpVec, start: number, count: number, p: Ptr): void {
    v.words.set(wasmWords(p, 2 * count), 2 * start);
  }
  function readResult(): bigint {
    const q = R >>> 3;
    return (u64[q + 1]! << 64n) | u64[q]!;
  }
  function scalarHalves(s: bigint): [bigint, bigint] {
    const sc = canonical(s);
    return [sc & MASK64, sc >> 64n];
  }

  const impl: FpKernels = {
    name: 'wasm',
    add(out, a, b) {
      checkLen3('add', out, a, b);
      const n = a.length;
      const c0 = Math.min(C, n);
      const A = scratch(32 * c0);
      const B = A + 16 * c0;
      for (let s = 0; s < n; s += C) {
        const c = Math.min(C, n - s);
        copyIn(A, a, s, c);
        copyIn(B, b, s, c);
        w.add(A, A, B, c);
        copyOut(out, s, c, A);
      }
    },
    sub(out, a, b) {
      checkLen3('sub', out, a, b);
      const n = a.length;
      const c0 = Math.min(C, n);
      const A = scratch(32 * c0);
      const B = A + 16 * c0;
      for (let s = 0; s < n; s += C) {
        const c = Math.min(C, n - s);
        copyIn(A, a, s, c);
        copyIn(B, b, s, c);
        w.sub(A, A, B, c);
        copyOut(out, s, c, A);
      }
    },
    mul(out, a, b) {
      checkLen3('mul', out, a, b);
      const n = a.length;
      const c0 = Math.min(C, n);
      const A = scratch(32 * c0);
      const B = A + 16 * c0;
      for (let s = 0; s < n; s += C) {
        const c = Math.min(C, n - s);
        copyIn(A, a, s, c);
        copyIn(B, b, s, c);
        w.mul(A, A, B, c);
        copyOut(out, s, c, A);
      }
    },
    neg(out, a) {
      checkLen2('neg', out, a);
      const n = a.length;
      const A = scratch(16 * Math.min(C, n));
      for (let s = 0; s < n; s += C) {
        const c = Math.min(C, n - s);
        copyIn(A, a, s, c);
        w.neg(A, A, c);
        copyOut(out, s, c, A);
      }
    },
    addScalar(out, a, s) {
      checkLen2('addScalar', out, a);
      const [slo, shi] = scalarHalves(s);
      const n = a.length;
      const A = scratch(16 * Math.min(C, n));
      for (let st = 0; st < n; st += C) {
        const c = Math.min(C, n - st);
        copyIn(A, a, st, c);
        w.addScalar(A, A, slo, shi, c);
        copyOut(out, st, c, A);
      }
    },
    mulScalar(out, a, s) {
      checkLen2('mulScalar', out, a);
      const [slo, shi] = scalarHalves(s);
      const n = a.length;
      const A = scratch(16 * Math.min(C, n));
      for (let st = 0; st < n; st += C) {
        const c = Math.min(C, n - st);
        copyIn(A, a, st, c);
        w.mulScalar(A, A, slo, shi, c);
        copyOut(out, st, c, A);
      }
    },
    axpy(out, s, a) {
      checkLen2('axpy', out, a);
      const [slo, shi] = scalarHalves(s);
      const n = a.length;
      const c0 = Math.min(C, n);
      const O = scratch(32 * c0);
      const A = O + 16 * c0;
      for (let st = 0; st < n; st += C) {
        const c = Math.min(C, n - st);
        copyIn(O, out, st, c);
        copyIn(A, a, st, c);
        w.axpy(O, slo, shi, A, c);
        copyOut(out, st, c, O);
      }
    },
    sum(a) {
      const n = a.length;
      const A = scratch(16 * Math.min(C, n));
      let acc = 0n;
      for (let s = 0; s < n; s += C) {
        const c = Math.min(C, n - s);
        copyIn(A, a, s, c);
        w.sum(R, A, c);
        acc += readResult();
      }
      return acc % P127;
    },
    dot(a, b) {
      checkLen2('dot', a, b);
      const n = a.length;
      const c0 = Math.min(C, n);
      const A = scratch(32 * c0);
      const B = A + 16 * c0;
      let acc = 0n;
      for (let s = 0; s < n; s += C) {
        const c = Math.min(C, n - s);
        copyIn(A, a, s, c);
        copyIn(B, b, s, c);
        w.dot(R, A, B, c);
        acc += readResult();
      }
      return acc % P127;
    },
    matmul(out, a, b, m, k, n) {
      if (a.length !== m * k || b.length !== k * n || out.length !== m * n) {
        throw new RangeError(
          `matmul: expected shapes ${m}x${k} · ${k}x${n}, got lengths ${a.length}, ${b.length}, ${out.length}`,
        );
      }
      for (const d of [m, k, n]) {
        if (!Number.isSafeInteger(d) || d < 0)
          throw new RangeError(
            `matmul: expected non-negative integer dimensions, got ${m}x${k}x${n}`,
          );
      }
      if (out.length === 0) return;
      if (k >= 1 << 26) throw new RangeError(`matmul: expected k < 2^26, got ${k}`);
      // [bT: k·n][b, later rows of a and out: max(k·n, rows·(k + n))]
      const rows = Math.max(1, Math.min(m, Math.floor((2 * C) / (k + n))));
      const BT = scratch(16 * (k * n + Math.max(k * n, rows * (k + n))));
      const B = BT + 16 * k * n;
      copyIn(B, b, 0, b.length);
      w.transpose(BT, B, k, n);
      const A = B;
      const O = A + 16 * rows * k;
      for (let i = 0; i < m; i += rows) {
        const r = Math.min(rows, m - i);
        copyIn(A, a, i * k, r * k);
        w.matmul(O, A, BT, r, k, n);
        copyOut(out, i * n, r * n, O);
      }
    },
    fromRandomBytes(out, bytes) {
      if (bytes.length !== 16 * out.length) {
        throw new RangeError(
          `fromRandomBytes: expected ${16 * out.length} bytes, got ${bytes.length}`,
        );
      }
      const n = out.length;
      const A = scratch(16 * Math.min(C, n));
      for (let s = 0; s < n; s += C) {
        const c = Math.min(C, n - s);
        u8.set(bytes.subarray(16 * s, 16 * (s + c)), A);
        w.fromRandomBytes(A, A, c);
        copyOut(out, s, c, A);
      }
    },
    fromInt64(out, x) {
      if (out.length !== x.length)
        throw new RangeError(
          `fromInt64: expected equal lengths, got ${out.length} and ${x.length}`,
        );
      const n = x.length;
      const c0 = Math.min(C, n);
      const O = scratch(24 * c0);
      const X = O + 16 * c0;
      for (let s = 0; s < n; s += C) {
        const c = Math.min(C, n - s);
        i64.set(x.subarray(s, s + c), X >>> 3);
        w.fromInt64(O, X, c);
        copyOut(out, s, c, O);
      }
    },
    toInt64(out, a) {
      if (out.length !== a.length)
        throw new RangeError(`toInt64: expected equal lengths, got ${out.length} and ${a.length}`);
      const n = a.length;
      const A = scratch(16 * Math.min(C, n));
      let bad = -1;
      for (let s = 0; s < n; s += C) {
        const c = Math.min(C, n - s);
        copyIn(A, a, s, c);
        const r = w.toInt64(A, A, c);
        if (bad < 0 && r >= 0) bad = s + r;
        out.set(i64.subarray(A >>> 3, (A >>> 3) + c), s);
      }
      return bad;
    },
    modPow2(out, a, m) {
      checkLen2('modPow2', out, a);
      checkBits('modPow2', m);
      const n = a.length;
      const A = scratch(16 * Math.min(C, n));
      for (let s = 0; s < n; s += C) {
        const c = Math.min(C, n - s);
        copyIn(A, a, s, c);
        w.modPow2(A, A, m, c);
        copyOut(out, s, c, A);
      }
    },
    lowBits(out, a, m) {
      checkBits('lowBits', m);
      if (out.length !== a.length * m)
        throw new RangeError(`lowBits: expected ${a.length * m} output bits, got ${out.length}`);
      const n = a.length;
      // 16 + m bytes per element: fewer elements per chunk, same bound on scratch memory.
      const L = Math.max(1, Math.floor((32 * C) / (16 + m)));
      const c0 = Math.min(L, n);
      // The kernel writes whole 16-byte blocks: leave 16 bytes of slack after the bits.
      const A = scratch(16 * c0 + c0 * m + 16);
      const O = A + 16 * c0;
      for (let s = 0; s < n; s += L) {
        const c = Math.min(L, n - s);
        copyIn(A, a, s, c);
        w.lowBits(O, A, m, c);
        out.set(u8.subarray(O, O + c * m), s * m);
      }
    },
  };
  return Object.freeze(impl);
}
