/**
 * [a < 0] and [a = 0] for t = 1 with the bit-level work in a binary domain: the fast paths of
 * `ltz` and `eqz` (used when t = 1 and no preprocessed Fp masks are passed).
 *
 * Roles. G = {P_1..P_{n−1}} shares a group seed (the runtime's [CDI05] contribution 0); H = P_n
 * is outside it. B_1 = P_1 and B_2 = P_2 (both in G, n ≥ 3) evaluate a two-party binary circuit
 * on XOR shares, with H as the dealer of its correlated randomness. Threshold t = 1: one
 * semi-honest corruption.
 *
 * Method, for signed k-bit a, b = a + 2^(k−1) ∈ [0, 2^k):
 *
 * 1. Masks (data-independent). α uniform on [0, 2^(k+κ)) is known to G and shared for free
 *    (`groupRandom`); β uniform on [0, 2^(k+κ)) is drawn by H, which deals [β] (and for `ltz`
 *    [β_hi], β_hi = ⌊β/2^(k−1)⌋) in one dealing. H also XOR-shares between B_1 and B_2 the
 *    one-hot encodings of the d-bit digits of y = β mod 2^w (2^d bits per digit, one for each
 *    value the digit can take), and the masks of every AND gate of step 3 [Bea91]: for a gate
 *    with f inputs, masks r_1..r_f and every product Π_{i∈S} r_i, |S| ≥ 2 (for f = 2 a Beaver
 *    triple). B_1 receives a 32-byte seed that expands to all its shares; B_2 a seed for its
 *    shares of the r_i, plus its shares of the one-hot vectors and of the products in full.
 * 2. Open c = b + α + β (the masked opening of [CdH10] §2 with the t + 1 = 2 contributions
 *    α, β; c < 2^(k+κ+2) ≤ p by `checkMaskBound`, no wrap). G computes A = c − α = b + β exactly,
 *    so b = A − β with A public to G and β private to H.
 *    - `ltz` (w = m = k − 1): ⌊b/2^m⌋ = A_hi − β_hi − [A_lo < β_lo] (hi/lo: above/below bit m),
 *      and [a ≥ 0] = ⌊b/2^m⌋ because b < 2^(m+1). [A_hi] is shared by G for free (`groupShare`).
 *    - `eqz` (w = k): a = 0 iff b = 2^(k−1) iff x = (A + 2^(k−1)) mod 2^k equals y = β mod 2^k
 *      (b ∈ [0, 2^k), so the congruence is an equality).
 * 3. A comparison of x (public to B_1 and B_2) with y (its digits' one-hot vectors o
 *    XOR-shared). Per digit j, [x_j < y_j] = ⊕_v o_v·[x_j < v] and [x_j = y_j] = ⊕_v o_v·[x_j = v]
 *    are linear in the shares because x is public: the leaves cost nothing. Then
 *    - `ltz` (d = 4): u = [x < y] by the carry tree (g, e) = (g_hi ⊕ e_hi·g_lo, e_hi·e_lo) of
 *      [CdH10] §3.2 (the two terms of g are exclusive, so OR is XOR): D = ⌈m/4⌉ leaves,
 *      ⌈log2 D⌉ rounds, 2(D − 1) − ⌈log2 D⌉ two-input gates;
 *    - `eqz` (d = 3): u = [x = y] = Π_j e_j by a tree of AND gates with up to 4 inputs:
 *      D = ⌈k/3⌉ leaves, ⌈log4 D⌉ rounds.
 *    A gate on inputs z_i with masks r_i: each B sends its shares of z_i ⊕ r_i, both learn
 *    δ_i = z_i ⊕ r_i, and Π z_i = Π (δ_i ⊕ r_i) = ⊕_S (Π_{i∉S} δ_i)·(Π_{i∈S} r_i) is linear in the
 *    shares of the products. Bit-sliced: bit i of all N elements is one plane of ⌈N/32⌉ 32-bit
 *    words, so a gate is a few word operations per 32 elements.
 * 4. B_1 and B_2 deal [u¹], [u²] of their XOR shares of u (one round), [u] = u¹ + u² − 2u¹u² (one
 *    multiplication [GRR98]). `ltz` returns 1 − ([A_hi] − [β_hi] − [u]), `eqz` returns [u].
 *
 * Cost for 64-bit operands (lt: k = 65, D = 16; eq: k = 65, D = 22): 9 rounds for lt and 8 for
 * eq — 2 data-independent (H's dealing and its binary material, sent concurrently), the open,
 * 4 (lt) or 3 (eq) binary rounds, 1 dealing, 1 multiplication. Per element: 2 or 3 Fp dealings,
 * 1 opening, 1 multiplication, and a few hundred bits of binary material; against 96 + 57 Fp
 * multiplications (lt) or 15 (eq) on the general path.
 *
 * Security (t = 1, semi-honest). A member of G sees α, A = b + β (β statistically hides b,
 * distance < 2^−κ, as in [CdH10] §2), one share of every Fp sharing, and — on B_1 or B_2 — one
 * XOR share of every one-hot vector and gate mask (uniform: B_1's come from its seed, B_2's
 * are the secret minus B_1's) and the other B's gate inputs masked by r_i (one-time pads unknown
 * to it). H sees β, c = b + α + β (α hides b) and one share of every Fp sharing; it receives
 * nothing from B_1 or B_2 in step 3. So each single member's view is simulatable; the output
 * sharing is re-randomised by the multiplication's reshare. No branch depends on a secret; the
 * bit planes of padding positions (beyond N in the last word) carry no data.
 *
 * References: [CdH10] Catrina, de Hoogh, SCN 2010 (masked opening, BitLT carry tree); [CDI05]
 * Cramer, Damgård, Ishai, TCC 2005 (pseudo-random sharing); [Bea91] Beaver, CRYPTO 1991
 * (multiplication triples); [GRR98] (degree reduction).
 *
 * @module
 */
