/**
 * Comparisons of shared signed integers; results are shared bits (0 or 1 in Fp).
 *
 * Inputs: signed k-bit a, −2^(k−1) ≤ a < 2^(k−1), encoded a mod p. The two-operand forms take
 * signed k-bit a and b and work on a − b, which needs k + 1 bits: they call the one-operand form
 * with k + 1, so k + 1 must satisfy the mask bound (k ≤ 84 for t ≤ 2, k ≤ 83 for t = 3).
 *
 * - {@link ltz} [CdH10] §4 (LTZ): [a < 0] = −⌊a/2^(k−1)⌋ = (a mod 2^(k−1) − a)·2^−(k−1), with
 *   the exact {@link mod2m}. With m = k − 1 and D = ⌈m/2⌉ 2-bit digits, rounds (t = 1): 3 of
 *   randomness + 1 open + ⌈log2 D⌉ (BitLT); multiplications per element: m + ⌊m/2⌋
 *   (data-independent) + 2(D − 1) − ⌈log2 D⌉ (online). For 64-bit lt (k = 65): 9 rounds, 6 of them
 *   online, 96 + 57 multiplications.
 * - {@link eqz}: [a = 0] by masking and opening, as EQZ of [CdH10] §4 / [NO07], with two
 *   savings. (1) Hamming distance by dot product: with b = a + 2^(k−1), c = b + 2^k·r'' + r' and
 *   r_i = α_i ⊕ β_i (α from one group of contributors, β from the other), a = 0 iff the bits of
 *   c' ⊕ 2^(k−1) equal the r_i, iff H = Σ_i (c_i ⊕ α_i ⊕ β_i) = 0. With u_i = c_i ⊕ α_i (linear in
 *   α_i, c public), H = Σu_i + Σβ_i − 2·Σ u_i·β_i: ONE reshare per element, not k. (2) H ≤ k is
 *   small: [H = 0] is the same test on a w-bit value, w = bitlen(k) (7 for k = 64), finished by a
 *   product tree Π_i (1 − (c_i ⊕ r_i)) (w − 1 multiplications, ⌈log2 w⌉ rounds). The Hamming step
 *   is used while w > 8, where it saves multiplications for at most one extra round.
 *   Cost for k = 64, t = 1: 8 rounds (2 of them data-independent), 15 multiplications per element
 *   (8 of them data-independent), versus 2k − 1 = 127 for bitwise XOR and a product tree.
 * - {@link lt}, {@link le}, {@link gt}, {@link ge}, {@link eq}, {@link ne}: on a − b or b − a.
 * - For t = 1 without preprocessed masks, {@link ltz} and {@link eqz} (so all of the above) take
 *   the binary-domain path of `./compare-t1.ts` instead: same rounds, one Fp multiplication per
 *   element. The costs above are those of the general path (any t, or preprocessed masks).
 *
 * Bounds: checkMaskBound(k) (k + κ + 1 < b for t = 1, κ = 40, b = 127 or 255 the bit length of the field). Security: semi-honest, t < n/2;
 * every opened value is c = x + 2^w·r'' + r' for a fresh mask, statistically hiding x (distance
 * < 2^−κ per opening); everything else is multiplications [GRR98].
 *
 * References: [CdH10] Catrina, de Hoogh, SCN 2010, §4 (LTZ, EQZ); [NO07] Nishide, Ohta, PKC 2007
 * (equality from masked bits); [CS10] Catrina, Saxena, FC 2010, §3 (statistical masks).
 *
 * @module
 */
import { fieldOfVecOr127 } from '../field/prime-field.js';
import { type FpVec, fpSlice, fpVec } from '../field/vec.js';
import type { Runtime } from '../runtime/runtime.js';
import { oneMinus, selectByBit } from './bitlt.js';
import { eqzT1, ltzT1 } from './compare-t1.js';
import { highBitsFor, invPow2, openMasked } from './masked-open.js';
import { type MaskOptions, type MaskRequest, checkMaskBound, masksFor } from './random.js';
import { mod2m, mod2mRequests } from './trunc.js';

/** The mask requests of {@link ltz} on `count` elements (for preprocessing). */
export function ltzRequests(count: number, k: number): MaskRequest[] {
  return mod2mRequests(count, k, k - 1);
}

/** The mask requests of {@link lt}, {@link le}, {@link gt}, {@link ge} on k-bit inputs. */
export function ltRequests(count: number, k: number): MaskRequest[] {
  return ltzRequests(count, k + 1);
}

/**
 * Shares of [a < 0] per element for signed k-bit a [CdH10] LTZ. k ≥ 1.
 * Rounds (t = 1): 4 + ⌈log2 ⌈(k−1)/2⌉⌉ (3 of them data-independent); ≈ 2.4(k−1) multiplications.
 * @throws {RangeError} if k is too large for the masks (k + κ + 1 < b for t = 1, b the bit length of the field).
 * @example
 * ```ts
 * const neg = await ltz(rt, x, 64); // 1 where x < 0, else 0
 * ```
 */
