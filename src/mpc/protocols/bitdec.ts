/**
 * Bit decomposition of shared signed integers [CdH10] §3 (BitDec by masking, opening and one
 * binary subtraction): shares of the k bits of a mod 2^k (two's complement) for signed k-bit a.
 *
 * Method: b = a + 2^(k−1) ∈ [0, 2^k); open c = b + 2^k·r'' + r' with r' = Σ 2^i r_i (shared bits);
 * then b = (c' − r') mod 2^k with c' = c mod 2^k public, computed bitwise as c' + ¬r + 1 with a
 * log-depth parallel-prefix carry circuit (Sklansky): leaves g_i = c_i·¬r_i, p_i = c_i ⊕ ¬r_i are
 * linear (c public); the carry-in 1 is folded into leaf 0 (g_0 := c_0 ∨ ¬r_0); the sum bits are
 * z_0 = ¬p_0 and z_i = p_i ⊕ carry_i (one multiplication each). Finally bit k − 1 is flipped to
 * undo the shift.
 *
 * Layout of the result: bit-major, one FpVec of k·N elements: bit i of element e at index
 * i·N + e (so bit i of all elements is the slice [i·N, (i+1)·N)).
 *
 * Cost per element (t = 1): rounds 2 (data-independent) + 1 (open) + ⌈log2(k−1)⌉ (prefix) + 1;
 * multiplications k (random bits) + ≤ (k/2)·⌈log2(k−1)⌉·2 (prefix) + (k − 1).
 *
 * Bounds: checkMaskBound(k) (k + κ + 1 < b for t = 1, κ = 40, b = 127 or 255 the bit length of the field). Security: semi-honest, t < n/2;
 * only c is opened, statistically hiding a (distance < 2^−κ).
 *
 * References: [CdH10] Catrina, de Hoogh, SCN 2010, §3 (BitDec); [DFKNT06] Damgård, Fitzi, Kiltz,
 * Nielsen, Toft, TCC 2006 (bit decomposition by masking and binary addition); the prefix circuit
 * is Sklansky's conditional-sum adder.
 *
 * @module
 */
import { type FpVec, fpSlice, fpVec } from '../field/vec.js';
import type { Runtime } from '../runtime/runtime.js';
import { oneMinus, selectByBit, xorWithProduct } from './bitlt.js';
import { highBitsFor, openMasked } from './masked-open.js';
import { type MaskOptions, type MaskRequest, checkMaskBound, masksFor } from './random.js';

/** The mask requests of {@link bitDecompose} on `count` elements (for preprocessing). */
export function bitDecomposeRequests(count: number, k: number): MaskRequest[] {
  return [{ count, bits: k, highBits: highBitsFor(k, k), form: 'bits' }];
}

/**
 * Inclusive prefix of the carry operator over L bit-major (g, p) nodes (Sklansky, ⌈log2 L⌉ rounds):
 * on return node i of `g` holds G[0..i]. `p` need not hold node 0. Updates `g` and `p` in place.
 */
async function prefixCarries(
  rt: Runtime,
  g: FpVec,
  p: FpVec,
  L: number,
  N: number,
  label: string,
): Promise<void> {
  const K = rt.field.kernels;
  const at = (v: FpVec, j: number): FpVec => fpSlice(v, j * N, (j + 1) * N);
  for (let d = 1; d < L; d <<= 1) {
    const gi: number[] = [];
    const pi: number[] = [];
    for (let i = 0; i < L; i++) {
      if ((i & d) === 0) continue;
      gi.push(i);
      if ((i & ~(2 * d - 1)) > 0) pi.push(i); // range of i after this level does not start at 0
    }
    const lower = (i: number): number => (i & ~(2 * d - 1)) + d - 1;
    const cnt = gi.length + pi.length;
    const left = fpVec(rt.field, cnt * N);
    const right = fpVec(rt.field, cnt * N);
    gi.forEach((i, q) => {
      left.words.set(at(p, i).words, rt.field.words * (q * N));
      right.words.set(at(g, lower(i)).words, rt.field.words * (q * N));
    });
    pi.forEach((i, q) => {
      left.words.set(at(p, i).words, rt.field.words * ((gi.length + q) * N));
      right.words.set(at(p, lower(i)).words, rt.field.words * ((gi.length + q) * N));
    });
    const prod = await rt.mul(left, right, label);
    gi.forEach((i, q) => K.add(at(g, i), at(g, i), at(prod, q)));
    pi.forEach((i, q) => at(p, i).words.set(at(prod, gi.length + q).words));
  }
}

/**
 * Shares of the k bits of a mod 2^k (two's complement) for signed k-bit a, bit-major (bit i of
 * element e at index i·N + e). k ≥ 1.
 * Rounds (t = 1): 4 + ⌈log2(k−1)⌉ (2 of them data-independent).
 * @throws {RangeError} if k is too large for the masks (k + κ + 1 < b for t = 1, b the bit length of the field).
 * @example
 * ```ts
 * const bits = await bitDecompose(rt, x, 64); // 64·N shares; bit 63 is the sign
 * ```
 */
export async function bitDecompose(
  rt: Runtime,
  a: FpVec,
  k: number,
  options: MaskOptions = {},
): Promise<FpVec> {
  checkMaskBound('bitDecompose', k, rt.t, rt.field);
  const N = a.length;
  const [mask] = await masksFor(rt, 'bitDecompose', bitDecomposeRequests(N, k), options);
  const K = rt.field.kernels;
  const c = await openMasked(rt, a, 1n << BigInt(k - 1), k, mask!, 'bitDecompose');
  const cBits = new Uint8Array(N * k);
  K.lowBits(cBits, c, k);
  const r = mask!.r!;
  const at = (v: FpVec, j: number): FpVec => fpSlice(v, j * N, (j + 1) * N);
  // s = ¬r; p_i = c_i ? r_i : s_i; g_i = c_i ? s_i : 0; leaf 0 with carry-in: c_0 ? 1 : s_0.
  const p = fpVec(rt.field, k * N);
  const g = fpVec(rt.field, Math.max(k - 1, 0) * N);
  const s = fpVec(rt.field, N);
  const one = fpVec(rt.field, N);
  K.addScalar(one, one, 1n);
  for (let i = 0; i < k; i++) {
    const ri = at(r, i);
    oneMinus(s, ri);
    selectByBit(at(p, i), cBits, k, i, s, ri);
    if (i < k - 1) selectByBit(at(g, i), cBits, k, i, i === 0 ? s : null, i === 0 ? one : s);
  }
  const out = fpVec(rt.field, k * N);
  oneMinus(at(out, 0), at(p, 0));
  if (k > 1) {
    // Prefix over leaves 0..k−2 (p of leaf 0 is never needed: its range starts at 0).
    // The prefix overwrites its p nodes, so it gets a copy; the sum bits need the leaves' p.
    const pLeaves = fpVec(rt.field, (k - 1) * N);
    pLeaves.words.set(p.words.subarray(0, rt.field.words * ((k - 1) * N)));
    await prefixCarries(rt, g, pLeaves, k - 1, N, 'bitDecompose');
    // z_i = p_i ⊕ carry_i with carry_i = G[0..i−1], i = 1..k−1: one batched multiplication.
    const pHi = fpSlice(p, N, k * N);
    const prod = await rt.mul(pHi, g, 'bitDecompose');
    xorWithProduct(fpSlice(out, N, k * N), pHi, g, prod);
  }
  oneMinus(at(out, k - 1), at(out, k - 1));
  return out;
}