import { type PrimeField, fieldOfVecOr127 } from '../field/prime-field.js';
import { MpcProtocolError } from '../errors.js';
import { type FpVec, fpSlice, fpVec } from '../field/vec.js';
import { SEED_BYTES } from '../runtime/deal.js';
import { keystream } from '../runtime/random.js';
import type { Runtime } from '../runtime/runtime.js';
import { invPow2 } from './masked-open.js';
import { KAPPA } from './random.js';

/** B_1 and B_2, the two members that evaluate the binary circuit (points 1 and 2). */
const B1 = 1;
const B2 = 2;
/** Bits per leaf digit of `ltzT1` and `eqzT1` (one-hot vectors of 2^d planes, dealt by H). */
const LT_DIGIT = 4;
const EQ_DIGIT = 3;
/** Largest number of inputs of an AND gate of `eqzT1` (2^4 − 1 mask planes per gate). */
const EQ_FANIN = 4;

/** Widths of the d-bit digits of a w-bit value, least significant first (the last ≤ d). */
export function digitWidths(w: number, d: number): number[] {
  return Array.from({ length: Math.ceil(w / d) }, (_, j) => Math.min(d, w - d * j));
}

/**
 * Gate arities of each level of the carry tree of `ltzT1` over D leaves: pairs (2j, 2j+1) need
 * two AND gates, except the pair holding digit 0, whose e is never needed.
 */
export function ltGatePlan(D: number): number[][] {
  const levels: number[][] = [];
  for (let L = D; L > 1; L = (L + 1) >> 1) levels.push(new Array<number>(2 * (L >> 1) - 1).fill(2));
  return levels;
}

/** Gate arities of each level of the AND tree of `eqzT1` over D leaves (groups of ≤ 4). */
export function eqGatePlan(D: number): number[][] {
  const levels: number[][] = [];
  for (let L = D; L > 1; L = Math.ceil(L / EQ_FANIN)) {
    const level: number[] = [];
    for (let s = 0; s < L; s += EQ_FANIN) {
      const f = Math.min(EQ_FANIN, L - s);
      if (f > 1) level.push(f);
    }
    levels.push(level);
  }
  return levels;
}

/** Product planes per gate of arity f: one per subset of size ≥ 2. */
function productCount(f: number): number {
  return (1 << f) - f - 1;
}

