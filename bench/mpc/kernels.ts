/**
 * Per-element cost of the Fp127 kernels, WebAssembly vs the JS reference.
 *
 * Prints one JSON line per (kernel, implementation):
 * `{"kernel":"mul","impl":"wasm","n":1000000,"ns_per_elem":12.3,"median":13.1}`. `ns_per_elem` is
 * the fastest of repeated calls, divided by n (the machine is shared, and the minimum is the
 * figure least disturbed by other processes); `median` is the median. For `matmul` both are per
 * multiply-add (m·k·n).
 * `impl: "wasm-raw"` times the bare wasm export on operands already in wasm memory (no copies),
 * which bounds what keeping vectors resident in wasm memory could gain.
 *
 * Usage: npm run bench:kernels [-- --n 1000000 --js-n 100000 --chunk 16384 --only mul,axpy]
 *
 * @module
 */
import { fields } from '../../src/mpc/field/prime-field.js';
import { parseArgs } from 'node:util';
import { P127 } from '../../src/mpc/field/fp.js';
import { type FpVec, fpVec } from '../../src/mpc/field/vec.js';
import { type FpKernels, jsKernels } from '../../src/mpc/field/kernels.js';
import { createWasmKernels } from '../../src/mpc/field/kernels-wasm.js';
import { FP127_WASM_BASE64 } from '../../src/mpc/field/wasm/fp127-wasm.generated.js';

const { values: opts } = parseArgs({
  options: {
    n: { type: 'string', default: '1000000' },
    'js-n': { type: 'string', default: '100000' },
    chunk: { type: 'string' },
    only: { type: 'string' },
    'min-ms': { type: 'string', default: '300' },
  },
});
const N = Number(opts.n);
const JS_N = Number(opts['js-n']);
const MIN_MS = Number(opts['min-ms']);
const only = opts.only?.split(',');

function randomVec(k: FpKernels, n: number): FpVec {
  const v = fpVec(fields.p127, n);
  const bytes = new Uint8Array(16 * n);
  for (let o = 0; o < bytes.length; o += 65536) {
    crypto.getRandomValues(bytes.subarray(o, Math.min(o + 65536, bytes.length)));
  }
  k.fromRandomBytes(v, bytes);
  return v;
}

