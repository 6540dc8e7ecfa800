/**
 * WebAssembly kernels for Fp127 (p = 2^127 - 1), written in AssemblyScript.
 *
 * Compiled by `npm run build:wasm` (scripts/build-wasm.js) into `fp127-wasm.generated.ts`; the
 * loader is `../kernels-wasm.ts`, which owns all of linear memory: it copies inputs in at pointers
 * it chooses, calls these functions, and copies results out. Nothing here allocates.
 *
 * Element layout (same as `FpVec`): 16 bytes, little-endian, element = lo + 2^64 * hi, canonical
 * in [0, p). Inputs are assumed canonical; every output is canonical.
 *
 * Arithmetic: wasm has no 64x64 -> 128 multiply, so a product uses 32-bit limbs
 * a = a0 + a1 2^32 + a2 2^64 + a3 2^96 (a3 < 2^31) and 16 u64 products a_i b_j < 2^64. Their 32-bit
 * halves are summed into 8 columns c_0..c_7 of weight 2^(32k) (each < 2^36), the high columns are
 * folded down with 2^128 ≡ 2 (mod p), carries are propagated, and bits >= 127 are folded with
 * 2^127 ≡ 1. A last conditional subtraction (branch-free, via `select`) makes the result canonical.
 *
 * mul, mulScalar, axpy and dot process two elements per step with 128-bit SIMD (lanes are
 * elements, `i64x2.extmul_*_i32x4_u` does two limb products at once); an odd last element takes
 * the scalar path. Scalars s < 2^32 and s > p - 2^32 (small negative: Lagrange coefficients) need
 * only 4 limb products per element instead of 16.
 *
 * Control flow does not depend on element values except in `toInt64` (which decodes public values
 * and records the first out-of-range index). mulScalar and axpy choose their path once per call by
 * the size of the scalar, so the time of a call reveals whether s < 2^32 or s > p - 2^32 (scalars
 * are public coefficients in the engine). WebAssembly gives no constant-time guarantee.
 */

const M32: u64 = 0xffffffff;
const HI_MASK: u64 = 0x7fffffffffffffff;

/** First byte the loader may use. */
export function scratchBase(): usize {
  return (__heap_base + 63) & ~(<usize>63);
}

/**
 * Stores V = lo + 2^64 hi, 0 <= V < 2p, as V mod p. V >= p iff V + 1 >= 2^127, and then
 * V - p = V + 1 - 2^127.
 */
// @ts-ignore: decorator
@inline
function storeCanon(o: usize, lo: u64, hi: u64): void {
  const lo1 = lo + 1;
  const hi1 = hi + <u64>(lo1 == 0);
  const ge = (hi1 >> 63) != 0;
  store<u64>(o, select<u64>(lo1, lo, ge));
  store<u64>(o, select<u64>(hi1 & HI_MASK, hi, ge), 8);
}

/**
 * Stores Σ t_k 2^(32k) mod p, given t_0..t_3 < 2^40 (the low columns with the high ones already
 * folded in).
 */
// @ts-ignore: decorator
@inline
function storeFold4(o: usize, t0: u64, t1: u64, t2: u64, t3: u64): void {
  t1 += t0 >> 32;
  t2 += t1 >> 32;
  t3 += t2 >> 32;
  const top = t3 >> 31; // bits >= 127: 2^127 ≡ 1
  const lo = (t0 & M32) | (t1 << 32);
  const hi = (t2 & M32) | ((t3 & 0x7fffffff) << 32);
  const lo2 = lo + top;
  storeCanon(o, lo2, hi + <u64>(lo2 < top));
}

/** Stores Σ c_k 2^(32k) mod p for columns c_0..c_7 < 2^38, using 2^128 ≡ 2. */
// @ts-ignore: decorator
@inline
function storeFold8(
  o: usize,
  c0: u64,
  c1: u64,
  c2: u64,
  c3: u64,
  c4: u64,
  c5: u64,
  c6: u64,
  c7: u64,
): void {
  storeFold4(o, c0 + (c4 << 1), c1 + (c5 << 1), c2 + (c6 << 1), c3 + (c7 << 1));
}

/**
 * o = (x + a*b) mod p where x = x0 + x1 2^32 + x2 2^64 + x3 2^96 is given as 32-bit limbs (pass
 * zeros for a plain product). a and b are given as limbs (a3, b3 < 2^31).
 */
