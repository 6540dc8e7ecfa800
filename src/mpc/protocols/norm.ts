/**
 * Normalization of shared signed integers [CS10] (Norm): the position of the most significant
 * bit of |b|, as a shared one-hot vector, from which a scaling factor v = ±2^(k-1-m) (so that
 * b·v ∈ [2^(k-1), 2^k)) and other public functions of the position are linear.
 *
 * Method (comparison-based; see below for the cost). For a signed k-bit b and i = 0..k-1:
 * u_i = [b >= 2^i] and w_i = [b <= -2^i] (u_{k-1} = 0 always, so it is not computed). For b > 0,
 * u is a prefix of ones whose length is bitlen(b), and w = 0; for b < 0 the same holds with the
 * roles swapped; for b = 0 both are 0. So e_i = u_i − u_{i+1} (resp. w_i − w_{i+1}) is 1 exactly
 * at the most significant bit of |b|. All 2k − 1 comparisons (k − 1 when b is known to be
 * non-negative) are one vectorized `ltz` [CdH10] §4 on (k+1)-bit values: constant rounds, at the
 * price of 2k − 1 comparisons per element. [CS10] obtains the same one-hot vector from a bit
 * decomposition of |b| and a prefix-or, which costs fewer multiplications and about log2(k)
 * more rounds; this module can switch to it once bit decomposition is available.
 *
 * Security: semi-honest, t < n/2, from `ltz` (statistical distance < 2^-κ per opened element).
 * Nothing is opened except the masked comparison operands inside `ltz`.
 *
 * @module
 */
import { P127 } from '../field/fp.js';
import { kernels } from '../field/kernels.js';
import { type FpVec, fpSlice, fpVec } from '../field/vec.js';
import type { Runtime } from '../runtime/runtime.js';
import { ltz, ltzRequests } from './compare.js';
import type { MaskOptions, MaskRequest } from './random.js';

/**
 * The one-hot position of the most significant bit of |b| for N elements: `pos` holds e_i for
 * b > 0 and `neg` for b < 0 (null for unsigned input), each k·N long, position-major (e_i of
 * element j at index i·N + j). Both are all zero for b = 0.
 */
export interface MsbOneHot {
  readonly k: number;
  readonly count: number;
  readonly pos: FpVec;
  readonly neg: FpVec | null;
}

/** The mask requests of {@link msbOneHot} (for batched preprocessing). */
export function msbOneHotRequests(count: number, k: number, signed: boolean): MaskRequest[] {
  return ltzRequests(count * (signed ? 2 * k - 1 : k - 1), k + 1);
}

/**
 * Shares of the one-hot most-significant-bit position of |b| for signed k-bit b (or, with
 * `signed = false`, for 0 <= b < 2^(k-1), where negative inputs count as 0). One `ltz` call on
 * (2k − 1)·N (resp. (k − 1)·N) values of k + 1 bits.
 * @example
 * ```ts
 * const h = await msbOneHot(rt, b, 41, true);
 * const v = linearOfPosition(h, (i) => 1n << BigInt(40 - i), (i) => P127 - (1n << BigInt(40 - i)));
 * ```
 */
export async function msbOneHot(
  rt: Runtime,
  b: FpVec,
  k: number,
  signed: boolean,
  masks: MaskOptions = {},
): Promise<MsbOneHot> {
  const K = kernels();
  const N = b.length;
  const nu = k - 1;
  const nw = signed ? k : 0;
  // Operands: b − 2^i (i < k−1), then b + 2^i − 1 (i < k).
  const ops = fpVec((nu + nw) * N);
  for (let i = 0; i < nu; i++) {
    K.addScalar(fpSlice(ops, i * N, (i + 1) * N), b, P127 - (1n << BigInt(i)));
  }
  for (let i = 0; i < nw; i++) {
    K.addScalar(fpSlice(ops, (nu + i) * N, (nu + i + 1) * N), b, (1n << BigInt(i)) - 1n);
  }
  const lt = await ltz(rt, ops, k + 1, masks);
  // u_i = 1 − ltz(b − 2^i) for i < k−1, u_{k−1} = 0; w_i = ltz(b + 2^i − 1).
  const u = fpVec(k * N);
  for (let i = 0; i < nu; i++) {
    const ui = fpSlice(u, i * N, (i + 1) * N);
    K.neg(ui, fpSlice(lt, i * N, (i + 1) * N));
    K.addScalar(ui, ui, 1n);
  }
  const pos = differences(u, k, N);
  const neg = signed ? differences(fpSlice(lt, nu * N, (nu + k) * N), k, N) : null;
  return { k, count: N, pos, neg };
}

/** e_i = x_i − x_{i+1} (x_k = 0), position-major. */
function differences(x: FpVec, k: number, N: number): FpVec {
  const K = kernels();
  const e = fpVec(k * N);
  for (let i = 0; i < k; i++) {
    const ei = fpSlice(e, i * N, (i + 1) * N);
    if (i + 1 < k) K.sub(ei, fpSlice(x, i * N, (i + 1) * N), fpSlice(x, (i + 1) * N, (i + 2) * N));
    else ei.words.set(fpSlice(x, i * N, (i + 1) * N).words);
  }
  return e;
}

/**
 * Σ_i coef(i)·e_i (+ Σ_i negCoef(i)·e'_i for the negative part): any public function of the
 * position and sign, evaluated locally. Coefficients are field elements in [0, p).
 */
export function linearOfPosition(
  h: MsbOneHot,
  coef: (i: number) => bigint,
  negCoef?: (i: number) => bigint,
): FpVec {
  const K = kernels();
  const N = h.count;
  const out = fpVec(N);
  for (let i = 0; i < h.k; i++) {
    K.axpy(out, coef(i), fpSlice(h.pos, i * N, (i + 1) * N));
    if (h.neg !== null && negCoef !== undefined) {
      K.axpy(out, negCoef(i), fpSlice(h.neg, i * N, (i + 1) * N));
    }
  }
  return out;
}

/**
 * The scaling factor v = sign(b)·2^(k-1-m) for m = the position of the most significant bit of
 * |b| (0 for b = 0), so that b·v ∈ [2^(k-1), 2^k) for b ≠ 0. Local.
 */
export function scaleOf(h: MsbOneHot): FpVec {
  const k = h.k;
  return linearOfPosition(
    h,
    (i) => 1n << BigInt(k - 1 - i),
    (i) => P127 - (1n << BigInt(k - 1 - i)),
  );
}

/** [b ≠ 0]: the sum of the one-hot entries. Local. */
export function nonZeroOf(h: MsbOneHot): FpVec {
  return linearOfPosition(
    h,
    () => 1n,
    () => 1n,
  );
}
