/**
 * Shared randomness for the integer "bits" layer: uniform shared bits, statistical masks, and
 * masks with known bits, all generated with {@link Runtime.contribute} (the t + 1 first members
 * each deal fresh values; at least one of them is honest).
 *
 * Notation (as in [CdH10] §2, [CS10] §3): a mask for an m-bit window is r = 2^m·r'' + r' with
 * r' = Σ_{i<m} 2^i·r_i for uniform shared bits r_i, and r'' a bounded statistical mask. κ = 40 is
 * the statistical security parameter.
 *
 * - A shared random bit is the XOR of one contributed bit per contributor, x ⊕ y = x + y − 2xy,
 *   reduced in a balanced tree: ⌈log2(t+1)⌉ multiplication rounds, t multiplications per bit.
 *   Uniform and unknown to any t members because one contributor is honest.
 * - A bounded mask r'' is the plain sum of the t + 1 contributions of `w` bits each (no
 *   multiplication): the honest one is uniform on [0, 2^w), so r'' hides any value below 2^(w−κ)
 *   with statistical distance < 2^−κ; r'' < (t+1)·2^w.
 * - {@link randomMasks} serves many requests with ONE contribute round: contributors are split
 *   in two groups A and B, each group's bits are XORed bitwise (⌈log2(t+1)⌉ − 1 rounds, none for
 *   t = 1), and the last XOR level r_i = a_i ⊕ b_i is one more round. In that round a request
 *   either gets its bits (form 'bits': m multiplications per element; form 'pairs' adds one more
 *   round with the products r_{2j}·r_{2j+1}, ⌊m/2⌋ multiplications, for 2-bit-digit BitLT) or only
 *   the value
 *   r' = Σ2^i a_i + Σ2^i b_i − 2·Σ2^i a_i b_i (forms 'value' and 'split': one dot product, that is
 *   ONE reshare per element whatever m). Form 'split' also keeps a_i and b_i so that a caller
 *   can compute Hamming distances Σ_i (c_i ⊕ r_i) with one dot product (see `eqz`).
 *
 * Everything here is data-independent: call {@link randomMasks} before inputs arrive and pass its
 * result to the protocols (preprocessing), or let each protocol generate what it needs.
 *
 * Security: semi-honest, t < n/2; contributions are independent and one contributor is honest.
 * No value of this module is ever logged or put in an error.
 *
 * References: [CdH10] Catrina, de Hoogh, SCN 2010, §2–3 (masks, random bits); [CS10] Catrina,
 * Saxena, FC 2010, §3 (statistical masking, RandInt/RandBit).
 *
 * @module
 */
import { type PrimeField, fieldOfVecOr127 } from '../field/prime-field.js';
import { MpcProtocolError } from '../errors.js';
import { type FpVec, fpConcat, fpSlice, fpVec } from '../field/vec.js';
import type { MulTerm, Runtime } from '../runtime/runtime.js';

/** Statistical security parameter κ (bits) of every mask in this layer. */
export const KAPPA = 40;

/**
 * Checks that a k-bit value masked with t + 1 contributions of (k + κ)-bit statistical masks never
 * wraps modulo p: 2^k + (t+1)·2^(k+κ) < p. For t = 1 this is k + κ + 1 < 127 in p127 (k ≤ 85),
 * and k + κ + 1 < 255 in p255 (k ≤ 213).
 * @throws {RangeError} naming `fn`, `k` and the field.
 */
export function checkMaskBound(fn: string, k: number, t: number, field: PrimeField): void {
  if (!Number.isSafeInteger(k) || k < 1) {
    throw new RangeError(`${fn}: expected integer bit length k >= 1, got k = ${k}`);
  }
  const kk = BigInt(k);
  if ((1n << kk) + BigInt(t + 1) * (1n << (kk + BigInt(KAPPA))) >= field.p) {
    throw new RangeError(
      `${fn}: bit length k = ${k} too large for field ${field.name}: masks need k + κ + log2(t+1) < ${field.bits} (κ = ${KAPPA}, t = ${t})`,
    );
  }
}

/**
 * What one mask request needs, per element: `bits` random bits r_0..r_{m−1} (m = `bits`) and a
 * bounded r'' from contributions of `highBits` bits each (0: no r'').
 */
