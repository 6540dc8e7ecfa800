/**
 * The one opening of the integer layer [CdH10] §2, [CS10] §3: c = x + 2^m·r'' + r' for a value
 * 0 ≤ x < 2^k, with r' uniform on [0, 2^m) and r'' a sum of t + 1 contributions of k + κ − m
 * bits. c reveals nothing about x mod 2^m (r' is uniform there) and hides x's high part with
 * statistical distance < 2^−κ (the honest contribution to r'' is uniform on 2^(k+κ−m) values).
 * c never wraps modulo p when {@link checkMaskBound} holds.
 *
 * @module
 */
import { kernels } from '../field/kernels.js';
import { type FpVec, fpVec } from '../field/vec.js';
import type { Runtime } from '../runtime/runtime.js';
import { KAPPA, type Mask } from './random.js';

/** Bits of each contribution to r'' for a k-bit value and an m-bit window: k + κ − m. */
export function highBitsFor(k: number, m: number): number {
  return k + KAPPA - m;
}

/**
 * Opens c = x + shift + 2^m·r'' + r' (1 round), where `shift` is a public constant that makes the
 * value non-negative (2^(k−1) for signed k-bit x). Returns the public c.
 */
export async function openMasked(
  rt: Runtime,
  x: FpVec,
  shift: bigint,
  m: number,
  mask: Mask,
  label: string,
): Promise<FpVec> {
  const K = kernels();
  const y = fpVec(x.length);
  K.addScalar(y, x, shift);
  K.add(y, y, mask.low);
  K.axpy(y, 1n << BigInt(m), mask.high);
  return rt.open(y, label);
}

/** 2^−m mod p = 2^(127 − m) (p = 2^127 − 1, so 2^127 ≡ 1). Requires 0 <= m <= 127. */
export function invPow2(m: number): bigint {
  return m === 0 ? 1n : 1n << BigInt(127 - m);
}
