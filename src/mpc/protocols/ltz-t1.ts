/**
 * [a < 0] for t = 1 with the bit-level work in a binary domain: the fast path of `ltz`.
 *
 * Roles. G = {P_1..P_{n−1}} shares a group seed (the runtime's [CDI05] contribution 0); H = P_n
 * is outside it. B_1 = P_1 and B_2 = P_2 (both in G, n ≥ 3) run a two-party binary circuit with
 * H as the dealer of its correlated randomness. Threshold t = 1: one semi-honest corruption.
 *
 * Method, for signed k-bit a (k ≥ 2), m = k − 1, b = a + 2^m ∈ [0, 2^k):
 *
 * 1. Masks (data-independent). α uniform on [0, 2^(k+κ)) is known to G and shared for free
 *    (`groupRandom`); β uniform on [0, 2^(k+κ)) is drawn by H, which deals [β] and
 *    [β_hi], β_hi = ⌊β/2^m⌋ (one dealing). H also XOR-shares between B_1 and B_2 the one-hot
 *    encodings of the 4-bit digits of β_lo = β mod 2^m (2^4 bits per digit, a "digit bit" for
 *    each value the digit can take) and makes one AND triple (a¹ ⊕ a²)(b¹ ⊕ b²) = c¹ ⊕ c² [Bea91]
 *    per AND gate of step 3: B_1 receives a 32-byte seed that expands to its shares (o¹, a¹,
 *    b¹, c¹), B_2 a seed for (a², b²) plus o² = onehot ⊕ o¹ and c² in full.
 * 2. Open c = b + α + β (the masked opening of [CdH10] §2 with the t + 1 = 2 contributions
 *    α, β; no wrap, c < 2^(k+κ+2) ≤ p by `checkMaskBound`). G computes A = c − α = b + β exactly.
 *    Since b = A − β: ⌊b/2^m⌋ = A_hi − β_hi − [A_lo < β_lo] (hi/lo: above/below bit m), and
 *    [a ≥ 0] = ⌊b/2^m⌋ because b < 2^(m+1). [A_hi] is shared by G for free (`groupShare`).
 * 3. u = [A_lo < β_lo], with x = A_lo public to B_1 and B_2 and the digits of y = β_lo
 *    XOR-shared as one-hot vectors o: per digit j, g_j = [x_j < y_j] = ⊕_v o_v·[x_j < v] and
 *    e_j = [x_j = y_j] = ⊕_v o_v·[x_j = v] are linear in the shares (x is public), so the
 *    leaves cost nothing; then the carry tree (g, e) = (g_hi ⊕ e_hi·g_lo, e_hi·e_lo) of
 *    [CdH10] §3.2 (the two terms of g are exclusive, so OR is XOR) with AND gates from the
 *    triples (each B sends x ⊕ a, y ⊕ b). Bit-sliced: bit i of all N elements is one plane of
 *    ⌈N/32⌉ 32-bit words, so one gate is a few word operations per 32 elements.
 *    D = ⌈m/4⌉ digits: ⌈log2 D⌉ rounds, 2(D − 1) − ⌈log2 D⌉ AND gates, 2 bits sent per gate.
 * 4. B_1 and B_2 deal [u¹], [u²] of their XOR shares (one round), [u] = u¹ + u² − 2u¹u²
 *    (one multiplication [GRR98]); the result is 1 − ([A_hi] − [β_hi] − [u]).
 *
 * Cost for lt on 64-bit inputs (k = 65, m = 64, D = 16): 9 rounds — 2 data-independent ones
 * (H's dealing and H's binary material, sent concurrently), the open, 4 binary rounds, 1 dealing,
 * 1 multiplication; per element 2 + 2 Fp dealings, 1 opening and 1 multiplication, 26 AND
 * gates, and 282 bits of binary material from H to B_2; against 96 + 57 Fp multiplications on the
 * general path ([CdH10] with Fp random bits).
 *
 * Security (t = 1, semi-honest). A member of G sees α, A = b + β (β statistically hides b,
 * distance < 2^−κ, as in [CdH10] §2), one share of every Fp sharing, and — on B_1 or B_2 — one
 * XOR share of each one-hot vector and triple (uniform: o¹ is from B_1's seed, o² = onehot ⊕ o¹
 * with o¹ unknown to B_2) and the other B's gate inputs masked by its triple shares a, b
 * (one-time pads unknown to it). H sees β, c = b + α + β (α hides b) and one share of every Fp
 * sharing; it receives nothing from B_1 or B_2 in step 3. So each single member's view is
 * simulatable; the output sharing is re-randomised by H's dealing of [β_hi] and by the
 * multiplication's reshare. No branch depends on a secret; the bit planes of padding positions
 * (beyond N in the last word) carry no data.
 *
 * References: [CdH10] Catrina, de Hoogh, SCN 2010 (masked opening, BitLT carry tree); [CDI05]
 * Cramer, Damgård, Ishai, TCC 2005 (pseudo-random sharing); [Bea91] Beaver, CRYPTO 1991
 * (multiplication triples); [GRR98] (degree reduction).
 *
 * @module
 */
