/**
 * Dot and matrix products of secret-shared vectors, for integers and for fixed point.
 *
 * A product of two degree-t sharings is a degree-2t sharing, and sums of such products are too,
 * so a dot product sums the local products first and reduces the degree of one element, and a
 * matrix product reduces m·n elements, whatever the inner dimension: the local work is one
 * kernel pass (`rt.field.kernels.dot` / `rt.field.kernels.matmul`), the communication one reshare [GRR98].
 * The fixed-point versions truncate the reduced result by f [CS10] (FPMul applied to the sum).
 *
 * Security: semi-honest, t < n/2, from {@link Runtime.reshare} and the truncation. The integer
 * versions are exact in Fp (results are correct modulo p; keep |result| < p/2 to decode them as
 * signed integers).
 *
 * @module
 */
import { MpcProtocolError } from '../errors.js';
import { type FpVec } from '../field/vec.js';
import type { Runtime } from '../runtime/runtime.js';
import { type FxpOptions, fxpFormat, fxpTrunc, mulWithMasks } from './fixed.js';

/**
 * Shares of Σ a_i·b_i (a vector of one element): one local kernel pass, then one reshare of a
 * single element (1 round, 1 multiplication whatever the length). Empty vectors give 0.
 * @throws {MpcProtocolError} if the lengths differ.
 * @example
 * ```ts
 * const s = await dot(rt, a, b); // s.length === 1
 * ```
 */
export async function dot(rt: Runtime, a: FpVec, b: FpVec): Promise<FpVec> {
  if (a.length !== b.length) {
    throw new MpcProtocolError(`dot: expected equal lengths, got ${a.length} and ${b.length}.`);
  }
  // A 1×len times len×1 product: one recorded multiplication of the runtime.
  return rt.matmul(a, b, 1, a.length, 1, 'dot');
}

function checkShape(op: string, a: FpVec, b: FpVec, m: number, k: number, n: number): void {
  for (const [name, v] of [
    ['m', m],
    ['k', k],
    ['n', n],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new MpcProtocolError(`${op}: expected a non-negative integer ${name}, got ${v}.`);
    }
  }
  if (a.length !== m * k || b.length !== k * n) {
    throw new MpcProtocolError(
      `${op}: expected shapes ${m}x${k} and ${k}x${n}, got lengths ${a.length} and ${b.length}.`,
    );
  }
}

/**
 * Shares of the matrix product A·B (m×n, row-major) of A (m×k) and B (k×n), both row-major: one
 * local `rt.field.kernels.matmul`, then one reshare of m·n elements (1 round, m·n multiplications).
 * @throws {MpcProtocolError} if the shapes do not match the lengths.
 * @example
 * ```ts
 * const c = await matmul(rt, a, b, 2, 3, 4); // c.length === 8
 * ```
 */
export async function matmul(
  rt: Runtime,
  a: FpVec,
  b: FpVec,
  m: number,
  k: number,
  n: number,
): Promise<FpVec> {
  checkShape('matmul', a, b, m, k, n);
  return rt.matmul(a, b, m, k, n, 'matmul');
}

/**
 * Fixed-point dot product: {@link dot}, then one truncation by f [CS10] whose masks are made in
 * the same rounds as the reshare (3 rounds for t = 1, as {@link fxpMul}).
 * Error: < 1 ulp (2^-f) from the exact Σ x_i·y_i. Precondition: the exact sum fits 2k bits
 * before truncation (|Σ x_i·y_i| < 2^(2k-1-2f), which holds whenever the result fits the format).
 * @example
 * ```ts
 * const s = await fxpDot(rt, x, y); // ≈ Σ x_i y_i
 * ```
 */
export async function fxpDot(
  rt: Runtime,
  a: FpVec,
  b: FpVec,
  options: FxpOptions = {},
): Promise<FpVec> {
  const fmt = fxpFormat(options, rt.field);
  if (a.length !== b.length) {
    throw new MpcProtocolError(`fxpDot: expected equal lengths, got ${a.length} and ${b.length}.`);
  }
  const [q, [masks]] = await mulWithMasks(
    rt,
    (r) => r.matmul(a, b, 1, a.length, 1, 'dot'),
    [{ count: 1, k: 2 * fmt.k, m: fmt.f }],
    'dot',
  );
  return fxpTrunc(rt, q, fmt, masks);
}

/**
 * Fixed-point matrix product: {@link matmul}, then one truncation of the m·n results by f.
 * Error: < 1 ulp per entry. Precondition: every exact entry fits the format.
 * @example
 * ```ts
 * const c = await fxpMatmul(rt, a, b, 2, 3, 4);
 * ```
 */
export async function fxpMatmul(
  rt: Runtime,
  a: FpVec,
  b: FpVec,
  m: number,
  k: number,
  n: number,
  options: FxpOptions = {},
): Promise<FpVec> {
  const fmt = fxpFormat(options, rt.field);
  checkShape('fxpMatmul', a, b, m, k, n);
  const [q, [masks]] = await mulWithMasks(
    rt,
    (r) => r.matmul(a, b, m, k, n, 'matmul'),
    [{ count: m * n, k: 2 * fmt.k, m: fmt.f }],
    'matmul',
  );
  return fxpTrunc(rt, q, fmt, masks);
}
