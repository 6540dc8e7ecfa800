import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { secfxp, secint } from '../../../src/mpc/secure/types.js';
import { API_COMMITTEES, ULP, assertClose, runSessions } from './helpers.js';

/** Plain row-major product of an m×k and a k×n matrix. */
function product<T extends number | bigint>(
  a: T[],
  b: T[],
  m: number,
  k: number,
  n: number,
  zero: T,
): T[] {
  const out: T[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s: number | bigint = zero;
      for (let l = 0; l < k; l++)
        s = (s as number) + (a[i * k + l] as number) * (b[l * n + j] as number);
      out.push(s as T);
    }
  }
  return out;
}

for (const [n, t] of API_COMMITTEES) {
  describe(`matrices n=${n} t=${t}`, () => {
    test('matmul of integer and fixed-point matrices, transpose, row and col', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 3 }),
          fc.integer({ min: 1, max: 4 }),
          fc.integer({ min: 1, max: 3 }),
          fc.infiniteStream(fc.integer({ min: -1000, max: 1000 })),
          async (m, k, c, stream) => {
            const it = stream[Symbol.iterator]();
            const take = (len: number) =>
              Array.from({ length: len }, () => it.next().value as number);
            const a = take(m * k).map(BigInt);
            const b = take(k * c).map(BigInt);
            const fa = take(m * k).map((v) => v / 64);
            const fb = take(k * c).map((v) => v / 64);
            const out = await runSessions(
              n,
              t,
              async (mpc) => {
                const input = <T extends ReturnType<typeof secint> | ReturnType<typeof secfxp>>(
                  values: (bigint | number)[],
                  type: T,
                ) =>
                  mpc.input(mpc.self === 'owner' ? (values as bigint[]) : undefined, {
                    from: 'owner',
                    type,
                    length: values.length,
                  });
                const A = mpc.matrix(await input(a, secint(32)), m, k);
                const B = mpc.matrix(await input(b, secint(32)), k, c);
                const FA = mpc.matrix(await input(fa, secfxp()), m, k);
                const FB = mpc.matrix(await input(fb, secfxp()), k, c);
                const AB = await A.matmul(B);
                return {
                  ab: await AB.revealTo('reader'),
                  fab: await (await FA.matmul(FB)).revealTo('reader'),
                  at: await A.transpose().revealTo('reader'),
                  row: await A.row(m - 1).revealTo('reader'),
                  col: await A.col(k - 1).revealTo('reader'),
                };
              },
              { outsiders: ['owner', 'reader'] },
            );
            const r = out[n + 1]!;
            const want = product(a, b, m, k, c, 0n);
            assert.deepEqual(
              r.ab,
              Array.from({ length: m }, (_, i) => want.slice(i * c, (i + 1) * c)),
            );
            const fwant = product(fa, fb, m, k, c, 0);
            assertClose(r.fab!.flat(), fwant, ULP);
            assert.deepEqual(
              r.at!.flat(),
              Array.from({ length: k * m }, (_, x) => a[(x % m) * k + Math.floor(x / m)]),
            );
            assert.deepEqual(r.row, a.slice((m - 1) * k));
            assert.deepEqual(
              r.col,
              Array.from({ length: m }, (_, i) => a[i * k + k - 1]),
            );
            for (const o of out.slice(0, n + 1))
              assert.deepEqual(o, { ab: null, fab: null, at: null, row: null, col: null });
          },
        ),
        { numRuns: 3 },
      );
    });

    test('sortRows moves whole rows by a key column, stably on request', async () => {
      const rows = [
        [3n, 30n],
        [1n, 10n],
        [2n, 20n],
        [1n, 11n],
      ];
      const out = await runSessions(n, t, async (mpc) => {
        const v = mpc.constant(rows.flat(), secint(16));
        const M = mpc.matrix(v, 4, 2);
        return [
          await (await M.sortRows(0, { stable: true })).open(),
          await (await M.sortRows(1, { descending: true })).open(),
        ];
      });
      assert.deepEqual(out[0], [
        [
          [1n, 10n],
          [1n, 11n],
          [2n, 20n],
          [3n, 30n],
        ],
        [
          [3n, 30n],
          [2n, 20n],
          [1n, 11n],
          [1n, 10n],
        ],
      ]);
    });
  });
}

test('shape errors name the operation and both shapes', async () => {
  await assert.rejects(
    runSessions(3, 1, async (mpc) => {
      const A = mpc.matrix(mpc.constant([1n, 2n, 3n, 4n, 5n, 6n], secint(8)), 2, 3);
      return A.matmul(A);
    }),
    /matmul: expected inner dimensions to agree, got secint\(8\)\[2×3\] and secint\(8\)\[2×3\]/,
  );
  await assert.rejects(
    runSessions(3, 1, (mpc) =>
      Promise.resolve(mpc.matrix(mpc.constant([1n, 2n, 3n], secint(8)), 2, 2)),
    ),
    /matrix: expected 2 × 2 elements, got secint\(8\)\[3\]/,
  );
});
