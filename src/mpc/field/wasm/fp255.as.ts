/**
 * WebAssembly kernels for Fp255 (p = 2^255 - 19), written in AssemblyScript.
 *
 * Compiled by `npm run build:wasm` (scripts/build-wasm.js) into `fp255-wasm.generated.ts`; the
 * loader is `../kernels-p255-wasm.ts`, which owns all of linear memory: it copies inputs in at
 * pointers it chooses, calls these functions, and copies results out. Nothing here allocates.
 *
 * Element layout (same as the Fp255 `FpVec`): 32 bytes, little-endian, element =
 * w0 + 2^64 w1 + 2^128 w2 + 2^192 w3, canonical in [0, p). Inputs are assumed canonical; every
 * output is canonical. p's words are P0 = 2^64 - 19, P1 = P2 = 2^64 - 1, P3 = 2^63 - 1.
 *
 * Addition-like kernels (add, sub, neg, addScalar, fromRandomBytes) work on 64-bit words with
 * carries from unsigned compares, then one conditional subtraction (`storeCanon`): for V < 2p,
 * V >= p iff V + 19 >= 2^255, and then V - p = V + 19 - 2^255.
 *
 * Multiplication: wasm has no 64x64 -> 128 multiply, so a product uses 32-bit limbs
 * a = Σ a_i 2^(32i), i < 8 (a_7 < 2^31) and the 64 products a_i b_j < 2^64, two elements at a time
 * with 128-bit SIMD (lanes are elements; `i64x2.extmul_*_i32x4_u` makes one limb product of both
 * elements). Per diagonal d = i + j the products are summed wrapping mod 2^64 (S_d), and so are
 * their high 32-bit halves (H_d); the sum of the low halves is then exactly S_d - 2^32 H_d (it is
 * < 2^64), which saves masking every product. Products with a factor of limb 7 are < 2^63, so
 * a_i b_7 + a_7 b_i is one term. Column k of weight 2^(32k) is c_k = L_k + H_(k-1) < 2^36,
 * k < 16. The high columns are folded with 2^256 ≡ 38: t_k = c_k + 38 c_(k+8) < 2^42, then
 * `storePairFold8` propagates carries, folds bits >= 255 with 2^255 ≡ 19, propagates again, and
 * subtracts p once if needed, branch-free (lane masks).
 *
 * mulScalar and axpy have fast paths for scalars s < 2^32 and s > p - 2^32 (small negative
 * numbers: Lagrange coefficients, -1, -2): 8 limb products per element instead of 64. For
 * s = p - k the result a·(p - k) ≡ -(a·k) is computed as 2^8 p - a·k limb by limb (each limb of
 * 2^8 p exceeds the matching column of a·k, so no limb goes negative) before the common fold.
 *
 * An odd last element runs the same two-lane code with a zero second lane, storing one element.
 *
 * Control flow does not depend on element values except in `toInt64` (which decodes public values
 * and records the first out-of-range index). mulScalar and axpy choose their path once per call by
 * the size of the scalar, so the time of a call reveals whether s < 2^32 or s > p - 2^32 (scalars
 * are public coefficients in the engine). WebAssembly gives no constant-time guarantee.
 */

const M32: u64 = 0xffffffff;
const ONES: u64 = 0xffffffffffffffff;
const HI_MASK: u64 = 0x7fffffffffffffff;
const P0: u64 = 0xffffffffffffffed;

/** First byte the loader may use. */
export function scratchBase(): usize {
  return (__heap_base + 63) & ~(<usize>63);
}

// ---- one element at a time, 64-bit words ---------------------------------------------------

/**
 * Stores V = w0 + 2^64 w1 + 2^128 w2 + 2^192 w3 mod p at o, for V < 2p: V - p if V + 19 carries
 * into bit 255, else V.
 */
// @ts-ignore: decorator
@inline
function storeCanon(o: usize, w0: u64, w1: u64, w2: u64, w3: u64): void {
  const x0 = w0 + 19;
  const c0 = <u64>(x0 < w0);
  const x1 = w1 + c0;
  const c1 = <u64>(x1 < c0);
  const x2 = w2 + c1;
  const c2 = <u64>(x2 < c1);
  const x3 = w3 + c2; // no overflow: V + 19 < 2^256
  const ge = (x3 >> 63) != 0;
  store<u64>(o, select<u64>(x0, w0, ge));
  store<u64>(o, select<u64>(x1, w1, ge), 8);
  store<u64>(o, select<u64>(x2, w2, ge), 16);
  store<u64>(o, select<u64>(x3 & HI_MASK, w3, ge), 24);
}

/** Stores (a + b) mod p for canonical a, b given as words. */
// @ts-ignore: decorator
@inline
function storeAdd(o: usize, a0: u64, a1: u64, a2: u64, a3: u64, b0: u64, b1: u64, b2: u64, b3: u64): void {
  const s0 = a0 + b0;
  const k0 = <u64>(s0 < a0);
  const t1 = a1 + b1;
  const s1 = t1 + k0;
  const k1 = <u64>(t1 < a1) | <u64>(s1 < k0);
  const t2 = a2 + b2;
  const s2 = t2 + k1;
  const k2 = <u64>(t2 < a2) | <u64>(s2 < k1);
  storeCanon(o, s0, s1, s2, a3 + b3 + k2); // a3 + b3 < 2^64: no overflow
}

/**
 * Stores (a - b) mod p for canonical a, b given as words: the 256-bit difference, plus p when it
 * borrowed (then its bit 255 is set, since a - b > -2^255).
 */
// @ts-ignore: decorator
@inline
function storeSub(o: usize, a0: u64, a1: u64, a2: u64, a3: u64, b0: u64, b1: u64, b2: u64, b3: u64): void {
  const d0 = a0 - b0;
  const r0 = <u64>(a0 < b0);
  const u1 = a1 - b1;
  const d1 = u1 - r0;
  const r1 = <u64>(a1 < b1) | <u64>(u1 < r0);
  const u2 = a2 - b2;
  const d2 = u2 - r1;
  const r2 = <u64>(a2 < b2) | <u64>(u2 < r1);
  const d3 = a3 - b3 - r2;
  const m = <u64>(<i64>d3 >> 63); // all ones iff a < b
  const e0 = d0 + (P0 & m);
  const k0 = <u64>(e0 < d0);
  const v1 = d1 + m;
  const e1 = v1 + k0;
  const k1 = <u64>(v1 < d1) | <u64>(e1 < k0);
  const v2 = d2 + m;
  const e2 = v2 + k1;
  const k2 = <u64>(v2 < d2) | <u64>(e2 < k1);
  store<u64>(o, e0);
  store<u64>(o, e1, 8);
  store<u64>(o, e2, 16);
  store<u64>(o, d3 + (HI_MASK & m) + k2, 24); // mod 2^64: the carry out cancels the borrow
}

/** o = a + b (elementwise, n elements). o may equal a or b. */
export function add(o: usize, a: usize, b: usize, n: usize): void {
  const end = o + (n << 5);
  while (o < end) {
    storeAdd(
      o,
      load<u64>(a), load<u64>(a, 8), load<u64>(a, 16), load<u64>(a, 24),
      load<u64>(b), load<u64>(b, 8), load<u64>(b, 16), load<u64>(b, 24),
    );
    o += 32;
    a += 32;
    b += 32;
  }
}