// @ts-ignore: decorator
@inline
function mulAddLimbs(
  o: usize,
  a0: u64,
  a1: u64,
  a2: u64,
  a3: u64,
  b0: u64,
  b1: u64,
  b2: u64,
  b3: u64,
  x0: u64,
  x1: u64,
  x2: u64,
  x3: u64,
): void {
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const p02 = a0 * b2;
  const p11 = a1 * b1;
  const p20 = a2 * b0;
  // Products with a factor of limb 3 are < 2^63, so pairs of them add without overflow.
  const q03 = a0 * b3 + a3 * b0;
  const p12 = a1 * b2;
  const p21 = a2 * b1;
  const q13 = a1 * b3 + a3 * b1;
  const p22 = a2 * b2;
  const q23 = a2 * b3 + a3 * b2;
  const p33 = a3 * b3;
  const c0 = (p00 & M32) + x0;
  const c1 = (p00 >> 32) + (p01 & M32) + (p10 & M32) + x1;
  const c2 = (p01 >> 32) + (p10 >> 32) + (p02 & M32) + (p11 & M32) + (p20 & M32) + x2;
  const c3 =
    (p02 >> 32) + (p11 >> 32) + (p20 >> 32) + (q03 & M32) + (p12 & M32) + (p21 & M32) + x3;
  const c4 = (q03 >> 32) + (p12 >> 32) + (p21 >> 32) + (q13 & M32) + (p22 & M32);
  const c5 = (q13 >> 32) + (p22 >> 32) + (q23 & M32);
  const c6 = (q23 >> 32) + (p33 & M32);
  const c7 = p33 >> 32;
  storeFold8(o, c0, c1, c2, c3, c4, c5, c6, c7);
}

// Two elements per step with 128-bit SIMD: lanes are elements. `lanes01(X, Y)` interleaves limbs
// 0 and 1 of elements X and Y as i32 lanes [x0, y0, x1, y1], so that extmul_low/high multiply limb 0
// or limb 1 of both elements at once into i64 lanes [x_i b_j, y_i b'_j].

const VM32: v128 = i64x2.splat(0xffffffff);
const VM31: v128 = i64x2.splat(0x7fffffff);

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
/** [x1, y1, x0, y0] from [x0, y0, x1, y1]. */
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
// @ts-ignore: decorator
@inline
function add3(x: v128, y: v128, z: v128): v128 {
  return i64x2.add(i64x2.add(x, y), z);
}

/**
 * storeFold4 for two elements: lane e of t_k is column k of element e (< 2^40). Stores element 0
 * at o and element 1 at o + 16, canonical.
 */
// @ts-ignore: decorator
@inline
function storePairFold4(o: usize, t0: v128, t1: v128, t2: v128, t3: v128): void {
  t1 = i64x2.add(t1, hi32(t0));
  t2 = i64x2.add(t2, hi32(t1));
  t3 = i64x2.add(t3, hi32(t2));
  const top = i64x2.shr_u(t3, 31); // bits >= 127: 2^127 ≡ 1
  let r0 = i64x2.add(lo32(t0), top);
  let r1 = i64x2.add(lo32(t1), hi32(r0));
  let r2 = i64x2.add(lo32(t2), hi32(r1));
  let r3 = i64x2.add(v128.and(t3, VM31), hi32(r2));
  r0 = lo32(r0);
  r1 = lo32(r1);
  r2 = lo32(r2);
  // Now V = Σ r_k 2^(32k) <= 2^127 + 126, so V >= p in two ways only. Either V >= 2^127: then
  // r3 = 2^31, r1 = r2 = 0, r0 <= 126, and V - p = r0 + 1. Or V = p exactly (all ones): 0.
  r0 = i64x2.add(r0, i64x2.shr_u(r3, 31));
  r3 = v128.and(r3, VM31);
  const isP = i64x2.eq(
    v128.and(v128.and(r0, r1), v128.and(r2, v128.or(r3, i64x2.splat(0x80000000)))),
    VM32,
  );
  // Back to memory order: [x0, x1, y0, y1] and [x2, x3, y2, y3], then one element per store.
  const lo = i32x4.shuffle(v128.andnot(r0, isP), v128.andnot(r1, isP), 0, 4, 2, 6);
  const hi = i32x4.shuffle(v128.andnot(r2, isP), v128.andnot(r3, isP), 0, 4, 2, 6);
  v128.store(o, i64x2.shuffle(lo, hi, 0, 2));
  v128.store(o, i64x2.shuffle(lo, hi, 1, 3), 16);
}

