/**
 * BitLT [CdH10] §3.2: [c < r] for a public m-bit c and a secret r given by its shared bits,
 * vectorized over many elements.
 *
 * Method: the carry-out of a comparison as a binary tree of (g, p) pairs ("generate" = r is
 * larger on this block, "propagate" = equal on this block). With c public, the leaves are linear
 * in r_i: g_i = (1 − c_i)·r_i = [r_i > c_i] and p_i = [r_i = c_i] = c_i ? r_i : 1 − r_i, chosen per
 * element by copying words (no multiplication, no bigint). Two blocks combine as
 * (g, p) = (g_hi + p_hi·g_lo, p_hi·p_lo); the result is g of the root. Only the needed outputs
 * are computed: no block that contains bit 0 needs its p, so each level costs one multiplication
 * per pair for g plus one for every pair but the lowest for p.
 *
 * Cost per element: ⌈log2 m⌉ rounds, at most 2(m − 1) − ⌈log2 m⌉ multiplications, all of one
 * level batched into one {@link Runtime.mul}.
 *
 * Security: semi-honest, t < n/2; only multiplications (perfectly private [GRR98]) and no
 * opening, so nothing is revealed.
 *
 * References: [CdH10] Catrina, de Hoogh, SCN 2010, §3.2 (BitLT via carry-out); the (g, p)
 * carry operator is the classical one of carry-lookahead adders.
 *
 * @module
 */
import { MpcProtocolError } from '../errors.js';
import { fieldOfVecOr127 } from '../field/prime-field.js';
import { type FpVec, fpSlice, fpVec } from '../field/vec.js';
import type { Runtime } from '../runtime/runtime.js';

function u32(v: FpVec): Uint32Array {
  return new Uint32Array(v.words.buffer, v.words.byteOffset, v.words.length * 2);
}

/** Word-copy selection for fields wider than p127: out_e = pick(e)_e (null: zero). */
function wideSelect(out: FpVec, pick: (e: number) => FpVec | null): void {
  const W = out.words.length / out.length;
  for (let e = 0; e < out.length; e++) {
    const v = pick(e);
    if (v === null) out.words.fill(0n, W * e, W * (e + 1));
    else out.words.set(v.words.subarray(W * e, W * (e + 1)), W * e);
  }
}

/**
 * Per-element selection by a public bit, by copying words: out_e = bits[e·stride + offset] ?
 * ifOne_e : ifZero_e. `ifZero` or `ifOne` may be null for the zero vector. `out` must not alias
 * the inputs unless it is the selected-from vector at every element. No bigint, no allocation per
 * element. Public bits only: the branch is on public data.
 */
export function selectByBit(
  out: FpVec,
  bits: Uint8Array,
  stride: number,
  offset: number,
  ifZero: FpVec | null,
  ifOne: FpVec | null,
): void {
  const o = u32(out);
  const z = ifZero === null ? null : u32(ifZero);
  const w = ifOne === null ? null : u32(ifOne);
  if (o.length !== 4 * out.length) {
    wideSelect(out, (e) => (bits[offset + e * stride] === 1 ? ifOne : ifZero));
    return;
  }
  for (let e = 0, q = offset; e < out.length; e++, q += stride) {
    const src = bits[q] === 1 ? w : z;
    const j = 4 * e;
    if (src === null) {
      o[j] = 0;
      o[j + 1] = 0;
      o[j + 2] = 0;
      o[j + 3] = 0;
    } else {
      o[j] = src[j]!;
      o[j + 1] = src[j + 1]!;
      o[j + 2] = src[j + 2]!;
      o[j + 3] = src[j + 3]!;
    }
  }
}

/**
 * Per-element 4-way selection by two public bits: out_e = vs[b0 + 2·b1] with b0 = bits[e·stride +
 * lo], b1 = bits[e·stride + lo + 1]; a null entry selects zero. Word copies only, like
 * {@link selectByBit}.
 */
