/**
 * Shamir secret sharing [Sha79] over any prime field, scalar version (the vectorized runtime in
 * `../runtime` uses the same maths on packed vectors).
 *
 * Notation: n parties with evaluation points x_i = i (i = 1..n), threshold t with 0 <= t < n.
 * A sharing of s is (f(1), ..., f(n)) for a uniformly random polynomial f of degree <= t with
 * f(0) = s. Any t + 1 shares determine s; any t shares are uniformly distributed and independent
 * of s (perfect privacy against t parties).
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { IField } from '../field/fp.js';

/** One party's share: the evaluation point `x` (1..n) and the value f(x). */
export interface Share {
  readonly x: number;
  readonly y: bigint;
}

/** Source of random bytes; default crypto.randomBytes. */
export type RandomBytes = (n: number) => Uint8Array;

/** A uniform element of F, by rejection sampling of BITS-bit strings from `rng`. */
export function randomElement(F: IField<bigint>, rng: RandomBytes = randomBytes): bigint {
  const mask = (1n << BigInt(F.BITS)) - 1n;
  for (;;) {
    const b = rng(F.BYTES);
    let x = 0n;
    for (let i = b.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[i]!);
    x &= mask;
    if (x < F.ORDER) return x;
  }
}

function checkTn(fn: string, t: number, n: number, F: IField<bigint>): void {
  if (!Number.isInteger(n) || n < 1 || BigInt(n) >= F.ORDER) {
    throw new RangeError(`${fn}: expected 1 <= n < p, got n = ${n}`);
  }
  if (!Number.isInteger(t) || t < 0 || t >= n) {
    throw new RangeError(`${fn}: expected 0 <= t < n = ${n}, got t = ${t}`);
  }
}

/**
 * Splits `secret` into `n` shares of degree `t`; any `t + 1` of them reconstruct it.
 * Requires 0 <= t < n < F.ORDER. Share i is f(i) for i = 1..n, with f(0) = secret. Coefficients are
 * drawn by rejection sampling from `rng`.
 * @throws {RangeError} if `t` or `n` is out of range. The message never includes `secret`.
 * @example
 * ```ts
 * const F = Field(97n);
 * const shares = split(F, 42n, 1, 3);
 * reconstruct(F, shares.slice(1)); // 42n
 * ```
 */
export function split(
  F: IField<bigint>,
  secret: bigint,
  t: number,
  n: number,
  rng: RandomBytes = randomBytes,
): Share[] {
  checkTn('split', t, n, F);
  if (!F.isValid(secret)) throw new RangeError('split: expected a canonical field element');
  const coeffs = [secret];
  for (let k = 1; k <= t; k++) coeffs.push(randomElement(F, rng));
  const shares: Share[] = [];
  for (let x = 1; x <= n; x++) {
    let y = 0n;
    for (let k = t; k >= 0; k--) y = F.add(F.mul(y, BigInt(x)), coeffs[k]!);
    shares.push({ x, y });
  }
  return shares;
}

/**
 * Lagrange coefficients λ_i with Σ λ_i f(x_i) = f(`at`) for every f of degree < xs.length.
 * Requires distinct points.
 */
export function lagrange(F: IField<bigint>, xs: readonly number[], at = 0): bigint[] {
  const X = xs.map((x) => F.create(BigInt(x)));
  if (new Set(X).size !== X.length) throw new RangeError('lagrange: expected distinct points');
  const a = F.create(BigInt(at));
  return X.map((xi, i) => {
    let num = F.ONE;
    let den = F.ONE;
    X.forEach((xj, j) => {
      if (j === i) return;
      num = F.mul(num, F.sub(a, xj));
      den = F.mul(den, F.sub(xi, xj));
    });
    return F.div(num, den);
  });
}

/**
 * Reconstructs f(0) from shares of a degree-(shares.length - 1) polynomial. Pass at least t + 1
 * shares of a degree-t sharing. Shares must have distinct points.
 */
export function reconstruct(F: IField<bigint>, shares: readonly Share[]): bigint {
  if (shares.length === 0) throw new RangeError('reconstruct: expected at least one share');
  const lambda = lagrange(
    F,
    shares.map((s) => s.x),
  );
  let acc = F.ZERO;
  shares.forEach((s, i) => (acc = F.add(acc, F.mul(lambda[i]!, s.y))));
  return acc;
}