/**
 * Stores (z + a·b) mod p for two elements at o and o + 16. A01, A23 (and B01, B23) are the limbs of
 * a (and b) interleaved by lanes01/lanes23; Z0..Z3 are z's limbs as i64 lanes, used if `withZ`.
 */
// @ts-ignore: decorator
@inline
function mulAddPair(
  o: usize,
  A01: v128,
  A23: v128,
  B01: v128,
  B23: v128,
  withZ: bool,
  Z0: v128,
  Z1: v128,
  Z2: v128,
  Z3: v128,
): void {
  const B10 = swapHalves(B01);
  const B32 = swapHalves(B23);
  const p00 = i64x2.extmul_low_i32x4_u(A01, B01);
  const p11 = i64x2.extmul_high_i32x4_u(A01, B01);
  const p02 = i64x2.extmul_low_i32x4_u(A01, B23);
  const p20 = i64x2.extmul_low_i32x4_u(A23, B01);
  const p22 = i64x2.extmul_low_i32x4_u(A23, B23);
  const p33 = i64x2.extmul_high_i32x4_u(A23, B23);
  const p01 = i64x2.extmul_low_i32x4_u(A01, B10);
  const p10 = i64x2.extmul_high_i32x4_u(A01, B10);
  const p12 = i64x2.extmul_high_i32x4_u(A01, B32);
  const p21 = i64x2.extmul_low_i32x4_u(A23, B10);
  // Products with a factor of limb 3 are < 2^63, so pairs of them add without overflow.
  const q03 = i64x2.add(i64x2.extmul_low_i32x4_u(A01, B32), i64x2.extmul_high_i32x4_u(A23, B10));
  const q13 = i64x2.add(i64x2.extmul_high_i32x4_u(A01, B23), i64x2.extmul_high_i32x4_u(A23, B01));
  const q23 = i64x2.add(i64x2.extmul_low_i32x4_u(A23, B32), i64x2.extmul_high_i32x4_u(A23, B32));
  let c0 = lo32(p00);
  let c1 = add3(hi32(p00), lo32(p01), lo32(p10));
  let c2 = i64x2.add(add3(hi32(p01), hi32(p10), lo32(p02)), i64x2.add(lo32(p11), lo32(p20)));
  let c3 = i64x2.add(add3(hi32(p02), hi32(p11), hi32(p20)), add3(lo32(q03), lo32(p12), lo32(p21)));
  const c4 = i64x2.add(add3(hi32(q03), hi32(p12), hi32(p21)), i64x2.add(lo32(q13), lo32(p22)));
  const c5 = add3(hi32(q13), hi32(p22), lo32(q23));
  const c6 = i64x2.add(hi32(q23), lo32(p33));
  const c7 = hi32(p33);
  if (withZ) {
    c0 = i64x2.add(c0, Z0);
    c1 = i64x2.add(c1, Z1);
    c2 = i64x2.add(c2, Z2);
    c3 = i64x2.add(c3, Z3);
  }
  storePairFold4(
    o,
    i64x2.add(c0, i64x2.shl(c4, 1)),
    i64x2.add(c1, i64x2.shl(c5, 1)),
    i64x2.add(c2, i64x2.shl(c6, 1)),
    i64x2.add(c3, i64x2.shl(c7, 1)),
  );
}

/** o = a + b (elementwise, n elements). o may equal a or b. */
export function add(o: usize, a: usize, b: usize, n: usize): void {
  const end = o + (n << 4);
  while (o < end) {
    const alo = load<u64>(a);
    const ahi = load<u64>(a, 8);
    const lo = alo + load<u64>(b);
    const hi = ahi + load<u64>(b, 8) + <u64>(lo < alo);
    storeCanon(o, lo, hi);
    o += 16;
    a += 16;
    b += 16;
  }
}