/** o = a - b. o may equal a or b. */
export function sub(o: usize, a: usize, b: usize, n: usize): void {
  const end = o + (n << 5);
  while (o < end) {
    storeSub(
      o,
      load<u64>(a), load<u64>(a, 8), load<u64>(a, 16), load<u64>(a, 24),
      load<u64>(b), load<u64>(b, 8), load<u64>(b, 16), load<u64>(b, 24),
    );
    o += 32;
    a += 32;
    b += 32;
  }
}

/** o = -a = 0 - a (so -0 = 0). o may equal a. */
export function neg(o: usize, a: usize, n: usize): void {
  const end = o + (n << 5);
  while (o < end) {
    storeSub(o, 0, 0, 0, 0, load<u64>(a), load<u64>(a, 8), load<u64>(a, 16), load<u64>(a, 24));
    o += 32;
    a += 32;
  }
}

/** o = a + s for the canonical scalar s = s0 + 2^64 s1 + 2^128 s2 + 2^192 s3. o may equal a. */
export function addScalar(o: usize, a: usize, s0: u64, s1: u64, s2: u64, s3: u64, n: usize): void {
  const end = o + (n << 5);
  while (o < end) {
    storeAdd(o, load<u64>(a), load<u64>(a, 8), load<u64>(a, 16), load<u64>(a, 24), s0, s1, s2, s3);
    o += 32;
    a += 32;
  }
}

/** o_i = low 255 bits of the 32 bytes at r_i, minus p if >= p. o may equal r. */
export function fromRandomBytes(o: usize, r: usize, n: usize): void {
  const end = o + (n << 5);
  while (o < end) {
    storeCanon(o, load<u64>(r), load<u64>(r, 8), load<u64>(r, 16), load<u64>(r, 24) & HI_MASK);
    o += 32;
    r += 32;
  }
}

/** o_i = x_i mod p for signed 64-bit x_i at x (8 bytes each). o must not overlap x. */
export function fromInt64(o: usize, x: usize, n: usize): void {
  const end = o + (n << 5);
  while (o < end) {
    const v = load<i64>(x);
    const m = <u64>(v >> 63); // 0 or all ones
    // x < 0: p + x has low word P0 + x = x - 19 (no borrow, x >= -2^63), then P1, P2, P3.
    store<u64>(o, <u64>v - (19 & m));
    store<u64>(o, m, 8);
    store<u64>(o, m, 16);
    store<u64>(o, m & HI_MASK, 24);
    o += 32;
    x += 8;
  }
}

/**
 * o_i = a_i as a signed integer in (-p/2, p/2) when it fits in int64, else 0. Returns the index of
 * the first element that does not fit, or -1. o may equal a (8 bytes per element, written behind
 * the read position).
 */
export function toInt64(o: usize, a: usize, n: usize): i32 {
  let bad: i32 = -1;
  for (let i: usize = 0; i < n; i++) {
    const w0 = load<u64>(a);
    const w1 = load<u64>(a, 8);
    const w2 = load<u64>(a, 16);
    const w3 = load<u64>(a, 24);
    let v: i64 = 0;
    if ((w1 | w2 | w3) == 0 && w0 <= <u64>i64.MAX_VALUE) {
      v = <i64>w0;
    } else if (w3 == HI_MASK && (w1 & w2) == ONES && w0 >= P0 - (<u64>1 << 63)) {
      // a - p = w0 - P0 = w0 + 19 - 2^64, and w0 + 19 >= 2^63.
      v = <i64>(w0 + 19);
    } else if (bad < 0) {
      bad = <i32>i;
    }
    store<i64>(o, v);
    o += 8;
    a += 32;
  }
  return bad;
}

/** Mask of the bits of word j (bits 64j..64j+63) that are below bit m. */
// @ts-ignore: decorator
@inline
function wordMask(m: u32, j: u32): u64 {
  const lo = j << 6;
  return m >= lo + 64 ? ONES : m <= lo ? 0 : (<u64>1 << <u64>(m - lo)) - 1;
}

/** o_i = a_i mod 2^m (0 <= m <= 255). o may equal a. */
export function modPow2(o: usize, a: usize, m: u32, n: usize): void {
  const m0 = wordMask(m, 0);
  const m1 = wordMask(m, 1);
  const m2 = wordMask(m, 2);
  const m3 = wordMask(m, 3);
  const end = o + (n << 5);
  while (o < end) {
    store<u64>(o, load<u64>(a) & m0);
    store<u64>(o, load<u64>(a, 8) & m1, 8);
    store<u64>(o, load<u64>(a, 16) & m2, 16);
    store<u64>(o, load<u64>(a, 24) & m3, 24);
    o += 32;
    a += 32;
  }
}

/**
 * Writes bit j of a_i to byte o[i*m + j] for j < m (0 <= m <= 255). Writes whole 16-byte blocks
 * (bits 16k..16k+15 of an element at a time: byte 2k of the element spread over 8 lanes, byte
 * 2k + 1 over the next 8, each masked to its bit), so up to 15 bytes past o + n*m are clobbered:
 * the caller leaves room. o must not overlap a.
 */
export function lowBits(o: usize, a: usize, m: u32, n: usize): void {
  const blocks = (m + 15) >> 4;
  const BIT = i8x16(1, 2, 4, 8, 16, 32, 64, -128, 1, 2, 4, 8, 16, 32, 64, -128);
  const IDX = i8x16(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1);
  const TWO = i8x16.splat(2);
  const ONE = i8x16.splat(1);
  const end = a + (n << 5);
  while (a < end) {
    const V0 = v128.load(a);
    const V1 = v128.load(a, 16);
    let idx = IDX;
    for (let k: u32 = 0; k < blocks; k++) {
      if (k == 8) idx = IDX;
      const V = k < 8 ? V0 : V1;
      v128.store(o + (k << 4), i8x16.min_u(v128.and(i8x16.swizzle(V, idx), BIT), ONE));
      idx = i8x16.add(idx, TWO);
    }
    o += m;
    a += 32;
  }
}

/** Stores Σ a_i mod p (n < 2^32) at `r`. */
export function sum(r: usize, a: usize, n: usize): void {
  let s0: u64 = 0;
  let s1: u64 = 0;
  let s2: u64 = 0;
  let s3: u64 = 0;
  let s4: u64 = 0;
  let s5: u64 = 0;
  let s6: u64 = 0;
  let s7: u64 = 0;
  const end = a + (n << 5);
  while (a < end) {
    s0 += <u64>load<u32>(a);
    s1 += <u64>load<u32>(a, 4);
    s2 += <u64>load<u32>(a, 8);
    s3 += <u64>load<u32>(a, 12);
    s4 += <u64>load<u32>(a, 16);
    s5 += <u64>load<u32>(a, 20);
    s6 += <u64>load<u32>(a, 24);
    s7 += <u64>load<u32>(a, 28);
    a += 32;
  }
  // Limb sums are < 2^64 for n < 2^32; split them into 32-bit columns (the top one, weight
  // 2^256 ≡ 38, is < 2^31) so that the fold's inputs stay < 2^42.
  storeOneFold8(
    r,
    (s0 & M32) + times38u(s7 >> 32),
    (s1 & M32) + (s0 >> 32),
    (s2 & M32) + (s1 >> 32),
    (s3 & M32) + (s2 >> 32),
    (s4 & M32) + (s3 >> 32),
    (s5 & M32) + (s4 >> 32),
    (s6 & M32) + (s5 >> 32),
    (s7 & M32) + (s6 >> 32),
  );
}