/** This B's XOR shares of the gate masks r_i and of their products, in gate order. */
interface GateShares {
  readonly masks: Uint32Array;
  readonly products: Uint32Array;
}

/** What step 1 gives a member: its Fp shares and, on B_1 and B_2, the binary material. */
interface Prepared {
  /** α on G (null on H) and the shares of α and of β (then β_hi when asked for). */
  readonly alpha: FpVec | null;
  readonly alphaShares: FpVec;
  readonly betaShares: FpVec;
  /** On B_1, B_2: shares of the one-hot planes and of the gates; null elsewhere. */
  readonly oneHot: Uint32Array | null;
  readonly gates: GateShares | null;
}

/**
 * Step 1 (2 rounds, concurrent): α by G, β (and ⌊β/2^hiShift⌋ when hiShift is not null) dealt by
 * H, and H's binary material for the one-hot planes of the digits of β mod 2^w and the gates.
 */
async function prepare(
  rt: Runtime,
  N: number,
  k: number,
  digits: readonly number[],
  arities: readonly number[],
  hiShift: number | null,
  label: string,
): Promise<Prepared> {
  const K = rt.field.kernels;
  const W = (N + 31) >>> 5;
  const w = digits.reduce((s, d) => s + d, 0);
  const P = digits.reduce((s, d) => s + (1 << d), 0);
  const R = arities.reduce((s, f) => s + f, 0);
  const Q = arities.reduce((s, f) => s + productCount(f), 0);
  const H = rt.n;
  const me = rt.index;
  const group = rt.groupRandom(new Uint8Array(N).fill(k + KAPPA));
  const dealLength = hiShift === null ? N : 2 * N;
  let dealt: FpVec | null = null;
  const material = new Map<number, Uint8Array>();
  if (me === H) {
    const beta = rt.randomVec(N);
    K.modPow2(beta, beta, k + KAPPA);
    dealt = fpVec(rt.field, dealLength);
    dealt.words.set(beta.words, 0);
    if (hiShift !== null) highPart(fpSlice(dealt, N, 2 * N), beta, hiShift);
    const seed1 = new Uint8Array(SEED_BYTES);
    const seed2 = new Uint8Array(SEED_BYTES);
    rt.random.fill(seed1);
    rt.random.fill(seed2);
    const s1 = expandWords(seed1, (P + R + Q) * W); // B_1: one-hot, masks, products
    const s2 = expandWords(seed2, R * W); // B_2: masks
    // Wire format (H → B_2): seed (32 bytes), then P one-hot planes and Q product planes of
    // B_2's shares, W little-endian u32 words each. H → B_1: the 32-byte seed only.
    const msg2 = new Uint32Array(SEED_BYTES / 4 + (P + Q) * W);
    new Uint8Array(msg2.buffer).set(seed2);
    const o2 = msg2.subarray(SEED_BYTES / 4, SEED_BYTES / 4 + P * W);
    const y = new Uint32Array(w * W);
    planes(y, beta, w, W);
    oneHotPlanes(o2, y, digits, W);
    y.fill(0);
    beta.words.fill(0n);
    for (let i = 0; i < P * W; i++) o2[i] = o2[i]! ^ s1[i]!;
    const q2 = msg2.subarray(SEED_BYTES / 4 + P * W);
    const r = new Uint32Array(EQ_FANIN * W);
    let ri = 0;
    let qi = 0;
    for (const f of arities) {
      for (let i = 0; i < f * W; i++) r[i] = s1[(P + ri) * W + i]! ^ s2[ri * W + i]!;
      for (let S = 3; S < 1 << f; S++) {
        if ((S & (S - 1)) === 0) continue; // singletons are the masks themselves
        const out = q2.subarray(qi * W, (qi + 1) * W);
        out.fill(0xffff_ffff);
        for (let i = 0; i < f; i++) {
          if ((S >> i) & 1) for (let x = 0; x < W; x++) out[x] = out[x]! & r[i * W + x]!;
        }
        const own1 = (P + R + qi) * W;
        for (let x = 0; x < W; x++) out[x] = out[x]! ^ s1[own1 + x]!;
        qi++;
      }
      ri += f;
    }
    r.fill(0);
    s1.fill(0);
    s2.fill(0);
    material.set(B1, seed1);
    material.set(B2, new Uint8Array(msg2.buffer));
  }
  const receives = new Map<number, number>();
  if (me === B1) receives.set(H, SEED_BYTES);
  if (me === B2) receives.set(H, SEED_BYTES + (P + Q) * W * 4);
  const [grp, fromH, got] = await Promise.all([
    group,
    rt.dealFrom([H], dealt, dealLength, label),
    rt.exchange(material, receives, label),
  ]);
  let oneHot: Uint32Array | null = null;
  let gates: GateShares | null = null;
  if (me === B1) {
    const s1 = expandWords(got.get(H)!, (P + R + Q) * W);
    oneHot = s1.subarray(0, P * W);
    gates = { masks: s1.subarray(P * W, (P + R) * W), products: s1.subarray((P + R) * W) };
  } else if (me === B2) {
    const bytes = got.get(H)!;
    const rest = new Uint32Array((P + Q) * W);
    new Uint8Array(rest.buffer).set(bytes.subarray(SEED_BYTES));
    oneHot = rest.subarray(0, P * W);
    gates = {
      masks: expandWords(bytes.subarray(0, SEED_BYTES), R * W),
      products: rest.subarray(P * W),
    };
  }
  return { alpha: grp.values, alphaShares: grp.shares, betaShares: fromH[0]!, oneHot, gates };
}