/** o = a - b, computed as a + (p - b) with p - b = b XOR p (b < 2^127). */
export function sub(o: usize, a: usize, b: usize, n: usize): void {
  const end = o + (n << 4);
  while (o < end) {
    const alo = load<u64>(a);
    const ahi = load<u64>(a, 8);
    const lo = alo + ~load<u64>(b);
    const hi = ahi + (load<u64>(b, 8) ^ HI_MASK) + <u64>(lo < alo);
    storeCanon(o, lo, hi);
    o += 16;
    a += 16;
    b += 16;
  }
}

/** o = -a = p - a (then p -> 0). */
export function neg(o: usize, a: usize, n: usize): void {
  const end = o + (n << 4);
  while (o < end) {
    storeCanon(o, ~load<u64>(a), load<u64>(a, 8) ^ HI_MASK);
    o += 16;
    a += 16;
  }
}

/** o = a + s, with the canonical scalar s = slo + 2^64 shi. */
export function addScalar(o: usize, a: usize, slo: u64, shi: u64, n: usize): void {
  const end = o + (n << 4);
  while (o < end) {
    const alo = load<u64>(a);
    const lo = alo + slo;
    const hi = load<u64>(a, 8) + shi + <u64>(lo < alo);
    storeCanon(o, lo, hi);
    o += 16;
    a += 16;
  }
}

/** o = a * b (elementwise). o may equal a or b. */
export function mul(o: usize, a: usize, b: usize, n: usize): void {
  const end2 = o + ((n >> 1) << 5);
  const zero = i64x2.splat(0);
  while (o < end2) {
    const X = v128.load(a);
    const Y = v128.load(a, 16);
    const BX = v128.load(b);
    const BY = v128.load(b, 16);
    mulAddPair(o, lanes01(X, Y), lanes23(X, Y), lanes01(BX, BY), lanes23(BX, BY), false, zero, zero, zero, zero);
    o += 32;
    a += 32;
    b += 32;
  }
  if (n & 1) {
    mulAddLimbs(
      o,
      <u64>load<u32>(a),
      <u64>load<u32>(a, 4),
      <u64>load<u32>(a, 8),
      <u64>load<u32>(a, 12),
      <u64>load<u32>(b),
      <u64>load<u32>(b, 4),
      <u64>load<u32>(b, 8),
      <u64>load<u32>(b, 12),
      0,
      0,
      0,
      0,
    );
  }
}

/**
 * o = a·k (+ o if withZ) for k < 2^32, or o = (p - a)·k (+ o if withZ) = a·(p - k) (+ o) if
 * `negate`: p - a = a XOR p is in [1, p] (limb 3 still < 2^31). Four limb products and five
 * columns; the fifth (p3 >> 32, weight 2^128 ≡ 2) folds into column 0. `negate` and `withZ` are
 * constants at every (inlined) call site.
 */
// @ts-ignore: decorator
@inline
function smallScalarLoop(o: usize, a: usize, k: u64, negate: bool, withZ: bool, n: usize): void {
  const end = o + (n << 4);
  const end2 = o + ((n >> 1) << 5);
  const flip: u64 = negate ? M32 : 0;
  const FLIP = i64x2.replace_lane(i64x2.splat(0xffffffffffffffff), 1, 0x7fffffffffffffff);
  const S = i32x4.splat(<i32>k);
  while (o < end2) {
    const X = negate ? v128.xor(v128.load(a), FLIP) : v128.load(a);
    const Y = negate ? v128.xor(v128.load(a, 16), FLIP) : v128.load(a, 16);
    const A01 = lanes01(X, Y);
    const A23 = lanes23(X, Y);
    const p0 = i64x2.extmul_low_i32x4_u(A01, S);
    const p1 = i64x2.extmul_high_i32x4_u(A01, S);
    const p2 = i64x2.extmul_low_i32x4_u(A23, S);
    const p3 = i64x2.extmul_high_i32x4_u(A23, S);
    let c0 = i64x2.add(lo32(p0), i64x2.shl(hi32(p3), 1));
    let c1 = i64x2.add(hi32(p0), lo32(p1));
    let c2 = i64x2.add(hi32(p1), lo32(p2));
    let c3 = i64x2.add(hi32(p2), lo32(p3));
    if (withZ) {
      const OX = v128.load(o);
      const OY = v128.load(o, 16);
      const Z01 = lanes01(OX, OY);
      const Z23 = lanes23(OX, OY);
      c0 = i64x2.add(c0, i64x2.extend_low_i32x4_u(Z01));
      c1 = i64x2.add(c1, i64x2.extend_high_i32x4_u(Z01));
      c2 = i64x2.add(c2, i64x2.extend_low_i32x4_u(Z23));
      c3 = i64x2.add(c3, i64x2.extend_high_i32x4_u(Z23));
    }
    storePairFold4(o, c0, c1, c2, c3);
    o += 32;
    a += 32;
  }
  while (o < end) {
    const p0 = (<u64>load<u32>(a) ^ flip) * k;
    const p1 = (<u64>load<u32>(a, 4) ^ flip) * k;
    const p2 = (<u64>load<u32>(a, 8) ^ flip) * k;
    const p3 = (<u64>load<u32>(a, 12) ^ (flip >> 1)) * k; // < 2^63
    let c0 = (p0 & M32) + ((p3 >> 32) << 1);
    let c1 = (p0 >> 32) + (p1 & M32);
    let c2 = (p1 >> 32) + (p2 & M32);
    let c3 = (p2 >> 32) + (p3 & M32);
    if (withZ) {
      c0 += <u64>load<u32>(o);
      c1 += <u64>load<u32>(o, 4);
      c2 += <u64>load<u32>(o, 8);
      c3 += <u64>load<u32>(o, 12);
    }
    storeFold4(o, c0, c1, c2, c3);
    o += 16;
    a += 16;
  }
}

