/**
 * The operations the engine benchmark times, one entry per `"op"` of its output.
 *
 * Each op says how many input vectors of length n it needs, how the input party (party 1)
 * generates them (random values from the OS CSPRNG, never reused across sessions), what it runs
 * on the shares, and how party 1 checks a sample of the opened results against the plaintext.
 * The check runs after the timed part, so a broken protocol fails the benchmark instead of
 * printing a fast wrong figure.
 *
 * This module holds no I/O: the same ops run in party processes over TLS and in one process
 * over the memory transport.
 *
 * @module
 */
import { randomFillSync } from 'node:crypto';
import { type FieldName, type PrimeField, fields } from '../../src/mpc/field/prime-field.js';
import { type FpVec, fpGet, fpSet, fpVec } from '../../src/mpc/field/vec.js';
import type { Runtime } from '../../src/mpc/runtime/runtime.js';
import { eq, eqRequests, lt, ltRequests } from '../../src/mpc/protocols/compare.js';
import { randomMasks } from '../../src/mpc/protocols/random.js';
import { FXP_F, FXP_F_WIDE, FXP_K, FXP_K_WIDE, fxpMul } from '../../src/mpc/protocols/fixed.js';
import { sort } from '../../src/mpc/protocols/sort.js';
import { mean, sum, variance } from '../../src/mpc/protocols/stats.js';

/** What party 1 generated for one op: the encoded inputs and a checker that knows the plaintext. */
export interface Generated {
  /** `BenchOp.inputs` vectors of length n, encoded in Fp. */
  readonly inputs: readonly FpVec[];
  /**
   * Checks opened outputs (a prefix of each output, see `BenchOp.checkLength`). Returns a reason
   * naming the first wrong element, or undefined when all are right. Never names input values.
   */
  readonly check: (opened: readonly FpVec[]) => string | undefined;
}

/** Fields added to every output line of an op (parameters that make figures comparable). */
export type OpExtra = Readonly<Record<string, string | number>>;

export interface BenchOp {
  readonly name: string;
  /** The field the op computes in (its runtime's; `"field"` of its output lines). */
  readonly field: FieldName;
  /** Sizes of the full benchmark, one output line each. */
  readonly sizes: readonly number[];
  /** Sizes for `--quick` (the CI smoke test). */
  readonly quickSizes: readonly number[];
  /** Input vectors of length n that party 1 secret-shares. */
  readonly inputs: number;
  readonly extra: OpExtra;
  /** Party 1 only: fresh random inputs of length n and their checker. */
  generate(n: number): Generated;
  /** Every member: the timed computation on this member's input shares; returns output shares. */
  run(rt: Runtime, inputs: readonly FpVec[]): Promise<readonly FpVec[]>;
  /**
   * Optional untimed preprocessing (e.g. the random masks of a comparison), run before the
   * barrier; returns the timed computation, which then replaces `run`. Its rounds and bytes are
   * not counted either: ops with a `prepare` measure the online phase only.
   */
  prepare?(rt: Runtime, inputs: readonly FpVec[]): Promise<() => Promise<readonly FpVec[]>>;
  /** How many leading elements of each output to open and check (untimed). */
  checkLength(n: number): number;
}

/** How many leading elements of a long output are opened and checked. */
const SAMPLE = 64;

/** Element i of `v` (a vector of `field`, default p127) as a signed integer in (-p/2, p/2). */
export function signedAt(v: FpVec, i: number, field: PrimeField = fields.p127): bigint {
  const x = fpGet(v, i);
  return x > field.p >> 1n ? x - field.p : x;
}

/** n uniform signed integers of `bits` bits (|x| < 2^(bits-1)), 1 <= bits <= 128, as bigints. */
export function randomWideInts(n: number, bits: number): bigint[] {
  const lo = randomInts(n, 64);
  const hi = randomInts(n, 64);
  const out = new Array<bigint>(n);
  for (let i = 0; i < n; i++) {
    out[i] = BigInt.asIntN(bits, (hi[i]! << 64n) | BigInt.asUintN(64, lo[i]!));
  }
  return out;
}

/** Signed bigints encoded in `field`. */
export function encodeBigInts(field: PrimeField, x: readonly bigint[]): FpVec {
  const v = fpVec(field, x.length);
  for (let i = 0; i < x.length; i++) fpSet(field, v, i, x[i]!);
  return v;
}