import { MpcProtocolError } from '../errors.js';
import { P127 } from '../field/fp.js';
import { kernels } from '../field/kernels.js';
import { type FpVec, fpSlice, fpVec } from '../field/vec.js';
import { SEED_BYTES } from '../runtime/deal.js';
import { keystream } from '../runtime/random.js';
import type { Runtime } from '../runtime/runtime.js';
import { invPow2 } from './masked-open.js';
import { KAPPA } from './random.js';

/** B_1 and B_2, the two members that evaluate the binary circuit (points 1 and 2). */
const B1 = 1;
const B2 = 2;
/** Bits per digit of the leaves (one-hot encodings of 2^DIGIT planes, dealt by H). */
const DIGIT = 4;

/** AND gates of each level of the carry tree over D leaves (digit 0's block needs no e). */
export function andGatesPerLevel(D: number): number[] {
  const levels: number[] = [];
  for (let L = D; L > 1; L = (L + 1) >> 1) levels.push(2 * (L >> 1) - 1);
  return levels;
}

/**
 * Shares of [a < 0] for signed k-bit a, 2 ≤ k, for t = 1 (see the module doc). The caller checks
 * the mask bound.
 */
export async function ltzT1(rt: Runtime, a: FpVec, k: number): Promise<FpVec> {
  if (rt.t !== 1 || k < 2) throw new MpcProtocolError(`ltzT1: needs t = 1 and k ≥ 2.`);
  const N = a.length;
  if (N === 0) return fpVec(0);
  const K = kernels();
  const m = k - 1;
  const W = (N + 31) >>> 5;
  const digits = digitWidths(m);
  const P = digits.reduce((s, d) => s + (1 << d), 0);
  const levels = andGatesPerLevel(digits.length);
  const T = levels.reduce((s, x) => s + x, 0);
  const H = rt.n;
  const me = rt.index;
  const label = 'ltz';

  // 1. Masks.
  const group = rt.groupRandom(new Uint8Array(N).fill(k + KAPPA));
  let beta: FpVec | null = null;
  let betaBoth: FpVec | null = null;
  const material = new Map<number, Uint8Array>();
  if (me === H) {
    beta = rt.randomVec(N);
    K.modPow2(beta, beta, k + KAPPA);
    betaBoth = fpVec(2 * N);
    betaBoth.words.set(beta.words, 0);
    highPart(fpSlice(betaBoth, N, 2 * N), beta, m);
    const seed1 = new Uint8Array(SEED_BYTES);
    const seed2 = new Uint8Array(SEED_BYTES);
    rt.random.fill(seed1);
    rt.random.fill(seed2);
    const r1 = expandWords(seed1, (P + 3 * T) * W);
    const r2 = expandWords(seed2, 2 * T * W);
    const msg2 = new Uint32Array(SEED_BYTES / 4 + (P + T) * W);
    new Uint8Array(msg2.buffer).set(seed2);
    const o2 = msg2.subarray(SEED_BYTES / 4, SEED_BYTES / 4 + P * W);
    const y = new Uint32Array(m * W);
    planes(y, beta, m, W);
    oneHotPlanes(o2, y, digits, W);
    y.fill(0);
    for (let i = 0; i < P * W; i++) o2[i] = o2[i]! ^ r1[i]!;
    const c2 = msg2.subarray(SEED_BYTES / 4 + P * W);
    const a1 = P * W;
    const b1 = a1 + T * W;
    const c1 = b1 + T * W;
    for (let i = 0; i < T * W; i++) {
      c2[i] = ((r1[a1 + i]! ^ r2[i]!) & (r1[b1 + i]! ^ r2[T * W + i]!)) ^ r1[c1 + i]!;
    }
    r1.fill(0);
    r2.fill(0);
    material.set(B1, seed1);
    material.set(B2, new Uint8Array(msg2.buffer));
  }
  const receives = new Map<number, number>();
  if (me === B1) receives.set(H, SEED_BYTES);
  if (me === B2) receives.set(H, SEED_BYTES + (P + T) * W * 4);
  const [grp, dealt, got] = await Promise.all([
    group,
    rt.dealFrom([H], betaBoth, 2 * N, label),
    rt.exchange(material, receives, label),
  ]);
  const betaShares = dealt[0]!;

  // 2. Open c = b + α + β; A = c − α on G.
  const y = fpVec(N);
  K.addScalar(y, a, 1n << BigInt(m));
  K.add(y, y, grp.shares);
  K.add(y, y, fpSlice(betaShares, 0, N));
  const c = await rt.open(y, label);
  let aHiShare: FpVec;
  let aLo: FpVec | null = null;
  if (grp.values !== null) {
    const A = fpVec(N);
    K.sub(A, c, grp.values);
    const aHi = fpVec(N);
    highPart(aHi, A, m);
    aHiShare = rt.groupShare(aHi);
    aLo = A;
  } else {
    aHiShare = rt.groupShare(N);
  }

  // 3. u = [A_lo < β_lo] on B_1, B_2 (XOR shares); the other members keep the steps aligned.
  let u: Uint32Array | null = null;
  if (me === B1 || me === B2) {
    const bytes = got.get(H)!;
    let os: Uint32Array;
    let ta: Uint32Array;
    let tb: Uint32Array;
    let tc: Uint32Array;
    if (me === B1) {
      const r1 = expandWords(bytes, (P + 3 * T) * W);
      os = r1.subarray(0, P * W);
      ta = r1.subarray(P * W, (P + T) * W);
      tb = r1.subarray((P + T) * W, (P + 2 * T) * W);
      tc = r1.subarray((P + 2 * T) * W);
    } else {
      const r2 = expandWords(bytes.subarray(0, SEED_BYTES), 2 * T * W);
      ta = r2.subarray(0, T * W);
      tb = r2.subarray(T * W);
      const rest = new Uint32Array((P + T) * W);
      new Uint8Array(rest.buffer).set(bytes.subarray(SEED_BYTES));
      os = rest.subarray(0, P * W);
      tc = rest.subarray(P * W);
    }
    const x = new Uint32Array(m * W);
    planes(x, aLo!, m, W);
    const leaves = digitLeaves(x, os, digits, W);
    u = await binaryLess(rt, leaves, { a: ta, b: tb, c: tc }, W, me === B1, levels);
  } else {
    for (let l = 0; l < levels.length; l++) await rt.exchange(new Map(), new Map(), label);
  }

  // 4. [u] = u¹ + u² − 2u¹u²; [a < 0] = 1 − A_hi + β_hi + u.
  const [u1, u2] = await rt.dealFrom([B1, B2], u === null ? null : bitsToFp(u, N), N, label);
  const prod = await rt.mul(u1!, u2!, label);
  const out = fpVec(N);
  K.add(out, u1!, u2!);
  K.axpy(out, P127 - 2n, prod);
  K.sub(out, out, aHiShare);
  K.add(out, out, fpSlice(betaShares, N, 2 * N));
  K.addScalar(out, out, 1n);
  return out;
}