/**
 * o = a * s (mulScalar, withZ = false) or o = o + a * s (axpy, withZ = true), for the canonical
 * scalar s = slo + 2^64 shi. Inlined into both callers, so `withZ` is a constant.
 */
// @ts-ignore: decorator
@inline
function mulScalarAdd(o: usize, a: usize, slo: u64, shi: u64, withZ: bool, n: usize): void {
  const end = o + (n << 4);
  const end2 = o + ((n >> 1) << 5);
  const s0 = slo & M32;
  const s1 = slo >> 32;
  const s2 = shi & M32;
  const s3 = shi >> 32;
  const zero = i64x2.splat(0);
  // s = p - k for a small k (a negative Lagrange coefficient, or -2) is as cheap as a small s.
  if ((s1 | s2 | s3) == 0) {
    smallScalarLoop(o, a, s0, false, withZ, n);
  } else if ((shi ^ HI_MASK) == 0 && ~slo >> 32 == 0) {
    smallScalarLoop(o, a, ~slo, true, withZ, n);
  } else {
    const S = i64x2.replace_lane(i64x2.splat(slo), 1, shi);
    const B01 = lanes01(S, S);
    const B23 = lanes23(S, S);
    while (o < end2) {
      const X = v128.load(a);
      const Y = v128.load(a, 16);
      if (withZ) {
        const OX = v128.load(o);
        const OY = v128.load(o, 16);
        const Z01 = lanes01(OX, OY);
        const Z23 = lanes23(OX, OY);
        mulAddPair(
          o,
          lanes01(X, Y),
          lanes23(X, Y),
          B01,
          B23,
          true,
          i64x2.extend_low_i32x4_u(Z01),
          i64x2.extend_high_i32x4_u(Z01),
          i64x2.extend_low_i32x4_u(Z23),
          i64x2.extend_high_i32x4_u(Z23),
        );
      } else {
        mulAddPair(o, lanes01(X, Y), lanes23(X, Y), B01, B23, false, zero, zero, zero, zero);
      }
      o += 32;
      a += 32;
    }
    while (o < end) {
      const z0: u64 = withZ ? <u64>load<u32>(o) : 0;
      const z1: u64 = withZ ? <u64>load<u32>(o, 4) : 0;
      const z2: u64 = withZ ? <u64>load<u32>(o, 8) : 0;
      const z3: u64 = withZ ? <u64>load<u32>(o, 12) : 0;
      mulAddLimbs(
        o,
        <u64>load<u32>(a),
        <u64>load<u32>(a, 4),
        <u64>load<u32>(a, 8),
        <u64>load<u32>(a, 12),
        s0,
        s1,
        s2,
        s3,
        z0,
        z1,
        z2,
        z3,
      );
      o += 16;
      a += 16;
    }
  }
}