/** n uniform signed integers of `bits` bits (|x| < 2^(bits-1)), 1 <= bits <= 64. */
export function randomInts(n: number, bits: number): BigInt64Array {
  const x = new BigInt64Array(n);
  randomFillSync(x);
  if (!Number.isInteger(bits) || bits < 1 || bits > 64) {
    throw new RangeError('randomInts: expected 1 <= bits <= 64, got ' + bits);
  }
  if (bits < 64) for (let i = 0; i < n; i++) x[i] = BigInt.asIntN(bits, x[i]!);
  return x;
}

/** x encoded in Fp (signed encoding). */
export function encodeInts(x: BigInt64Array): FpVec {
  const v = fpVec(fields.p127, x.length);
  fields.p127.kernels.fromInt64(v, x);
  return v;
}

/** Compares opened values with expected ones; returns a reason for the first mismatch. */
export function expectInts(
  what: string,
  opened: FpVec,
  expected: (i: number) => bigint,
  field: PrimeField = fields.p127,
): string | undefined {
  for (let i = 0; i < opened.length; i++) {
    if (signedAt(opened, i, field) !== expected(i)) return `${what}: element ${i} is wrong`;
  }
  return undefined;
}

const mul: BenchOp = {
  name: 'mul',
  field: 'p127',
  sizes: [1_000_000],
  quickSizes: [1000],
  inputs: 2,
  extra: { bits: 64, field: 'p127' },
  generate(n) {
    const a = randomInts(n, 64);
    const b = randomInts(n, 64);
    return {
      inputs: [encodeInts(a), encodeInts(b)],
      // |a·b| < 2^126 < p/2, so the signed decoding of the product is exact.
      check: ([c]) => expectInts('mul', c!, (i) => a[i]! * b[i]!),
    };
  },
  run: async (rt, [a, b]) => [await rt.mul(a!, b!)],
  checkLength: (n) => Math.min(n, SAMPLE),
};

/** Bit length of the integers compared by `lt` and `eq` (the engine's largest integer type). */
const CMP_BITS = 64;

const ltOp: BenchOp = {
  name: 'lt',
  field: 'p127',
  sizes: [100_000],
  quickSizes: [100],
  inputs: 2,
  extra: { bits: CMP_BITS, field: 'p127' },
  generate(n) {
    const a = randomInts(n, CMP_BITS);
    const b = randomInts(n, CMP_BITS);
    // A few equal pairs, so the check also covers a = b.
    for (let i = 0; i < n; i += 16) b[i] = a[i]!;
    return {
      inputs: [encodeInts(a), encodeInts(b)],
      check: ([c]) => expectInts('lt', c!, (i) => (a[i]! < b[i]! ? 1n : 0n)),
    };
  },
  run: async (rt, [a, b]) => [await lt(rt, a!, b!, CMP_BITS)],
  checkLength: (n) => Math.min(n, SAMPLE),
};

const eqOp: BenchOp = {
  name: 'eq',
  field: 'p127',
  sizes: [100_000],
  quickSizes: [100],
  inputs: 2,
  extra: { bits: CMP_BITS, field: 'p127' },
  generate(n) {
    const a = randomInts(n, CMP_BITS);
    const b = randomInts(n, CMP_BITS);
    // Half the pairs equal: random pairs are almost never equal.
    for (let i = 0; i < n; i += 2) b[i] = a[i]!;
    return {
      inputs: [encodeInts(a), encodeInts(b)],
      check: ([c]) => expectInts('eq', c!, (i) => (a[i]! === b[i]! ? 1n : 0n)),
    };
  },
  run: async (rt, [a, b]) => [await eq(rt, a!, b!, CMP_BITS)],
  checkLength: (n) => Math.min(n, SAMPLE),
};

/**
 * `lt` and `eq` with their random masks made beforehand (untimed): the online phase alone of the
 * general comparison path (Fp random bits, BitLT), which t ≥ 2 and the sorting and min/max
 * protocols use. With t = 1, plain `lt` and `eq` take the binary-domain path of
 * `protocols/compare-t1.ts` instead, which is faster end to end than this online phase.
 */
const ltOnline: BenchOp = {
  ...ltOp,
  name: 'lt_online',
  extra: { bits: CMP_BITS, phase: 'online', field: 'p127' },
  async prepare(rt, [a, b]) {
    const masks = await randomMasks(rt, ltRequests(a!.length, CMP_BITS), 'bench lt masks');
    return async () => [await lt(rt, a!, b!, CMP_BITS, { masks })];
  },
};

