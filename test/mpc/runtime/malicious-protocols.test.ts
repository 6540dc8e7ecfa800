/**
 * Every protocol family in the malicious-secure mode, in p127 and (a subset) in p255: an honest
 * run verifies and matches the plaintext reference; a member that adds an error to one of its
 * messages (a sample of positions spread over the whole run) is caught before any output, and
 * whoever does deliver delivers the right result; no honest member is named.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Channel, PartyId } from '../../../src/mpc/channel.js';
import { MpcVerificationError } from '../../../src/mpc/errors.js';
import { type PrimeField, fields } from '../../../src/mpc/field/prime-field.js';
import { type FpVec, fpFromBigInts, fpToBigInts } from '../../../src/mpc/field/vec.js';
import { eq, lt } from '../../../src/mpc/protocols/compare.js';
import { divide } from '../../../src/mpc/protocols/divide.js';
import { exp } from '../../../src/mpc/protocols/exp.js';
import { fxpDefaultFormat, fxpMul } from '../../../src/mpc/protocols/fixed.js';
import { ln } from '../../../src/mpc/protocols/log.js';
import { max, min } from '../../../src/mpc/protocols/minmax.js';
import { sort } from '../../../src/mpc/protocols/sort.js';
import { sqrt } from '../../../src/mpc/protocols/sqrt.js';
import { mean, variance } from '../../../src/mpc/protocols/stats.js';
import { truncPr } from '../../../src/mpc/protocols/trunc.js';
import { Runtime } from '../../../src/mpc/runtime/runtime.js';
import { memoryNetwork } from '../../../src/net/memory.js';
import { memberNames } from '../harness.js';

type Check = (got: bigint[]) => void;

interface Case {
  readonly name: string;
  /** Two input vectors (signed integers, or fixed-point at the field's default scale). */
  readonly inputs: (f: number) => [bigint[], bigint[]];
  readonly run: (rt: Runtime, a: FpVec, b: FpVec) => Promise<FpVec>;
  readonly check: (f: number, a: bigint[], b: bigint[]) => Check;
  /** Also in p255 (the JS bigint kernels there are slow: a subset). */
  readonly wide?: boolean;
}

const fx = (x: number, f: number): bigint => BigInt(Math.round(x * 2 ** f));
const un = (x: bigint, f: number): number => Number(x) / 2 ** f;
const near =
  (want: number[], f: number, tol: number): Check =>
  (got) =>
    want.forEach((w, i) =>
      assert.ok(
        Math.abs(un(got[i]!, f) - w) <= tol * Math.max(1, Math.abs(w)),
        `element ${i}: ${un(got[i]!, f)} vs ${w}`,
      ),
    );
const exact =
  (want: bigint[]): Check =>
  (got) =>
    assert.deepEqual(got, want);