export interface MaskRequest {
  readonly count: number;
  readonly bits: number;
  readonly highBits: number;
  /**
   * 'bits': the r_i; 'pairs': the r_i and the products r_{2j}·r_{2j+1} (one more round);
   * 'value': only r'; 'split': r' and the halves a_i, b_i with r_i = a_i ⊕ b_i.
   */
  readonly form: 'bits' | 'pairs' | 'value' | 'split';
}

/**
 * One mask: shares of r' = Σ 2^i r_i and r'' per element. Bit vectors are bit-major: bit i of
 * element e is at index i·count + e.
 */
export interface Mask {
  readonly count: number;
  readonly bits: number;
  readonly highBits: number;
  readonly form: MaskRequest['form'];
  /** r' = Σ_{i<m} 2^i r_i, uniform in [0, 2^m). */
  readonly low: FpVec;
  /** r'' (zeros when highBits = 0). */
  readonly high: FpVec;
  /** The bits r_i (forms 'bits' and 'pairs'), else null. */
  readonly r: FpVec | null;
  /** Form 'pairs': π_j = r_{2j}·r_{2j+1} for j < ⌊m/2⌋, bit-major (π_j of element e at j·count + e). */
  readonly pairs: FpVec | null;
  /** Form 'split': shared bits a_i and b_i with r_i = a_i ⊕ b_i (b is null when t = 0). */
  readonly a: FpVec | null;
  readonly b: FpVec | null;
}

function checkRequest(r: MaskRequest, field: PrimeField): void {
  const max = field.bits - 1;
  if (!Number.isSafeInteger(r.count) || r.count < 0) {
    throw new RangeError('randomMasks: expected non-negative integer count, got ' + r.count);
  }
  if (!Number.isInteger(r.bits) || r.bits < 0 || r.bits > max) {
    throw new RangeError(
      `randomMasks: expected 0 <= bits <= ${max} in ${field.name}, got ${r.bits}`,
    );
  }
  if (!Number.isInteger(r.highBits) || r.highBits < 0 || r.highBits > max) {
    throw new RangeError(
      `randomMasks: expected 0 <= highBits <= ${max} in ${field.name}, got ${r.highBits}`,
    );
  }
}

/**
 * Checks that `mask` was made for `want` (protocols call this on preprocessed masks).
 * @throws {MpcProtocolError} on a mismatch (shapes only; no values).
 */
export function checkMask(fn: string, mask: Mask | undefined, want: MaskRequest): Mask {
  if (
    mask === undefined ||
    mask.count !== want.count ||
    mask.bits !== want.bits ||
    mask.highBits !== want.highBits ||
    mask.form !== want.form
  ) {
    throw new MpcProtocolError(
      `${fn}: preprocessed mask does not fit: expected ${want.count} elements, ${want.bits} bits, ` +
        `${want.highBits} high bits, form ${want.form}.`,
    );
  }
  return mask;
}

function hasBits(r: MaskRequest): boolean {
  return r.form === 'bits' || r.form === 'pairs';
}

/** Local products a request needs in the last XOR level (per element: m for 'bits', else 1). */
function productsOf(r: MaskRequest): number {
  if (r.bits === 0) return 0;
  return hasBits(r) ? r.count * r.bits : r.count;
}

/** Options of the integer protocols: preprocessed masks (from {@link randomMasks}). */
export interface MaskOptions {
  /** Masks made for exactly this call's requests (see the `*Requests` functions), in order. */
  readonly masks?: readonly Mask[];
}

/**
 * The masks for `requests`: the preprocessed `options.masks` (checked against the requests) or
 * freshly generated ones (one {@link randomMasks} call).
 */
export async function masksFor(
  rt: Runtime,
  fn: string,
  requests: readonly MaskRequest[],
  options: MaskOptions,
): Promise<Mask[]> {
  if (options.masks === undefined) return randomMasks(rt, requests, fn);
  if (options.masks.length !== requests.length) {
    throw new MpcProtocolError(
      `${fn}: expected ${requests.length} preprocessed masks, got ${options.masks.length}.`,
    );
  }
  return requests.map((r, i) => checkMask(fn, options.masks![i], r));
}

