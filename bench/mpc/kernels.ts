/**
 * Per-element cost of the field kernels, Fp127 and Fp255, WebAssembly vs the JS reference.
 *
 * Prints one JSON line per (kernel, field, implementation):
 * `{"kernel":"mul","field":"p127","impl":"wasm","n":1000000,"ns_per_elem":12.3,"median":13.1}`. `ns_per_elem` is
 * the fastest of repeated calls, divided by n (the machine is shared, and the minimum is the
 * figure least disturbed by other processes); `median` is the median. For `matmul` both are per
 * multiply-add (m·k·n).
 * `impl: "wasm-raw"` times the bare wasm export on operands already in wasm memory (no copies),
 * which bounds what keeping vectors resident in wasm memory could gain.
 *
 * Usage: npm run bench:kernels [-- --n 1000000 --js-n 100000 --chunk 16384 --only mul,axpy
 *                                  --field p127,p255]
 * (`--chunk` applies to both fields' WebAssembly kernels.)
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { P127 } from '../../src/mpc/field/fp.js';
import { type FpVec, fpVec } from '../../src/mpc/field/vec.js';
import { type FpKernels, jsKernels } from '../../src/mpc/field/kernels.js';
import { createWasmKernels } from '../../src/mpc/field/kernels-wasm.js';
import { FP127_WASM_BASE64 } from '../../src/mpc/field/wasm/fp127-wasm.generated.js';
import { P255, p255Vec } from '../../src/mpc/field/p255.js';
import { p255JsKernels } from '../../src/mpc/field/kernels-p255.js';
import { createP255WasmKernels } from '../../src/mpc/field/kernels-p255-wasm.js';
import { FP255_WASM_BASE64 } from '../../src/mpc/field/wasm/fp255-wasm.generated.js';

const { values: opts } = parseArgs({
  options: {
    n: { type: 'string', default: '1000000' },
    'js-n': { type: 'string', default: '100000' },
    chunk: { type: 'string' },
    only: { type: 'string' },
    'min-ms': { type: 'string', default: '300' },
    field: { type: 'string', default: 'p127,p255' },
  },
});
const N = Number(opts.n);
const JS_N = Number(opts['js-n']);
const MIN_MS = Number(opts['min-ms']);
const only = opts.only?.split(',');
const fields = opts.field.split(',');

/** What the cases need to know of a field. */
interface BenchField {
  readonly name: 'p127' | 'p255';
  /** Bytes per element. */
  readonly bytes: number;
  readonly vec: (n: number) => FpVec;
  /** A scalar of full size (no fast path). */
  readonly large: bigint;
}
const F127: BenchField = {
  name: 'p127',
  bytes: 16,
  vec: fpVec,
  large: P127 - 12345678901234567890n,
};
const F255: BenchField = {
  name: 'p255',
  bytes: 32,
  vec: p255Vec,
  large: P255 - 12345678901234567890n * 2n ** 128n,
};
/** The field of the case being set up (the cases read it; set before each `make`). */
let F: BenchField = F127;
const fpVecF = (n: number): FpVec => F.vec(n);

function randomVec(k: FpKernels, n: number): FpVec {
  const v = F.vec(n);
  const bytes = new Uint8Array(F.bytes * n);
  for (let o = 0; o < bytes.length; o += 65536) {
    crypto.getRandomValues(bytes.subarray(o, Math.min(o + 65536, bytes.length)));
  }
  k.fromRandomBytes(v, bytes);
  return v;
}

/** [min, median] ns per unit of `run`, repeated for at least MIN_MS after warm-up calls. */
function time(run: () => void, units: number): [number, number] {
  // Warm up for 3 calls and at least MIN_MS / 3: large wasm functions run in V8's baseline tier
  // until the optimizing compile, in the background, is done.
  const w0 = performance.now();
  for (let i = 0; i < 3 || performance.now() - w0 < MIN_MS / 3; i++) run();
  const samples: number[] = [];
  const t0 = performance.now();
  while (samples.length < 5 || performance.now() - t0 < MIN_MS) {
    const s = process.hrtime.bigint();
    run();
    samples.push(Number(process.hrtime.bigint() - s) / units);
  }
  samples.sort((a, b) => a - b);
  return [samples[0]!, samples[samples.length >> 1]!];
}

