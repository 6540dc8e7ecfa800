/**
 * Exact integer division of shared signed integers by a PUBLIC positive integer d:
 * q = ⌊a / d⌋ (rounding toward −∞) and r = a − q·d ∈ [0, d).
 *
 * Method (multiply by a reciprocal, then correct with comparisons, in the spirit of [CS10] §3
 * and of division by invariant integers):
 *
 * 1. Shift to a non-negative value: a' = a + M·d with M = ⌈2^(k-1)/d⌉, so 0 <= a' < U =
 *    2^(k-1) + M·d and ⌊a'/d⌋ = q + M.
 * 2. Approximate: q0 = truncPr(a'·c, K_p, e) [CS10] with c = ⌈2^e/d⌉ and e = bitlen(U), so
 *    a'·c/2^e ∈ [a'/d, a'/d + 1) and q0 ∈ {q + M, q + M + 1, q + M + 2}. K_p is the bit length of
 *    (U − 1)·c plus a sign bit; it must pass the mask bound (k + κ + ⌈log2(t+1)⌉ + 1 < b, the bit length of the field).
 *    When it does not (wide a, small d), a' is first truncated by h = bitlen(d) − 3 bits with
 *    `truncPr` (and e takes one more bit), which shrinks the product by h − 1 bits at the cost of
 *    q0 ∈ {q+M−1, ..., q+M+2}.
 * 3. Correct exactly: r0 = a' − q0·d lies in [−2d, d) (or [−2d, 2d) after a pre-shift), and
 *    q = q0 − M − [r0 < 0] − [r0 + d < 0] (+ 1 − [r0 − d < 0] after a pre-shift), with all
 *    comparisons in one vectorized `ltz` [CdH10] §4 on values of bitlen(d) + 2 or 3 bits.
 *    Powers of two use the exact `trunc` of [CdH10] §3.1 instead.
 *
 * Cost per element (t = 1): 1 or 2 probabilistic truncations and 2 or 3 comparisons of
 * bitlen(d) + 3 bits; the masks of all of them are made in one batch first. Rounds: 2 (masks) +
 * 1 or 2 (opens) + the online rounds of one `ltz` (1 + ⌈log2(bitlen(d) + 2)⌉).
 *
 * Security: semi-honest, t < n/2, from `truncPr` and `ltz` (statistical distance < 2^-κ per
 * opened element). d and k are public. Precondition: a is a signed k-bit integer.
 *
 * @module
 */
import { type PrimeField, fields } from '../field/prime-field.js';
import { type FpVec, fpClone, fpConcat, fpSlice, fpVec } from '../field/vec.js';
import type { Runtime } from '../runtime/runtime.js';
import { ltz, ltzRequests } from './compare.js';
import { type MaskOptions, checkMaskBound, randomMasks } from './random.js';
import { trunc, truncPr, truncPrRequests } from './trunc.js';

/** Shares of a quotient and remainder. */
export interface DivMod {
  /** ⌊a / d⌋ */
  readonly quotient: FpVec;
  /** a − d·⌊a / d⌋ ∈ [0, d) */
  readonly remainder: FpVec;
}

function bitLen(x: bigint): number {
  return x <= 0n ? 0 : x.toString(2).length;
}

function fits(k: number, t: number, field: PrimeField): boolean {
  try {
    checkMaskBound('divPublic', k, t, field);
    return true;
  } catch {
    return false;
  }
}

/** The division plan for public k, d and threshold t (all public). */
interface Plan {
  /** offset M with a' = a + M·d >= 0 */
  readonly M: bigint;
  /** bits of a' as a signed value */
  readonly ka: number;
  /** pre-shift h (0: none) */
  readonly h: number;
  /** reciprocal c = ⌈2^(e+h)/d⌉ and shift e */
  readonly c: bigint;
  readonly e: number;
  /** signed bit length of the product a'_h · c */
  readonly kp: number;
  /** signed bit length of the comparison operands */
  readonly kr: number;
}

function plan(k: number, d: bigint, t: number, field: PrimeField): Plan {
  const M = ((1n << BigInt(k - 1)) + d - 1n) / d;
  const U = (1n << BigInt(k - 1)) + M * d; // a' < U
  const ka = bitLen(U - 1n) + 1;
  const L = bitLen(d);
  for (const h of L >= 4 ? [0, L - 3] : [0]) {
    const Uh = ((U - 1n) >> BigInt(h)) + 2n; // a'_h < Uh (truncPr may round up)
    // h = 0: a'·c/2^e ∈ [a'/d, a'/d + 1). h > 0: the pre-shift error is below 2^h/d <= 1/4, and
    // one more bit of e keeps the reciprocal's error below 1/2, so a'_h·c/2^e ∈ (a'/d − 1/4,
    // a'/d + 3/4).
    const e = bitLen(Uh) + (h === 0 ? 0 : 1);
    const c = ((1n << BigInt(e + h)) + d - 1n) / d;
    if (c >= field.p) continue;
    const kp = bitLen(Uh * c) + 1;
    const kr = L + (h === 0 ? 2 : 3);
    if (fits(kp, t, field) && fits(ka, t, field) && fits(kr, t, field))
      return { M, ka, h, c, e, kp, kr };
  }
  throw new RangeError(
    `divPublic: k = ${k} is too wide for divisors of ${L} bits with ${t + 1} mask contributors ` +
      `(the reciprocal product must pass the mask bound); use a smaller k`,
  );
}

