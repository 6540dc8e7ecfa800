/**
 * Disclosure control (src/programs/disclosure.ts) against plaintext references: in process, a
 * committee of 3 (t = 1) on a memory network, random payrolls with the edges forced in (a group
 * of exactly k rows, of k − 1, and of none), k from the declaration and from a parameter.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { partyId } from '../../src/mpc/channel.js';
import { session } from '../../src/mpc/secure/session.js';
import { secint } from '../../src/mpc/secure/types.js';
import { memoryNetwork } from '../../src/net/memory.js';
import { discloseOutputs, minGroupSizeOf } from '../../src/programs/disclosure.js';
import { validateParams } from '../../src/programs/params.js';
import { prepareInput, shareInputs, type PreparedInput } from '../../src/programs/run.js';
import {
  defineProgram,
  programField,
  type Params,
  type ProgramDefinition,
} from '../../src/programs/types.js';
import { category, integer, rng, type LocalInput } from './helpers.js';

/** Per input then overall: the sum of x over group A rows, and whether A's sum exceeds B's. */
const groupsDemo: ProgramDefinition = defineProgram({
  name: 'groups-demo',
  version: '1.0.0',
  description: 'test only',
  params: { k: { type: 'number', description: 'k', integer: true, min: 1, max: 50, default: 1 } },
  minGroupSize: { min: 2, param: 'k' },
  input: () => ({
    x: { kind: 'integer', bits: 16, min: 0n },
    g: { kind: 'category', labels: ['A', 'B'] },
  }),
  groups: {
    countA: { description: 'rows in A', length: (s) => s.rows.length + 1 },
    countB: { description: 'rows in B', length: (s) => s.rows.length + 1 },
  },
  outputs: {
    sumA: {
      type: 'integer',
      description: 'sum of x over A',
      to: 'recipients',
      groups: ['countA'],
      length: (s) => s.rows.length + 1,
    },
    aAboveB: {
      type: 'boolean',
      description: 'sum over A > sum over B',
      to: 'recipients',
      groups: ['countA', 'countB'],
      length: (s) => s.rows.length + 1,
    },
    rows: { type: 'integer', description: 'all rows', to: 'recipients', length: 1 },
  },
  async run(mpc, inputs) {
    const t = secint(40);
    const per = async (label: string) => {
      const sums = [];
      const counts = [];
      for (const i of inputs) {
        const bits = i.indicator('g', label);
        const b = mpc.fromShares(secint(2), bits.length, bits.share);
        sums.push(mpc.fromShares(t, 1, (await i.integer('x').dot(b)).share));
        counts.push(mpc.fromShares(t, 1, bits.count().share));
      }
      const s = mpc.concat(sums);
      const c = mpc.concat(counts);
      return { s: s.concat(s.sum().withBits(40)), c: c.concat(c.sum().withBits(40)) };
    };
    const a = await per('A');
    const b = await per('B');
    return {
      sumA: a.s,
      aAboveB: await a.s.gt(b.s),
      rows: mpc.fromShares(t, 1, a.c.at(inputs.length).add(b.c.at(inputs.length)).share),
      countA: a.c,
      countB: b.c,
    };
  },
});

interface Revealed {
  values: Record<string, readonly (bigint | boolean | number)[]>;
  shown: Record<string, readonly boolean[]>;
}

async function runDisclosed(params: Params, inputs: readonly LocalInput[]): Promise<Revealed> {
  const program = groupsDemo;
  const committee = ['p1', 'p2', 'p3'].map(partyId);
  const owners = [...new Set(inputs.map((i) => i.owner))].map(partyId);
  const parties = [...committee, ...owners.filter((o) => !committee.includes(o)), partyId('reg')];
  const net = memoryNetwork(parties, { timeoutMs: 20_000 });
  const slots = inputs.map((inp, i) => ({
    owner: partyId(inp.owner),
    rows: prepareInput(program, params, i, inp.columns).rows,
  }));
  try {
    const results = await Promise.all(
      net.channels.map(async (channel) => {
        const mpc = session({ channel, committee, t: 1, field: programField(program) });
        const prepared = new Map<number, PreparedInput>();
        inputs.forEach((inp, i) => {
          if (inp.owner === channel.self)
            prepared.set(i, prepareInput(program, params, i, inp.columns));
        });
        const secure = await shareInputs(mpc, program, params, slots, prepared);
        const returned = await program.run(mpc, secure, params);
        const shape = { rows: slots.map((s) => s.rows), params };
        const outs = await discloseOutputs(program, params, shape, returned);
        const values: Revealed['values'] = {};
        const shown: Revealed['shown'] = {};
        for (const o of outs) {
          const v = await o.vector.revealTo('reg');
          if (v !== null) values[o.name] = v;
          if (o.shown !== undefined) {
            const s = await o.shown.revealTo('reg');
            if (s !== null) shown[o.name] = s;
          }
        }
        return channel.self === 'reg' ? { values, shown } : null;
      }),
    );
    return results[parties.indexOf(partyId('reg'))]!;
  } finally {
    await Promise.all(net.channels.map((c) => c.close()));
  }
}

