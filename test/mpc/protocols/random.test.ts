import { TEST_FIELD } from '../harness.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fpToBigInts } from '../../../src/mpc/field/vec.js';
import {
  checkMaskBound,
  randomBits,
  randomBounded,
  randomMasks,
} from '../../../src/mpc/protocols/random.js';
import { COMMITTEES, TEST_SECURITY, runParties } from '../harness.js';

for (const [n, t] of COMMITTEES) {
  describe(`random n=${n} t=${t}`, () => {
    test('randomBits gives bits, both values occur, and costs ⌈log2(t+1)⌉ + 1 rounds', async () => {
      const count = 200;
      const out = await runParties(n, t, async (rt) => {
        const before = rt.stats.rounds;
        const b = await randomBits(rt, count);
        const rounds = rt.stats.rounds - before;
        return { bits: fpToBigInts(await rt.open(b)), rounds };
      });
      const bits = out[0]!.bits;
      assert.equal(bits.length, count);
      for (const x of bits) assert.ok(x === 0n || x === 1n, 'each element is a bit');
      const ones = bits.filter((x) => x === 1n).length;
      // Binomial(200, 1/2): outside [60, 140] with probability < 1e-8.
      assert.ok(ones > 60 && ones < 140, `about half ones, got ${ones}`);
      for (const o of out) assert.deepEqual(o.bits, bits);
      assert.equal(out[0]!.rounds, 1 + Math.ceil(Math.log2(t + 1)));
    });

    test('randomBounded stays below (t+1)·2^bits and costs one round (two when malicious: its bits are checked)', async () => {
      const out = await runParties(n, t, async (rt) => {
        const before = rt.stats.rounds;
        const r = await randomBounded(rt, 50, 10);
        return { r: fpToBigInts(await rt.open(r)), rounds: rt.stats.rounds - before - 1 };
      });
      for (const x of out[0]!.r) assert.ok(x <= BigInt(t + 1) * 1023n, 'bounded');
      assert.equal(out[0]!.rounds, TEST_SECURITY === 'malicious' && t > 0 ? 2 : 1);
    });

    test('randomMasks: every form gives low = Σ 2^i r_i with r_i = a_i ⊕ b_i, in one batch', async () => {
      const reqs = [
        { count: 7, bits: 5, highBits: 20, form: 'bits' as const },
        { count: 6, bits: 9, highBits: 0, form: 'split' as const },
        { count: 5, bits: 3, highBits: 8, form: 'value' as const },
        { count: 0, bits: 4, highBits: 4, form: 'bits' as const },
      ];
      const out = await runParties(n, t, async (rt) => {
        const before = rt.stats.rounds;
        const ms = await randomMasks(rt, reqs);
        const rounds = rt.stats.rounds - before;
        const opened = [];
        for (const m of ms) {
          opened.push({
            low: fpToBigInts(await rt.open(m.low)),
            high: fpToBigInts(await rt.open(m.high)),
            r: m.r === null ? null : fpToBigInts(await rt.open(m.r)),
            a: m.a === null ? null : fpToBigInts(await rt.open(m.a)),
            b: m.b === null ? null : fpToBigInts(await rt.open(m.b)),
          });
        }
        return { opened, rounds };
      });
      assert.equal(out[0]!.rounds, 1 + Math.ceil(Math.log2(t + 1)));
      const [mb, ms, mv, me] = out[0]!.opened;
      // form 'bits'
      for (let e = 0; e < 7; e++) {
        let v = 0n;
        for (let i = 0; i < 5; i++) {
          const bit = mb!.r![i * 7 + e]!;
          assert.ok(bit === 0n || bit === 1n);
          v += bit << BigInt(i);
        }
        assert.equal(mb!.low[e], v);
        assert.ok(mb!.high[e]! < BigInt(t + 1) << 20n);
      }
      // form 'split'
      for (let e = 0; e < 6; e++) {
        let v = 0n;
        for (let i = 0; i < 9; i++) {
          const a = ms!.a![i * 6 + e]!;
          const b = ms!.b![i * 6 + e]!;
          assert.ok((a === 0n || a === 1n) && (b === 0n || b === 1n));
          v += (a ^ b) << BigInt(i);
        }
        assert.equal(ms!.low[e], v);
        assert.equal(ms!.high[e], 0n);
      }
      for (const x of mv!.low) assert.ok(x < 8n);
      assert.deepEqual(me!.low, []);
      // the 'value' masks are not constant across 5 elements × 3 bits with overwhelming odds
      assert.ok(new Set(ms!.low).size > 1, 'split values vary');
    });
  });
}

test('checkMaskBound accepts k + κ + 1 < bits for t = 1 and names k and the field when it refuses', () => {
  // p127: k <= 85; p255 (2^255 - 19): k <= 213.
  const kMax = TEST_FIELD.bits - 42;
  checkMaskBound('f', kMax, 1, TEST_FIELD);
  assert.throws(
    () => checkMaskBound('f', kMax + 1, 1, TEST_FIELD),
    (e: unknown) =>
      e instanceof RangeError &&
      e.message.includes(`k = ${kMax + 1}`) &&
      e.message.includes(`field ${TEST_FIELD.name}`),
  );
  assert.throws(() => checkMaskBound('f', 0, 1, TEST_FIELD), RangeError);
});