/** The term x ⊙ (1 − x) over every element of `vs`, to be asserted zero (they are bits). */
function bitCheckTerm(rt: Runtime, vs: readonly FpVec[]): [FpVec, FpVec] | null {
  const x = fpConcat(vs.filter((v) => v.length > 0));
  if (x.length === 0) return null;
  const notX = fpVec(rt.field, x.length);
  rt.field.kernels.neg(notX, x);
  rt.field.kernels.addScalar(notX, notX, 1n);
  return [x, notX];
}

/** out = a ⊕ b for shared bits given their product ab: a + b − 2ab (in place into `ab`). */
function xorFromProduct(ab: FpVec, a: FpVec, b: FpVec): void {
  const field = fieldOfVecOr127(ab);
  const K = field.kernels;
  K.mulScalar(ab, ab, field.p - 2n);
  K.add(ab, ab, a);
  K.add(ab, ab, b);
}

/**
 * XORs each group's vectors (all of one length per group) in balanced trees, all groups' levels
 * batched into one multiplication round per level. Returns one vector per group (a group of one
 * vector returns it as is; an empty group returns null).
 */
async function xorGroups(rt: Runtime, groups: FpVec[][], label: string): Promise<(FpVec | null)[]> {
  let cur = groups.map((g) => [...g]);
  while (cur.some((g) => g.length > 1)) {
    let total = 0;
    for (const g of cur) for (let j = 0; j + 1 < g.length; j += 2) total += g[j]!.length;
    const left = fpVec(rt.field, total);
    const right = fpVec(rt.field, total);
    let o = 0;
    for (const g of cur) {
      for (let j = 0; j + 1 < g.length; j += 2) {
        left.words.set(g[j]!.words, rt.field.words * o);
        right.words.set(g[j + 1]!.words, rt.field.words * o);
        o += g[j]!.length;
      }
    }
    const prod = await rt.mul(left, right, label);
    o = 0;
    cur = cur.map((g) => {
      const next: FpVec[] = [];
      for (let j = 0; j < g.length; j += 2) {
        if (j + 1 === g.length) {
          next.push(g[j]!);
          continue;
        }
        const len = g[j]!.length;
        const x = fpSlice(prod, o, o + len);
        xorFromProduct(x, g[j]!, g[j + 1]!);
        next.push(x);
        o += len;
      }
      return next;
    });
  }
  return cur.map((g) => g[0] ?? null);
}

/**
 * Generates masks for all `requests` with ONE {@link Runtime.contribute} round plus ⌈log2(t+1)⌉
 * multiplication rounds (one for t = 1; none at all for t = 0), plus one round when a request has
 * form 'pairs', every request batched in the same rounds.
 *
 * Cost per element of a request with m bits: each contributor deals m + 1 values; the XOR tree
 * takes (t − 1)·m multiplications before the last level (none for t = 1); the last level takes
 * m multiplications (form 'bits'; 'pairs' adds ⌊m/2⌋) or one reshare (forms 'value' and 'split').
 * @example
 * ```ts
 * const [m] = await randomMasks(rt, [{ count: 100, bits: 63, highBits: 41, form: 'bits' }]);
 * // m.r: 63 × 100 shared bits (bit-major), m.low = Σ 2^i r_i, m.high < 2^42
 * ```
 */
