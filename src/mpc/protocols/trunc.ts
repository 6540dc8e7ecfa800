/**
 * Truncation and reduction modulo 2^m of shared signed integers: probabilistic truncation
 * {@link truncPr} [CS10] §3.1 (Protocol 3.1, TruncPr), exact {@link mod2m} [CdH10] §3.1 (Mod2m)
 * and exact floor division {@link trunc} [CdH10] §3.1 (Trunc).
 *
 * Inputs: signed k-bit a, −2^(k−1) ≤ a < 2^(k−1), encoded a mod p; 1 ≤ m < k (m = 0 is the
 * identity / zero, without communication). All three shift a to b = a + 2^(k−1) ∈ [0, 2^k),
 * open c = b + 2^m·r'' + r' once (`./masked-open.ts`) and work on c' = c mod 2^m:
 *
 * - truncPr: (b + r' − c')/2^m − 2^(k−1−m) = ⌊a/2^m⌋ + u with u = [b mod 2^m + r' ≥ 2^m], i.e.
 *   ⌊a/2^m⌋ + 1 with probability (a mod 2^m)/2^m: rounding to nearest in expectation. Needs only
 *   the value r', which {@link randomMasks} builds with ONE reshare (no per-bit multiplication).
 * - mod2m: a mod 2^m = c' − r' + 2^m·[c' < r'], with [c' < r'] by {@link bitLT} on r's bits in
 *   2-bit digits (mask form 'pairs' for m ≥ 2).
 * - trunc: (a − a mod 2^m)·2^−m.
 *
 * Costs per element (t = 1; for larger t add ⌈log2(t+1)⌉ − 1 rounds and (t − 1)·m mults of
 * randomness):
 *
 * | function | rounds (randomness + online) | multiplications |
 * |---|---|---|
 * | truncPr | 2 + 1 | 1 reshare |
 * | mod2m, trunc | 3 + 1 + ⌈log2 ⌈m/2⌉⌉ | (m + ⌊m/2⌋) + (2(⌈m/2⌉−1) − ⌈log2 ⌈m/2⌉⌉) |
 *
 * Bounds: checkMaskBound(k): k + κ + 1 < b for t = 1 (κ = 40, b the bit length of the field). Security: semi-honest,
 * t < n/2; the only value opened is c, statistically hiding a (distance < 2^−κ).
 *
 * References: [CS10] Catrina, Saxena, FC 2010, §3.1; [CdH10] Catrina, de Hoogh, SCN 2010, §3.1.
 *
 * @module
 */
import { type FpVec, fpClone, fpVec } from '../field/vec.js';
import type { Runtime } from '../runtime/runtime.js';
import { bitLT } from './bitlt.js';
import { highBitsFor, invPow2, openMasked } from './masked-open.js';
import { type MaskOptions, type MaskRequest, checkMaskBound, masksFor } from './random.js';

function checkM(fn: string, k: number, m: number): void {
  if (!Number.isInteger(m) || m < 0 || m >= k) {
    throw new RangeError(`${fn}: expected 0 <= m < k = ${k}, got m = ${m}`);
  }
}

/** The mask requests of {@link truncPr} on `count` elements (for preprocessing). */
export function truncPrRequests(count: number, k: number, m: number): MaskRequest[] {
  return m === 0 ? [] : [{ count, bits: m, highBits: highBitsFor(k, m), form: 'value' }];
}

/** The mask requests of {@link mod2m} and {@link trunc} on `count` elements. */
export function mod2mRequests(count: number, k: number, m: number): MaskRequest[] {
  return m === 0
    ? []
    : [{ count, bits: m, highBits: highBitsFor(k, m), form: m >= 2 ? 'pairs' : 'bits' }];
}

/**
 * Shares of ⌊a/2^m⌋ or ⌊a/2^m⌋ + 1 per element, the latter with probability (a mod 2^m)/2^m
 * [CS10] Protocol 3.1. Signed k-bit a, 0 ≤ m < k. 1 online round (open) after 2 rounds of
 * data-independent randomness; 1 reshare and m + 1 contributed values per contributor per element.
 * @throws {RangeError} if k is too large for the masks (k + κ + 1 < b for t = 1, b the bit length of the field) or m ≥ k.
 * @example
 * ```ts
 * const y = await truncPr(rt, x, 64, 16); // fixed point: drop 16 fractional bits
 * ```
 */