/**
 * Shares of ⌊a/d⌋ and a mod d for shared signed k-bit integers a and a public integer d >= 1
 * (exact; see the module doc for the method and its cost).
 * @throws {RangeError} if d is not a positive integer or k is too wide for d (see the module
 *   doc); the message names k and the bit length of d, never a value of a.
 * @example
 * ```ts
 * const { quotient, remainder } = await divModPublic(rt, x, 64, 10n); // −7 ↦ (−1, 3)
 * ```
 */
export async function divModPublic(
  rt: Runtime,
  a: FpVec,
  k: number,
  d: bigint | number,
): Promise<DivMod> {
  const D = typeof d === 'number' && Number.isSafeInteger(d) ? BigInt(d) : d;
  if (typeof D !== 'bigint' || D < 1n) {
    throw new RangeError('divPublic: expected a positive integer divisor');
  }
  if (!Number.isSafeInteger(k) || k < 1) {
    throw new RangeError(`divPublic: expected an integer bit length k >= 1, got k = ${k}`);
  }
  const K = rt.field.kernels;
  const N = a.length;
  const remainderOf = (q: FpVec): FpVec => {
    const r = fpVec(rt.field, N);
    K.mulScalar(r, q, rt.field.p - (D % rt.field.p));
    K.add(r, r, a);
    return r;
  };
  if (D === 1n) return { quotient: fpClone(a), remainder: fpVec(rt.field, N) };
  if ((D & (D - 1n)) === 0n) {
    const m = bitLen(D) - 1;
    if (m < k) {
      const q = await trunc(rt, a, k, m);
      return { quotient: q, remainder: remainderOf(q) };
    }
  }
  const p = plan(k, D, rt.t, rt.field);
  const cmp = p.h === 0 ? 2 : 3;
  const requests = [
    ...(p.h === 0 ? [] : truncPrRequests(N, p.ka, p.h)),
    ...truncPrRequests(N, p.kp, p.e),
    ...ltzRequests(cmp * N, p.kr),
  ];
  const masks = await randomMasks(rt, requests, 'divPublic');
  let next = 0;
  const take = (): MaskOptions => ({ masks: [masks[next++]!] });

  // 1. a' = a + M·d
  const a1 = fpVec(rt.field, N);
  K.addScalar(a1, a, (p.M * D) % rt.field.p);
  // 2. q0 ≈ a'/d (pre-shifted by h when needed)
  const ah = p.h === 0 ? a1 : await truncPr(rt, a1, p.ka, p.h, take());
  const prod = fpVec(rt.field, N);
  K.mulScalar(prod, ah, p.c % rt.field.p);
  const q0 = await truncPr(rt, prod, p.kp, p.e, take());
  // 3. r0 = a' − q0·d and the corrections, all comparisons in one ltz.
  const r0 = fpVec(rt.field, N);
  K.mulScalar(r0, q0, rt.field.p - D);
  K.add(r0, r0, a1);
  const shifted = (s: bigint): FpVec => {
    const v = fpVec(rt.field, N);
    K.addScalar(v, r0, ((s % rt.field.p) + rt.field.p) % rt.field.p);
    return v;
  };
  const operands = [r0, shifted(D)];
  if (p.h !== 0) operands.push(shifted(-D));
  const bits = await ltz(rt, fpConcat(operands), p.kr, take());
  // q = q0 − M − [r0 < 0] − [r0 + d < 0] (+ 1 − [r0 − d < 0])
  const q = fpClone(q0);
  K.addScalar(q, q, (rt.field.p - (p.M % rt.field.p) + (p.h === 0 ? 0n : 1n)) % rt.field.p);
  for (let j = 0; j < cmp; j++) K.sub(q, q, fpSlice(bits, j * N, (j + 1) * N));
  return { quotient: q, remainder: remainderOf(q) };
}

/**
 * Shares of ⌊a/d⌋ for shared signed k-bit integers a and a public integer d >= 1 (exact). See
 * {@link divModPublic}.
 * @example
 * ```ts
 * const q = await divPublic(rt, x, 41, 3n); // ⌊x / 3⌋
 * ```
 */
export async function divPublic(
  rt: Runtime,
  a: FpVec,
  k: number,
  d: bigint | number,
): Promise<FpVec> {
  return (await divModPublic(rt, a, k, d)).quotient;
}

/**
 * The division plan for public k, d and threshold t (public parameters only; for tests and cost
 * estimates): pre-shift h, reciprocal shift e and the bit lengths of the truncated product (kp),
 * of the comparison operands (kr) and of a' (ka).
 * @throws {RangeError} naming k when no plan fits the mask bound.
 * @example
 * ```ts
 * divPublicPlan(41, 3n, 1); // { h: 0, e: 42, ... }
 * ```
 */
export function divPublicPlan(
  k: number,
  d: bigint,
  t: number,
  field: PrimeField = fields.p127,
): { h: number; e: number; kp: number; kr: number; ka: number } {
  const p = plan(k, d, t, field);
  return { h: p.h, e: p.e, kp: p.kp, kr: p.kr, ka: p.ka };
}