/** out = ⌊v/2^m⌋ for canonical v (as an integer below p): (v − v mod 2^m)·2^−m. */
function highPart(out: FpVec, v: FpVec, m: number): void {
  const K = kernels();
  K.modPow2(out, v, m);
  K.sub(out, v, out);
  K.mulScalar(out, out, invPow2(m));
}

/** `words` 32-bit words of the AES-CTR keystream under `seed` (aligned, owned by the caller). */
function expandWords(seed: Uint8Array, words: number): Uint32Array {
  const out = new Uint32Array(words);
  new Uint8Array(out.buffer).set(keystream(seed, 0, words * 4));
  return out;
}

/**
 * Bit planes of the low m bits of v: bit e of word out[i·W + (e >> 5)] is bit i of element e.
 * `out` must be zero.
 */
function planes(out: Uint32Array, v: FpVec, m: number, W: number): void {
  const limbs = new Uint32Array(v.words.buffer, v.words.byteOffset, 4 * v.length);
  for (let e = 0; e < v.length; e++) {
    const word = e >>> 5;
    const bit = e & 31;
    for (let l = 0; l * 32 < m; l++) {
      let x = limbs[4 * e + l]!;
      const top = Math.min(32, m - 32 * l);
      for (let j = 0; j < top; j++) {
        out[(32 * l + j) * W + word]! |= (x & 1) << bit;
        x >>>= 1;
      }
    }
  }
}

/** Digit widths of an m-bit value, least significant first: 4 bits each, the last one ≤ 4. */
export function digitWidths(m: number): number[] {
  return Array.from({ length: Math.ceil(m / DIGIT) }, (_, j) => Math.min(DIGIT, m - DIGIT * j));
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
 * The leaves of the carry tree, one per digit, from public x (bit planes) and XOR shares `os` of
 * the one-hot planes of y's digits: g = [x_j < y_j] = ⊕_v o_v·[x_j < v] and e = [x_j = y_j] =
 * ⊕_v o_v·[x_j = v]; linear in the shares because x is public, so no communication. Digit 0
 * needs no e.
 */
function digitLeaves(
  x: Uint32Array,
  os: Uint32Array,
  digits: readonly number[],
  W: number,
): Node[] {
  const nodes: Node[] = [];
  const eqV = new Uint32Array(W);
  const ltV = new Uint32Array(W);
  let bit = 0;
  let o = 0;
  digits.forEach((d, j) => {
    const g = new Uint32Array(W);
    const e = j === 0 ? null : new Uint32Array(W);
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
        g[w] = g[w]! ^ (ov[w]! & ltV[w]!);
        if (e !== null) e[w] = e[w]! ^ (ov[w]! & eqV[w]!);
        ltV[w] = ltV[w]! ^ eqV[w]!;
      }
      o++;
    }
    nodes.push({ g, e });
    bit += d;
  });
  return nodes;
}

