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
import { P127 } from '../../src/mpc/field/fp.js';
import { kernels } from '../../src/mpc/field/kernels.js';
import { type FpVec, fpGet, fpVec } from '../../src/mpc/field/vec.js';
import type { Runtime } from '../../src/mpc/runtime/runtime.js';

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
  /** How many leading elements of each output to open and check (untimed). */
  checkLength(n: number): number;
}

/** How many leading elements of a long output are opened and checked. */
const SAMPLE = 64;

/** Element i of `v` as a signed integer in (-p/2, p/2). */
export function signedAt(v: FpVec, i: number): bigint {
  const x = fpGet(v, i);
  return x > P127 >> 1n ? x - P127 : x;
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
  const v = fpVec(x.length);
  kernels().fromInt64(v, x);
  return v;
}

/** Compares opened values with expected ones; returns a reason for the first mismatch. */
export function expectInts(
  what: string,
  opened: FpVec,
  expected: (i: number) => bigint,
): string | undefined {
  for (let i = 0; i < opened.length; i++) {
    if (signedAt(opened, i) !== expected(i)) return `${what}: element ${i} is wrong`;
  }
  return undefined;
}

const mul: BenchOp = {
  name: 'mul',
  sizes: [1_000_000],
  quickSizes: [1000],
  inputs: 2,
  extra: { bits: 64 },
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

/** Every op, in the order the full benchmark runs them. */
export const OPS: readonly BenchOp[] = Object.freeze([mul]);

/** The op called `name`, or undefined. */
export function findOp(name: string): BenchOp | undefined {
  return OPS.find((o) => o.name === name);
}
