/**
 * Oblivious selection: c ? a : b for a secret-shared bit c, computed as b + c·(a − b) so that no
 * party learns which branch was taken. One multiplication round for a whole vector, whatever its
 * length; the subtraction and addition are local.
 *
 * Security: semi-honest, t < n/2, inherited from {@link Runtime.mul} [GRR98]. Precondition: every
 * c_i is a shared 0 or 1 (e.g. the output of a comparison). The protocol cannot check it; any
 * other c_i yields b_i + c_i·(a_i − b_i), a value that is neither a_i nor b_i.
 *
 * @module
 */
import { MpcProtocolError } from '../errors.js';
import { fieldOfVecOr127 } from '../field/prime-field.js';
import { type FpVec, fpVec } from '../field/vec.js';
import type { Runtime } from '../runtime/runtime.js';

/**
 * Shares of c_i ? a_i : b_i, elementwise (1 round, n multiplications for n elements).
 * Requires equal lengths and every c_i in {0, 1}.
 * @throws {MpcProtocolError} if the lengths differ (lengths are public; no value is named).
 * @example
 * ```ts
 * const z = await select(rt, c, a, b); // z_i = c_i ? a_i : b_i
 * ```
 */
export async function select(rt: Runtime, c: FpVec, a: FpVec, b: FpVec): Promise<FpVec> {
  if (c.length !== a.length || a.length !== b.length) {
    throw new MpcProtocolError(
      `select: expected equal lengths, got c: ${c.length}, a: ${a.length}, b: ${b.length}.`,
    );
  }
  const K = rt.field.kernels;
  const d = fpVec(rt.field, a.length);
  K.sub(d, a, b);
  const out = await rt.mul(c, d, 'select');
  K.add(out, out, b);
  return out;
}

/**
 * Row selection: row r of the result is c_r ? (row r of a) : (row r of b), for m×w matrices `a`
 * and `b` stored row-major and a bit vector `c` of length m (1 round for all rows, m·w
 * multiplications). Requires w ≥ 1 (w may be any positive integer when m = 0).
 * @throws {MpcProtocolError} if the shapes do not match.
 * @example
 * ```ts
 * // two rows of three values: picks row 0 of a and row 1 of b when c = [1, 0]
 * const z = await selectRows(rt, c, a, b, 3);
 * ```
 */
export async function selectRows(
  rt: Runtime,
  c: FpVec,
  a: FpVec,
  b: FpVec,
  w: number,
): Promise<FpVec> {
  if (!Number.isSafeInteger(w) || w < 1) {
    throw new MpcProtocolError(`selectRows: expected a positive row width, got ${w}.`);
  }
  const m = c.length;
  if (a.length !== m * w || b.length !== m * w) {
    throw new MpcProtocolError(
      `selectRows: expected ${m} rows of ${w} values (${m * w}), got a: ${a.length}, b: ${b.length}.`,
    );
  }
  const K = rt.field.kernels;
  const d = fpVec(rt.field, m * w);
  K.sub(d, a, b);
  const out = await rt.mul(repeatEach(c, w), d, 'select rows');
  K.add(out, out, b);
  return out;
}

/**
 * [c_0 × w, c_1 × w, ...]: each element repeated w times (word copies, no arithmetic). Returns `c`
 * itself when w = 1. Used to spread one selection bit over a row.
 * @example
 * ```ts
 * fpToBigInts(repeatEach(fpFromBigInts(rt.field, [1n, 0n]), 2)); // [1n, 1n, 0n, 0n]
 * ```
 */
export function repeatEach(c: FpVec, w: number): FpVec {
  if (w === 1) return c;
  const field = fieldOfVecOr127(c);
  const out = fpVec(field, c.length * w);
  const src = c.words;
  const dst = out.words;
  if (field.words === 2) {
    for (let r = 0, o = 0; r < c.length; r++) {
      const lo = src[2 * r]!;
      const hi = src[2 * r + 1]!;
      for (let j = 0; j < w; j++, o += 2) {
        dst[o] = lo;
        dst[o + 1] = hi;
      }
    }
  } else {
    const W = field.words;
    for (let r = 0, o = 0; r < c.length; r++) {
      const e = src.subarray(W * r, W * (r + 1));
      for (let j = 0; j < w; j++, o += W) dst.set(e, o);
    }
  }
  return out;
}
