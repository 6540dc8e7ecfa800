/** Helpers shared by the select / min-max / sort tests: signed encodings and one-line sharing. */
import { TEST_FIELD } from '../harness.js';
import fc from 'fast-check';
import { type FpVec, fpFromBigInts, fpToBigInts, fpVec } from '../../../src/mpc/field/vec.js';
import { ltz, ltzRequests } from '../../../src/mpc/protocols/compare.js';
import { randomMasks } from '../../../src/mpc/protocols/random.js';
import type { Runtime } from '../../../src/mpc/runtime/runtime.js';
import { runParties } from '../harness.js';

/** Member 1 secret-shares `xs` (signed values are encoded mod p); every member gets its shares. */
export async function share(rt: Runtime, xs: readonly bigint[]): Promise<FpVec> {
  const v = await rt.input(
    rt.member(1),
    rt.index === 1 ? fpFromBigInts(TEST_FIELD, xs) : xs.length,
  );
  return v!;
}

/** Opens `v` and decodes every element as a signed integer in (−p/2, p/2). */
export async function openSigned(rt: Runtime, v: FpVec): Promise<bigint[]> {
  return fpToBigInts(await rt.open(v)).map((x) => (x > TEST_FIELD.p >> 1n ? x - TEST_FIELD.p : x));
}

/** The signed k-bit range [−2^(k−1), 2^(k−1) − 1]. */
export function range(k: number): { lo: bigint; hi: bigint } {
  return { lo: -(1n << BigInt(k - 1)), hi: (1n << BigInt(k - 1)) - 1n };
}

/**
 * Signed k-bit values biased towards duplicates and the ends of the range: a small pool of
 * distinct values (so equal values are frequent), plus the extremes.
 */
export function arbSigned(k: number): fc.Arbitrary<bigint> {
  const { lo, hi } = range(k);
  return fc.oneof(
    { weight: 3, arbitrary: fc.bigInt({ min: lo, max: hi }) },
    { weight: 2, arbitrary: fc.bigInt({ min: -3n, max: 3n }) },
    { weight: 1, arbitrary: fc.constantFrom(lo, hi, lo + 1n, hi - 1n, 0n) },
  );
}

/** Fixed edge-case inputs for k-bit values. */
export function edgeCases(k: number): bigint[][] {
  const { lo, hi } = range(k);
  return [
    [0n],
    [lo],
    [hi, lo],
    [lo, hi],
    [5n, 5n, 5n, 5n, 5n],
    [-3n, -2n, -1n, 0n, 1n, 2n],
    [2n, 1n, 0n, -1n, -2n, -3n, -4n],
    [hi, hi, lo, lo, 0n, hi, lo],
    [lo, 7n, hi, -7n, 7n, lo, -7n, hi, 0n],
  ];
}

export const cmpBigInt = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Rounds of one `ltz` call on k-bit values, split as the ordering protocols pay them: `masks`
 * (data-independent, once per batch of preprocessed masks) and `online` (once per call).
 * Measured on the comparison protocol itself, so the tests follow its implementation.
 */
export async function ltzCost(
  n: number,
  t: number,
  k: number,
): Promise<{ masks: number; online: number }> {
  const [r] = await runParties(n, t, async (rt) => {
    const r0 = rt.stats.rounds;
    const masks = await randomMasks(rt, ltzRequests(3, k));
    const r1 = rt.stats.rounds;
    await ltz(rt, fpVec(TEST_FIELD, 3), k, { masks });
    return { masks: r1 - r0, online: rt.stats.rounds - r1 };
  });
  return r!;
}