export async function randomMasks(
  rt: Runtime,
  requests: readonly MaskRequest[],
  label = 'mask',
): Promise<Mask[]> {
  for (const r of requests) checkRequest(r, rt.field);
  const K = rt.field.kernels;
  let nBits = 0;
  let nHigh = 0;
  for (const r of requests) {
    nBits += r.count * r.bits;
    if (r.highBits > 0) nHigh += r.count;
  }
  // Malicious mode: a bounded r'' is made of contributed bits that are checked, since a corrupt
  // contributor could otherwise deal a value outside [0, 2^w) and make a masked value wrap mod p.
  const checked = rt.security === 'malicious' && rt.t > 0;
  let nHighBits = 0;
  if (checked) for (const r of requests) nHighBits += r.count * r.highBits;
  // Layout of every contribution: all requests' bits (bit-major per request), then their r''
  // (one element of highBits bits each, or, checked, highBits bits each, bit-major per request).
  const widths = new Uint8Array(nBits + (checked ? nHighBits : nHigh));
  widths.fill(1, 0, nBits);
  let o = nBits;
  if (checked) widths.fill(1, nBits);
  else {
    for (const r of requests) {
      if (r.highBits > 0) {
        widths.fill(r.highBits, o, o + r.count);
        o += r.count;
      }
    }
  }
  const cs = await rt.contribute(widths, label);
  const h = Math.ceil(cs.length / 2);
  const bitParts = cs.map((c) => fpSlice(c, 0, nBits));
  // No bits requested: skip the XOR rounds (every party knows nBits, so all skip alike).
  const [groupA, groupB] =
    nBits === 0
      ? [bitParts[0]!, h < bitParts.length ? bitParts[h]! : null]
      : await xorGroups(rt, [bitParts.slice(0, h), bitParts.slice(h)], label);
  const A = groupA!;
  const B = groupB ?? null;
  const high = fpVec(rt.field, nHigh);
  if (!checked) for (const c of cs) K.add(high, high, fpSlice(c, nBits, nBits + nHigh));
  else {
    // r'' = Σ_c Σ_i 2^i·b_{c,i}, every b_{c,i} checked below to be a bit.
    for (const c of cs) {
      let ho = 0;
      let bo = nBits;
      for (const r of requests) {
        if (r.highBits === 0) continue;
        const N = r.count;
        const h = fpSlice(high, ho, ho + N);
        for (let i = 0; i < r.highBits; i++)
          K.axpy(h, 1n << BigInt(i), fpSlice(c, bo + i * N, bo + (i + 1) * N));
        ho += N;
        bo += N * r.highBits;
      }
    }
  }

  // Last XOR level: the products of every request in one multiplication round: a ⊙ b for the
  // bits, or Σ_i 2^i·a_i ⊙ b_i for a value.
  let nProd = 0;
  for (const r of requests) nProd += productsOf(r);
  const groups: MulTerm[][] = [];
  if (B !== null) {
    let bo = 0;
    for (const r of requests) {
      const N = r.count;
      const a = fpSlice(A, bo, bo + N * r.bits);
      const b = fpSlice(B, bo, bo + N * r.bits);
      if (hasBits(r)) {
        if (r.bits > 0 && N > 0) groups.push([[a, b]]);
      } else if (r.bits > 0 && N > 0) {
        const terms: MulTerm[] = [];
        for (let i = 0; i < r.bits; i++)
          terms.push([
            fpSlice(a, i * N, (i + 1) * N),
            fpSlice(b, i * N, (i + 1) * N),
            1n << BigInt(i),
          ]);
        groups.push(terms);
      }
      bo += N * r.bits;
    }
  }
  // Malicious mode, in the same multiplication: every bit that enters a mask is checked to be a
  // bit (x·(1 − x) = 0): the XOR halves A and B (then r = a ⊕ b is a uniform bit, see the module
  // doc) and the contributed bits of r''. Verified before any mask is used, since a non-bit
  // (e.g. 1/2) could cancel the honest contribution and unmask an opened value.
  // For t = 1, contribution 0 is the group's (see Runtime.contribute): every honest member of
  // the group masks the PRG output to its widths itself, so its values are bits (and in range)
  // by construction whenever its sharing is consistent, which the degree check establishes; only
  // P_n's dealt contribution (the whole of B) needs the bit check.
  const dealtOnly = rt.t === 1 ? cs.slice(1) : cs;
  const check = checked
    ? bitCheckTerm(rt, [
        ...(rt.t === 1 ? [] : [A]),
        ...(B === null ? [] : [B]),
        ...dealtOnly.map((c) => fpSlice(c, nBits, nBits + nHighBits)),
      ])
    : null;
  if (check !== null) groups.push([check]);
  const all = groups.length === 0 ? fpVec(rt.field, 0) : await rt.mulSums(groups, label);
  const reduced = fpSlice(all, 0, B === null ? 0 : nProd);
  if (check !== null) rt.assertZero(fpSlice(all, all.length - check[0].length, all.length));
  if (checked) await rt.verify();

  const out: Mask[] = [];
  let po = 0;
  let bo = 0;
  let ho = 0;
  for (const r of requests) {
    const N = r.count;
    const a = fpSlice(A, bo, bo + N * r.bits);
    const b = B === null ? null : fpSlice(B, bo, bo + N * r.bits);
    bo += N * r.bits;
    let rHigh: FpVec;
    if (r.highBits > 0) {
      rHigh = fpSlice(high, ho, ho + N);
      ho += N;
    } else rHigh = fpVec(rt.field, N);
    const low = fpVec(rt.field, N);
    if (hasBits(r)) {
      let bitsVec: FpVec;
      if (b === null) bitsVec = a;
      else {
        bitsVec = fpSlice(reduced, po, po + N * r.bits);
        po += N * r.bits;
        xorFromProduct(bitsVec, a, b);
      }
      for (let i = 0; i < r.bits; i++)
        K.axpy(low, 1n << BigInt(i), fpSlice(bitsVec, i * N, (i + 1) * N));
      out.push({ ...r, low, high: rHigh, r: bitsVec, pairs: null, a: null, b: null });
    } else {
      for (let i = 0; i < r.bits; i++) {
        K.axpy(low, 1n << BigInt(i), fpSlice(a, i * N, (i + 1) * N));
        if (b !== null) K.axpy(low, 1n << BigInt(i), fpSlice(b, i * N, (i + 1) * N));
      }
      if (b !== null && r.bits > 0) {
        K.axpy(low, rt.field.p - 2n, fpSlice(reduced, po, po + N));
        po += N;
      }
      const keep = r.form === 'split';
      out.push({
        ...r,
        low,
        high: rHigh,
        r: null,
        pairs: null,
        a: keep ? a : null,
        b: keep ? b : null,
      });
    }
  }
  return addPairs(rt, out, label);
}

