/**
 * WebAssembly implementation of {@link FpKernels} over Fp255 (p = 2^255 - 19).
 *
 * The kernels are AssemblyScript (`./wasm/fp255.as.ts`, which documents the arithmetic: 32-bit
 * limbs, 64 limb products per element in 128-bit SIMD, folding with 2^256 ≡ 38 and 2^255 ≡ 19, one
 * branch-free conditional subtraction), compiled by `npm run build:wasm` into the committed module
 * `./wasm/fp255-wasm.generated.ts` and instantiated synchronously here. The memory management is
 * that of the Fp127 loader (`./kernels-wasm.ts`): each instance owns one linear memory used as
 * scratch; a kernel copies a chunk of its inputs in, runs, and copies the chunk of results out,
 * so vectors of any length run in memory bounded by the chunk size (at most 64 × `chunkElements`
 * bytes: 512 KiB by default, 32 MiB at most; `matmul` also holds b and its transpose). The module
 * needs wasm SIMD (Node >= 16.4); where it fails to load, `p255Kernels` falls back to the JS
 * reference.
 *
 * Semantics, including the RangeError messages (from `./kernels-p255-checks.ts`), are those of
 * `p255JsKernels`, which the tests check element by element against plain bigint arithmetic.
 * `out` may be the same vector as an input; vectors that overlap only partially (different views
 * of one buffer) are not supported.
 *
 * Cost (`npm run bench:kernels -- --n 16384 --js-n 4096 --min-ms 1000`, Node 20.20, 2-core AMD
 * EPYC shared with other jobs, ns per element, fastest run: short runs are the least disturbed by
 * the other jobs; "raw" is the bare export on operands already in wasm memory, without copies):
 *
 * | kernel            | p127 wasm | p255 wasm | p255 / p127 | p127 raw | p255 raw | p127 js | p255 js |
 * |-------------------|-----------|-----------|-------------|----------|----------|---------|---------|
 * | mul               | 6.1       | 27.5      | 4.5         | 5.7      | 26.1     | 151     | 328     |
 * | add               | 2.0       | 4.6       | 2.3         | 1.4      | 3.6      | 132     | 206     |
 * | axpy              | 6.4       | 31.1      | 4.9         | 6.1      | 28.7     | 223     | 333     |
 * | axpy, s < 2^32    | 3.9       | 10.6      | 2.8         | 3.5      | 10.0     | 210     | 285     |
 * | dot               | 4.1       | 13.6      | 3.3         |          |          | 203     | 298     |
 * | sum               | 0.6       | 1.9       | 3.0         |          |          | 94      | 92      |
 * | matmul (per m·a)  | 4.2       | 14.7      | 3.5         |          |          | 185     | 288     |
 *
 * A product costs 64 limb products against Fp127's 16 (and a longer fold), hence the factor of
 * about 5 for mul and axpy; additions and the small-scalar paths cost 2.3-3 times as much, about
 * in proportion to the bytes moved. The functions are large, so V8 runs them in its baseline tier
 * (Liftoff) for the first few hundred milliseconds of a process, until the optimizing compile
 * finishes in the background: a first `mul` measured that way on the loaded machine took 45 ns
 * per element (30 with `node --no-liftoff`).
 *
 * Secrets pass through wasm memory and stay there until overwritten by a later call: JS and
 * WebAssembly give no guarantee of erasure or constant time (see `./kernels.ts`).
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
import { P255 } from './p255.js';
import type { FpVec } from './vec.js';
import { FP255_WASM_BASE64 } from './wasm/fp255-wasm.generated.js';
import { kernelModule } from './wasm-module.js';

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** Byte offsets into wasm memory. */
type Ptr = number;