/** Step 2: opens c = a + 2^(k−1) + α + β; returns A = c − α on G, null on H. */
async function openMasked(
  rt: Runtime,
  a: FpVec,
  k: number,
  prep: Prepared,
  label: string,
): Promise<FpVec | null> {
  const K = rt.field.kernels;
  const N = a.length;
  const y = fpVec(rt.field, N);
  K.addScalar(y, a, 1n << BigInt(k - 1));
  K.add(y, y, prep.alphaShares);
  K.add(y, y, fpSlice(prep.betaShares, 0, N));
  const c = await rt.open(y, label);
  if (prep.alpha === null) return null;
  K.sub(c, c, prep.alpha);
  return c;
}

/**
 * Step 3's binary circuit on B_1 and B_2: evaluates the tree of `plan` (gate arities per level)
 * from `leaves`, combining each level with `level` (which says which planes enter which gate
 * and builds the next level from the gate outputs); one exchange per level. The other members
 * take the same steps with nothing to send. Returns this B's XOR share of the root, or null.
 */
async function evaluate<T>(
  rt: Runtime,
  prep: Prepared,
  leaves: T[] | null,
  plan: readonly (readonly number[])[],
  level: (nodes: T[]) => { inputs: Uint32Array[][]; next: (outputs: Uint32Array[]) => T[] },
  W: number,
  label: string,
): Promise<T | null> {
  if (leaves === null || prep.gates === null) {
    for (let l = 0; l < plan.length; l++) await rt.exchange(new Map(), new Map(), label);
    return null;
  }
  const first = rt.index === B1;
  const other = first ? B2 : B1;
  const gates = prep.gates;
  let nodes = leaves;
  let ri = 0;
  let qi = 0;
  for (const arities of plan) {
    const { inputs, next } = level(nodes);
    if (inputs.length !== arities.length || inputs.some((g, i) => g.length !== arities[i])) {
      throw new MpcProtocolError(`${label}: gate plan mismatch.`);
    }
    const width = arities.reduce((s, f) => s + f, 0);
    // Wire format (B → other B): for each gate, for each input, the plane of z_i ⊕ r_i (this
    // B's shares), W little-endian u32 words each.
    const mine = new Uint32Array(width * W);
    let o = 0;
    for (const gate of inputs) {
      for (const z of gate) {
        const r = gates.masks.subarray((ri + o) * W, (ri + o + 1) * W);
        for (let x = 0; x < W; x++) mine[o * W + x] = z[x]! ^ r[x]!;
        o++;
      }
    }
    const got = await rt.exchange(
      new Map([[other, new Uint8Array(mine.buffer)]]),
      new Map([[other, mine.byteLength]]),
      label,
    );
    const theirs = new Uint32Array(width * W);
    new Uint8Array(theirs.buffer).set(got.get(other)!);
    const outputs: Uint32Array[] = [];
    o = 0;
    for (const f of arities) {
      const out = new Uint32Array(W);
      const delta = new Uint32Array(f);
      for (let x = 0; x < W; x++) {
        for (let i = 0; i < f; i++) {
          delta[i] = mine[(o + i) * W + x]! ^ theirs[(o + i) * W + x]!;
        }
        // Π (δ_i ⊕ r_i) = ⊕_S (Π_{i∉S} δ_i)·r_S, r_∅ = 1 (B_1 only), r_{i} = masks, else products.
        let v = 0;
        let q = qi;
        for (let S = 0; S < 1 << f; S++) {
          let coef = 0xffff_ffff;
          for (let i = 0; i < f; i++) if (((S >> i) & 1) === 0) coef &= delta[i]!;
          if (S === 0) {
            if (first) v ^= coef;
          } else if ((S & (S - 1)) === 0) {
            v ^= coef & gates.masks[(ri + o + 31 - Math.clz32(S)) * W + x]!;
          } else {
            v ^= coef & gates.products[q * W + x]!;
            q++;
          }
        }
        out[x] = v;
      }
      outputs.push(out);
      o += f;
      qi += productCount(f);
    }
    ri += width;
    nodes = next(outputs);
  }
  return nodes[0]!;
}

