/**
 * Generator of the wide-format polynomials of `src/mpc/protocols/log.ts`
 * (`LOG2_WIDE_COEFFICIENTS_2_128`) and `src/mpc/protocols/exp.ts` (`EXP2_WIDE_COEFFICIENTS_2_128`),
 * reproducible with exact integer arithmetic only.
 *
 * Method: log2(1 + t) = t·g(t) with g(t) = log2(1 + t)/t analytic on [0, 1]. Q of degree d − 1
 * interpolates g at the d Chebyshev nodes of [0, 1] (each node is
 * (1 + cos((2j + 1)π/(2d)))/2 rounded to a multiple of 2^-60, an exact dyadic rational), and
 * P(t) = t·Q(t) has P(0) = 0 exactly and |P − log2(1 + t)| ≤ |Q − g| on [0, 1]. Chebyshev
 * interpolation is within a small factor of the minimax polynomial. All arithmetic is fixed point
 * with 2^-320 resolution in bigint: logarithms by the series ln x = 2·atanh((x − 1)/(x + 1)),
 * interpolation by Newton divided differences, then the monomial coefficients, printed as
 * round(c_i·2^128). The error of the rounded coefficients is then measured against log2(1 + t)
 * (same 2^-320 arithmetic) on a grid of 2^14 + 1 points of [0, 1].
 *
 * exp2: P of degree d interpolates 2^u = e^(u·ln 2) (Taylor series at 2^-320) at the d + 1
 * Chebyshev nodes of [0, 1], same arithmetic; the relative error |P(u)/2^u − 1| is measured.
 *
 * log2e: round(log2(e)·2^128) = round(2^128/ln 2), for exp's exact scaling x·log2(e).
 *
 * Usage: node dist/scripts/fit-polynomials.js [degree]        (log2, default 16)
 *        node dist/scripts/fit-polynomials.js log2e
 *        node dist/scripts/fit-polynomials.js exp2 [degree]   (default 16)
 *
 * @module
 */
import { pathToFileURL } from 'node:url';

const W = 320n; // working fraction bits
const ONE = 1n << W;

/** x·y at scale 2^W, rounded toward −∞. */
const mul = (x: bigint, y: bigint): bigint => (x * y) >> W;
/** x/y at scale 2^W (truncated toward zero). */
const div = (x: bigint, y: bigint): bigint => (x << W) / y;

/** ln x at scale 2^W for x > 0 at scale 2^W, x ∈ [1/2, 4]. */
export function lnFixed(x: bigint): bigint {
  const z = div(x - ONE, x + ONE);
  const z2 = mul(z, z);
  let term = z;
  let sum = 0n;
  for (let i = 1n; term !== 0n; i += 2n) {
    sum += term / i;
    term = mul(term, z2);
  }
  return 2n * sum;
}

const LN2 = lnFixed(2n * ONE);
/** log2(1 + t) at scale 2^W. */
const log2p1 = (t: bigint): bigint => div(lnFixed(ONE + t), LN2);

/** round(x·2^60)/2^60 at scale 2^W: the binary64 node as an exact dyadic rational. */
const fromDouble = (x: number): bigint => BigInt(Math.round(x * 2 ** 60)) << (W - 60n);

/** Coefficients c_0..c_d of P(t) ≈ log2(1 + t), P = t·Q, at scale 2^W. */
export function fitLog2(d: number): bigint[] {
  const xs: bigint[] = [];
  for (let j = 0; j < d; j++)
    xs.push(fromDouble((1 + Math.cos(((2 * j + 1) * Math.PI) / (2 * d))) / 2));
  const dd = xs.map((x) => div(log2p1(x), x)); // g at the nodes
  for (let j = 1; j < d; j++)
    for (let i = d - 1; i >= j; i--) dd[i] = div(dd[i]! - dd[i - 1]!, xs[i]! - xs[i - j]!);
  // Newton form to monomial: q = dd[d-1]; q = q·(t − x_i) + dd[i].
  let q: bigint[] = [dd[d - 1]!];
  for (let i = d - 2; i >= 0; i--) {
    const next = new Array<bigint>(q.length + 1).fill(0n);
    for (let m = 0; m < q.length; m++) {
      next[m + 1]! += q[m]!;
      next[m]! -= mul(q[m]!, xs[i]!);
    }
    next[0]! += dd[i]!;
    q = next;
  }
  return [0n, ...q];
}