/** Exports of fp255.as.ts. Scalars are passed as their four 64-bit words (BigInt at the boundary). */
interface Fp255Exports {
  readonly memory: WasmMemory;
  readonly scratchBase: () => Ptr;
  readonly add: (o: Ptr, a: Ptr, b: Ptr, n: number) => void;
  readonly sub: (o: Ptr, a: Ptr, b: Ptr, n: number) => void;
  readonly neg: (o: Ptr, a: Ptr, n: number) => void;
  readonly mul: (o: Ptr, a: Ptr, b: Ptr, n: number) => void;
  readonly addScalar: (
    o: Ptr,
    a: Ptr,
    s0: bigint,
    s1: bigint,
    s2: bigint,
    s3: bigint,
    n: number,
  ) => void;
  readonly mulScalar: (
    o: Ptr,
    a: Ptr,
    s0: bigint,
    s1: bigint,
    s2: bigint,
    s3: bigint,
    n: number,
  ) => void;
  readonly axpy: (
    o: Ptr,
    s0: bigint,
    s1: bigint,
    s2: bigint,
    s3: bigint,
    a: Ptr,
    n: number,
  ) => void;
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

const instantiate = kernelModule<Fp255Exports>(FP255_WASM_BASE64, 'createP255WasmKernels');

/** Options of {@link createP255WasmKernels}. */
export interface P255WasmKernelsOptions {
  /**
   * Elements per chunk (default 8192: 256 KiB per operand, as for Fp127's 16384 elements of 16
   * bytes). At most 2^19, which bounds scratch memory at 32 MiB (plus `matmul`'s b).
   */
  readonly chunkElements?: number;
}

const PAGE = 65536;
const MAX_CHUNK = 1 << 19;
const MASK64 = (1n << 64n) - 1n;

/**
 * Instantiates a fresh set of Fp255 WebAssembly kernels with its own memory. Most code should use
 * `p255Kernels` from `./kernels-p255.ts` instead, which picks these by default.
 * @throws {Error} if WebAssembly is unavailable or the module fails to load.
 * @throws {RangeError} if `chunkElements` is not an integer in [1, 2^19].
 * @example
 * ```ts
 * const K = createP255WasmKernels();
 * const a = p255FromBigInts([2n, P255 - 1n]);
 * K.mul(a, a, a); // a = [4n, 1n]
 * ```
 */
export function createP255WasmKernels(options: P255WasmKernelsOptions = {}): FpKernels {
  const C = options.chunkElements ?? 8192;
  if (!Number.isInteger(C) || C < 1 || C > MAX_CHUNK) {
    throw new RangeError(`createP255WasmKernels: expected 1 <= chunkElements <= 2^19, got ${C}`);
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
        : v.words.subarray(4 * start, 4 * (start + count)),
      p >>> 3,
    );
  }
  function copyOut(v: FpVec, start: number, count: number, p: Ptr): void {
    v.words.set(wasmWords(p, 4 * count), 4 * start);
  }
  function readResult(): bigint {
    const q = R >>> 3;
    return (u64[q + 3]! << 192n) | (u64[q + 2]! << 128n) | (u64[q + 1]! << 64n) | u64[q]!;
  }
  /** The canonical scalar's four words. */
  function words(s: bigint): [bigint, bigint, bigint, bigint] {
    const c = s >= 0n && s < P255 ? s : mod(s, P255);
    return [c & MASK64, (c >> 64n) & MASK64, (c >> 128n) & MASK64, c >> 192n];
  }
  /** out = f(a, b) chunk by chunk, for the elementwise binary kernels. */
  function binary(
    f: (o: Ptr, a: Ptr, b: Ptr, n: number) => void,
    out: FpVec,
    a: FpVec,
    b: FpVec,
  ): void {
    const n = a.length;
    const c0 = Math.min(C, n);
    const A = scratch(64 * c0);
    const B = A + 32 * c0;
    for (let s = 0; s < n; s += C) {
      const c = Math.min(C, n - s);
      copyIn(A, a, s, c);
      copyIn(B, b, s, c);
      f(A, A, B, c);
      copyOut(out, s, c, A);
    }
  }