/** Step 4: [u] from XOR shares u¹ (B_1), u² (B_2): one dealing round and one multiplication. */
async function toFp(rt: Runtime, u: Uint32Array | null, N: number, label: string): Promise<FpVec> {
  const K = rt.field.kernels;
  const [u1, u2] = await rt.dealFrom(
    [B1, B2],
    u === null ? null : bitsToFp(rt.field, u, N),
    N,
    label,
  );
  const prod = await rt.mul(u1!, u2!, label);
  const out = fpVec(rt.field, N);
  K.add(out, u1!, u2!);
  K.axpy(out, rt.field.p - 2n, prod);
  return out;
}

/** A node of the carry tree: XOR shares of g = [x < y] and e = [x = y] on its block of digits. */
interface LtNode {
  readonly g: Uint32Array;
  readonly e: Uint32Array | null;
}

/**
 * Shares of [a < 0] for signed k-bit a, k ≥ 2, for t = 1 (see the module doc). The caller checks
 * the mask bound.
 */
export async function ltzT1(rt: Runtime, a: FpVec, k: number): Promise<FpVec> {
  if (rt.t !== 1 || k < 2) throw new MpcProtocolError('ltzT1: needs t = 1 and k ≥ 2.');
  const N = a.length;
  if (N === 0) return fpVec(rt.field, 0);
  const K = rt.field.kernels;
  const label = 'ltz';
  const m = k - 1;
  const W = (N + 31) >>> 5;
  const digits = digitWidths(m, LT_DIGIT);
  const plan = ltGatePlan(digits.length);
  const prep = await prepare(rt, N, k, digits, plan.flat(), m, label);
  const A = await openMasked(rt, a, k, prep, label);
  let aHiShare: FpVec;
  let leaves: LtNode[] | null = null;
  if (A !== null) {
    const aHi = fpVec(rt.field, N);
    highPart(aHi, A, m);
    aHiShare = rt.groupShare(aHi);
    if (prep.oneHot !== null) {
      const x = new Uint32Array(m * W);
      planes(x, A, m, W);
      leaves = digitLeaves(x, prep.oneHot, digits, W, true).map(([g, e], j) => ({
        g,
        e: j === 0 ? null : e,
      }));
    }
  } else {
    aHiShare = rt.groupShare(N);
  }
  const root = await evaluate<LtNode>(
    rt,
    prep,
    leaves,
    plan,
    (nodes) => {
      const inputs: Uint32Array[][] = [];
      const pairs = nodes.length >> 1;
      for (let j = 0; j < pairs; j++) {
        const lo = nodes[2 * j]!;
        const hi = nodes[2 * j + 1]!;
        inputs.push([hi.e!, lo.g]);
        if (lo.e !== null) inputs.push([hi.e!, lo.e]);
      }
      return {
        inputs,
        next: (z) => {
          const out: LtNode[] = [];
          let zi = 0;
          for (let j = 0; j < pairs; j++) {
            const lo = nodes[2 * j]!;
            const hi = nodes[2 * j + 1]!;
            const eg = z[zi++]!;
            const g = new Uint32Array(W);
            for (let x = 0; x < W; x++) g[x] = hi.g[x]! ^ eg[x]!;
            out.push({ g, e: lo.e !== null ? z[zi++]! : null });
          }
          if (nodes.length & 1) out.push(nodes[nodes.length - 1]!);
          return out;
        },
      };
    },
    W,
    label,
  );
  // [a < 0] = 1 − A_hi + β_hi + u.
  const out = await toFp(rt, root === null ? null : root.g, N, label);
  K.sub(out, out, aHiShare);
  K.add(out, out, fpSlice(prep.betaShares, N, 2 * N));
  K.addScalar(out, out, 1n);
  return out;
}

