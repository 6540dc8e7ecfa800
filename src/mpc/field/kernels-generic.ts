/**
 * Reference kernels over any prime field whose elements fit in `words` 64-bit words, in plain JS
 * bigint arithmetic: slow, simple, obviously correct. The engine uses them for p = 2^255 - 19
 * until a faster implementation is installed (see `./prime-field.ts`), and tests use them to
 * cross-check faster kernels.
 *
 * Same semantics as the p127 `jsKernels` of `./kernels.ts`, with 8·words random bytes per element
 * in `fromRandomBytes` (the low `bits` bits, reduced once: statistical distance < 2^(bits+1)/p - 1
 * from uniform, below 2^-250 for p = 2^255 - 19) and `modPow2`/`lowBits` up to m = bits.
 *
 * @module
 */
import type { FpKernels } from './kernels.js';
import type { FpVec } from './vec.js';

/**
 * Reference kernels for the prime `p` with `words` 64-bit words per element.
 * @example
 * ```ts
 * const K = genericJsKernels((1n << 255n) - 19n, 4);
 * ```
 */
export function genericJsKernels(p: bigint, words: number): FpKernels {
  const W = words;
  const bits = p.toString(2).length;
  const bitsMask = (1n << BigInt(bits)) - 1n;
  const half = p >> 1n;
  const INT64_MIN = -(1n << 63n);
  const INT64_MAX = (1n << 63n) - 1n;
  function get(v: FpVec, i: number): bigint {
    let x = 0n;
    for (let w = W - 1; w >= 0; w--) x = (x << 64n) | v.words[W * i + w]!;
    return x;
  }
  function put(v: FpVec, i: number, x: bigint): void {
    for (let w = 0; w < W; w++) {
      v.words[W * i + w] = BigInt.asUintN(64, x);
      x >>= 64n;
    }
  }
  const red = (x: bigint): bigint => {
    const r = x % p;
    return r < 0n ? r + p : r;
  };
  function checkLen(op: string, ...vs: FpVec[]): void {
    const n = vs[0]!.length;
    for (const v of vs) {
      if (v.length !== n)
        throw new RangeError(`${op}: expected equal lengths, got ${n} and ${v.length}`);
    }
  }
  function checkBits(op: string, m: number): void {
    if (!Number.isInteger(m) || m < 0 || m > bits)
      throw new RangeError(`${op}: expected 0 <= m <= ${bits}, got ${m}`);
  }
  const impl: FpKernels = {
    name: 'js',
    add(out, a, b) {
      checkLen('add', out, a, b);
      for (let i = 0; i < a.length; i++) put(out, i, red(get(a, i) + get(b, i)));
    },
    sub(out, a, b) {
      checkLen('sub', out, a, b);
      for (let i = 0; i < a.length; i++) put(out, i, red(get(a, i) - get(b, i)));
    },
    neg(out, a) {
      checkLen('neg', out, a);
      for (let i = 0; i < a.length; i++) put(out, i, red(-get(a, i)));
    },
    mul(out, a, b) {
      checkLen('mul', out, a, b);
      for (let i = 0; i < a.length; i++) put(out, i, red(get(a, i) * get(b, i)));
    },
    addScalar(out, a, s) {
      checkLen('addScalar', out, a);
      for (let i = 0; i < a.length; i++) put(out, i, red(get(a, i) + s));
    },
    mulScalar(out, a, s) {
      checkLen('mulScalar', out, a);
      for (let i = 0; i < a.length; i++) put(out, i, red(get(a, i) * s));
    },
    axpy(out, s, a) {
      checkLen('axpy', out, a);
      for (let i = 0; i < a.length; i++) put(out, i, red(get(out, i) + get(a, i) * s));
    },
    sum(a) {
      let acc = 0n;
      for (let i = 0; i < a.length; i++) acc = red(acc + get(a, i));
      return acc;
    },
    dot(a, b) {
      checkLen('dot', a, b);
      let acc = 0n;
      for (let i = 0; i < a.length; i++) acc = red(acc + get(a, i) * get(b, i));
      return acc;
    },
    matmul(out, a, b, m, k, n) {
      if (a.length !== m * k || b.length !== k * n || out.length !== m * n) {
        throw new RangeError(
          `matmul: expected shapes ${m}x${k} · ${k}x${n}, got lengths ${a.length}, ${b.length}, ${out.length}`,
        );
      }
      const tmp = new Array<bigint>(m * n).fill(0n);
      for (let i = 0; i < m; i++) {
        for (let l = 0; l < k; l++) {
          const x = get(a, i * k + l);
          for (let j = 0; j < n; j++) tmp[i * n + j] = tmp[i * n + j]! + x * get(b, l * n + j);
        }
      }
      for (let i = 0; i < m * n; i++) put(out, i, red(tmp[i]!));
    },
    fromRandomBytes(out, bytes) {
      if (bytes.length !== 8 * W * out.length) {
        throw new RangeError(
          `fromRandomBytes: expected ${8 * W * out.length} bytes, got ${bytes.length}`,
        );
      }
      const w = new BigUint64Array(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      );
      const v = { length: out.length, words: w };
      for (let i = 0; i < out.length; i++) {
        const x = get(v, i) & bitsMask;
        put(out, i, x >= p ? x - p : x);
      }
    },
    fromInt64(out, x) {
      if (out.length !== x.length)
        throw new RangeError(
          `fromInt64: expected equal lengths, got ${out.length} and ${x.length}`,
        );
      for (let i = 0; i < x.length; i++) put(out, i, x[i]! < 0n ? x[i]! + p : x[i]!);
    },
    toInt64(out, a) {
      if (out.length !== a.length)
        throw new RangeError(`toInt64: expected equal lengths, got ${out.length} and ${a.length}`);
      let bad = -1;
      for (let i = 0; i < a.length; i++) {
        const v = get(a, i);
        const s = v > half ? v - p : v;
        if (s < INT64_MIN || s > INT64_MAX) {
          out[i] = 0n;
          if (bad < 0) bad = i;
        } else out[i] = s;
      }
      return bad;
    },
    modPow2(out, a, m) {
      checkLen('modPow2', out, a);
      checkBits('modPow2', m);
      const mask = (1n << BigInt(m)) - 1n;
      for (let i = 0; i < a.length; i++) put(out, i, get(a, i) & mask);
    },
    lowBits(out, a, m) {
      checkBits('lowBits', m);
      if (out.length !== a.length * m)
        throw new RangeError(`lowBits: expected ${a.length * m} output bits, got ${out.length}`);
      for (let i = 0; i < a.length; i++) {
        const v = get(a, i);
        for (let j = 0; j < m; j++) out[i * m + j] = Number((v >> BigInt(j)) & 1n);
      }
    },
  };
  return Object.freeze(impl);
}