/** dst (cols×rows) = transpose of src (rows×cols), 32-byte elements. No overlap. */
export function transpose(dst: usize, src: usize, rows: usize, cols: usize): void {
  for (let i: usize = 0; i < rows; i++) {
    for (let j: usize = 0; j < cols; j++) {
      const s = src + ((i * cols + j) << 5);
      const d = dst + ((j * rows + i) << 5);
      v128.store(d, v128.load(s));
      v128.store(d, v128.load(s, 16), 16);
    }
  }
}

// ---- two elements at a time, 128-bit SIMD ---------------------------------------------------
//
// Lanes are elements. `lanes01(X0, Y0)` interleaves limbs 0 and 1 of elements X and Y as i32
// lanes [x0, y0, x1, y1] (X0, Y0 are the elements' first 16 bytes), so that extmul_low/high
// multiply limb 0 or limb 1 of both elements at once into i64 lanes [x_i b_j, y_i b'_j]. A "B10"
// is a B01 with its halves swapped, [x1, y1, x0, y0], for the products a_(2u) b_(2v+1) and
// a_(2u+1) b_(2v). Column and result values are i64 lanes [element X, element Y].

const VM32: v128 = i64x2.splat(0xffffffff);
const VM31: v128 = i64x2.splat(0x7fffffff);
const V19: v128 = i64x2.splat(19);
/** The 32-bit limbs of 2^8 p: 2^8 (2^32 - 19), 2^8 (2^32 - 1) (limbs 1..6), 2^8 (2^31 - 1). */
const BIAS0: v128 = i64x2.splat(0xffffffed00);
const BIAS1: v128 = i64x2.splat(0xffffffff00);
const BIAS7: v128 = i64x2.splat(0x7fffffff00);

// @ts-ignore: decorator
@inline
function lanes01(X: v128, Y: v128): v128 {
  return i32x4.shuffle(X, Y, 0, 4, 1, 5);
}
// @ts-ignore: decorator
@inline
function lanes23(X: v128, Y: v128): v128 {
  return i32x4.shuffle(X, Y, 2, 6, 3, 7);
}
// @ts-ignore: decorator
@inline
function swapHalves(V: v128): v128 {
  return i32x4.shuffle(V, V, 2, 3, 0, 1);
}
// @ts-ignore: decorator
@inline
function lo32(x: v128): v128 {
  return v128.and(x, VM32);
}
// @ts-ignore: decorator
@inline
function hi32(x: v128): v128 {
  return i64x2.shr_u(x, 32);
}
/** 38 x = 32 x + 4 x + 2 x (i64x2.mul is slow on x86). */
// @ts-ignore: decorator
@inline
function times38(x: v128): v128 {
  return i64x2.add(i64x2.add(i64x2.shl(x, 5), i64x2.shl(x, 2)), i64x2.shl(x, 1));
}
// @ts-ignore: decorator
@inline
function times19(x: v128): v128 {
  return i64x2.add(i64x2.add(i64x2.shl(x, 4), i64x2.shl(x, 1)), x);
}
// @ts-ignore: decorator
@inline
function times38u(x: u64): u64 {
  return (x << 5) + (x << 2) + (x << 1);
}

/**
 * Stores Σ t_k 2^(32k) mod p for two elements (lane 0 at o, lane 1 at o + 32 if `both`), given
 * t_0..t_7 < 2^50 (the columns with the high ones already folded in). `both` is a constant at
 * every (inlined) call site.
 */
// @ts-ignore: decorator
@inline
function storePairFold8(
  o: usize,
  t0: v128, t1: v128, t2: v128, t3: v128, t4: v128, t5: v128, t6: v128, t7: v128,
  both: bool,
): void {
  // Carries: then V = Σ_(k<7) lo32(t_k) 2^(32k) + t7 2^224 < 2^275.
  t1 = i64x2.add(t1, hi32(t0));
  t2 = i64x2.add(t2, hi32(t1));
  t3 = i64x2.add(t3, hi32(t2));
  t4 = i64x2.add(t4, hi32(t3));
  t5 = i64x2.add(t5, hi32(t4));
  t6 = i64x2.add(t6, hi32(t5));
  t7 = i64x2.add(t7, hi32(t6));
  // Bits >= 255 (< 2^20 of them) fold down with 2^255 ≡ 19, and carries run again.
  let r0 = i64x2.add(lo32(t0), times19(i64x2.shr_u(t7, 31)));
  let r1 = i64x2.add(lo32(t1), hi32(r0));
  let r2 = i64x2.add(lo32(t2), hi32(r1));
  let r3 = i64x2.add(lo32(t3), hi32(r2));
  let r4 = i64x2.add(lo32(t4), hi32(r3));
  let r5 = i64x2.add(lo32(t5), hi32(r4));
  let r6 = i64x2.add(lo32(t6), hi32(r5));
  let r7 = i64x2.add(v128.and(t7, VM31), hi32(r6));
  r0 = lo32(r0);
  r1 = lo32(r1);
  r2 = lo32(r2);
  r3 = lo32(r3);
  r4 = lo32(r4);
  r5 = lo32(r5);
  r6 = lo32(r6);
  // Now V = Σ r_k 2^(32k) < 2^255 + 2^25. If V >= 2^255, the last carry made r7 = 2^31 and
  // r1..r6 = 0, r0 < 2^25: V mod p = r0 + 19. Fold that bit too; then V < 2^255, and V >= p only
  // if r7 = 2^31 - 1, r1..r6 = 2^32 - 1 and r0 >= 2^32 - 19, when V - p = r0 + 19 - 2^32.
  r0 = i64x2.add(r0, times19(i64x2.shr_u(r7, 31)));
  r7 = v128.and(r7, VM31);
  const r0p = i64x2.add(r0, V19);
  const ge = v128.and(
    v128.and(i64x2.eq(r7, VM31), i64x2.ne(hi32(r0p), i64x2.splat(0))),
    i64x2.eq(v128.and(v128.and(v128.and(r1, r2), v128.and(r3, r4)), v128.and(r5, r6)), VM32),
  );
  r0 = v128.bitselect(lo32(r0p), r0, ge);
  // Back to memory order: [x0, x1, y0, y1] etc., then 16 bytes per store.
  const L01 = i32x4.shuffle(r0, v128.andnot(r1, ge), 0, 4, 2, 6);
  const L23 = i32x4.shuffle(v128.andnot(r2, ge), v128.andnot(r3, ge), 0, 4, 2, 6);
  const L45 = i32x4.shuffle(v128.andnot(r4, ge), v128.andnot(r5, ge), 0, 4, 2, 6);
  const L67 = i32x4.shuffle(v128.andnot(r6, ge), v128.andnot(r7, ge), 0, 4, 2, 6);
  v128.store(o, i64x2.shuffle(L01, L23, 0, 2));
  v128.store(o, i64x2.shuffle(L45, L67, 0, 2), 16);
  if (both) {
    v128.store(o, i64x2.shuffle(L01, L23, 1, 3), 32);
    v128.store(o, i64x2.shuffle(L45, L67, 1, 3), 48);
  }
}

/** storePairFold8 for one element given as scalar columns (sum and dot, once per call). */
// @ts-ignore: decorator
@inline
function storeOneFold8(o: usize, t0: u64, t1: u64, t2: u64, t3: u64, t4: u64, t5: u64, t6: u64, t7: u64): void {
  storePairFold8(
    o,
    i64x2.splat(t0), i64x2.splat(t1), i64x2.splat(t2), i64x2.splat(t3),
    i64x2.splat(t4), i64x2.splat(t5), i64x2.splat(t6), i64x2.splat(t7),
    false,
  );
}