/** A payroll with `a` rows in A and `b` in B, random values. */
function box(owner: string, a: number, b: number, r: () => number): LocalInput {
  const xs: number[] = [];
  const gs: string[] = [];
  for (let i = 0; i < a + b; i++) {
    xs.push(Math.floor(r() * 1000));
    gs.push(i < a ? 'A' : 'B');
  }
  return { owner, columns: { x: integer(xs, 16), g: category(['A', 'B'], gs) } };
}

function reference(inputs: readonly LocalInput[], k: number) {
  const stats = inputs.map((inp) => {
    const xs = inp.columns['x']!.values;
    const gs = inp.columns['g']!.values;
    let sa = 0n;
    let sb = 0n;
    let na = 0;
    let nb = 0;
    xs.forEach((x, i) => {
      if (gs[i] === 0n) {
        sa += x;
        na++;
      } else {
        sb += x;
        nb++;
      }
    });
    return { sa, sb, na, nb };
  });
  const all = stats.reduce(
    (t, s) => ({ sa: t.sa + s.sa, sb: t.sb + s.sb, na: t.na + s.na, nb: t.nb + s.nb }),
    { sa: 0n, sb: 0n, na: 0, nb: 0 },
  );
  const scopes = [...stats, all];
  return {
    sumA: scopes.map((s) => (s.na >= k ? s.sa : 0n)),
    shownA: scopes.map((s) => s.na >= k),
    aAboveB: scopes.map((s) => s.na >= k && s.nb >= k && s.sa > s.sb),
    shownBoth: scopes.map((s) => s.na >= k && s.nb >= k),
    rows: [BigInt(all.na + all.nb)],
  };
}

test('minGroupSizeOf: the larger of the declared floor and the parameter', () => {
  assert.equal(minGroupSizeOf(groupsDemo, validateParams(groupsDemo, {})), 2);
  assert.equal(minGroupSizeOf(groupsDemo, validateParams(groupsDemo, { k: 5 })), 5);
  assert.equal(minGroupSizeOf(groupsDemo, validateParams(groupsDemo, { k: 1 })), 2);
});

test('small groups are withheld in every grouped output; edges k, k − 1 and 0 rows', async () => {
  const r = rng(9);
  for (const k of [2, 3]) {
    // Exactly k, k − 1, zero, and a random large group, in A and in B.
    const inputs = [
      box('acme', k, k + 2, r),
      box('globex', k - 1, 5, r),
      box('initech', 0, 4, r),
      box('umbrella', 3 + Math.floor(r() * 6), k, r),
    ];
    const params = validateParams(groupsDemo, { k });
    const got = await runDisclosed(params, inputs);
    const want = reference(inputs, k);
    assert.deepEqual(got.values['sumA'], want.sumA, `sumA, k = ${k}`);
    assert.deepEqual(got.shown['sumA'], want.shownA, `shown sumA, k = ${k}`);
    assert.deepEqual(got.values['aAboveB'], want.aAboveB, `aAboveB, k = ${k}`);
    assert.deepEqual(got.shown['aAboveB'], want.shownBoth, `shown aAboveB, k = ${k}`);
    // An output without groups is untouched.
    assert.deepEqual(got.values['rows'], want.rows);
    assert.equal(got.shown['rows'], undefined);
    // The edges: exactly k shown, k − 1 and none withheld.
    assert.deepEqual(want.shownA.slice(0, 3), [true, false, false]);
  }
});
