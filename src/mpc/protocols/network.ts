/**
 * Comparator networks for data-oblivious sorting: public schedules, no secrets, no I/O.
 *
 * A comparator (i, j) with i < j puts the smaller of x_i, x_j at i and the larger at j. A network
 * is a list of layers; the comparators of one layer touch disjoint positions, so a secure sort
 * evaluates a whole layer with one vectorized comparison and one vectorized select. The schedule
 * depends only on the public length n, which is what makes the sort data-oblivious.
 *
 * We use Batcher's odd–even merge sort [Bat68] in its iterative form (Knuth, TAOCP vol. 3,
 * §5.3.4, Algorithm M): for N = 2^m ≥ n it has m(m+1)/2 layers and (m² − m + 4)·2^(m−2) − 1
 * comparators, about (log2 n)²/4 per element. Lengths that are not powers of two are handled by
 * pruning: conceptually the input is padded to N with +∞; every comparator (i, j) with j ≥ n
 * would compare against a +∞ (by induction, positions ≥ n always hold +∞, since every comparator
 * of this network puts the larger value at the higher index) and never swaps, so dropping those
 * comparators gives the same result on the first n positions, with no sentinel values.
 *
 * The network is not stable: equal keys may change their relative order.
 *
 * @module
 */

/** One layer of a comparator network: disjoint pairs (lo[c], hi[c]) with lo[c] < hi[c]. */
export interface ComparatorLayer {
  readonly lo: readonly number[];
  readonly hi: readonly number[];
}

/** A comparator network for inputs of a fixed public length. Deeply frozen: cached and shared. */
export interface ComparatorNetwork {
  /** The input length n. */
  readonly length: number;
  /** Non-empty layers, in evaluation order. */
  readonly layers: readonly ComparatorLayer[];
  /** Total number of comparators. */
  readonly comparators: number;
}

/** Lengths above this are refused (a schedule of 2^26 positions already takes gigabytes). */
export const MAX_NETWORK_LENGTH: number = 1 << 26;

const cache = new Map<number, ComparatorNetwork>();
const CACHE_LIMIT = 64;

/**
 * Batcher's odd–even merge sort network [Bat68] for `n` inputs, pruned to n (see the module doc).
 * Cached per length (the last 64 lengths), so repeated sorts of one length share one schedule.
 * @throws {RangeError} if `n` is not an integer in [0, 2^26].
 * @example
 * ```ts
 * const net = oddEvenMergeSortNetwork(4);
 * net.layers.length; // 3
 * net.comparators; // 5
 * applyNetwork(net, [3, 1, 2, 0], (a, b) => a < b); // [0, 1, 2, 3]
 * ```
 */
export function oddEvenMergeSortNetwork(n: number): ComparatorNetwork {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_NETWORK_LENGTH) {
    throw new RangeError(
      `oddEvenMergeSortNetwork: expected integer length in [0, ${MAX_NETWORK_LENGTH}], got ${n}`,
    );
  }
  const hit = cache.get(n);
  if (hit !== undefined) return hit;
  const layers: ComparatorLayer[] = [];
  let comparators = 0;
  const lo: number[] = [];
  const hi: number[] = [];
  // Knuth's Algorithm M, one layer per (p, k); comparators with an index >= n are pruned.
  for (let p = 1; p < n; p *= 2) {
    for (let k = p; k >= 1; k = k >>> 1) {
      lo.length = 0;
      hi.length = 0;
      for (let j = k % p; j + k < n; j += 2 * k) {
        for (let i = 0; i < k && i + j + k < n; i++) {
          if (Math.floor((i + j) / (2 * p)) === Math.floor((i + j + k) / (2 * p))) {
            lo.push(i + j);
            hi.push(i + j + k);
          }
        }
      }
      if (lo.length > 0) {
        layers.push(
          Object.freeze({ lo: Object.freeze(lo.slice()), hi: Object.freeze(hi.slice()) }),
        );
        comparators += lo.length;
      }
    }
  }
  const net: ComparatorNetwork = Object.freeze({
    length: n,
    layers: Object.freeze(layers),
    comparators,
  });
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(n, net);
  return net;
}

/**
 * Evaluates `net` on public values (for tests and reference outputs): for each comparator, swaps
 * when `less(x[hi], x[lo])`. Returns a new array; `xs` is not modified.
 * @throws {RangeError} if `xs.length` differs from the network's length.
 * @example
 * ```ts
 * applyNetwork(oddEvenMergeSortNetwork(3), [2n, 0n, 1n], (a, b) => a < b); // [0n, 1n, 2n]
 * ```
 */
export function applyNetwork<T>(
  net: ComparatorNetwork,
  xs: readonly T[],
  less: (a: T, b: T) => boolean,
): T[] {
  if (xs.length !== net.length) {
    throw new RangeError(`applyNetwork: expected ${net.length} values, got ${xs.length}`);
  }
  const out = xs.slice();
  for (const { lo, hi } of net.layers) {
    for (let c = 0; c < lo.length; c++) {
      const a = out[lo[c]!]!;
      const b = out[hi[c]!]!;
      if (less(b, a)) {
        out[lo[c]!] = b;
        out[hi[c]!] = a;
      }
    }
  }
  return out;
}
