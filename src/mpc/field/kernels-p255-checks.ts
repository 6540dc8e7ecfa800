/**
 * Argument checks of the Fp255 kernels, shared by the JS reference (`./kernels-p255.ts`) and the
 * WebAssembly loader (`./kernels-p255-wasm.ts`) so that both throw the same RangeError, checked
 * before anything is written. Messages give lengths and shapes only, never values. Internal to
 * the field layer: not part of the kernel API.
 *
 * @module
 */
import type { FpVec } from './vec.js';

/** Throws unless `v` has 4 words per element. */
export function checkWords(op: string, v: FpVec): void {
  if (v.words.length !== 4 * v.length) {
    throw new RangeError(
      `${op}: expected 4 words per element (Fp255), got ${v.words.length} words for ${v.length} elements`,
    );
  }
}
/** Equal lengths and 4 words per element; the first mismatch is reported. */
export function checkLen2(op: string, x: FpVec, y: FpVec): void {
  if (y.length !== x.length)
    throw new RangeError(`${op}: expected equal lengths, got ${x.length} and ${y.length}`);
  checkWords(op, x);
  checkWords(op, y);
}
/** Three vectors of equal length with 4 words per element. */
export function checkLen3(op: string, x: FpVec, y: FpVec, z: FpVec): void {
  if (y.length !== x.length)
    throw new RangeError(`${op}: expected equal lengths, got ${x.length} and ${y.length}`);
  if (z.length !== x.length)
    throw new RangeError(`${op}: expected equal lengths, got ${x.length} and ${z.length}`);
  checkWords(op, x);
  checkWords(op, y);
  checkWords(op, z);
}
/** 0 <= m <= 255, an integer (modPow2, lowBits). */
export function checkBits(op: string, m: number): void {
  if (!Number.isInteger(m) || m < 0 || m > 255)
    throw new RangeError(`${op}: expected 0 <= m <= 255, got ${m}`);
}
/** Non-negative integer dimensions and lengths m·k, k·n, m·n; 4 words per element. */
export function checkMatmul(out: FpVec, a: FpVec, b: FpVec, m: number, k: number, n: number): void {
  for (const d of [m, k, n]) {
    if (!Number.isSafeInteger(d) || d < 0)
      throw new RangeError(`matmul: expected non-negative integer dimensions, got ${m}x${k}x${n}`);
  }
  if (a.length !== m * k || b.length !== k * n || out.length !== m * n) {
    throw new RangeError(
      `matmul: expected shapes ${m}x${k} · ${k}x${n}, got lengths ${a.length}, ${b.length}, ${out.length}`,
    );
  }
  checkWords('matmul', out);
  checkWords('matmul', a);
  checkWords('matmul', b);
}
/** 32 bytes per element of `out`. */
export function checkRandomBytes(out: FpVec, bytes: Uint8Array): void {
  checkWords('fromRandomBytes', out);
  if (bytes.length !== 32 * out.length) {
    throw new RangeError(`fromRandomBytes: expected ${32 * out.length} bytes, got ${bytes.length}`);
  }
}
/** `first` and `second` are the lengths in argument order; `v` is the field vector. */
export function checkInt64(op: string, first: number, second: number, v: FpVec): void {
  if (first !== second)
    throw new RangeError(`${op}: expected equal lengths, got ${first} and ${second}`);
  checkWords(op, v);
}
/** A valid m, and `m` output bytes per element of `a`. */
export function checkLowBits(out: Uint8Array, a: FpVec, m: number): void {
  checkBits('lowBits', m);
  checkWords('lowBits', a);
  if (out.length !== a.length * m)
    throw new RangeError(`lowBits: expected ${a.length * m} output bits, got ${out.length}`);
}