function emit(
  kernel: string,
  field: string,
  impl: string,
  n: number,
  [min, median]: [number, number],
): void {
  const r = (x: number): number => Math.round(x * 100) / 100;
  console.log(JSON.stringify({ kernel, field, impl, n, ns_per_elem: r(min), median: r(median) }));
}

type Case = (k: FpKernels, n: number) => [run: () => void, units: number];

const SMALL = 123456789n; // < 2^32: a Lagrange coefficient or evaluation point

const CASES: Record<string, Case> = {
  add: (k, n) => {
    const [a, b, o] = [randomVec(k, n), randomVec(k, n), fpVecF(n)];
    return [() => k.add(o, a, b), n];
  },
  sub: (k, n) => {
    const [a, b, o] = [randomVec(k, n), randomVec(k, n), fpVecF(n)];
    return [() => k.sub(o, a, b), n];
  },
  neg: (k, n) => {
    const [a, o] = [randomVec(k, n), fpVecF(n)];
    return [() => k.neg(o, a), n];
  },
  mul: (k, n) => {
    const [a, b, o] = [randomVec(k, n), randomVec(k, n), fpVecF(n)];
    return [() => k.mul(o, a, b), n];
  },
  'mul-inplace': (k, n) => {
    const [a, b] = [randomVec(k, n), randomVec(k, n)];
    return [() => k.mul(a, a, b), n];
  },
  addScalar: (k, n) => {
    const [a, o] = [randomVec(k, n), fpVecF(n)];
    return [() => k.addScalar(o, a, F.large), n];
  },
  mulScalar: (k, n) => {
    const [a, o] = [randomVec(k, n), fpVecF(n)];
    return [() => k.mulScalar(o, a, F.large), n];
  },
  'mulScalar-small': (k, n) => {
    const [a, o] = [randomVec(k, n), fpVecF(n)];
    return [() => k.mulScalar(o, a, SMALL), n];
  },
  'axpy-small': (k, n) => {
    const [a, o] = [randomVec(k, n), randomVec(k, n)];
    return [() => k.axpy(o, SMALL, a), n];
  },
  axpy: (k, n) => {
    const [a, o] = [randomVec(k, n), randomVec(k, n)];
    return [() => k.axpy(o, F.large, a), n];
  },
  sum: (k, n) => {
    const a = randomVec(k, n);
    return [() => void k.sum(a), n];
  },
  dot: (k, n) => {
    const [a, b] = [randomVec(k, n), randomVec(k, n)];
    return [() => void k.dot(a, b), n];
  },
  matmul: (k, n) => {
    // Square-ish: d³ multiply-adds with d³ ≈ n (at least 8³).
    const d = Math.max(8, Math.round(Math.cbrt(n)));
    const [a, b, o] = [randomVec(k, d * d), randomVec(k, d * d), fpVecF(d * d)];
    return [() => k.matmul(o, a, b, d, d, d), d * d * d];
  },
  fromRandomBytes: (k, n) => {
    const bytes = new Uint8Array(F.bytes * n);
    for (let i = 0; i < bytes.length; i += 7) bytes[i] = i & 255;
    const o = fpVecF(n);
    return [() => k.fromRandomBytes(o, bytes), n];
  },
  fromInt64: (k, n) => {
    const x = new BigInt64Array(n);
    for (let i = 0; i < n; i++) x[i] = BigInt(i * 7919 - n);
    const o = fpVecF(n);
    return [() => k.fromInt64(o, x), n];
  },
  toInt64: (k, n) => {
    const x = new BigInt64Array(n);
    for (let i = 0; i < n; i++) x[i] = BigInt(i * 7919 - n);
    const a = fpVecF(n);
    k.fromInt64(a, x);
    const o = new BigInt64Array(n);
    return [() => void k.toInt64(o, a), n];
  },
  'modPow2-64': (k, n) => {
    const [a, o] = [randomVec(k, n), fpVecF(n)];
    return [() => k.modPow2(o, a, 64), n];
  },
  'lowBits-64': (k, n) => {
    const a = randomVec(k, n);
    const o = new Uint8Array(64 * n);
    return [() => k.lowBits(o, a, 64), n];
  },
  'lowBits-16': (k, n) => {
    const a = randomVec(k, n);
    const o = new Uint8Array(16 * n);
    return [() => k.lowBits(o, a, 16), n];
  },
};