export async function ltz(
  rt: Runtime,
  a: FpVec,
  k: number,
  options: MaskOptions = {},
): Promise<FpVec> {
  checkMaskBound('ltz', k, rt.t, rt.field);
  const K = rt.field.kernels;
  const out = fpVec(rt.field, a.length);
  if (k === 1) {
    K.neg(out, a); // a ∈ {−1, 0}
    return out;
  }
  // t = 1 without preprocessed masks: the binary-domain fast path (./compare-t1.ts).
  // Not in malicious mode: its dealer P_n and XOR-shared messages are not verified.
  if (rt.t === 1 && options.masks === undefined && rt.security === 'semi-honest')
    return ltzT1(rt, a, k);
  const low = await mod2m(rt, a, k, k - 1, options);
  K.sub(out, low, a);
  K.mulScalar(out, out, invPow2(rt.field, k - 1));
  return out;
}

/** a − b after checking that the (k+1)-bit difference fits the masks (the error names k). */
function diff(fn: string, rt: Runtime, a: FpVec, b: FpVec, k: number): FpVec {
  try {
    checkMaskBound(fn, k + 1, rt.t, rt.field);
  } catch {
    throw new RangeError(
      `${fn}: bit length k = ${k} too large: a − b has k + 1 bits, and masks need ` +
        `k + 1 + κ + log2(t+1) < ${rt.field.bits} (field ${rt.field.name}, t = ${rt.t})`,
    );
  }
  if (a.length !== b.length) {
    throw new RangeError(`${fn}: expected equal lengths, got ${a.length} and ${b.length}`);
  }
  const d = fpVec(rt.field, a.length);
  rt.field.kernels.sub(d, a, b);
  return d;
}

function not(x: FpVec): FpVec {
  oneMinus(x, x);
  return x;
}

/**
 * Shares of [a < b] for signed k-bit a, b: {@link ltz} of the (k+1)-bit a − b.
 * @example
 * ```ts
 * const c = await lt(rt, x, y, 64);
 * ```
 */
export async function lt(
  rt: Runtime,
  a: FpVec,
  b: FpVec,
  k: number,
  options: MaskOptions = {},
): Promise<FpVec> {
  return ltz(rt, diff('lt', rt, a, b, k), k + 1, options);
}

/** Shares of [a > b] = [b < a] for signed k-bit a, b. Same cost as {@link lt}. */
export async function gt(
  rt: Runtime,
  a: FpVec,
  b: FpVec,
  k: number,
  options: MaskOptions = {},
): Promise<FpVec> {
  return ltz(rt, diff('gt', rt, b, a, k), k + 1, options);
}

/** Shares of [a ≤ b] = 1 − [b < a] for signed k-bit a, b. Same cost as {@link lt}. */
export async function le(
  rt: Runtime,
  a: FpVec,
  b: FpVec,
  k: number,
  options: MaskOptions = {},
): Promise<FpVec> {
  return not(await ltz(rt, diff('le', rt, b, a, k), k + 1, options));
}

/** Shares of [a ≥ b] = 1 − [a < b] for signed k-bit a, b. Same cost as {@link lt}. */
export async function ge(
  rt: Runtime,
  a: FpVec,
  b: FpVec,
  k: number,
  options: MaskOptions = {},
): Promise<FpVec> {
  return not(await ltz(rt, diff('ge', rt, a, b, k), k + 1, options));
}

/** Bits needed for the values 0..w. */
function bitlen(w: number): number {
  return 32 - Math.clz32(w);
}

/** The levels of {@link eqz}: widths w_0 = k, w_{j+1} = bitlen(w_j); Hamming steps while w > 8. */
function eqzPlan(k: number): { w: number; hd: boolean }[] {
  const plan: { w: number; hd: boolean }[] = [];
  let w = k;
  while (w > 8) {
    plan.push({ w, hd: true });
    w = bitlen(w);
  }
  plan.push({ w, hd: false });
  return plan;
}

/** The mask requests of {@link eqz} on `count` elements (for preprocessing). */
export function eqzRequests(count: number, k: number): MaskRequest[] {
  return eqzPlan(k).map(({ w, hd }) => ({
    count,
    bits: w,
    highBits: highBitsFor(w, w),
    form: hd ? 'split' : 'bits',
  }));
}

/** The mask requests of {@link eq} and {@link ne} on k-bit inputs. */
export function eqRequests(count: number, k: number): MaskRequest[] {
  return eqzRequests(count, k + 1);
}

/** Π_i v_i of `w` bit-major vectors of N elements, by a balanced tree (⌈log2 w⌉ rounds). */
async function productTree(
  rt: Runtime,
  v: FpVec,
  w: number,
  N: number,
  label: string,
): Promise<FpVec> {
  let cur = v;
  let L = w;
  while (L > 1) {
    const pairs = L >> 1;
    const prod = await rt.mul(
      // even-indexed and odd-indexed nodes: pairs (2j, 2j+1) become node j
      gather(cur, N, pairs, 0),
      gather(cur, N, pairs, 1),
      label,
    );
    const next = (L + 1) >> 1;
    const out = fpVec(rt.field, next * N);
    out.words.set(prod.words, 0);
    if (L & 1) out.words.set(fpSlice(cur, (L - 1) * N, L * N).words, rt.field.words * (pairs * N));
    cur = out;
    L = next;
  }
  return fpSlice(cur, 0, N);
}