/** o = a * s. o may equal a. */
export function mulScalar(o: usize, a: usize, slo: u64, shi: u64, n: usize): void {
  mulScalarAdd(o, a, slo, shi, false, n);
}

/** o = o + s * a. o may equal a. */
export function axpy(o: usize, slo: u64, shi: u64, a: usize, n: usize): void {
  mulScalarAdd(o, a, slo, shi, true, n);
}

/** Stores Σ a_i mod p (n < 2^32) at `r`. */
export function sum(r: usize, a: usize, n: usize): void {
  let s0: u64 = 0;
  let s1: u64 = 0;
  let s2: u64 = 0;
  let s3: u64 = 0;
  const end = a + (n << 4);
  while (a < end) {
    s0 += <u64>load<u32>(a);
    s1 += <u64>load<u32>(a, 4);
    s2 += <u64>load<u32>(a, 8);
    s3 += <u64>load<u32>(a, 12);
    a += 16;
  }
  // Column sums are < 2^64 for n < 2^32; split them so the fold's inputs stay < 2^40.
  const c1 = (s0 >> 32) + (s1 & M32);
  const c2 = (s1 >> 32) + (s2 & M32);
  const c3 = (s2 >> 32) + (s3 & M32);
  storeFold8(r, s0 & M32, c1, c2, c3, s3 >> 32, 0, 0, 0);
}

/**
 * Stores Σ a_i b_i mod p at `r`, for contiguous a and b (n < 2^26). Two elements per step in SIMD
 * lanes (an odd last element is paired with zero); the 8 columns are accumulated unreduced (each
 * lane gains < 2^36 per step) and reduced once at the end.
 */
export function dot(r: usize, a: usize, b: usize, n: usize): void {
  const zero = i64x2.splat(0);
  let C0 = zero;
  let C1 = zero;
  let C2 = zero;
  let C3 = zero;
  let C4 = zero;
  let C5 = zero;
  let C6 = zero;
  let C7 = zero;
  const end = a + (n << 4);
  while (a < end) {
    const pair = a + 16 < end;
    const second: usize = select<usize>(16, 0, pair);
    const X = v128.load(a);
    const Y = select<v128>(v128.load(a + second), zero, pair);
    const BX = v128.load(b);
    const BY = select<v128>(v128.load(b + second), zero, pair);
    const A01 = lanes01(X, Y);
    const A23 = lanes23(X, Y);
    const B01 = lanes01(BX, BY);
    const B23 = lanes23(BX, BY);
    const B10 = swapHalves(B01);
    const B32 = swapHalves(B23);
    const p00 = i64x2.extmul_low_i32x4_u(A01, B01);
    const p11 = i64x2.extmul_high_i32x4_u(A01, B01);
    const p02 = i64x2.extmul_low_i32x4_u(A01, B23);
    const p20 = i64x2.extmul_low_i32x4_u(A23, B01);
    const p22 = i64x2.extmul_low_i32x4_u(A23, B23);
    const p33 = i64x2.extmul_high_i32x4_u(A23, B23);
    const p01 = i64x2.extmul_low_i32x4_u(A01, B10);
    const p10 = i64x2.extmul_high_i32x4_u(A01, B10);
    const p12 = i64x2.extmul_high_i32x4_u(A01, B32);
    const p21 = i64x2.extmul_low_i32x4_u(A23, B10);
    const q03 = i64x2.add(i64x2.extmul_low_i32x4_u(A01, B32), i64x2.extmul_high_i32x4_u(A23, B10));
    const q13 = i64x2.add(i64x2.extmul_high_i32x4_u(A01, B23), i64x2.extmul_high_i32x4_u(A23, B01));
    const q23 = i64x2.add(i64x2.extmul_low_i32x4_u(A23, B32), i64x2.extmul_high_i32x4_u(A23, B32));
    C0 = i64x2.add(C0, lo32(p00));
    C1 = i64x2.add(C1, add3(hi32(p00), lo32(p01), lo32(p10)));
    C2 = i64x2.add(C2, i64x2.add(add3(hi32(p01), hi32(p10), lo32(p02)), i64x2.add(lo32(p11), lo32(p20))));
    C3 = i64x2.add(C3, i64x2.add(add3(hi32(p02), hi32(p11), hi32(p20)), add3(lo32(q03), lo32(p12), lo32(p21))));
    C4 = i64x2.add(C4, i64x2.add(add3(hi32(q03), hi32(p12), hi32(p21)), i64x2.add(lo32(q13), lo32(p22))));
    C5 = i64x2.add(C5, add3(hi32(q13), hi32(p22), lo32(q23)));
    C6 = i64x2.add(C6, i64x2.add(hi32(q23), lo32(p33)));
    C7 = i64x2.add(C7, hi32(p33));
    a += 32;
    b += 32;
  }
  // Sum the lanes (each column < 2^62), then renormalise to 32-bit pieces before folding.
  let t: u64 = <u64>i64x2.extract_lane(C0, 0) + <u64>i64x2.extract_lane(C0, 1);
  const d0 = t & M32;
  t = (t >> 32) + <u64>i64x2.extract_lane(C1, 0) + <u64>i64x2.extract_lane(C1, 1);
  const d1 = t & M32;
  t = (t >> 32) + <u64>i64x2.extract_lane(C2, 0) + <u64>i64x2.extract_lane(C2, 1);
  const d2 = t & M32;
  t = (t >> 32) + <u64>i64x2.extract_lane(C3, 0) + <u64>i64x2.extract_lane(C3, 1);
  const d3 = t & M32;
  t = (t >> 32) + <u64>i64x2.extract_lane(C4, 0) + <u64>i64x2.extract_lane(C4, 1);
  const d4 = t & M32;
  t = (t >> 32) + <u64>i64x2.extract_lane(C5, 0) + <u64>i64x2.extract_lane(C5, 1);
  const d5 = t & M32;
  t = (t >> 32) + <u64>i64x2.extract_lane(C6, 0) + <u64>i64x2.extract_lane(C6, 1);
  const d6 = t & M32;
  t = (t >> 32) + <u64>i64x2.extract_lane(C7, 0) + <u64>i64x2.extract_lane(C7, 1);
  const d7 = t & M32;
  const d8 = t >> 32; // weight 2^256 ≡ 4
  storeFold8(r, d0 + (d8 << 2), d1, d2, d3, d4, d5, d6, d7);
}