/**
 * For the masks of form 'pairs': π_j = r_{2j}·r_{2j+1}, all in one multiplication round (none when
 * no mask needs them).
 */
async function addPairs(rt: Runtime, masks: Mask[], label: string): Promise<Mask[]> {
  let total = 0;
  for (const m of masks) if (m.form === 'pairs') total += (m.bits >> 1) * m.count;
  if (total === 0) return masks;
  const left = fpVec(rt.field, total);
  const right = fpVec(rt.field, total);
  let o = 0;
  for (const m of masks) {
    if (m.form !== 'pairs') continue;
    const N = m.count;
    for (let j = 0; j < m.bits >> 1; j++) {
      left.words.set(
        m.r!.words.subarray(rt.field.words * 2 * j * N, rt.field.words * (2 * j + 1) * N),
        rt.field.words * o,
      );
      right.words.set(
        m.r!.words.subarray(rt.field.words * (2 * j + 1) * N, rt.field.words * (2 * j + 2) * N),
        rt.field.words * o,
      );
      o += N;
    }
  }
  const prod = await rt.mul(left, right, label);
  o = 0;
  return masks.map((m) => {
    if (m.form !== 'pairs') return m;
    const len = (m.bits >> 1) * m.count;
    const pairs = fpSlice(prod, o, o + len);
    o += len;
    return { ...m, pairs };
  });
}

/**
 * `count` shared uniform bits [CdH10] §2: one contributed bit per contributor, XORed in a tree
 * (1 contribute round + ⌈log2(t+1)⌉ multiplication rounds, t multiplications per bit).
 * @example
 * ```ts
 * const bits = await randomBits(rt, 1000); // 1000 shares of bits in {0, 1}
 * ```
 */
export async function randomBits(
  rt: Runtime,
  count: number,
  label = 'random bits',
): Promise<FpVec> {
  const [m] = await randomMasks(rt, [{ count, bits: 1, highBits: 0, form: 'bits' }], label);
  return m!.r!;
}

/**
 * `count` shared bounded random integers: the sum of the t + 1 contributions of `bits` bits each,
 * so each result lies in [0, (t+1)·(2^bits − 1)] and hides any value below 2^(bits − κ)
 * statistically (a mask, not a uniform value). 1 contribute round, no multiplication.
 * @example
 * ```ts
 * const r = await randomBounded(rt, 10, 100); // masks for values below 2^60
 * ```
 */
export async function randomBounded(rt: Runtime, count: number, bits: number): Promise<FpVec> {
  if (!Number.isInteger(bits) || bits < 1 || bits > rt.field.bits - 1) {
    throw new RangeError(
      `randomBounded: expected 1 <= bits <= ${rt.field.bits - 1} in ${rt.field.name}, got ${bits}`,
    );
  }
  const [m] = await randomMasks(rt, [{ count, bits: 0, highBits: bits, form: 'value' }], 'random');
  return m!.high;
}