/** Nodes 2j + parity (j < pairs) of a bit-major vector, concatenated. */
function gather(v: FpVec, N: number, pairs: number, parity: number): FpVec {
  const field = fieldOfVecOr127(v);
  const W = field.words;
  const out = fpVec(field, pairs * N);
  for (let j = 0; j < pairs; j++) {
    const node = 2 * j + parity;
    out.words.set(v.words.subarray(W * node * N, W * (node + 1) * N), W * j * N);
  }
  return out;
}

/**
 * Shares of [a = 0] per element for signed k-bit a (see the module doc for the method). k ≥ 1.
 * Rounds for t = 1: 2 (data-independent) + 2 per Hamming level + 1 + ⌈log2 w⌉, e.g. 8 for k = 64.
 * @throws {RangeError} if k is too large for the masks (k + κ + 1 < b for t = 1, b the bit length of the field).
 * @example
 * ```ts
 * const isZero = await eqz(rt, x, 64);
 * ```
 */
export async function eqz(
  rt: Runtime,
  a: FpVec,
  k: number,
  options: MaskOptions = {},
): Promise<FpVec> {
  checkMaskBound('eqz', k, rt.t, rt.field);
  // t = 1 without preprocessed masks: the binary-domain fast path (./compare-t1.ts).
  if (rt.t === 1 && options.masks === undefined && rt.security === 'semi-honest')
    return eqzT1(rt, a, k);
  const N = a.length;
  const plan = eqzPlan(k);
  const masks = await masksFor(rt, 'eqz', eqzRequests(N, k), options);
  const K = rt.field.kernels;
  let x = a;
  let shift = 1n << BigInt(k - 1);
  for (let j = 0; j < plan.length; j++) {
    const { w, hd } = plan[j]!;
    const mask = masks[j]!;
    const c = await openMasked(rt, x, shift, w, mask, 'eqz');
    const cBits = new Uint8Array(N * w);
    K.lowBits(cBits, c, w);
    if (j === 0) for (let e = 0; e < N; e++) cBits[e * w + w - 1]! ^= 1;
    shift = 0n;
    if (hd) {
      // u_i = c_i ⊕ α_i; H = Σu_i + Σβ_i − 2·Σ u_i β_i (one reshare).
      const alpha = mask.a!;
      const beta = mask.b;
      const notAlpha = fpVec(rt.field, N);
      const sumU = fpVec(rt.field, N);
      const terms: [FpVec, FpVec][] = [];
      for (let i = 0; i < w; i++) {
        const u = fpVec(rt.field, N);
        const ai = fpSlice(alpha, i * N, (i + 1) * N);
        oneMinus(notAlpha, ai);
        selectByBit(u, cBits, w, i, ai, notAlpha);
        K.add(sumU, sumU, u);
        if (beta !== null) {
          const bi = fpSlice(beta, i * N, (i + 1) * N);
          K.add(sumU, sumU, bi);
          terms.push([u, bi]);
        }
      }
      if (beta !== null) {
        const d = await rt.mulSum(terms, 'eqz');
        K.axpy(sumU, rt.field.p - 2n, d);
      }
      x = sumU;
    } else {
      // 1 − (c_i ⊕ r_i) = c_i ? r_i : 1 − r_i, then the product over i.
      const r = mask.r!;
      const e = fpVec(rt.field, w * N);
      const notR = fpVec(rt.field, N);
      for (let i = 0; i < w; i++) {
        const ri = fpSlice(r, i * N, (i + 1) * N);
        oneMinus(notR, ri);
        selectByBit(fpSlice(e, i * N, (i + 1) * N), cBits, w, i, notR, ri);
      }
      return productTree(rt, e, w, N, 'eqz');
    }
  }
  throw new Error('eqz: unreachable');
}

/**
 * Shares of [a = b] for signed k-bit a, b: {@link eqz} of the (k+1)-bit a − b.
 * @example
 * ```ts
 * const same = await eq(rt, x, y, 64);
 * ```
 */
export async function eq(
  rt: Runtime,
  a: FpVec,
  b: FpVec,
  k: number,
  options: MaskOptions = {},
): Promise<FpVec> {
  return eqz(rt, diff('eq', rt, a, b, k), k + 1, options);
}

/** Shares of [a ≠ b] = 1 − [a = b] for signed k-bit a, b. Same cost as {@link eq}. */
export async function ne(
  rt: Runtime,
  a: FpVec,
  b: FpVec,
  k: number,
  options: MaskOptions = {},
): Promise<FpVec> {
  return not(await eqz(rt, diff('ne', rt, a, b, k), k + 1, options));
}