  const impl: FpKernels = {
    name: 'wasm',
    add(out, a, b) {
      checkLen3('add', out, a, b);
      binary(w.add, out, a, b);
    },
    sub(out, a, b) {
      checkLen3('sub', out, a, b);
      binary(w.sub, out, a, b);
    },
    mul(out, a, b) {
      checkLen3('mul', out, a, b);
      binary(w.mul, out, a, b);
    },
    neg(out, a) {
      checkLen2('neg', out, a);
      const n = a.length;
      const A = scratch(32 * Math.min(C, n));
      for (let s = 0; s < n; s += C) {
        const c = Math.min(C, n - s);
        copyIn(A, a, s, c);
        w.neg(A, A, c);
        copyOut(out, s, c, A);
      }
    },
    addScalar(out, a, s) {
      checkLen2('addScalar', out, a);
      const [s0, s1, s2, s3] = words(s);
      const n = a.length;
      const A = scratch(32 * Math.min(C, n));
      for (let st = 0; st < n; st += C) {
        const c = Math.min(C, n - st);
        copyIn(A, a, st, c);
        w.addScalar(A, A, s0, s1, s2, s3, c);
        copyOut(out, st, c, A);
      }
    },
    mulScalar(out, a, s) {
      checkLen2('mulScalar', out, a);
      const [s0, s1, s2, s3] = words(s);
      const n = a.length;
      const A = scratch(32 * Math.min(C, n));
      for (let st = 0; st < n; st += C) {
        const c = Math.min(C, n - st);
        copyIn(A, a, st, c);
        w.mulScalar(A, A, s0, s1, s2, s3, c);
        copyOut(out, st, c, A);
      }
    },
    axpy(out, s, a) {
      checkLen2('axpy', out, a);
      const [s0, s1, s2, s3] = words(s);
      const n = a.length;
      const c0 = Math.min(C, n);
      const O = scratch(64 * c0);
      const A = O + 32 * c0;
      for (let st = 0; st < n; st += C) {
        const c = Math.min(C, n - st);
        copyIn(O, out, st, c);
        copyIn(A, a, st, c);
        w.axpy(O, s0, s1, s2, s3, A, c);
        copyOut(out, st, c, O);
      }
    },
    sum(a) {
      checkWords('sum', a);
      const n = a.length;
      const A = scratch(32 * Math.min(C, n));
      let acc = 0n;
      for (let s = 0; s < n; s += C) {
        const c = Math.min(C, n - s);
        copyIn(A, a, s, c);
        w.sum(R, A, c);
        acc += readResult();
      }
      return acc % P255;
    },
    dot(a, b) {
      checkLen2('dot', a, b);
      const n = a.length;
      const c0 = Math.min(C, n);
      const A = scratch(64 * c0);
      const B = A + 32 * c0;
      let acc = 0n;
      for (let s = 0; s < n; s += C) {
        const c = Math.min(C, n - s);
        copyIn(A, a, s, c);
        copyIn(B, b, s, c);
        w.dot(R, A, B, c);
        acc += readResult();
      }
      return acc % P255;
    },
    matmul(out, a, b, m, k, n) {
      checkMatmul(out, a, b, m, k, n);
      if (out.length === 0) return;
      if (k >= 1 << 26) throw new RangeError(`matmul: expected k < 2^26, got ${k}`);
      // [bT: k·n][b, later rows of a and out: max(k·n, rows·(k + n))]
      const rows = Math.max(1, Math.min(m, Math.floor((2 * C) / (k + n))));
      const BT = scratch(32 * (k * n + Math.max(k * n, rows * (k + n))));
      const B = BT + 32 * k * n;
      copyIn(B, b, 0, b.length);
      w.transpose(BT, B, k, n);
      const A = B;
      const O = A + 32 * rows * k;
      for (let i = 0; i < m; i += rows) {
        const r = Math.min(rows, m - i);
        copyIn(A, a, i * k, r * k);
        w.matmul(O, A, BT, r, k, n);
        copyOut(out, i * n, r * n, O);
      }
    },
    fromRandomBytes(out, bytes) {
      checkRandomBytes(out, bytes);
      const n = out.length;
      const A = scratch(32 * Math.min(C, n));
      for (let s = 0; s < n; s += C) {
        const c = Math.min(C, n - s);
        u8.set(bytes.subarray(32 * s, 32 * (s + c)), A);
        w.fromRandomBytes(A, A, c);
        copyOut(out, s, c, A);
      }
    },
    fromInt64(out, x) {
      checkInt64('fromInt64', out.length, x.length, out);
      const n = x.length;
      const c0 = Math.min(C, n);
      const O = scratch(40 * c0);
      const X = O + 32 * c0;
      for (let s = 0; s < n; s += C) {
        const c = Math.min(C, n - s);
        i64.set(x.subarray(s, s + c), X >>> 3);
        w.fromInt64(O, X, c);
        copyOut(out, s, c, O);
      }
    },
    toInt64(out, a) {
      checkInt64('toInt64', out.length, a.length, a);
      const n = a.length;
      const A = scratch(32 * Math.min(C, n));
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
      const A = scratch(32 * Math.min(C, n));
      for (let s = 0; s < n; s += C) {
        const c = Math.min(C, n - s);
        copyIn(A, a, s, c);
        w.modPow2(A, A, m, c);
        copyOut(out, s, c, A);
      }
    },
    lowBits(out, a, m) {
      checkLowBits(out, a, m);
      const n = a.length;
      // 32 + m bytes per element: fewer elements per chunk, same bound on scratch memory.
      const L = Math.max(1, Math.floor((64 * C) / (32 + m)));
      const c0 = Math.min(L, n);
      // The kernel writes whole 16-byte blocks: leave 16 bytes of slack after the bits.
      const A = scratch(32 * c0 + c0 * m + 16);
      const O = A + 32 * c0;
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
