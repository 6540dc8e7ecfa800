/**
 * Reconstruction from all n shares with a consistency check, and unique decoding of who is off.
 *
 * Given the shares of every member (shares[j-1] at point j) of vectors that should be shared with
 * degree-t polynomials, {@link decodeAll} interpolates the values through points 1..t+1 and
 * checks that the shares at t+2..n lie on the same polynomials. When they do not, it asks which
 * members the shares themselves convict: the shares are a codeword of a Reed–Solomon code of
 * length n and dimension t + 1 plus errors, and a degree-t polynomial that agrees with at least
 * n − e members (over every element of the vector) with e <= ⌊(n − t − 1)/2⌋ is unique (two such
 * polynomials would share n − 2e >= t + 1 points) [MS77, ch. 10]. Then, and only then, the e
 * members off that polynomial are named. With more disagreement (or n = 3, t = 1, where e = 0) no
 * member is named: any choice could blame an honest member.
 *
 * Naming is sound only when the honest members' shares are known to lie on one polynomial
 * (semi-honest mode, or an output after the malicious-mode verification passed its degree check);
 * callers that open unchecked sharings must not name anyone (see `./verify.ts`).
 *
 * One copy for the engine (`Runtime.revealTo`, openings of the malicious mode) and the node's
 * output reconstruction (`src/node/jobs/digest.ts`).
 *
 * @module
 */
import type { PrimeField } from '../field/prime-field.js';
import { type FpVec, fpVec } from '../field/vec.js';
import { lagrange } from '../sharing/shamir.js';

/** The outcome of {@link decodeAll}. */
export type Decoded =
  | { readonly ok: true; readonly values: FpVec }
  /** `culprits`: 1-based points of the members the shares convict, or empty when none can be. */
  | { readonly ok: false; readonly culprits: readonly number[] };

/** The largest number of wrong members unique decoding identifies: ⌊(n − t − 1)/2⌋. */
export function decodingRadius(n: number, t: number): number {
  return Math.max(0, Math.floor((n - t - 1) / 2));
}

/**
 * f(0) through the members `base` (1-based points), and whether the other members agree: the
 * points whose shares (in any element) are off the polynomial through `base`.
 */
function through(
  field: PrimeField,
  all: readonly FpVec[],
  base: readonly number[],
): { values: FpVec; off: number[] } {
  const K = field.kernels;
  const len = all[0]!.length;
  const at0 = lagrange(field.F, base, 0);
  const values = fpVec(field, len);
  base.forEach((j, k) => K.axpy(values, at0[k]!, all[j - 1]!));
  const check = fpVec(field, len);
  const off: number[] = [];
  for (let j = 1; j <= all.length; j++) {
    if (base.includes(j)) continue;
    const atJ = lagrange(field.F, base, j);
    check.words.fill(0n);
    base.forEach((b, k) => K.axpy(check, atJ[k]!, all[b - 1]!));
    K.sub(check, check, all[j - 1]!);
    if (check.words.some((w) => w !== 0n)) off.push(j);
  }
  return { values, off };
}

/** Bound on the bases tried on the error path (n <= 15 is always covered). */
const MAX_BASES = 10_000;

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return c;
}

/** The subsets of size k of 1..n, in lexicographic order. */
function* subsets(n: number, k: number): Generator<number[]> {
  const idx = Array.from({ length: k }, (_, i) => i + 1);
  while (true) {
    yield [...idx];
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i + 1) i--;
    if (i < 0) return;
    idx[i]!++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1]! + 1;
  }
}

/**
 * Reconstructs the values shared by `all` (every member's shares, all[j-1] at point j, equal
 * lengths) with degree `t`, checking that all n shares agree; see the module doc for which
 * members are named on disagreement.
 */
export function decodeAll(field: PrimeField, all: readonly FpVec[], t: number): Decoded {
  const n = all.length;
  const first = through(
    field,
    all,
    Array.from({ length: t + 1 }, (_, k) => k + 1),
  );
  if (first.off.length === 0) return { ok: true, values: first.values };
  const e = decodingRadius(n, t);
  if (e === 0 || binomial(n, t + 1) > MAX_BASES) return { ok: false, culprits: [] };
  // Rare path (a fault): try every base of t + 1 members for a polynomial within distance e.
  for (const base of subsets(n, t + 1)) {
    const { off } = through(field, all, base);
    if (off.length <= e) return { ok: false, culprits: off };
  }
  return { ok: false, culprits: [] };
}