// The bare kernels on data already in wasm memory: what resident vectors would cost.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: RawExports };
};
interface RawExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  readonly scratchBase: () => number;
  readonly add: (o: number, a: number, b: number, n: number) => void;
  readonly mul: (o: number, a: number, b: number, n: number) => void;
  /** Fp127: (o, slo, shi, a, n); Fp255: (o, s0, s1, s2, s3, a, n). */
  readonly axpy: (o: number, ...args: (bigint | number)[]) => void;
}
/** The scalar's 64-bit words, low first. */
function scalarWords(s: bigint, count: number): bigint[] {
  return Array.from({ length: count }, (_, i) => (s >> BigInt(64 * i)) & ((1n << 64n) - 1n));
}
function rawCases(field: BenchField, base64: string, n: number): void {
  const e = field.bytes;
  const bin = atob(base64);
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  const w = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports;
  const base = w.scratchBase();
  w.memory.grow(Math.ceil((base + 3 * e * n) / 65536));
  const u8 = new Uint8Array(w.memory.buffer);
  for (let o = base; o < base + 3 * e * n; o += 65536) {
    crypto.getRandomValues(u8.subarray(o, Math.min(o + 65536, base + 3 * e * n)));
  }
  // Make the operands canonical: clear the top two bits of each element (< 2^(8e - 2) < p).
  for (let o = base + e - 1; o < base + 3 * e * n; o += e) u8[o]! &= 0x3f;
  const [A, B, O] = [base, base + e * n, base + 2 * e * n];
  const small = scalarWords(SMALL, e / 8);
  const large = scalarWords(field.large, e / 8);
  const cases: Record<string, () => void> = {
    add: () => w.add(O, A, B, n),
    mul: () => w.mul(O, A, B, n),
    'axpy-small': () => w.axpy(O, ...small, A, n),
    axpy: () => w.axpy(O, ...large, A, n),
  };
  for (const [name, run] of Object.entries(cases)) {
    if (!only || only.includes(name)) emit(name, field.name, 'wasm-raw', n, time(run, n));
  }
}

const chunk = opts.chunk ? { chunkElements: Number(opts.chunk) } : {};
const IMPLS: readonly [BenchField, FpKernels, FpKernels, string][] = [
  [F127, createWasmKernels(chunk), jsKernels, FP127_WASM_BASE64],
  [F255, createP255WasmKernels(chunk), p255JsKernels, FP255_WASM_BASE64],
];
for (const [name, make] of Object.entries(CASES)) {
  if (only && !only.includes(name)) continue;
  for (const [field, wasm, js] of IMPLS) {
    if (!fields.includes(field.name)) continue;
    F = field;
    for (const [k, n] of [
      [wasm, N],
      [js, JS_N],
    ] as const) {
      const [run, units] = make(k, name === 'matmul' && k === js ? Math.min(n, 27000) : n);
      emit(name, field.name, k.name, units, time(run, units));
    }
  }
}
for (const [field, , , base64] of IMPLS) {
  if (fields.includes(field.name)) rawCases(field, base64, N);
}