/**
 * o (m×n) = a (m×k) · b (k×n), all row-major, given bT = the transpose of b (n×k, see
 * {@link transpose}) so that every inner product reads contiguous memory (k < 2^26). o must not
 * overlap a or bT.
 */
export function matmul(o: usize, a: usize, bT: usize, m: usize, k: usize, n: usize): void {
  const rowBytes = k << 4;
  for (let i: usize = 0; i < m; i++) {
    const ai = a + i * rowBytes;
    let bj = bT;
    for (let j: usize = 0; j < n; j++) {
      dot(o, ai, bj, k);
      o += 16;
      bj += rowBytes;
    }
  }
}

/** o_i = low 127 bits of the 16 bytes at r_i, with p mapped to 0. o may equal r. */
export function fromRandomBytes(o: usize, r: usize, n: usize): void {
  const end = o + (n << 4);
  while (o < end) {
    const lo = load<u64>(r);
    const hi = load<u64>(r, 8) & HI_MASK;
    const isP = (<u32>(lo == ~(<u64>0)) & <u32>(hi == HI_MASK)) != 0;
    store<u64>(o, select<u64>(0, lo, isP));
    store<u64>(o, select<u64>(0, hi, isP), 8);
    o += 16;
    r += 16;
  }
}

/** o_i = x_i mod p for signed 64-bit x_i at x (8 bytes each). o must not overlap x. */
export function fromInt64(o: usize, x: usize, n: usize): void {
  const end = o + (n << 4);
  while (o < end) {
    const v = load<i64>(x);
    const m = v >> 63; // 0 or -1
    // x < 0: x + p = (2^127 - 1) - |x| has low word ~|x| = x - 1 and high word 2^63 - 1.
    store<u64>(o, <u64>(v + m));
    store<u64>(o, <u64>m & HI_MASK, 8);
    o += 16;
    x += 8;
  }
}

/**
 * o_i = a_i as a signed integer in (-p/2, p/2) when it fits in int64, else 0. Returns the index of
 * the first element that does not fit, or -1. o may equal a (it is 8 bytes per element, written
 * behind the read position).
 */
