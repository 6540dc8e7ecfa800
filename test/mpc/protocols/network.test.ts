import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  applyNetwork,
  oddEvenMergeSortNetwork,
  MAX_NETWORK_LENGTH,
} from '../../../src/mpc/protocols/network.js';

const less = (a: number, b: number) => a < b;
const ascending = (xs: readonly number[]) => xs.slice().sort((a, b) => a - b);

void describe('oddEvenMergeSortNetwork', () => {
  void test('sorts every 0/1 input of length 0..16 (0-1 principle: it sorts everything)', () => {
    for (let n = 0; n <= 16; n++) {
      const net = oddEvenMergeSortNetwork(n);
      const xs = new Array<number>(n);
      for (let mask = 0; mask < 1 << n; mask++) {
        let ones = 0;
        for (let i = 0; i < n; i++) {
          xs[i] = (mask >> i) & 1;
          ones += xs[i]!;
        }
        const out = applyNetwork(net, xs, less);
        for (let i = 0; i < n; i++) {
          if (out[i] !== (i >= n - ones ? 1 : 0)) {
            assert.fail(`length ${n}: input mask ${mask} is not sorted at position ${i}`);
          }
        }
      }
    }
  });

  void test('sorts random integer arrays of any length up to 300 (duplicates included)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 300 }), (xs) => {
        assert.deepEqual(applyNetwork(oddEvenMergeSortNetwork(xs.length), xs, less), ascending(xs));
      }),
      { numRuns: 60 },
    );
  });

  void test('sorts 1000 and 1025 distinct values, and a reverse-sorted input', () => {
    for (const n of [1000, 1025]) {
      const xs = Array.from({ length: n }, (_, i) => (i * 7919) % n);
      assert.deepEqual(applyNetwork(oddEvenMergeSortNetwork(n), xs, less), ascending(xs));
      const rev = Array.from({ length: n }, (_, i) => n - i);
      assert.deepEqual(applyNetwork(oddEvenMergeSortNetwork(n), rev, less), ascending(rev));
    }
  });

  void test('layers are disjoint, in range, lo < hi, and non-empty', () => {
    for (const n of [0, 1, 2, 3, 5, 8, 13, 64, 100, 1000]) {
      const net = oddEvenMergeSortNetwork(n);
      let total = 0;
      for (const { lo, hi } of net.layers) {
        assert.equal(lo.length, hi.length);
        assert.ok(lo.length > 0, `length ${n}: empty layer`);
        const seen = new Set<number>();
        for (let c = 0; c < lo.length; c++) {
          assert.ok(lo[c]! < hi[c]!, `length ${n}: comparator ${c} has lo >= hi`);
          assert.ok(hi[c]! < n, `length ${n}: index out of range`);
          assert.ok(!seen.has(lo[c]!) && !seen.has(hi[c]!), `length ${n}: positions reused`);
          seen.add(lo[c]!);
          seen.add(hi[c]!);
        }
        total += lo.length;
      }
      assert.equal(net.comparators, total);
    }
  });

  void test('powers of two have Batcher’s m(m+1)/2 layers and (m²−m+4)·2^(m−2) − 1 comparators', () => {
    for (let m = 1; m <= 11; m++) {
      const net = oddEvenMergeSortNetwork(2 ** m);
      assert.equal(net.layers.length, (m * (m + 1)) / 2, `2^${m}: layers`);
      assert.equal(net.comparators, (m * m - m + 4) * 2 ** (m - 2) - 1, `2^${m}: comparators`);
    }
    // 10^3 values: 55 layers, and pruning keeps fewer comparators than 2^10 would need.
    const net = oddEvenMergeSortNetwork(1000);
    assert.equal(net.layers.length, 55);
    assert.ok(net.comparators < 24063);
  });

  void test('lengths 0 and 1 have no layers; schedules are cached and frozen', () => {
    assert.equal(oddEvenMergeSortNetwork(0).layers.length, 0);
    assert.equal(oddEvenMergeSortNetwork(1).layers.length, 0);
    assert.equal(oddEvenMergeSortNetwork(37), oddEvenMergeSortNetwork(37));
    assert.ok(Object.isFrozen(oddEvenMergeSortNetwork(37)));
    assert.ok(Object.isFrozen(oddEvenMergeSortNetwork(37).layers));
    assert.ok(Object.isFrozen(oddEvenMergeSortNetwork(37).layers[0]!.lo));
  });

  void test('refuses negative, fractional and too large lengths', () => {
    for (const n of [-1, 1.5, Number.NaN, MAX_NETWORK_LENGTH + 1]) {
      assert.throws(() => oddEvenMergeSortNetwork(n), RangeError);
    }
    assert.throws(() => applyNetwork(oddEvenMergeSortNetwork(3), [1, 2], less), RangeError);
  });
});