export function selectBy2Bits(
  out: FpVec,
  bits: Uint8Array,
  stride: number,
  lo: number,
  vs: readonly [FpVec | null, FpVec | null, FpVec | null, FpVec | null],
): void {
  const o = u32(out);
  const src = vs.map((v) => (v === null ? null : u32(v)));
  if (o.length !== 4 * out.length) {
    wideSelect(out, (e) => vs[bits[lo + e * stride]! | (bits[lo + e * stride + 1]! << 1)]!);
    return;
  }
  for (let e = 0, q = lo; e < out.length; e++, q += stride) {
    const w = src[bits[q]! | (bits[q + 1]! << 1)]!;
    const j = 4 * e;
    if (w === null) {
      o[j] = 0;
      o[j + 1] = 0;
      o[j + 2] = 0;
      o[j + 3] = 0;
    } else {
      o[j] = w[j]!;
      o[j + 1] = w[j + 1]!;
      o[j + 2] = w[j + 2]!;
      o[j + 3] = w[j + 3]!;
    }
  }
}

/** out = 1 − x (for shared bits: their negation). */
export function oneMinus(out: FpVec, x: FpVec): void {
  const K = fieldOfVecOr127(out).kernels;
  K.neg(out, x);
  K.addScalar(out, out, 1n);
}

/** out = x + y − 2·xy given the product xy (shared bits: x ⊕ y). May alias `xy`. */
export function xorWithProduct(out: FpVec, x: FpVec, y: FpVec, xy: FpVec): void {
  const field = fieldOfVecOr127(out);
  const K = field.kernels;
  K.mulScalar(out, xy, field.p - 2n);
  K.add(out, out, x);
  K.add(out, out, y);
}

/**
 * Combines a list of (g, p) nodes (bit-major vectors of `nodes`·N elements; `p` may omit node 0)
 * pairwise up to the root and returns g of the root. Node j holds bits below node j + 1.
 * ⌈log2 nodes⌉ rounds.
 */
export async function carryTree(
  rt: Runtime,
  g: FpVec,
  p: FpVec,
  nodes: number,
  N: number,
  label: string,
): Promise<FpVec> {
  const K = rt.field.kernels;
  let L = nodes;
  let G = g;
  let P = p; // P holds node j at offset j (node 0's slot is unused).
  const at = (v: FpVec, j: number): FpVec => fpSlice(v, j * N, (j + 1) * N);
  while (L > 1) {
    const pairs = L >> 1;
    const nMul = pairs + (pairs - 1);
    const left = fpVec(rt.field, nMul * N);
    const right = fpVec(rt.field, nMul * N);
    for (let j = 0; j < pairs; j++) {
      left.words.set(at(P, 2 * j + 1).words, rt.field.words * (j * N));
      right.words.set(at(G, 2 * j).words, rt.field.words * (j * N));
      if (j > 0) {
        left.words.set(at(P, 2 * j + 1).words, rt.field.words * ((pairs + j - 1) * N));
        right.words.set(at(P, 2 * j).words, rt.field.words * ((pairs + j - 1) * N));
      }
    }
    const prod = await rt.mul(left, right, label);
    const next = (L + 1) >> 1;
    const G2 = fpVec(rt.field, next * N);
    const P2 = fpVec(rt.field, next * N);
    for (let j = 0; j < pairs; j++) {
      K.add(at(G2, j), at(G, 2 * j + 1), at(prod, j));
      if (j > 0) P2.words.set(at(prod, pairs + j - 1).words, rt.field.words * (j * N));
    }
    if (L & 1) {
      G2.words.set(at(G, L - 1).words, rt.field.words * (pairs * N));
      P2.words.set(at(P, L - 1).words, rt.field.words * (pairs * N));
    }
    G = G2;
    P = P2;
    L = next;
  }
  return fpSlice(G, 0, N);
}