/** round(c·2^s) for c at scale 2^W. */
export const roundTo = (c: bigint, s: number): bigint => {
  const sh = W - BigInt(s);
  const h = 1n << (sh - 1n);
  return c >= 0n ? (c + h) >> sh : -((-c + h) >> sh);
};

/** Max |P(t) − log2(1 + t)| on 2^bits + 1 grid points, coefficients at scale 2^s, as log2. */
export function maxErrorLog2(coef: readonly bigint[], s: number, bits = 14): number {
  let worst = 0n;
  const n = 1 << bits;
  for (let i = 0; i <= n; i++) {
    const t = (BigInt(i) << W) / BigInt(n);
    let p = 0n;
    for (let j = coef.length - 1; j >= 0; j--) p = mul(p, t) + (coef[j]! << (W - BigInt(s)));
    const e = p - log2p1(t);
    const a = e < 0n ? -e : e;
    if (a > worst) worst = a;
  }
  return Math.log2(Number(worst >> (W - 200n))) - 200;
}

/** e^x at scale 2^W for |x| ≤ 1 at scale 2^W (Taylor series). */
function expFixed(x: bigint): bigint {
  let term = ONE;
  let sum = 0n;
  for (let i = 1n; term !== 0n; i++) {
    sum += term;
    term = mul(term, x) / i;
  }
  return sum;
}
/** 2^u at scale 2^W. */
const exp2 = (u: bigint): bigint => expFixed(mul(u, LN2));

/** Coefficients c_0..c_d of P(u) ≈ 2^u on [0, 1] interpolating at d + 1 Chebyshev nodes. */
export function fitExp2(d: number): bigint[] {
  const n = d + 1;
  const xs: bigint[] = [];
  for (let j = 0; j < n; j++)
    xs.push(fromDouble((1 + Math.cos(((2 * j + 1) * Math.PI) / (2 * n))) / 2));
  const dd = xs.map(exp2);
  for (let j = 1; j < n; j++)
    for (let i = n - 1; i >= j; i--) dd[i] = div(dd[i]! - dd[i - 1]!, xs[i]! - xs[i - j]!);
  let q: bigint[] = [dd[n - 1]!];
  for (let i = n - 2; i >= 0; i--) {
    const next = new Array<bigint>(q.length + 1).fill(0n);
    for (let m = 0; m < q.length; m++) {
      next[m + 1]! += q[m]!;
      next[m]! -= mul(q[m]!, xs[i]!);
    }
    next[0]! += dd[i]!;
    q = next;
  }
  return q;
}

/** Max |P(u)/2^u − 1| on 2^bits + 1 grid points, coefficients at scale 2^s, as log2. */
export function maxRelErrorExp2(coef: readonly bigint[], s: number, bits = 14): number {
  let worst = 0n;
  const n = 1 << bits;
  for (let i = 0; i <= n; i++) {
    const u = (BigInt(i) << W) / BigInt(n);
    let p = 0n;
    for (let j = coef.length - 1; j >= 0; j--) p = mul(p, u) + (coef[j]! << (W - BigInt(s)));
    const e = div(p, exp2(u)) - ONE;
    const a = e < 0n ? -e : e;
    if (a > worst) worst = a;
  }
  return Math.log2(Number(worst >> (W - 200n))) - 200;
}

if (process.argv[2] === 'log2e' && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`// round(log2(e)·2^128)\n  ${roundTo(div(ONE, LN2), 128)}n`);
} else if (
  process.argv[2] === 'exp2' &&
  import.meta.url === pathToFileURL(process.argv[1] ?? '').href
) {
  const d = Number(process.argv[3] ?? 16);
  const c = fitExp2(d).map((x) => roundTo(x, 128));
  console.log(
    `// degree ${d}, max |P(u)/2^u − 1| on [0, 1] = 2^${maxRelErrorExp2(c, 128).toFixed(2)}`,
  );
  for (const x of c) console.log(`  ${x}n,`);
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const d = Number(process.argv[2] ?? 16);
  const c = fitLog2(d).map((x) => roundTo(x, 128));
  console.log(
    `// degree ${d}, max |P(t) − log2(1 + t)| on [0, 1] = 2^${maxErrorLog2(c, 128).toFixed(2)}`,
  );
  console.log(
    `// sum |c_i| = ${c.reduce((a, x) => a + Math.abs(Number(x) / 2 ** 128), 0).toFixed(4)}`,
  );
  for (const x of c) console.log(`  ${x}n,`);
}