export async function truncPr(
  rt: Runtime,
  a: FpVec,
  k: number,
  m: number,
  options: MaskOptions = {},
): Promise<FpVec> {
  checkMaskBound('truncPr', k, rt.t, rt.field);
  checkM('truncPr', k, m);
  if (m === 0) return fpClone(a);
  const [mask] = await masksFor(rt, 'truncPr', truncPrRequests(a.length, k, m), options);
  const K = rt.field.kernels;
  const shift = 1n << BigInt(k - 1);
  const c = await openMasked(rt, a, shift, m, mask!, 'truncPr');
  const cLow = fpVec(rt.field, a.length);
  K.modPow2(cLow, c, m);
  // (a + 2^(k−1) + r' − c')/2^m − 2^(k−1−m)
  const out = fpVec(rt.field, a.length);
  K.add(out, a, mask!.low);
  K.sub(out, out, cLow);
  K.addScalar(out, out, shift);
  K.mulScalar(out, out, invPow2(rt.field, m));
  K.addScalar(out, out, rt.field.p - (1n << BigInt(k - 1 - m)));
  return out;
}

/**
 * Shares of a mod 2^m ∈ [0, 2^m) per element, exactly [CdH10] Mod2m. Signed k-bit a, 0 ≤ m < k.
 * Rounds: 3 (randomness, t = 1; 2 for m = 1) + 1 (open) + ⌈log2 ⌈m/2⌉⌉ (BitLT on 2-bit digits).
 * @throws {RangeError} if k is too large for the masks or m ≥ k.
 * @example
 * ```ts
 * const low = await mod2m(rt, x, 64, 8); // x mod 256 (x = −1 gives 255)
 * ```
 */
export async function mod2m(
  rt: Runtime,
  a: FpVec,
  k: number,
  m: number,
  options: MaskOptions = {},
): Promise<FpVec> {
  checkMaskBound('mod2m', k, rt.t, rt.field);
  checkM('mod2m', k, m);
  const N = a.length;
  if (m === 0) return fpVec(rt.field, N);
  const [mask] = await masksFor(rt, 'mod2m', mod2mRequests(N, k, m), options);
  const K = rt.field.kernels;
  const c = await openMasked(rt, a, 1n << BigInt(k - 1), m, mask!, 'mod2m');
  const cBits = new Uint8Array(N * m);
  K.lowBits(cBits, c, m);
  const u = await bitLT(rt, cBits, mask!.r!, m, 'mod2m', mask!.pairs);
  // c' − r' + 2^m·u
  const out = fpVec(rt.field, N);
  K.modPow2(out, c, m);
  K.sub(out, out, mask!.low);
  K.axpy(out, 1n << BigInt(m), u);
  return out;
}

/**
 * Shares of ⌊a/2^m⌋ per element (exact, rounding toward −∞) [CdH10] Trunc. Signed k-bit a,
 * 0 ≤ m < k. Same cost as {@link mod2m}.
 * @throws {RangeError} if k is too large for the masks or m ≥ k.
 * @example
 * ```ts
 * const q = await trunc(rt, x, 64, 3); // ⌊x / 8⌋, so −1 ↦ −1
 * ```
 */
export async function trunc(
  rt: Runtime,
  a: FpVec,
  k: number,
  m: number,
  options: MaskOptions = {},
): Promise<FpVec> {
  checkMaskBound('trunc', k, rt.t, rt.field);
  checkM('trunc', k, m);
  if (m === 0) return fpClone(a);
  const low = await mod2m(rt, a, k, m, options);
  const K = rt.field.kernels;
  const out = fpVec(rt.field, a.length);
  K.sub(out, a, low);
  K.mulScalar(out, out, invPow2(rt.field, m));
  return out;
}
