/**
 * The one opening of the integer layer [CdH10] §2, [CS10] §3: c = x + 2^m·r'' + r' for a value
 * 0 ≤ x < 2^k, with r' uniform on [0, 2^m) and r'' a sum of t + 1 contributions of k + κ − m
 * bits. c reveals nothing about x mod 2^m (r' is uniform there) and hides x's high part with
 * statistical distance < 2^−κ (the honest contribution to r'' is uniform on 2^(k+κ−m) values).
 * c never wraps modulo p when {@link checkMaskBound} holds.
 *
 * @module
 */
import { type FpVec, fpVec } from '../field/vec.js';
import type { PrimeField } from '../field/prime-field.js';
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
  const K = rt.field.kernels;
  const y = fpVec(rt.field, x.length);
  K.addScalar(y, x, shift);
  K.add(y, y, mask.low);
  K.axpy(y, 1n << BigInt(m), mask.high);
  return rt.open(y, label);
}

const invPow2Cache = new Map<string, bigint>();

/**
 * 2^−m mod p. In p127 this is 2^(127 − m) (2^127 ≡ 1); in other fields ((p + 1)/2)^m, cached.
 * Requires 0 <= m <= bits of p.
 */
export function invPow2(field: PrimeField, m: number): bigint {
  if (!Number.isInteger(m) || m < 0 || m > field.bits)
    throw new RangeError(`invPow2: expected 0 <= m <= ${field.bits}, got ${m}`);
  if (field.name === 'p127') return m === 0 ? 1n : 1n << BigInt(127 - m);
  const key = `${field.name}/${m}`;
  let r = invPow2Cache.get(key);
  if (r === undefined) {
    r = field.F.pow((field.p + 1n) >> 1n, BigInt(m));
    invPow2Cache.set(key, r);
  }
  return r;
}
