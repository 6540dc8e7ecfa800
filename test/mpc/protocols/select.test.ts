import { TEST_FIELD } from '../harness.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fpFromBigInts, fpToBigInts, fpVec } from '../../../src/mpc/field/vec.js';
import { repeatEach, select, selectRows } from '../../../src/mpc/protocols/select.js';
import type { Runtime } from '../../../src/mpc/runtime/runtime.js';
import { COMMITTEES, runParties } from '../harness.js';

const arbElement = fc.bigInt({ min: 0n, max: TEST_FIELD.p - 1n });
const EDGE = [0n, 1n, TEST_FIELD.p - 1n, TEST_FIELD.p - 2n, 1n << 64n, 1n << 126n];

/** Member 1 shares `xs`; every member returns its shares (length public). */
async function share(rt: Runtime, xs: readonly bigint[]) {
  const v = await rt.input(
    rt.member(1),
    rt.index === 1 ? fpFromBigInts(TEST_FIELD, xs) : xs.length,
  );
  return v!;
}

for (const [n, t] of COMMITTEES) {
  const runs = n === 7 ? 3 : 8;
  void describe(`select n=${n} t=${t}`, () => {
    void test('select opens to c ? a : b on random and edge values', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.boolean(), arbElement, arbElement), { maxLength: 12 }),
          async (rows) => {
            const all = [
              ...rows,
              ...EDGE.map((e, i) => [i % 2 === 0, e, EDGE[EDGE.length - 1 - i]!] as const),
            ];
            const cs = all.map(([c]) => (c ? 1n : 0n));
            const as = all.map(([, a]) => a);
            const bs = all.map(([, , b]) => b);
            const out = await runParties(n, t, async (rt) => {
              const z = await select(
                rt,
                await share(rt, cs),
                await share(rt, as),
                await share(rt, bs),
              );
              return { z: fpToBigInts(await rt.open(z)), rounds: rt.stats.rounds };
            });
            const want = all.map(([c, a, b]) => (c ? a : b));
            for (const o of out) assert.deepEqual(o.z, want);
            // select is one mul round; the open is the other.
            assert.equal(out[0]!.rounds, 2);
          },
        ),
        { numRuns: runs },
      );
    });

    void test('selectRows moves whole rows with one round', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 4 }),
          fc.array(fc.boolean(), { maxLength: 6 }),
          fc.array(arbElement, { minLength: 48, maxLength: 48 }),
          async (w, bits, pool) => {
            const m = bits.length;
            const as = pool.slice(0, m * w);
            const bs = pool.slice(24, 24 + m * w);
            const cs = bits.map((c) => (c ? 1n : 0n));
            const out = await runParties(n, t, async (rt) => {
              const z = await selectRows(
                rt,
                await share(rt, cs),
                await share(rt, as),
                await share(rt, bs),
                w,
              );
              return { z: fpToBigInts(await rt.open(z)), rounds: rt.stats.rounds };
            });
            const want = as.map((a, i) => (bits[Math.floor(i / w)]! ? a : bs[i]!));
            for (const o of out) assert.deepEqual(o.z, want);
            assert.equal(out[0]!.rounds, 2);
          },
        ),
        { numRuns: runs },
      );
    });
  });
}

void describe('select preconditions', () => {
  void test('select and selectRows refuse mismatched shapes without running a round', async () => {
    const out = await runParties(3, 1, async (rt) => {
      await assert.rejects(
        select(rt, fpVec(TEST_FIELD, 2), fpVec(TEST_FIELD, 2), fpVec(TEST_FIELD, 3)),
        {
          name: 'MpcProtocolError',
        },
      );
      await assert.rejects(
        selectRows(rt, fpVec(TEST_FIELD, 2), fpVec(TEST_FIELD, 4), fpVec(TEST_FIELD, 6), 2),
        {
          name: 'MpcProtocolError',
        },
      );
      await assert.rejects(
        selectRows(rt, fpVec(TEST_FIELD, 0), fpVec(TEST_FIELD, 0), fpVec(TEST_FIELD, 0), 0),
        {
          name: 'MpcProtocolError',
        },
      );
      return rt.stats.rounds;
    });
    assert.deepEqual(out, [0, 0, 0]);
  });

  void test('empty vectors select to empty vectors', async () => {
    const out = await runParties(3, 1, async (rt) => {
      const z = await select(rt, fpVec(TEST_FIELD, 0), fpVec(TEST_FIELD, 0), fpVec(TEST_FIELD, 0));
      const r = await selectRows(
        rt,
        fpVec(TEST_FIELD, 0),
        fpVec(TEST_FIELD, 0),
        fpVec(TEST_FIELD, 0),
        5,
      );
      return [z.length, r.length];
    });
    assert.deepEqual(out, [
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
  });

  void test('repeatEach repeats every element w times', () => {
    assert.deepEqual(
      fpToBigInts(repeatEach(fpFromBigInts(TEST_FIELD, [1n, 0n, TEST_FIELD.p - 1n]), 2)),
      [1n, 1n, 0n, 0n, TEST_FIELD.p - 1n, TEST_FIELD.p - 1n],
    );
    assert.deepEqual(fpToBigInts(repeatEach(fpFromBigInts(TEST_FIELD, [7n]), 1)), [7n]);
  });
});