/**
 * Stores (z + a·b) mod p for two elements at o and o + 32 (only o unless `both`), where z is the
 * value at o if `withZ`, else 0. A01..A67 (and B01..B67) are the limbs of a (and b) interleaved by
 * lanes01/lanes23. `withZ` and `both` are constants at every (inlined) call site.
 *
 * The products run diagonal by diagonal; each column is formed as soon as its diagonal is done
 * and each high column folded into its low one at once, which keeps few values live (x86 has 16
 * SIMD registers; the operands alone take 20).
 */
// @ts-ignore: decorator
@inline
function mulAddPair(
  o: usize,
  A01: v128, A23: v128, A45: v128, A67: v128,
  B01: v128, B23: v128, B45: v128, B67: v128,
  withZ: bool,
  both: bool,
): void {
  const B10 = swapHalves(B01);
  const B32 = swapHalves(B23);
  const B54 = swapHalves(B45);
  const B76 = swapHalves(B67);
  let P: v128;
  let S: v128;
  // Diagonal d: S = Σ a_i b_(d-i) wrapping mod 2^64, H_d = Σ of their high halves; then column
  // c_d = (S - 2^32 H_d) + H_(d-1), and for d >= 8, t_(d-8) = c_(d-8) + 38 c_d.
  P = i64x2.extmul_low_i32x4_u(A01, B01); // a0b0
  S = P; let H0 = hi32(P);
  const c0 = i64x2.sub(S, i64x2.shl(H0, 32));
  P = i64x2.extmul_low_i32x4_u(A01, B10); // a0b1
  S = P; let H1 = hi32(P);
  P = i64x2.extmul_high_i32x4_u(A01, B10); // a1b0
  S = i64x2.add(S, P); H1 = i64x2.add(H1, hi32(P));
  const c1 = i64x2.add(i64x2.sub(S, i64x2.shl(H1, 32)), H0);
  P = i64x2.extmul_low_i32x4_u(A01, B23); // a0b2
  S = P; let H2 = hi32(P);
  P = i64x2.extmul_high_i32x4_u(A01, B01); // a1b1
  S = i64x2.add(S, P); H2 = i64x2.add(H2, hi32(P));
  P = i64x2.extmul_low_i32x4_u(A23, B01); // a2b0
  S = i64x2.add(S, P); H2 = i64x2.add(H2, hi32(P));
  const c2 = i64x2.add(i64x2.sub(S, i64x2.shl(H2, 32)), H1);
  P = i64x2.extmul_low_i32x4_u(A01, B32); // a0b3
  S = P; let H3 = hi32(P);
  P = i64x2.extmul_high_i32x4_u(A01, B32); // a1b2
  S = i64x2.add(S, P); H3 = i64x2.add(H3, hi32(P));
  P = i64x2.extmul_low_i32x4_u(A23, B10); // a2b1
  S = i64x2.add(S, P); H3 = i64x2.add(H3, hi32(P));
  P = i64x2.extmul_high_i32x4_u(A23, B10); // a3b0
  S = i64x2.add(S, P); H3 = i64x2.add(H3, hi32(P));
  const c3 = i64x2.add(i64x2.sub(S, i64x2.shl(H3, 32)), H2);
  P = i64x2.extmul_low_i32x4_u(A01, B45); // a0b4
  S = P; let H4 = hi32(P);
  P = i64x2.extmul_high_i32x4_u(A01, B23); // a1b3
  S = i64x2.add(S, P); H4 = i64x2.add(H4, hi32(P));
  P = i64x2.extmul_low_i32x4_u(A23, B23); // a2b2
  S = i64x2.add(S, P); H4 = i64x2.add(H4, hi32(P));
  P = i64x2.extmul_high_i32x4_u(A23, B01); // a3b1
  S = i64x2.add(S, P); H4 = i64x2.add(H4, hi32(P));
  P = i64x2.extmul_low_i32x4_u(A45, B01); // a4b0
  S = i64x2.add(S, P); H4 = i64x2.add(H4, hi32(P));
  const c4 = i64x2.add(i64x2.sub(S, i64x2.shl(H4, 32)), H3);
  P = i64x2.extmul_low_i32x4_u(A01, B54); // a0b5
  S = P; let H5 = hi32(P);
  P = i64x2.extmul_high_i32x4_u(A01, B54); // a1b4
  S = i64x2.add(S, P); H5 = i64x2.add(H5, hi32(P));
  P = i64x2.extmul_low_i32x4_u(A23, B32); // a2b3
  S = i64x2.add(S, P); H5 = i64x2.add(H5, hi32(P));
  P = i64x2.extmul_high_i32x4_u(A23, B32); // a3b2
  S = i64x2.add(S, P); H5 = i64x2.add(H5, hi32(P));
  P = i64x2.extmul_low_i32x4_u(A45, B10); // a4b1
  S = i64x2.add(S, P); H5 = i64x2.add(H5, hi32(P));
  P = i64x2.extmul_high_i32x4_u(A45, B10); // a5b0
  S = i64x2.add(S, P); H5 = i64x2.add(H5, hi32(P));
  const c5 = i64x2.add(i64x2.sub(S, i64x2.shl(H5, 32)), H4);
  P = i64x2.extmul_low_i32x4_u(A01, B67); // a0b6
  S = P; let H6 = hi32(P);
  P = i64x2.extmul_high_i32x4_u(A01, B45); // a1b5
  S = i64x2.add(S, P); H6 = i64x2.add(H6, hi32(P));
  P = i64x2.extmul_low_i32x4_u(A23, B45); // a2b4
  S = i64x2.add(S, P); H6 = i64x2.add(H6, hi32(P));
  P = i64x2.extmul_high_i32x4_u(A23, B23); // a3b3
  S = i64x2.add(S, P); H6 = i64x2.add(H6, hi32(P));
  P = i64x2.extmul_low_i32x4_u(A45, B23); // a4b2
  S = i64x2.add(S, P); H6 = i64x2.add(H6, hi32(P));
  P = i64x2.extmul_high_i32x4_u(A45, B01); // a5b1
  S = i64x2.add(S, P); H6 = i64x2.add(H6, hi32(P));
  P = i64x2.extmul_low_i32x4_u(A67, B01); // a6b0
  S = i64x2.add(S, P); H6 = i64x2.add(H6, hi32(P));
  const c6 = i64x2.add(i64x2.sub(S, i64x2.shl(H6, 32)), H5);
  P = i64x2.add(i64x2.extmul_low_i32x4_u(A01, B76), i64x2.extmul_high_i32x4_u(A67, B10)); // a0b7 + a7b0
  S = P; let H7 = hi32(P);
  P = i64x2.extmul_high_i32x4_u(A01, B76); // a1b6
  S = i64x2.add(S, P); H7 = i64x2.add(H7, hi32(P));
  P = i64x2.extmul_low_i32x4_u(A23, B54); // a2b5
  S = i64x2.add(S, P); H7 = i64x2.add(H7, hi32(P));
  P = i64x2.extmul_high_i32x4_u(A23, B54); // a3b4
  S = i64x2.add(S, P); H7 = i64x2.add(H7, hi32(P));
  P = i64x2.extmul_low_i32x4_u(A45, B32); // a4b3
  S = i64x2.add(S, P); H7 = i64x2.add(H7, hi32(P));
  P = i64x2.extmul_high_i32x4_u(A45, B32); // a5b2
  S = i64x2.add(S, P); H7 = i64x2.add(H7, hi32(P));
  P = i64x2.extmul_low_i32x4_u(A67, B10); // a6b1
  S = i64x2.add(S, P); H7 = i64x2.add(H7, hi32(P));
  const c7 = i64x2.add(i64x2.sub(S, i64x2.shl(H7, 32)), H6);
  P = i64x2.add(i64x2.extmul_high_i32x4_u(A01, B67), i64x2.extmul_high_i32x4_u(A67, B01)); // a1b7 + a7b1
  S = P; let H8 = hi32(P);
  P = i64x2.extmul_low_i32x4_u(A23, B67); // a2b6
  S = i64x2.add(S, P); H8 = i64x2.add(H8, hi32(P));
  P = i64x2.extmul_high_i32x4_u(A23, B45); // a3b5
  S = i64x2.add(S, P); H8 = i64x2.add(H8, hi32(P));
  P = i64x2.extmul_low_i32x4_u(A45, B45); // a4b4
  S = i64x2.add(S, P); H8 = i64x2.add(H8, hi32(P));
  P = i64x2.extmul_high_i32x4_u(A45, B23); // a5b3
  S = i64x2.add(S, P); H8 = i64x2.add(H8, hi32(P));
  P = i64x2.extmul_low_i32x4_u(A67, B23); // a6b2
  S = i64x2.add(S, P); H8 = i64x2.add(H8, hi32(P));
  const t0 = i64x2.add(c0, times38(i64x2.add(i64x2.sub(S, i64x2.shl(H8, 32)), H7)));
  P = i64x2.add(i64x2.extmul_low_i32x4_u(A23, B76), i64x2.extmul_high_i32x4_u(A67, B32)); // a2b7 + a7b2
  S = P; let H9 = hi32(P);
  P = i64x2.extmul_high_i32x4_u(A23, B76); // a3b6
  S = i64x2.add(S, P); H9 = i64x2.add(H9, hi32(P));
  P = i64x2.extmul_low_i32x4_u(A45, B54); // a4b5
  S = i64x2.add(S, P); H9 = i64x2.add(H9, hi32(P));
  P = i64x2.extmul_high_i32x4_u(A45, B54); // a5b4
  S = i64x2.add(S, P); H9 = i64x2.add(H9, hi32(P));
  P = i64x2.extmul_low_i32x4_u(A67, B32); // a6b3
  S = i64x2.add(S, P); H9 = i64x2.add(H9, hi32(P));
  const t1 = i64x2.add(c1, times38(i64x2.add(i64x2.sub(S, i64x2.shl(H9, 32)), H8)));
  P = i64x2.add(i64x2.extmul_high_i32x4_u(A23, B67), i64x2.extmul_high_i32x4_u(A67, B23)); // a3b7 + a7b3
  S = P; let H10 = hi32(P);
  P = i64x2.extmul_low_i32x4_u(A45, B67); // a4b6
  S = i64x2.add(S, P); H10 = i64x2.add(H10, hi32(P));
  P = i64x2.extmul_high_i32x4_u(A45, B45); // a5b5
  S = i64x2.add(S, P); H10 = i64x2.add(H10, hi32(P));
  P = i64x2.extmul_low_i32x4_u(A67, B45); // a6b4
  S = i64x2.add(S, P); H10 = i64x2.add(H10, hi32(P));
  const t2 = i64x2.add(c2, times38(i64x2.add(i64x2.sub(S, i64x2.shl(H10, 32)), H9)));
  P = i64x2.add(i64x2.extmul_low_i32x4_u(A45, B76), i64x2.extmul_high_i32x4_u(A67, B54)); // a4b7 + a7b4
  S = P; let H11 = hi32(P);
  P = i64x2.extmul_high_i32x4_u(A45, B76); // a5b6
  S = i64x2.add(S, P); H11 = i64x2.add(H11, hi32(P));
  P = i64x2.extmul_low_i32x4_u(A67, B54); // a6b5
  S = i64x2.add(S, P); H11 = i64x2.add(H11, hi32(P));
  const t3 = i64x2.add(c3, times38(i64x2.add(i64x2.sub(S, i64x2.shl(H11, 32)), H10)));
  P = i64x2.add(i64x2.extmul_high_i32x4_u(A45, B67), i64x2.extmul_high_i32x4_u(A67, B45)); // a5b7 + a7b5
  S = P; let H12 = hi32(P);
  P = i64x2.extmul_low_i32x4_u(A67, B67); // a6b6
  S = i64x2.add(S, P); H12 = i64x2.add(H12, hi32(P));
  const t4 = i64x2.add(c4, times38(i64x2.add(i64x2.sub(S, i64x2.shl(H12, 32)), H11)));
  P = i64x2.add(i64x2.extmul_low_i32x4_u(A67, B76), i64x2.extmul_high_i32x4_u(A67, B76)); // a6b7 + a7b6
  S = P; let H13 = hi32(P);
  const t5 = i64x2.add(c5, times38(i64x2.add(i64x2.sub(S, i64x2.shl(H13, 32)), H12)));
  P = i64x2.extmul_high_i32x4_u(A67, B67); // a7b7
  S = P; let H14 = hi32(P);
  const t6 = i64x2.add(c6, times38(i64x2.add(i64x2.sub(S, i64x2.shl(H14, 32)), H13)));
  const t7 = i64x2.add(c7, times38(H14));
  if (withZ) {
    const zero = i64x2.splat(0);
    const OX0 = v128.load(o);
    const OX1 = v128.load(o, 16);
    const OY0 = both ? v128.load(o, 32) : zero;
    const OY1 = both ? v128.load(o, 48) : zero;
    const Z01 = lanes01(OX0, OY0);
    const Z23 = lanes23(OX0, OY0);
    const Z45 = lanes01(OX1, OY1);
    const Z67 = lanes23(OX1, OY1);
    storePairFold8(
      o,
      i64x2.add(t0, i64x2.extend_low_i32x4_u(Z01)),
      i64x2.add(t1, i64x2.extend_high_i32x4_u(Z01)),
      i64x2.add(t2, i64x2.extend_low_i32x4_u(Z23)),
      i64x2.add(t3, i64x2.extend_high_i32x4_u(Z23)),
      i64x2.add(t4, i64x2.extend_low_i32x4_u(Z45)),
      i64x2.add(t5, i64x2.extend_high_i32x4_u(Z45)),
      i64x2.add(t6, i64x2.extend_low_i32x4_u(Z67)),
      i64x2.add(t7, i64x2.extend_high_i32x4_u(Z67)),
      both,
    );
  } else {
    storePairFold8(o, t0, t1, t2, t3, t4, t5, t6, t7, both);
  }
}