/** The bits of plane `u` (elements 0..N−1) as field elements 0/1. */
function bitsToFp(u: Uint32Array, N: number): FpVec {
  const v = fpVec(N);
  const limbs = new Uint32Array(v.words.buffer, v.words.byteOffset, 4 * N);
  for (let e = 0; e < N; e++) limbs[4 * e] = (u[e >>> 5]! >>> (e & 31)) & 1;
  return v;
}

/** XOR-shared AND triples of bit planes, plane q at words [q·W, (q+1)·W) of a, b, c. */
interface Triples {
  readonly a: Uint32Array;
  readonly b: Uint32Array;
  readonly c: Uint32Array;
}

/** A node of the carry tree: XOR shares of g = [x < y] and e = [x = y] on its block of bits. */
interface Node {
  readonly g: Uint32Array;
  readonly e: Uint32Array | null;
}

/**
 * XOR shares (on B_1 and B_2) of [x < y] bitwise per element for public x (planes, known to both)
 * and XOR-shared y (this B's share planes `ys`), by the carry tree of the module doc; one exchange
 * per level with the other B.
 */
async function binaryLess(
  rt: Runtime,
  leaves: Node[],
  triples: Triples,
  W: number,
  first: boolean,
  levels: readonly number[],
): Promise<Uint32Array> {
  const other = first ? B2 : B1;
  let nodes = leaves;
  let q = 0;
  for (let l = 0; l < levels.length; l++) {
    const pairs = nodes.length >> 1;
    const lhs: Uint32Array[] = [];
    const rhs: Uint32Array[] = [];
    for (let j = 0; j < pairs; j++) {
      const lo = nodes[2 * j]!;
      const hi = nodes[2 * j + 1]!;
      lhs.push(hi.e!);
      rhs.push(lo.g);
      if (lo.e !== null) {
        lhs.push(hi.e!);
        rhs.push(lo.e);
      }
    }
    const count = lhs.length;
    if (count !== levels[l]) throw new MpcProtocolError('ltzT1: AND gate plan mismatch.');
    // Wire format (B → other B): count planes of x ⊕ a, then count planes of y ⊕ b, W u32 each.
    const mine = new Uint32Array(2 * count * W);
    for (let g = 0; g < count; g++) {
      const o = (q + g) * W;
      const L = lhs[g]!;
      const R = rhs[g]!;
      for (let w = 0; w < W; w++) {
        mine[g * W + w] = L[w]! ^ triples.a[o + w]!;
        mine[(count + g) * W + w] = R[w]! ^ triples.b[o + w]!;
      }
    }
    const got = await rt.exchange(
      new Map([[other, new Uint8Array(mine.buffer)]]),
      new Map([[other, mine.byteLength]]),
      'ltz',
    );
    const theirs = new Uint32Array(2 * count * W);
    new Uint8Array(theirs.buffer).set(got.get(other)!);
    const z: Uint32Array[] = [];
    for (let g = 0; g < count; g++) {
      const o = (q + g) * W;
      const out = new Uint32Array(W);
      for (let w = 0; w < W; w++) {
        const d = mine[g * W + w]! ^ theirs[g * W + w]!;
        const f = mine[(count + g) * W + w]! ^ theirs[(count + g) * W + w]!;
        let v = triples.c[o + w]! ^ (d & triples.b[o + w]!) ^ (f & triples.a[o + w]!);
        if (first) v ^= d & f;
        out[w] = v;
      }
      z.push(out);
    }
    q += count;
    const next: Node[] = [];
    let zi = 0;
    for (let j = 0; j < pairs; j++) {
      const lo = nodes[2 * j]!;
      const hi = nodes[2 * j + 1]!;
      const eg = z[zi++]!;
      const g = new Uint32Array(W);
      for (let w = 0; w < W; w++) g[w] = hi.g[w]! ^ eg[w]!;
      next.push({ g, e: lo.e !== null ? z[zi++]! : null });
    }
    if (nodes.length & 1) next.push(nodes[nodes.length - 1]!);
    nodes = next;
  }
  return nodes[0]!.g;
}