/**
 * Shares of [a = 0] for signed k-bit a, k ≥ 1, for t = 1 (see the module doc). The caller checks
 * the mask bound.
 */
export async function eqzT1(rt: Runtime, a: FpVec, k: number): Promise<FpVec> {
  if (rt.t !== 1 || k < 1) throw new MpcProtocolError('eqzT1: needs t = 1 and k ≥ 1.');
  const N = a.length;
  if (N === 0) return fpVec(rt.field, 0);
  const label = 'eqz';
  const W = (N + 31) >>> 5;
  const digits = digitWidths(k, EQ_DIGIT);
  const plan = eqGatePlan(digits.length);
  const prep = await prepare(rt, N, k, digits, plan.flat(), null, label);
  const A = await openMasked(rt, a, k, prep, label);
  let leaves: Uint32Array[] | null = null;
  if (A !== null && prep.oneHot !== null) {
    rt.field.kernels.addScalar(A, A, 1n << BigInt(k - 1)); // ≡ A − 2^(k−1) mod 2^k, never negative
    const x = new Uint32Array(k * W);
    planes(x, A, k, W);
    leaves = digitLeaves(x, prep.oneHot, digits, W, false).map(([, e]) => e);
  }
  const root = await evaluate<Uint32Array>(
    rt,
    prep,
    leaves,
    plan,
    (nodes) => {
      const inputs: Uint32Array[][] = [];
      for (let s = 0; s < nodes.length; s += EQ_FANIN) {
        const group = nodes.slice(s, s + EQ_FANIN);
        if (group.length > 1) inputs.push(group);
      }
      return {
        inputs,
        next: (z) => {
          const out: Uint32Array[] = [];
          let zi = 0;
          for (let s = 0; s < nodes.length; s += EQ_FANIN) {
            out.push(Math.min(EQ_FANIN, nodes.length - s) > 1 ? z[zi++]! : nodes[s]!);
          }
          return out;
        },
      };
    },
    W,
    label,
  );
  return toFp(rt, root, N, label);
}

/** out = ⌊v/2^m⌋ for canonical v (as an integer below p): (v − v mod 2^m)·2^−m. */
function highPart(out: FpVec, v: FpVec, m: number): void {
  const field = fieldOfVecOr127(out);
  const K = field.kernels;
  K.modPow2(out, v, m);
  K.sub(out, v, out);
  K.mulScalar(out, out, invPow2(field, m));
}

/** `words` 32-bit words of the AES-CTR keystream under `seed` (aligned, owned by the caller). */
function expandWords(seed: Uint8Array, words: number): Uint32Array {
  const out = new Uint32Array(words);
  new Uint8Array(out.buffer).set(keystream(seed, 0, words * 4));
  return out;
}

/**
 * Bit planes of the low w bits of v: bit e of word out[i·W + (e >> 5)] is bit i of element e.
 * `out` must be zero.
 */
