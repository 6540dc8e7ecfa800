/** Helpers of the fixed-point tests (fixed, linalg, stats, intdiv, reciprocal, divide, sqrt, exp). */
import { TEST_FIELD } from '../harness.js';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { type FpVec, fpFromBigInts, fpToBigInts } from '../../../src/mpc/field/vec.js';
import type { Runtime } from '../../../src/mpc/runtime/runtime.js';
import { runParties } from '../harness.js';

/** Member 1 secret-shares `xs` (signed integers, encoded mod p). */
export async function shareAll(rt: Runtime, xs: readonly bigint[]): Promise<FpVec> {
  const v = await rt.input(
    rt.member(1),
    rt.index === 1 ? fpFromBigInts(TEST_FIELD, xs) : xs.length,
  );
  return v!;
}

/** Opens `v` and decodes every element as a signed integer. */
export async function openSignedAll(rt: Runtime, v: FpVec): Promise<bigint[]> {
  return fpToBigInts(await rt.open(v)).map((x) => (x > TEST_FIELD.p >> 1n ? x - TEST_FIELD.p : x));
}

/**
 * Runs `program` on n parties with the given input vectors (shared by member 1), opens its
 * result, checks that every party opened the same values, and returns them with the rounds
 * the program took (on party 1).
 */
export async function runOpen(
  n: number,
  t: number,
  inputs: readonly (readonly bigint[])[],
  program: (rt: Runtime, xs: FpVec[]) => Promise<FpVec>,
): Promise<{ values: bigint[]; rounds: number }> {
  const out = await runParties(n, t, async (rt) => {
    const xs: FpVec[] = [];
    for (const v of inputs) xs.push(await shareAll(rt, v));
    const before = rt.stats.rounds;
    const r = await program(rt, xs);
    const rounds = rt.stats.rounds - before;
    return { values: await openSignedAll(rt, r), rounds };
  });
  for (const o of out) assert.deepEqual(o.values, out[0]!.values, 'all parties open the same');
  return out[0]!;
}

/** Signed integers in [lo, hi], biased toward small magnitudes and the ends. */
export function arbRange(lo: bigint, hi: bigint): fc.Arbitrary<bigint> {
  const small = fc.bigInt({ min: -8n, max: 8n }).filter((x) => x >= lo && x <= hi);
  return fc.oneof(
    { weight: 5, arbitrary: fc.bigInt({ min: lo, max: hi }) },
    { weight: 1, arbitrary: small },
    { weight: 1, arbitrary: fc.constantFrom(lo, hi) },
  );
}

/** numRuns for a committee: fewer for big committees so the suite stays fast. */
export function runsFor(n: number, base: number): number {
  return n >= 7 ? Math.max(1, base >> 2) : n >= 5 ? Math.max(2, base >> 1) : base;
}

/** |x| for bigint. */
export function absB(x: bigint): bigint {
  return x < 0n ? -x : x;
}

/** ⌊x / d⌋ for signed x and positive d. */
export function floorDivB(x: bigint, d: bigint): bigint {
  const q = x / d;
  return x % d !== 0n && x < 0n ? q - 1n : q;
}