/** o = a * b for the two elements at a, b (one if not `both`: the second lane is zero). */
// @ts-ignore: decorator
@inline
function mulAt(o: usize, a: usize, b: usize, both: bool): void {
  const zero = i64x2.splat(0);
  const X0 = v128.load(a);
  const X1 = v128.load(a, 16);
  const Y0 = both ? v128.load(a, 32) : zero;
  const Y1 = both ? v128.load(a, 48) : zero;
  const U0 = v128.load(b);
  const U1 = v128.load(b, 16);
  const W0 = both ? v128.load(b, 32) : zero;
  const W1 = both ? v128.load(b, 48) : zero;
  mulAddPair(
    o,
    lanes01(X0, Y0), lanes23(X0, Y0), lanes01(X1, Y1), lanes23(X1, Y1),
    lanes01(U0, W0), lanes23(U0, W0), lanes01(U1, W1), lanes23(U1, W1),
    false,
    both,
  );
}

/** o = a * b (elementwise). o may equal a or b. */
export function mul(o: usize, a: usize, b: usize, n: usize): void {
  const end2 = o + ((n >> 1) << 6);
  while (o < end2) {
    mulAt(o, a, b, true);
    o += 64;
    a += 64;
    b += 64;
  }
  if (n & 1) mulAt(o, a, b, false);
}