function planes(out: Uint32Array, v: FpVec, w: number, W: number): void {
  const L = v.length === 0 ? 4 : (2 * v.words.length) / v.length; // 32-bit limbs per element
  const limbs = new Uint32Array(v.words.buffer, v.words.byteOffset, L * v.length);
  for (let e = 0; e < v.length; e++) {
    const word = e >>> 5;
    const bit = e & 31;
    for (let l = 0; l * 32 < w; l++) {
      let x = limbs[L * e + l]!;
      const top = Math.min(32, w - 32 * l);
      for (let j = 0; j < top; j++) {
        out[(32 * l + j) * W + word]! |= (x & 1) << bit;
        x >>>= 1;
      }
    }
  }
}

/**
 * One-hot planes of the digits of y (bit planes, least significant first): for digit j of width
 * d and each v < 2^d, the plane [digit_j(y) = v], digits one after the other. `out` is written.
 */
function oneHotPlanes(
  out: Uint32Array,
  y: Uint32Array,
  digits: readonly number[],
  W: number,
): void {
  let bit = 0;
  let o = 0;
  for (const d of digits) {
    for (let v = 0; v < 1 << d; v++) {
      const plane = out.subarray(o * W, (o + 1) * W);
      plane.fill(0xffff_ffff);
      for (let i = 0; i < d; i++) {
        const yi = y.subarray((bit + i) * W, (bit + i + 1) * W);
        if ((v >> i) & 1) for (let w = 0; w < W; w++) plane[w] = plane[w]! & yi[w]!;
        else for (let w = 0; w < W; w++) plane[w] = plane[w]! & ~yi[w]!;
      }
      o++;
    }
    bit += d;
  }
}

/**
 * The leaves, one per digit, from public x (bit planes) and XOR shares `os` of the one-hot
 * planes of y's digits: [g_j, e_j] with g = [x_j < y_j] = ⊕_v o_v·[x_j < v] (only when
 * `withLess`, else zero) and e = [x_j = y_j] = ⊕_v o_v·[x_j = v]. Linear in the shares because
 * x is public, so no communication.
 */
function digitLeaves(
  x: Uint32Array,
  os: Uint32Array,
  digits: readonly number[],
  W: number,
  withLess: boolean,
): [Uint32Array, Uint32Array][] {
  const leaves: [Uint32Array, Uint32Array][] = [];
  const eqV = new Uint32Array(W);
  const ltV = new Uint32Array(W);
  let bit = 0;
  let o = 0;
  for (const d of digits) {
    const g = new Uint32Array(W);
    const e = new Uint32Array(W);
    ltV.fill(0); // [x_j < v], built up as v grows: [x_j < v + 1] = [x_j < v] ⊕ [x_j = v]
    for (let v = 0; v < 1 << d; v++) {
      eqV.fill(0xffff_ffff);
      for (let i = 0; i < d; i++) {
        const xi = x.subarray((bit + i) * W, (bit + i + 1) * W);
        if ((v >> i) & 1) for (let w = 0; w < W; w++) eqV[w] = eqV[w]! & xi[w]!;
        else for (let w = 0; w < W; w++) eqV[w] = eqV[w]! & ~xi[w]!;
      }
      const ov = os.subarray(o * W, (o + 1) * W);
      for (let w = 0; w < W; w++) {
        e[w] = e[w]! ^ (ov[w]! & eqV[w]!);
        if (withLess) {
          g[w] = g[w]! ^ (ov[w]! & ltV[w]!);
          ltV[w] = ltV[w]! ^ eqV[w]!;
        }
      }
      o++;
    }
    leaves.push([g, e]);
    bit += d;
  }
  return leaves;
}

/** The bits of plane `u` (elements 0..N−1) as field elements 0/1. */
function bitsToFp(field: PrimeField, u: Uint32Array, N: number): FpVec {
  const v = fpVec(field, N);
  const L = 2 * field.words; // 32-bit limbs per element
  const limbs = new Uint32Array(v.words.buffer, v.words.byteOffset, L * N);
  for (let e = 0; e < N; e++) limbs[L * e] = (u[e >>> 5]! >>> (e & 31)) & 1;
  return v;
}
