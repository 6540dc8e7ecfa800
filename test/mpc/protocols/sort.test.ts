import { TEST_FIELD } from '../harness.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fpVec } from '../../../src/mpc/field/vec.js';
import { applyNetwork, oddEvenMergeSortNetwork } from '../../../src/mpc/protocols/network.js';
import { sort, sortRows } from '../../../src/mpc/protocols/sort.js';
import { COMMITTEES, runParties } from '../harness.js';
import {
  arbSigned,
  cmpBigInt,
  edgeCases,
  ltzCost,
  openSigned,
  range,
  share,
} from './ordering-util.js';

const ascending = (xs: readonly bigint[]) => xs.slice().sort(cmpBigInt);
const descending = (xs: readonly bigint[]) => xs.slice().sort((a, b) => cmpBigInt(b, a));
const chunk = (xs: readonly bigint[], w: number) =>
  Array.from({ length: xs.length / w }, (_, r) => xs.slice(r * w, (r + 1) * w));

/** Sorts `xs` both ways on shared values; returns the opened results and rounds per sort. */
async function sortBothWays(n: number, t: number, xs: readonly bigint[], k: number) {
  return runParties(n, t, async (rt) => {
    const x = await share(rt, xs);
    const r0 = rt.stats.rounds;
    const up = await sort(rt, x, k);
    const r1 = rt.stats.rounds;
    const down = await sort(rt, x, k, { descending: true });
    const r2 = rt.stats.rounds;
    return {
      up: await openSigned(rt, up),
      down: await openSigned(rt, down),
      rounds: [r1 - r0, r2 - r1],
    };
  });
}

for (const [n, t] of COMMITTEES) {
  const small = n === 7;
  void describe(`sort n=${n} t=${t}`, () => {
    test('sort matches the plaintext sort, both directions, with ltz + 1 rounds per layer', async () => {
      const k = 20;
      const cost = await ltzCost(n, t, k + 1);
      await fc.assert(
        fc.asyncProperty(fc.array(arbSigned(k), { maxLength: small ? 5 : 12 }), async (xs) => {
          const layers = oddEvenMergeSortNetwork(xs.length).layers.length;
          // One batch of masks (these sizes stay far below the batch budget), then per layer
          // the online rounds of ltz and one multiplication round.
          const rounds = layers === 0 ? 0 : cost.masks + layers * (cost.online + 1);
          for (const o of await sortBothWays(n, t, xs, k)) {
            assert.deepEqual(o.up, ascending(xs), 'ascending');
            assert.deepEqual(o.down, descending(xs), 'descending');
            assert.deepEqual(o.rounds, [rounds, rounds], 'rounds');
          }
        }),
        { numRuns: small ? 2 : 5 },
      );
    });

    test('sort edge cases: empty, one, all equal, sorted, reversed, range ends', async () => {
      const k = small ? 64 : 32;
      const cases = [[], ...edgeCases(k)];
      for (const xs of small ? cases.slice(0, 4) : cases) {
        for (const o of await sortBothWays(n, t, xs, k)) {
          assert.deepEqual(o.up, ascending(xs), `ascending [${xs.join(', ')}]`);
          assert.deepEqual(o.down, descending(xs), `descending [${xs.join(', ')}]`);
        }
      }
    });

    test('sortRows moves whole rows; stable sorting keeps ties in input order', async () => {
      const k = 8;
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 3 }),
          fc.nat(2),
          fc.boolean(),
          fc.array(fc.tuple(arbSigned(k), arbSigned(k), arbSigned(k)), {
            maxLength: small ? 4 : 9,
          }),
          async (w, keyPick, desc, cells) => {
            const key = keyPick % w;
            const rows = cells.map((c) => c.slice(0, w));
            const flat = rows.flat();
            const out = await runParties(n, t, async (rt) => {
              const x = await share(rt, flat);
              const plain = await sortRows(rt, x, w, key, k, { descending: desc });
              const stable = await sortRows(rt, x, w, key, k, { descending: desc, stable: true });
              return {
                plain: chunk(await openSigned(rt, plain), w),
                stable: chunk(await openSigned(rt, stable), w),
              };
            });
            const before = desc
              ? (a: bigint[], b: bigint[]) => a[key]! > b[key]!
              : (a: bigint[], b: bigint[]) => a[key]! < b[key]!;
            // Stable: exactly JavaScript's (stable) sort by the key.
            const stableWant = rows
              .slice()
              .sort((a, b) => (desc ? cmpBigInt(b[key]!, a[key]!) : cmpBigInt(a[key]!, b[key]!)));
            // Not stable: exactly the plaintext network, which also sorts by the key.
            const net = applyNetwork(oddEvenMergeSortNetwork(rows.length), rows, before);
            for (const o of out) {
              assert.deepEqual(o.stable, stableWant, 'stable');
              assert.deepEqual(o.plain, net, 'network order');
              assert.deepEqual(
                o.plain.map((r) => r[key]),
                stableWant.map((r) => r[key]),
                'keys in order',
              );
            }
          },
        ),
        { numRuns: small ? 2 : 6 },
      );
    });
  });
}

void describe('sort: more cases', () => {
  test('rows whose keys are the ends of the 64-bit range, stable, both directions', async () => {
    const k = 64;
    const { lo, hi } = range(k);
    const keys = [hi, lo, 0n, lo, hi, -1n, hi];
    const rows = keys.flatMap((key, i) => [BigInt(i), key]);
    const out = await runParties(3, 1, async (rt) => {
      const x = await share(rt, rows);
      return {
        up: chunk(await openSigned(rt, await sortRows(rt, x, 2, 1, k, { stable: true })), 2),
        down: chunk(
          await openSigned(rt, await sortRows(rt, x, 2, 1, k, { stable: true, descending: true })),
          2,
        ),
      };
    });
    const idx = (o: bigint[][]) => o.map((r) => Number(r[0]));
    for (const o of out) {
      assert.deepEqual(idx(o.up), [1, 3, 5, 2, 0, 4, 6]);
      assert.deepEqual(idx(o.down), [0, 4, 6, 2, 5, 1, 3]);
    }
  });

  test('a shuffled permutation of 0..39 sorts to 0..39 (a length that is not a power of two)', async () => {
    const m = 40;
    const xs = Array.from({ length: m }, (_, i) => BigInt((i * 17 + 5) % m));
    const [o] = await sortBothWays(3, 1, xs, 8);
    assert.deepEqual(
      o!.up,
      Array.from({ length: m }, (_, i) => BigInt(i)),
    );
    assert.deepEqual(
      o!.down,
      Array.from({ length: m }, (_, i) => BigInt(m - 1 - i)),
    );
  });

  test('sortRows refuses a bad width or key column without a round', async () => {
    const out = await runParties(3, 1, async (rt) => {
      const bad: Array<[number, number]> = [
        [0, 0],
        [4, 0],
        [3, 3],
        [3, -1],
        [1.5, 0],
      ];
      for (const [w, key] of bad) {
        await assert.rejects(sortRows(rt, fpVec(TEST_FIELD, 6), w, key, 8), {
          name: 'MpcProtocolError',
        });
      }
      return rt.stats.rounds;
    });
    assert.deepEqual(out, [0, 0, 0]);
  });
});