/**
 * o = a·k (+ o if withZ) for k < 2^32, or o = -(a·k) (+ o) if `negate` (for the scalar p - k), on
 * the two elements at a (one if not `both`). Eight limb products; column 8 (the high half of
 * a_7 k < 2^63, weight 2^256 ≡ 38) folds into column 0.
 */
// @ts-ignore: decorator
@inline
function smallScalarAt(o: usize, a: usize, K: v128, negate: bool, withZ: bool, both: bool): void {
  const zero = i64x2.splat(0);
  const X0 = v128.load(a);
  const X1 = v128.load(a, 16);
  const Y0 = both ? v128.load(a, 32) : zero;
  const Y1 = both ? v128.load(a, 48) : zero;
  const A01 = lanes01(X0, Y0);
  const A23 = lanes23(X0, Y0);
  const A45 = lanes01(X1, Y1);
  const A67 = lanes23(X1, Y1);
  const p0 = i64x2.extmul_low_i32x4_u(A01, K);
  const p1 = i64x2.extmul_high_i32x4_u(A01, K);
  const p2 = i64x2.extmul_low_i32x4_u(A23, K);
  const p3 = i64x2.extmul_high_i32x4_u(A23, K);
  const p4 = i64x2.extmul_low_i32x4_u(A45, K);
  const p5 = i64x2.extmul_high_i32x4_u(A45, K);
  const p6 = i64x2.extmul_low_i32x4_u(A67, K);
  const p7 = i64x2.extmul_high_i32x4_u(A67, K);
  let t0 = i64x2.add(lo32(p0), times38(hi32(p7)));
  let t1 = i64x2.add(lo32(p1), hi32(p0));
  let t2 = i64x2.add(lo32(p2), hi32(p1));
  let t3 = i64x2.add(lo32(p3), hi32(p2));
  let t4 = i64x2.add(lo32(p4), hi32(p3));
  let t5 = i64x2.add(lo32(p5), hi32(p4));
  let t6 = i64x2.add(lo32(p6), hi32(p5));
  let t7 = i64x2.add(lo32(p7), hi32(p6));
  if (negate) {
    // 2^8 p - a·k, limb by limb: t_0 < 2^38 and t_k < 2^33 stay below the limbs of 2^8 p.
    t0 = i64x2.sub(BIAS0, t0);
    t1 = i64x2.sub(BIAS1, t1);
    t2 = i64x2.sub(BIAS1, t2);
    t3 = i64x2.sub(BIAS1, t3);
    t4 = i64x2.sub(BIAS1, t4);
    t5 = i64x2.sub(BIAS1, t5);
    t6 = i64x2.sub(BIAS1, t6);
    t7 = i64x2.sub(BIAS7, t7);
  }
  if (withZ) {
    const OX0 = v128.load(o);
    const OX1 = v128.load(o, 16);
    const OY0 = both ? v128.load(o, 32) : zero;
    const OY1 = both ? v128.load(o, 48) : zero;
    const Z01 = lanes01(OX0, OY0);
    const Z23 = lanes23(OX0, OY0);
    const Z45 = lanes01(OX1, OY1);
    const Z67 = lanes23(OX1, OY1);
    t0 = i64x2.add(t0, i64x2.extend_low_i32x4_u(Z01));
    t1 = i64x2.add(t1, i64x2.extend_high_i32x4_u(Z01));
    t2 = i64x2.add(t2, i64x2.extend_low_i32x4_u(Z23));
    t3 = i64x2.add(t3, i64x2.extend_high_i32x4_u(Z23));
    t4 = i64x2.add(t4, i64x2.extend_low_i32x4_u(Z45));
    t5 = i64x2.add(t5, i64x2.extend_high_i32x4_u(Z45));
    t6 = i64x2.add(t6, i64x2.extend_low_i32x4_u(Z67));
    t7 = i64x2.add(t7, i64x2.extend_high_i32x4_u(Z67));
  }
  storePairFold8(o, t0, t1, t2, t3, t4, t5, t6, t7, both);
}

/**
 * o = a·s (+ o if withZ) on the two elements at a (one if not `both`), the scalar given as the
 * interleaved limbs B01..B67 of lanes01/lanes23(S, S).
 */
// @ts-ignore: decorator
@inline
function scalarAt(o: usize, a: usize, B01: v128, B23: v128, B45: v128, B67: v128, withZ: bool, both: bool): void {
  const zero = i64x2.splat(0);
  const X0 = v128.load(a);
  const X1 = v128.load(a, 16);
  const Y0 = both ? v128.load(a, 32) : zero;
  const Y1 = both ? v128.load(a, 48) : zero;
  mulAddPair(
    o,
    lanes01(X0, Y0), lanes23(X0, Y0), lanes01(X1, Y1), lanes23(X1, Y1),
    B01, B23, B45, B67,
    withZ,
    both,
  );
}

/**
 * o = a * s (mulScalar, withZ = false) or o = o + a * s (axpy, withZ = true), for the canonical
 * scalar s = s0 + 2^64 s1 + 2^128 s2 + 2^192 s3. Inlined into both callers, so `withZ` is a
 * constant.
 */
// @ts-ignore: decorator
@inline
function mulScalarAdd(o: usize, a: usize, s0: u64, s1: u64, s2: u64, s3: u64, withZ: bool, n: usize): void {
  const end2 = o + ((n >> 1) << 6);
  const odd = (n & 1) != 0;
  if ((s1 | s2 | s3) == 0 && s0 <= M32) {
    const K = i32x4.splat(<i32>s0);
    while (o < end2) {
      smallScalarAt(o, a, K, false, withZ, true);
      o += 64;
      a += 64;
    }
    if (odd) smallScalarAt(o, a, K, false, withZ, false);
  } else if (s3 == HI_MASK && (s1 & s2) == ONES && s0 >= P0 - M32) {
    // s = p - k with 1 <= k = P0 - s0 < 2^32.
    const K = i32x4.splat(<i32>(P0 - s0));
    while (o < end2) {
      smallScalarAt(o, a, K, true, withZ, true);
      o += 64;
      a += 64;
    }
    if (odd) smallScalarAt(o, a, K, true, withZ, false);
  } else {
    const SL = i64x2.replace_lane(i64x2.splat(s0), 1, s1);
    const SH = i64x2.replace_lane(i64x2.splat(s2), 1, s3);
    const B01 = lanes01(SL, SL);
    const B23 = lanes23(SL, SL);
    const B45 = lanes01(SH, SH);
    const B67 = lanes23(SH, SH);
    while (o < end2) {
      scalarAt(o, a, B01, B23, B45, B67, withZ, true);
      o += 64;
      a += 64;
    }
    if (odd) scalarAt(o, a, B01, B23, B45, B67, withZ, false);
  }
}