const eqOnline: BenchOp = {
  ...eqOp,
  name: 'eq_online',
  extra: { bits: CMP_BITS, phase: 'online', field: 'p127' },
  async prepare(rt, [a, b]) {
    const masks = await randomMasks(rt, eqRequests(a!.length, CMP_BITS), 'bench eq masks');
    return async () => [await eq(rt, a!, b!, CMP_BITS, { masks })];
  },
};

/**
 * Fixed-point inputs: integer representations X = x · 2^f with |x| < 2^12, so that products and
 * the mean of squares stay inside the default format (k = 41, f = 16: |value| < 2^24).
 */
const FXP_INPUT_BITS = 12 + FXP_F + 1;

const fxpMulOp: BenchOp = {
  name: 'fxp_mul',
  field: 'p127',
  sizes: [100_000],
  quickSizes: [100],
  inputs: 2,
  extra: { k: FXP_K, f: FXP_F, field: 'p127' },
  generate(n) {
    const a = randomInts(n, FXP_INPUT_BITS);
    const b = randomInts(n, FXP_INPUT_BITS);
    const f = BigInt(FXP_F);
    return {
      inputs: [encodeInts(a), encodeInts(b)],
      // fxpMul's error is below one ulp: the result is ⌊a·b / 2^f⌋ or one more.
      check: ([c]) => {
        for (let i = 0; i < c!.length; i++) {
          const d = signedAt(c!, i) - ((a[i]! * b[i]!) >> f);
          if (d !== 0n && d !== 1n) return `fxp_mul: element ${i} is off by ${d} ulps`;
        }
        return undefined;
      },
    };
  },
  run: async (rt, [a, b]) => [await fxpMul(rt, a!, b!)],
  checkLength: (n) => Math.min(n, SAMPLE),
};

/** Tolerances in ulps, from the error bounds documented in stats.ts (|mean| < 2^12 here). */
const MEAN_ULPS = 4n;
const VARIANCE_ULPS = 5n + 8n * 2n;

const varianceOp: BenchOp = {
  name: 'variance',
  field: 'p127',
  sizes: [100_000],
  quickSizes: [100],
  inputs: 1,
  extra: { k: FXP_K, f: FXP_F, field: 'p127' },
  generate(n) {
    const x = randomInts(n, FXP_INPUT_BITS);
    const f = BigInt(FXP_F);
    const N = BigInt(n);
    let s = 0n;
    let q = 0n;
    for (const v of x) {
      s += v;
      q += v * v;
    }
    // At scale 2^f: mean = S / N, variance = Q / N / 2^f − (S / N)^2 / 2^f = (N·Q − S^2) / (N^2·2^f).
    const meanRep = s / N;
    const varRep = (N * q - s * s) / ((N * N) << f);
    const off = (got: bigint, want: bigint): bigint => (got > want ? got - want : want - got);
    return {
      inputs: [encodeInts(x)],
      check: ([m, v]) => {
        if (off(signedAt(m!, 0), meanRep) > MEAN_ULPS) return 'mean: off by more than 4 ulps';
        if (off(signedAt(v!, 0), varRep) > VARIANCE_ULPS) {
          return `variance: off by more than ${VARIANCE_ULPS} ulps`;
        }
        return undefined;
      },
    };
  },
  // Sequential: two protocols awaited together would take steps in an order that depends on
  // message arrival, which differs between parties.
  run: async (rt, [x]) => {
    const m = await mean(rt, x!);
    return [m, await variance(rt, x!)];
  },
  checkLength: () => 1,
};

/** Bit length of the sorted keys (MPyC's default secure integer is 32 bits too). */
const SORT_BITS = 32;

const sortOp: BenchOp = {
  name: 'sort',
  field: 'p127',
  sizes: [1000, 10_000],
  quickSizes: [50],
  inputs: 1,
  extra: { bits: SORT_BITS, field: 'p127' },
  generate(n) {
    const x = randomInts(n, SORT_BITS);
    // Some duplicates, which a sorting network must handle too.
    for (let i = 1; i < n; i += 8) x[i] = x[i - 1]!;
    const sorted = [...x].sort((p, q) => (p < q ? -1 : p > q ? 1 : 0));
    return {
      inputs: [encodeInts(x)],
      check: ([y]) => expectInts('sort', y!, (i) => sorted[i]!),
    };
  },
  run: async (rt, [x]) => [await sort(rt, x!, SORT_BITS)],
  // The whole output: a prefix alone would miss misplaced large elements.
  checkLength: (n) => n,
};

