/** Helpers of the integer-layer tests (random, trunc, bitlt, compare, bitdec). */
import { TEST_FIELD } from '../harness.js';
import fc from 'fast-check';
import { type FpVec, fpFromBigInts, fpToBigInts } from '../../../src/mpc/field/vec.js';
import type { Runtime } from '../../../src/mpc/runtime/runtime.js';

/** Member 1 secret-shares `xs` (signed values encoded mod p). */
export async function shareInts(rt: Runtime, xs: readonly bigint[]): Promise<FpVec> {
  const v = await rt.input(
    rt.member(1),
    rt.index === 1 ? fpFromBigInts(TEST_FIELD, xs) : xs.length,
  );
  return v!;
}

/** Opens `v` and decodes each element as a signed integer. */
export async function openInts(rt: Runtime, v: FpVec): Promise<bigint[]> {
  return fpToBigInts(await rt.open(v)).map((x) => (x > TEST_FIELD.p >> 1n ? x - TEST_FIELD.p : x));
}

/** Smallest and largest signed k-bit values. */
export function bounds(k: number): { lo: bigint; hi: bigint } {
  return { lo: -(1n << BigInt(k - 1)), hi: (1n << BigInt(k - 1)) - 1n };
}

/** Edge values of the signed k-bit range (deduplicated). */
export function edges(k: number): bigint[] {
  const { lo, hi } = bounds(k);
  return [
    ...new Set([0n, -1n, 1n, lo, lo + 1n, hi, hi - 1n, 2n, -2n].filter((x) => x >= lo && x <= hi)),
  ];
}

/** Random signed k-bit values, biased to small magnitudes and the range ends. */
export function arbInt(k: number): fc.Arbitrary<bigint> {
  const { lo, hi } = bounds(k);
  return fc.oneof(
    { weight: 4, arbitrary: fc.bigInt({ min: lo, max: hi }) },
    { weight: 1, arbitrary: fc.bigInt({ min: -4n, max: 4n }).filter((x) => x >= lo && x <= hi) },
    { weight: 1, arbitrary: fc.constantFrom(lo, hi, lo + 1n, hi - 1n) },
  );
}

/** numRuns for a committee: fewer for big committees so the suite stays fast. */
export function runsFor(n: number, base: number): number {
  return n >= 7 ? Math.max(2, base >> 2) : n >= 5 ? Math.max(2, base >> 1) : base;
}

/** ⌊x / 2^m⌋ for signed x (bigint >> is arithmetic, so it floors). */
export function floorDiv(x: bigint, m: number): bigint {
  return x >> BigInt(m);
}