const K = 32;
const CASES: readonly Case[] = [
  {
    name: 'mul',
    wide: true,
    inputs: () => [
      [3n, -4n, 0n, 1n << 30n],
      [5n, 7n, 9n, -3n],
    ],
    run: (rt, a, b) => rt.mul(a, b),
    check: (_f, a, b) => exact(a.map((x, i) => x * b[i]!)),
  },
  {
    name: 'lt',
    wide: true,
    inputs: () => [
      [3n, -4n, 0n, 100n, -(1n << 30n)],
      [5n, -4n, -1n, 99n, 1n << 30n],
    ],
    run: (rt, a, b) => lt(rt, a, b, K),
    check: (_f, a, b) => exact(a.map((x, i) => (x < b[i]! ? 1n : 0n))),
  },
  {
    name: 'eq',
    inputs: () => [
      [3n, -4n, 0n, 100n],
      [3n, 4n, 0n, 99n],
    ],
    run: (rt, a, b) => eq(rt, a, b, K),
    check: (_f, a, b) => exact(a.map((x, i) => (x === b[i]! ? 1n : 0n))),
  },
  {
    name: 'truncPr',
    inputs: () => [[1000n, -1000n, 12345n, 0n], []],
    run: (rt, a) => truncPr(rt, a, K, 4),
    check: (_f, a) => (got) =>
      a.forEach((x, i) => {
        const fl = x >> 4n;
        assert.ok(got[i] === fl || got[i] === fl + 1n, `element ${i}`);
      }),
  },
  {
    name: 'fxp mul',
    wide: true,
    inputs: (f) => [
      [fx(1.5, f), fx(-2.25, f), fx(100, f)],
      [fx(2, f), fx(3.5, f), fx(-0.01, f)],
    ],
    run: (rt, a, b) => fxpMul(rt, a, b, { field: rt.field }),
    check: (f) => near([3, -7.875, -1], f, 1e-3),
  },
  {
    name: 'divide',
    inputs: (f) => [
      [fx(1, f), fx(-7.5, f), fx(100, f)],
      [fx(3, f), fx(2.5, f), fx(-8, f)],
    ],
    run: (rt, a, b) => divide(rt, a, b, { field: rt.field }),
    check: (f) => near([1 / 3, -3, -12.5], f, 1e-3),
  },
  {
    name: 'sqrt',
    inputs: (f) => [[fx(2, f), fx(100, f), fx(0.25, f)], []],
    run: (rt, a) => sqrt(rt, a, { field: rt.field }),
    check: (f) => near([Math.SQRT2, 10, 0.5], f, 1e-3),
  },
  {
    name: 'exp',
    inputs: (f) => [[fx(0, f), fx(1, f), fx(-2, f)], []],
    run: (rt, a) => exp(rt, a, { field: rt.field }),
    check: (f) => near([1, Math.E, Math.exp(-2)], f, 1e-3),
  },
  {
    name: 'ln',
    inputs: (f) => [[fx(1, f), fx(Math.E, f), fx(10, f)], []],
    run: (rt, a) => ln(rt, a, { field: rt.field }),
    check: (f) => near([0, 1, Math.log(10)], f, 1e-3),
  },
  {
    name: 'sort',
    wide: true,
    inputs: () => [[5n, -3n, 9n, 0n, 2n], []],
    run: (rt, a) => sort(rt, a, K),
    check: () => exact([-3n, 0n, 2n, 5n, 9n]),
  },
  {
    name: 'min and max',
    inputs: () => [[5n, -3n, 9n, 0n, 2n], []],
    run: async (rt, a) => {
      const lo = await min(rt, a, K);
      const hi = await max(rt, a, K);
      const out = fpFromBigInts(rt.field, [0n, 0n]);
      out.words.set(lo.words, 0);
      out.words.set(hi.words, rt.field.words);
      return out;
    },
    check: () => exact([-3n, 9n]),
  },
  {
    name: 'mean and variance',
    inputs: (f) => [[fx(1, f), fx(2, f), fx(3, f), fx(6, f)], []],
    run: async (rt, a) => {
      const m = await mean(rt, a, { field: rt.field });
      const v = await variance(rt, a, { field: rt.field });
      const out = fpFromBigInts(rt.field, [0n, 0n]);
      out.words.set(m.words, 0);
      out.words.set(v.words, rt.field.words);
      return out;
    },
    check: (f) => near([3, 3.5], f, 1e-3),
  },
];

/** A channel whose `nth` non-empty send (when `nth` >= 0) has bit 1 of its first byte flipped; counts them. */
function tampering(inner: Channel, nth: number, counter: { sent: number }): Channel {
  return {
    self: inner.self,
    parties: inner.parties,
    timeoutMs: inner.timeoutMs,
    send(to: PartyId, step: number, payload: Uint8Array) {
      // Only non-empty messages count (an empty one has nothing to alter).
      if (payload.byteLength > 0 && counter.sent++ === nth) {
        const copy = payload.slice();
        copy[0] = copy[0]! ^ 2;
        inner.send(to, step, copy);
        return;
      }
      inner.send(to, step, payload);
    },
    receive: (from, step, options) => inner.receive(from, step, options),
    close: () => inner.close(),
  };
}