export function toInt64(o: usize, a: usize, n: usize): i32 {
  let bad: i32 = -1;
  for (let i: usize = 0; i < n; i++) {
    const lo = load<u64>(a);
    const hi = load<u64>(a, 8);
    let v: i64 = 0;
    if (hi == 0 && lo <= <u64>i64.MAX_VALUE) {
      v = <i64>lo;
    } else if (hi == HI_MASK && lo >= <u64>i64.MAX_VALUE) {
      // a - p = lo + 2^64 (2^63 - 1) - (2^127 - 1) = lo + 1 - 2^64, and lo + 1 >= 2^63.
      v = <i64>(lo + 1);
    } else if (bad < 0) {
      bad = <i32>i;
    }
    store<i64>(o, v);
    o += 8;
    a += 16;
  }
  return bad;
}

/** o_i = a_i mod 2^m (0 <= m <= 127). o may equal a. */
export function modPow2(o: usize, a: usize, m: u32, n: usize): void {
  const mlo: u64 = m >= 64 ? ~(<u64>0) : (<u64>1 << <u64>m) - 1;
  const mhi: u64 = m <= 64 ? 0 : (<u64>1 << <u64>(m - 64)) - 1;
  const end = o + (n << 4);
  while (o < end) {
    store<u64>(o, load<u64>(a) & mlo);
    store<u64>(o, load<u64>(a, 8) & mhi, 8);
    o += 16;
    a += 16;
  }
}

/** Each byte of v (which holds byte k of the value in lanes 8k'..8k'+7) reduced to its bit. */
// @ts-ignore: decorator
@inline
function bitBytes(v: v128, bit: v128): v128 {
  return i8x16.min_u(v128.and(v, bit), i8x16.splat(1));
}

/**
 * Writes bit j of a_i to byte o[i*m + j] for j < m (0 <= m <= 127). Writes whole 16-byte blocks
 * (bits 16k..16k+15 of an element at a time), so up to 15 bytes past o + n*m are clobbered: the
 * caller leaves room. o must not overlap a.
 */
export function lowBits(o: usize, a: usize, m: u32, n: usize): void {
  const blocks = (m + 15) >> 4;
  const BIT = i8x16(1, 2, 4, 8, 16, 32, 64, -128, 1, 2, 4, 8, 16, 32, 64, -128);
  const end = a + (n << 4);
  while (a < end) {
    const V = v128.load(a);
    if (blocks > 0) v128.store(o, bitBytes(i8x16.shuffle(V, V, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1), BIT), 0);
    if (blocks > 1) v128.store(o, bitBytes(i8x16.shuffle(V, V, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3), BIT), 16);
    if (blocks > 2) v128.store(o, bitBytes(i8x16.shuffle(V, V, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5), BIT), 32);
    if (blocks > 3) v128.store(o, bitBytes(i8x16.shuffle(V, V, 6, 6, 6, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7), BIT), 48);
    if (blocks > 4) v128.store(o, bitBytes(i8x16.shuffle(V, V, 8, 8, 8, 8, 8, 8, 8, 8, 9, 9, 9, 9, 9, 9, 9, 9), BIT), 64);
    if (blocks > 5) v128.store(o, bitBytes(i8x16.shuffle(V, V, 10, 10, 10, 10, 10, 10, 10, 10, 11, 11, 11, 11, 11, 11, 11, 11), BIT), 80);
    if (blocks > 6) v128.store(o, bitBytes(i8x16.shuffle(V, V, 12, 12, 12, 12, 12, 12, 12, 12, 13, 13, 13, 13, 13, 13, 13, 13), BIT), 96);
    if (blocks > 7) v128.store(o, bitBytes(i8x16.shuffle(V, V, 14, 14, 14, 14, 14, 14, 14, 14, 15, 15, 15, 15, 15, 15, 15, 15), BIT), 112);
    o += m;
    a += 16;
  }
}

/** dst (cols×rows) = transpose of src (rows×cols), 16-byte elements. No overlap. */
export function transpose(dst: usize, src: usize, rows: usize, cols: usize): void {
  for (let i: usize = 0; i < rows; i++) {
    for (let j: usize = 0; j < cols; j++) {
      const s = src + ((i * cols + j) << 4);
      const d = dst + ((j * rows + i) << 4);
      store<u64>(d, load<u64>(s));
      store<u64>(d, load<u64>(s, 8), 8);
    }
  }
}