/** [min, median] ns per unit of `run`, repeated for at least MIN_MS after warm-up calls. */
function time(run: () => void, units: number): [number, number] {
  for (let i = 0; i < 3; i++) run();
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

function emit(kernel: string, impl: string, n: number, [min, median]: [number, number]): void {
  const r = (x: number): number => Math.round(x * 100) / 100;
  console.log(JSON.stringify({ kernel, impl, n, ns_per_elem: r(min), median: r(median) }));
}

type Case = (k: FpKernels, n: number) => [run: () => void, units: number];

const SMALL = 123456789n; // < 2^32: a Lagrange coefficient or evaluation point
const LARGE = P127 - 12345678901234567890n;

const CASES: Record<string, Case> = {
  add: (k, n) => {
    const [a, b, o] = [randomVec(k, n), randomVec(k, n), fpVec(fields.p127, n)];
    return [() => k.add(o, a, b), n];
  },
  sub: (k, n) => {
    const [a, b, o] = [randomVec(k, n), randomVec(k, n), fpVec(fields.p127, n)];
    return [() => k.sub(o, a, b), n];
  },
  neg: (k, n) => {
    const [a, o] = [randomVec(k, n), fpVec(fields.p127, n)];
    return [() => k.neg(o, a), n];
  },
  mul: (k, n) => {
    const [a, b, o] = [randomVec(k, n), randomVec(k, n), fpVec(fields.p127, n)];
    return [() => k.mul(o, a, b), n];
  },
  'mul-inplace': (k, n) => {
    const [a, b] = [randomVec(k, n), randomVec(k, n)];
    return [() => k.mul(a, a, b), n];
  },
  addScalar: (k, n) => {
    const [a, o] = [randomVec(k, n), fpVec(fields.p127, n)];
    return [() => k.addScalar(o, a, LARGE), n];
  },
  mulScalar: (k, n) => {
    const [a, o] = [randomVec(k, n), fpVec(fields.p127, n)];
    return [() => k.mulScalar(o, a, LARGE), n];
  },
  'mulScalar-small': (k, n) => {
    const [a, o] = [randomVec(k, n), fpVec(fields.p127, n)];
    return [() => k.mulScalar(o, a, SMALL), n];
  },
  'axpy-small': (k, n) => {
    const [a, o] = [randomVec(k, n), randomVec(k, n)];
    return [() => k.axpy(o, SMALL, a), n];
  },
  axpy: (k, n) => {
    const [a, o] = [randomVec(k, n), randomVec(k, n)];
    return [() => k.axpy(o, LARGE, a), n];
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
    const [a, b, o] = [randomVec(k, d * d), randomVec(k, d * d), fpVec(fields.p127, d * d)];
    return [() => k.matmul(o, a, b, d, d, d), d * d * d];
  },
  fromRandomBytes: (k, n) => {
    const bytes = new Uint8Array(16 * n);
    for (let i = 0; i < bytes.length; i += 7) bytes[i] = i & 255;
    const o = fpVec(fields.p127, n);
    return [() => k.fromRandomBytes(o, bytes), n];
  },
  fromInt64: (k, n) => {
    const x = new BigInt64Array(n);
    for (let i = 0; i < n; i++) x[i] = BigInt(i * 7919 - n);
    const o = fpVec(fields.p127, n);
    return [() => k.fromInt64(o, x), n];
  },
  toInt64: (k, n) => {
    const x = new BigInt64Array(n);
    for (let i = 0; i < n; i++) x[i] = BigInt(i * 7919 - n);
    const a = fpVec(fields.p127, n);
    k.fromInt64(a, x);
    const o = new BigInt64Array(n);
    return [() => void k.toInt64(o, a), n];
  },
  'modPow2-64': (k, n) => {
    const [a, o] = [randomVec(k, n), fpVec(fields.p127, n)];
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
  readonly axpy: (o: number, slo: bigint, shi: bigint, a: number, n: number) => void;
}
function rawCases(n: number): void {
  const bin = atob(FP127_WASM_BASE64);
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  const w = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports;
  const base = w.scratchBase();
  w.memory.grow(Math.ceil((base + 48 * n) / 65536));
  const u8 = new Uint8Array(w.memory.buffer);
  for (let o = base; o < base + 48 * n; o += 65536) {
    crypto.getRandomValues(u8.subarray(o, Math.min(o + 65536, base + 48 * n)));
  }
  // Make the operands canonical: clear bit 127 of each element.
  for (let o = base + 15; o < base + 48 * n; o += 16) u8[o]! &= 0x3f;
  const [A, B, O] = [base, base + 16 * n, base + 32 * n];
  const cases: Record<string, () => void> = {
    add: () => w.add(O, A, B, n),
    mul: () => w.mul(O, A, B, n),
    'axpy-small': () => w.axpy(O, SMALL, 0n, A, n),
    axpy: () => w.axpy(O, LARGE & ((1n << 64n) - 1n), LARGE >> 64n, A, n),
  };
  for (const [name, run] of Object.entries(cases)) {
    if (!only || only.includes(name)) emit(name, 'wasm-raw', n, time(run, n));
  }
}

const wasm = createWasmKernels(opts.chunk ? { chunkElements: Number(opts.chunk) } : {});
for (const [name, make] of Object.entries(CASES)) {
  if (only && !only.includes(name)) continue;
  for (const [k, n] of [
    [wasm, N],
    [jsKernels, JS_N],
  ] as const) {
    const [run, units] = make(k, name === 'matmul' && k === jsKernels ? Math.min(n, 27000) : n);
    emit(name, k.name, units, time(run, units));
  }
}
rawCases(N);