/**
 * Shares of [c < r] per element, for public m-bit c and secret r = Σ 2^i r_i.
 *
 * Layouts: `cBits` is element-major, cBits[e·m + i] = bit i of c_e (as `rt.field.kernels.lowBits`
 * writes it); `rBits` is bit-major, rBits[i·N + e] = share of bit i of r_e (as
 * {@link randomMasks} returns it). N = rBits.length / m. Requires m ≥ 1 and r_i ∈ {0, 1}.
 *
 * With `pairs` (π_j = r_{2j}·r_{2j+1}, bit-major, from a mask of form 'pairs') the leaves are
 * 2-bit digits δ = r_{2j} + 2·r_{2j+1}, whose one-hot encoding (1 − r_{2j} − r_{2j+1} + π_j,
 * r_{2j} − π_j, r_{2j+1} − π_j, π_j) is linear: [δ > c_j] and [δ = c_j] are selected per element
 * without multiplication, which removes the tree's widest level (m − 1 multiplications and a
 * round) for ⌊m/2⌋ data-independent multiplications.
 *
 * Cost: ⌈log2 m⌉ rounds and ≤ 2(m − 1) − ⌈log2 m⌉ multiplications per element; with `pairs`,
 * ⌈log2 ⌈m/2⌉⌉ rounds and ≤ 2(⌈m/2⌉ − 1) − ⌈log2 ⌈m/2⌉⌉ multiplications.
 * @throws {MpcProtocolError} on inconsistent lengths.
 * @example
 * ```ts
 * const u = await bitLT(rt, cBits, mask.r!, 63, 'bitLT', mask.pairs); // [c_e < r_e] for every e
 * ```
 */
export async function bitLT(
  rt: Runtime,
  cBits: Uint8Array,
  rBits: FpVec,
  m: number,
  label = 'bitLT',
  pairs: FpVec | null = null,
): Promise<FpVec> {
  if (!Number.isInteger(m) || m < 1) throw new RangeError('bitLT: expected m >= 1, got ' + m);
  const N = rBits.length / m;
  if (
    !Number.isInteger(N) ||
    cBits.length !== N * m ||
    (pairs !== null && pairs.length !== (m >> 1) * N)
  ) {
    throw new MpcProtocolError(
      `bitLT: expected ${m} bits per element, got ${cBits.length} public and ${rBits.length} shared bits.`,
    );
  }
  const K = rt.field.kernels;
  const at = (v: FpVec, j: number): FpVec => fpSlice(v, j * N, (j + 1) * N);
  const digits = pairs === null ? 0 : m >> 1;
  const nodes = pairs === null ? m : Math.ceil(m / 2);
  const g = fpVec(rt.field, nodes * N);
  const p = fpVec(rt.field, nodes * N);
  if (digits > 0) {
    const t1 = fpVec(rt.field, N);
    const t2 = fpVec(rt.field, N);
    const s = fpVec(rt.field, N);
    const ns = fpVec(rt.field, N);
    for (let j = 0; j < digits; j++) {
      const d0 = at(rBits, 2 * j);
      const d1 = at(rBits, 2 * j + 1);
      const pi = at(pairs!, j);
      K.sub(t1, d0, pi); // [δ = 1]
      K.sub(t2, d1, pi); // [δ = 2]
      K.add(s, t1, d1); // [δ > 0]
      selectBy2Bits(at(g, j), cBits, m, 2 * j, [s, d1, pi, null]);
      if (j > 0) {
        oneMinus(ns, s); // [δ = 0]
        selectBy2Bits(at(p, j), cBits, m, 2 * j, [ns, t1, t2, pi]);
      }
    }
  }
  const notR = fpVec(rt.field, N);
  for (let i = 2 * digits; i < m; i++) {
    const node = digits + (i - 2 * digits);
    const r = at(rBits, i);
    selectByBit(at(g, node), cBits, m, i, r, null);
    if (node > 0) {
      oneMinus(notR, r);
      selectByBit(at(p, node), cBits, m, i, notR, r);
    }
  }
  return carryTree(rt, g, p, nodes, N, label);
}