/** o = a * s. o may equal a. */
export function mulScalar(o: usize, a: usize, s0: u64, s1: u64, s2: u64, s3: u64, n: usize): void {
  mulScalarAdd(o, a, s0, s1, s2, s3, false, n);
}

/** o = o + s * a. o may equal a. */
export function axpy(o: usize, s0: u64, s1: u64, s2: u64, s3: u64, a: usize, n: usize): void {
  mulScalarAdd(o, a, s0, s1, s2, s3, true, n);
}

/**
 * Stores Σ a_i b_i mod p at `r`, for contiguous a and b (n < 2^26). Two elements per step in SIMD
 * lanes (an odd last element is paired with zero); the diagonal sums S_d, H_d are accumulated
 * unreduced over the whole vector (the low halves of a diagonal gain < 2^35 per step, so their
 * sum S_d - 2^32 H_d stays < 2^60) and reduced once at the end.
 */
export function dot(r: usize, a: usize, b: usize, n: usize): void {
  const zero = i64x2.splat(0);
  let S0 = zero, S1 = zero, S2 = zero, S3 = zero, S4 = zero, S5 = zero, S6 = zero, S7 = zero;
  let S8 = zero, S9 = zero, S10 = zero, S11 = zero, S12 = zero, S13 = zero, S14 = zero;
  let H0 = zero, H1 = zero, H2 = zero, H3 = zero, H4 = zero, H5 = zero, H6 = zero, H7 = zero;
  let H8 = zero, H9 = zero, H10 = zero, H11 = zero, H12 = zero, H13 = zero, H14 = zero;
  const end = a + (n << 5);
  while (a < end) {
    const pair = a + 32 < end;
    const second: usize = select<usize>(32, 0, pair);
    const X0 = v128.load(a);
    const X1 = v128.load(a, 16);
    const Y0 = select<v128>(v128.load(a + second), zero, pair);
    const Y1 = select<v128>(v128.load(a + second, 16), zero, pair);
    const U0 = v128.load(b);
    const U1 = v128.load(b, 16);
    const W0 = select<v128>(v128.load(b + second), zero, pair);
    const W1 = select<v128>(v128.load(b + second, 16), zero, pair);
    const A01 = lanes01(X0, Y0);
    const A23 = lanes23(X0, Y0);
    const A45 = lanes01(X1, Y1);
    const A67 = lanes23(X1, Y1);
    const B01 = lanes01(U0, W0);
    const B23 = lanes23(U0, W0);
    const B45 = lanes01(U1, W1);
    const B67 = lanes23(U1, W1);
    const B10 = swapHalves(B01);
    const B32 = swapHalves(B23);
    const B54 = swapHalves(B45);
    const B76 = swapHalves(B67);
    let P: v128;
    P = i64x2.extmul_low_i32x4_u(A01, B01); // a0b0
    S0 = i64x2.add(S0, P); H0 = i64x2.add(H0, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A01, B10); // a0b1
    S1 = i64x2.add(S1, P); H1 = i64x2.add(H1, hi32(P));
    P = i64x2.extmul_high_i32x4_u(A01, B10); // a1b0
    S1 = i64x2.add(S1, P); H1 = i64x2.add(H1, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A01, B23); // a0b2
    S2 = i64x2.add(S2, P); H2 = i64x2.add(H2, hi32(P));
    P = i64x2.extmul_high_i32x4_u(A01, B01); // a1b1
    S2 = i64x2.add(S2, P); H2 = i64x2.add(H2, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A23, B01); // a2b0
    S2 = i64x2.add(S2, P); H2 = i64x2.add(H2, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A01, B32); // a0b3
    S3 = i64x2.add(S3, P); H3 = i64x2.add(H3, hi32(P));
    P = i64x2.extmul_high_i32x4_u(A01, B32); // a1b2
    S3 = i64x2.add(S3, P); H3 = i64x2.add(H3, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A23, B10); // a2b1
    S3 = i64x2.add(S3, P); H3 = i64x2.add(H3, hi32(P));
    P = i64x2.extmul_high_i32x4_u(A23, B10); // a3b0
    S3 = i64x2.add(S3, P); H3 = i64x2.add(H3, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A01, B45); // a0b4
    S4 = i64x2.add(S4, P); H4 = i64x2.add(H4, hi32(P));
    P = i64x2.extmul_high_i32x4_u(A01, B23); // a1b3
    S4 = i64x2.add(S4, P); H4 = i64x2.add(H4, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A23, B23); // a2b2
    S4 = i64x2.add(S4, P); H4 = i64x2.add(H4, hi32(P));
    P = i64x2.extmul_high_i32x4_u(A23, B01); // a3b1
    S4 = i64x2.add(S4, P); H4 = i64x2.add(H4, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A45, B01); // a4b0
    S4 = i64x2.add(S4, P); H4 = i64x2.add(H4, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A01, B54); // a0b5
    S5 = i64x2.add(S5, P); H5 = i64x2.add(H5, hi32(P));
    P = i64x2.extmul_high_i32x4_u(A01, B54); // a1b4
    S5 = i64x2.add(S5, P); H5 = i64x2.add(H5, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A23, B32); // a2b3
    S5 = i64x2.add(S5, P); H5 = i64x2.add(H5, hi32(P));
    P = i64x2.extmul_high_i32x4_u(A23, B32); // a3b2
    S5 = i64x2.add(S5, P); H5 = i64x2.add(H5, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A45, B10); // a4b1
    S5 = i64x2.add(S5, P); H5 = i64x2.add(H5, hi32(P));
    P = i64x2.extmul_high_i32x4_u(A45, B10); // a5b0
    S5 = i64x2.add(S5, P); H5 = i64x2.add(H5, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A01, B67); // a0b6
    S6 = i64x2.add(S6, P); H6 = i64x2.add(H6, hi32(P));
    P = i64x2.extmul_high_i32x4_u(A01, B45); // a1b5
    S6 = i64x2.add(S6, P); H6 = i64x2.add(H6, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A23, B45); // a2b4
    S6 = i64x2.add(S6, P); H6 = i64x2.add(H6, hi32(P));
    P = i64x2.extmul_high_i32x4_u(A23, B23); // a3b3
    S6 = i64x2.add(S6, P); H6 = i64x2.add(H6, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A45, B23); // a4b2
    S6 = i64x2.add(S6, P); H6 = i64x2.add(H6, hi32(P));
    P = i64x2.extmul_high_i32x4_u(A45, B01); // a5b1
    S6 = i64x2.add(S6, P); H6 = i64x2.add(H6, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A67, B01); // a6b0
    S6 = i64x2.add(S6, P); H6 = i64x2.add(H6, hi32(P));
    P = i64x2.add(i64x2.extmul_low_i32x4_u(A01, B76), i64x2.extmul_high_i32x4_u(A67, B10)); // a0b7 + a7b0
    S7 = i64x2.add(S7, P); H7 = i64x2.add(H7, hi32(P));
    P = i64x2.extmul_high_i32x4_u(A01, B76); // a1b6
    S7 = i64x2.add(S7, P); H7 = i64x2.add(H7, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A23, B54); // a2b5
    S7 = i64x2.add(S7, P); H7 = i64x2.add(H7, hi32(P));
    P = i64x2.extmul_high_i32x4_u(A23, B54); // a3b4
    S7 = i64x2.add(S7, P); H7 = i64x2.add(H7, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A45, B32); // a4b3
    S7 = i64x2.add(S7, P); H7 = i64x2.add(H7, hi32(P));
    P = i64x2.extmul_high_i32x4_u(A45, B32); // a5b2
    S7 = i64x2.add(S7, P); H7 = i64x2.add(H7, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A67, B10); // a6b1
    S7 = i64x2.add(S7, P); H7 = i64x2.add(H7, hi32(P));
    P = i64x2.add(i64x2.extmul_high_i32x4_u(A01, B67), i64x2.extmul_high_i32x4_u(A67, B01)); // a1b7 + a7b1
    S8 = i64x2.add(S8, P); H8 = i64x2.add(H8, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A23, B67); // a2b6
    S8 = i64x2.add(S8, P); H8 = i64x2.add(H8, hi32(P));
    P = i64x2.extmul_high_i32x4_u(A23, B45); // a3b5
    S8 = i64x2.add(S8, P); H8 = i64x2.add(H8, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A45, B45); // a4b4
    S8 = i64x2.add(S8, P); H8 = i64x2.add(H8, hi32(P));
    P = i64x2.extmul_high_i32x4_u(A45, B23); // a5b3
    S8 = i64x2.add(S8, P); H8 = i64x2.add(H8, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A67, B23); // a6b2
    S8 = i64x2.add(S8, P); H8 = i64x2.add(H8, hi32(P));
    P = i64x2.add(i64x2.extmul_low_i32x4_u(A23, B76), i64x2.extmul_high_i32x4_u(A67, B32)); // a2b7 + a7b2
    S9 = i64x2.add(S9, P); H9 = i64x2.add(H9, hi32(P));
    P = i64x2.extmul_high_i32x4_u(A23, B76); // a3b6
    S9 = i64x2.add(S9, P); H9 = i64x2.add(H9, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A45, B54); // a4b5
    S9 = i64x2.add(S9, P); H9 = i64x2.add(H9, hi32(P));
    P = i64x2.extmul_high_i32x4_u(A45, B54); // a5b4
    S9 = i64x2.add(S9, P); H9 = i64x2.add(H9, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A67, B32); // a6b3
    S9 = i64x2.add(S9, P); H9 = i64x2.add(H9, hi32(P));
    P = i64x2.add(i64x2.extmul_high_i32x4_u(A23, B67), i64x2.extmul_high_i32x4_u(A67, B23)); // a3b7 + a7b3
    S10 = i64x2.add(S10, P); H10 = i64x2.add(H10, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A45, B67); // a4b6
    S10 = i64x2.add(S10, P); H10 = i64x2.add(H10, hi32(P));
    P = i64x2.extmul_high_i32x4_u(A45, B45); // a5b5
    S10 = i64x2.add(S10, P); H10 = i64x2.add(H10, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A67, B45); // a6b4
    S10 = i64x2.add(S10, P); H10 = i64x2.add(H10, hi32(P));
    P = i64x2.add(i64x2.extmul_low_i32x4_u(A45, B76), i64x2.extmul_high_i32x4_u(A67, B54)); // a4b7 + a7b4
    S11 = i64x2.add(S11, P); H11 = i64x2.add(H11, hi32(P));
    P = i64x2.extmul_high_i32x4_u(A45, B76); // a5b6
    S11 = i64x2.add(S11, P); H11 = i64x2.add(H11, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A67, B54); // a6b5
    S11 = i64x2.add(S11, P); H11 = i64x2.add(H11, hi32(P));
    P = i64x2.add(i64x2.extmul_high_i32x4_u(A45, B67), i64x2.extmul_high_i32x4_u(A67, B45)); // a5b7 + a7b5
    S12 = i64x2.add(S12, P); H12 = i64x2.add(H12, hi32(P));
    P = i64x2.extmul_low_i32x4_u(A67, B67); // a6b6
    S12 = i64x2.add(S12, P); H12 = i64x2.add(H12, hi32(P));
    P = i64x2.add(i64x2.extmul_low_i32x4_u(A67, B76), i64x2.extmul_high_i32x4_u(A67, B76)); // a6b7 + a7b6
    S13 = i64x2.add(S13, P); H13 = i64x2.add(H13, hi32(P));
    P = i64x2.extmul_high_i32x4_u(A67, B67); // a7b7
    S14 = i64x2.add(S14, P); H14 = i64x2.add(H14, hi32(P));
    a += 64;
    b += 64;
  }
  // Per lane, column k = L_k + H_(k-1) < 2^61 with L_k = S_k - 2^32 H_k; sum the two lanes
  // (< 2^62), then renormalise to 32-bit digits e_0..e_16 of weight 2^(32k).
  let t: u64 = colSum(S0, H0, zero);
  const e0 = t & M32;
  t = (t >> 32) + colSum(S1, H1, H0);
  const e1 = t & M32;
  t = (t >> 32) + colSum(S2, H2, H1);
  const e2 = t & M32;
  t = (t >> 32) + colSum(S3, H3, H2);
  const e3 = t & M32;
  t = (t >> 32) + colSum(S4, H4, H3);
  const e4 = t & M32;
  t = (t >> 32) + colSum(S5, H5, H4);
  const e5 = t & M32;
  t = (t >> 32) + colSum(S6, H6, H5);
  const e6 = t & M32;
  t = (t >> 32) + colSum(S7, H7, H6);
  const e7 = t & M32;
  t = (t >> 32) + colSum(S8, H8, H7);
  const e8 = t & M32;
  t = (t >> 32) + colSum(S9, H9, H8);
  const e9 = t & M32;
  t = (t >> 32) + colSum(S10, H10, H9);
  const e10 = t & M32;
  t = (t >> 32) + colSum(S11, H11, H10);
  const e11 = t & M32;
  t = (t >> 32) + colSum(S12, H12, H11);
  const e12 = t & M32;
  t = (t >> 32) + colSum(S13, H13, H12);
  const e13 = t & M32;
  t = (t >> 32) + colSum(S14, H14, H13);
  const e14 = t & M32;
  t = (t >> 32) + colSum(zero, zero, H14);
  const e15 = t & M32;
  const e16 = t >> 32; // weight 2^512 ≡ 38^2 = 1444
  storeOneFold8(
    r,
    e0 + times38u(e8) + e16 * 1444,
    e1 + times38u(e9),
    e2 + times38u(e10),
    e3 + times38u(e11),
    e4 + times38u(e12),
    e5 + times38u(e13),
    e6 + times38u(e14),
    e7 + times38u(e15),
  );
}

/** Both lanes of the column (S - 2^32 H) + Hprev, summed. */
// @ts-ignore: decorator
@inline
function colSum(S: v128, H: v128, Hprev: v128): u64 {
  const c = i64x2.add(i64x2.sub(S, i64x2.shl(H, 32)), Hprev);
  return <u64>i64x2.extract_lane(c, 0) + <u64>i64x2.extract_lane(c, 1);
}

/**
 * o (m×n) = a (m×k) · b (k×n), all row-major, given bT = the transpose of b (n×k, see
 * {@link transpose}) so that every inner product reads contiguous memory (k < 2^26). o must not
 * overlap a or bT.
 */
export function matmul(o: usize, a: usize, bT: usize, m: usize, k: usize, n: usize): void {
  const rowBytes = k << 5;
  for (let i: usize = 0; i < m; i++) {
    const ai = a + i * rowBytes;
    let bj = bT;
    for (let j: usize = 0; j < n; j++) {
      dot(o, ai, bj, k);
      o += 32;
      bj += rowBytes;
    }
  }
}