/**
 * Runs `c` on n members in `field`, malicious mode; member 2 flips a bit of its `nth` message
 * (none when nth < 0). Returns each member's opened result or error, and member 2's send count.
 */
async function run(
  c: Case,
  field: PrimeField,
  n: number,
  t: number,
  nth: number,
): Promise<{ results: (bigint[] | Error)[]; sent: number }> {
  const committee = memberNames(n);
  const net = memoryNetwork(committee, { timeoutMs: 1_500 });
  const counter = { sent: 0 };
  const channels = net.channels.map((ch, k) => (k === 1 ? tampering(ch, nth, counter) : ch));
  const f = fxpDefaultFormat(field).f;
  const [xs, ys] = c.inputs(f);
  try {
    const results = await Promise.all(
      channels.map(async (channel) => {
        const rt = new Runtime({ channel, committee, t, field, security: 'malicious' });
        try {
          const a = await rt.input(
            rt.member(1),
            rt.index === 1 ? fpFromBigInts(field, xs) : xs.length,
          );
          const b = await rt.input(
            rt.member(n),
            rt.index === n ? fpFromBigInts(field, ys) : ys.length,
          );
          const z = await c.run(rt, a!, b!);
          const opened = await rt.openOutput(z);
          return fpToBigInts(opened).map((x) => (x > field.p / 2n ? x - field.p : x));
        } catch (err: unknown) {
          return err instanceof Error ? err : new Error(String(err));
        }
      }),
    );
    return { results, sent: counter.sent };
  } finally {
    await Promise.all(net.channels.map((ch) => ch.close()));
  }
}

const DETECTED_CODES = new Set(['ERR_MPC_VERIFICATION', 'ERR_PEER_MESSAGE', 'ERR_PEER_TIMEOUT']);

for (const field of [fields.p127, fields.p255]) {
  for (const c of CASES) {
    if (field.name === 'p255' && c.wide !== true) continue;
    const committees: [number, number][] =
      field.name === 'p127' && ['mul', 'lt', 'fxp mul'].includes(c.name)
        ? [
            [3, 1],
            [5, 2],
          ]
        : [[3, 1]];
    for (const [n, t] of committees) {
      describe(`malicious ${c.name} in ${field.name}, n=${n} t=${t}`, () => {
        const f = fxpDefaultFormat(field).f;
        const [xs, ys] = c.inputs(f);
        const check = c.check(f, xs, ys);
        test('an honest run verifies and matches the plaintext', async () => {
          const { results } = await run(c, field, n, t, -1);
          for (const r of results) {
            assert.ok(!(r instanceof Error), r instanceof Error ? r.message : '');
            check(r);
          }
        });
        test('an error in any sampled message of member 2 is detected, never delivered', async () => {
          const { sent } = await run(c, field, n, t, -1);
          // 6 positions spread over member 2's messages, including its first and last.
          const positions = [...new Set([0, 1, sent >> 2, sent >> 1, (3 * sent) >> 2, sent - 1])];
          for (const nth of positions) {
            const { results } = await run(c, field, n, t, nth);
            const honest = results.filter((_, k) => k !== 1);
            assert.ok(
              honest.some((r) => r instanceof Error),
              `message ${nth} of ${sent}: the cheat went undetected`,
            );
            for (const r of honest) {
              if (!(r instanceof Error)) {
                check(r); // security with abort: a member that finishes has the right result
                continue;
              }
              const code = (r as { code?: string }).code ?? '';
              assert.ok(DETECTED_CODES.has(code), `message ${nth}: ${r.name}: ${r.message}`);
              const party = (r as { details?: Record<string, unknown> }).details?.['party'];
              if (code !== 'ERR_PEER_TIMEOUT') {
                assert.ok(
                  party === undefined || party === 'p2',
                  `message ${nth} named ${String(party)}`,
                );
              }
              if (r instanceof MpcVerificationError)
                assert.match(r.message, /verification failed \(/);
            }
          }
        });
      });
    }
  }
}