/**
 * Sum of 10^6 64-bit integers, exact: the local sum of the shares (no round) in p127, whose
 * 126-bit signed range holds any sum of up to 2^62 such values; checked against the bigint sum.
 */
const sumOp: BenchOp = {
  name: 'sum',
  field: 'p127',
  sizes: [1_000_000],
  quickSizes: [1000],
  inputs: 1,
  extra: { bits: 64, field: 'p127' },
  generate(n) {
    const x = randomInts(n, 64);
    let s = 0n;
    for (const v of x) s += v;
    return {
      inputs: [encodeInts(x)],
      check: ([c]) => expectInts('sum', c!, () => s),
    };
  },
  run: (rt, [x]) => Promise.resolve([sum(x!, rt.field)]),
  checkLength: () => 1,
};

/**
 * Wide fixed point (p255, k = 96, f = 32): X = x · 2^32 with |x| < 2^31, so that products and
 * the mean of squares stay inside the format (|value| < 2^63).
 */
const WIDE_INPUT_BITS = 31 + FXP_F_WIDE + 1;

const fxpMulWideOp: BenchOp = {
  name: 'fxp_mul_p255',
  field: 'p255',
  sizes: [100_000],
  quickSizes: [100],
  inputs: 2,
  extra: { k: FXP_K_WIDE, f: FXP_F_WIDE, field: 'p255' },
  generate(n) {
    const a = randomWideInts(n, WIDE_INPUT_BITS);
    const b = randomWideInts(n, WIDE_INPUT_BITS);
    const f = BigInt(FXP_F_WIDE);
    return {
      inputs: [encodeBigInts(fields.p255, a), encodeBigInts(fields.p255, b)],
      check: ([c]) => {
        for (let i = 0; i < c!.length; i++) {
          const d = signedAt(c!, i, fields.p255) - ((a[i]! * b[i]!) >> f);
          if (d !== 0n && d !== 1n) return `fxp_mul_p255: element ${i} is off by ${d} ulps`;
        }
        return undefined;
      },
    };
  },
  run: async (rt, [a, b]) => [await fxpMul(rt, a!, b!)],
  checkLength: (n) => Math.min(n, SAMPLE),
};

const varianceWideOp: BenchOp = {
  name: 'variance_p255',
  field: 'p255',
  sizes: [100_000],
  quickSizes: [100],
  inputs: 1,
  extra: { k: FXP_K_WIDE, f: FXP_F_WIDE, field: 'p255' },
  generate(n) {
    const x = randomWideInts(n, WIDE_INPUT_BITS);
    const f = BigInt(FXP_F_WIDE);
    const g = BigInt(Math.floor((FXP_K_WIDE - FXP_F_WIDE) / 2) - 1);
    const N = BigInt(n);
    let s = 0n;
    let q = 0n;
    for (const v of x) {
      s += v;
      q += v * v;
    }
    const meanRep = s / N;
    const varRep = (N * q - s * s) / ((N * N) << f);
    // stats.ts: |error| < 5 + 8·|μ|·2^-g ulps, μ the exact mean (here |μ| < 2^31).
    const absMean = (s < 0n ? -s : s) / (N << f);
    const varUlps = 6n + ((8n * (absMean + 1n)) >> g);
    const off = (got: bigint, want: bigint): bigint => (got > want ? got - want : want - got);
    return {
      inputs: [encodeBigInts(fields.p255, x)],
      check: ([m, v]) => {
        if (off(signedAt(m!, 0, fields.p255), meanRep) > MEAN_ULPS)
          return 'mean: off by more than 4 ulps';
        if (off(signedAt(v!, 0, fields.p255), varRep) > varUlps) {
          return `variance: off by more than ${varUlps} ulps`;
        }
        return undefined;
      },
    };
  },
  run: async (rt, [x]) => {
    const m = await mean(rt, x!);
    return [m, await variance(rt, x!)];
  },
  checkLength: () => 1,
};

/** Every op, in the order the full benchmark runs them. */
export const OPS: readonly BenchOp[] = Object.freeze([
  mul,
  ltOp,
  eqOp,
  ltOnline,
  eqOnline,
  fxpMulOp,
  varianceOp,
  sortOp,
  sumOp,
  fxpMulWideOp,
  varianceWideOp,
]);

/** The op called `name`, or undefined. */
export function findOp(name: string): BenchOp | undefined {
  return OPS.find((o) => o.name === name);
}
