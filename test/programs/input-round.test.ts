/**
 * Inputs of all datasets are shared in one round: with every input message delayed by D on the
 * wire, every owner sends all of its input messages before the first one arrives anywhere (a
 * dataset-after-dataset sharing would make an owner on the committee wait D per earlier dataset),
 * and the whole sharing takes about one D. The shared values are checked against the plaintext.
 */
import { test } from 'node:test';
import { equal, ok } from 'node:assert/strict';
import { partyId } from '../../src/mpc/channel.js';
import { session } from '../../src/mpc/secure/session.js';
import { memoryNetwork, type MessageInfo } from '../../src/net/memory.js';
import { CONTROL_STEP_BASE } from '../../src/node/jobs/control.js';
import { loadBuiltinPrograms } from '../../src/programs/registry.js';
import { validateParams } from '../../src/programs/params.js';
import { prepareInput, runProgram, type PreparedInput } from '../../src/programs/run.js';
import { programField } from '../../src/programs/types.js';
import { category, decimal, rng } from './helpers.js';

const IO_STEP_BASE = 2 ** 31;
const D = 400;

test('four datasets (three owners on the committee, one outside) are shared in one round', async () => {
  const programs = await loadBuiltinPrograms();
  const paygap = programs.get('paygap').definition;
  const params = validateParams(paygap, { threshold: 5 });
  const r = rng(9);
  const owners = ['p1', 'p2', 'p3', 'o4'];
  const inputs = owners.map((owner) => {
    const n = 2 + Math.floor(r() * 6);
    const genders = Array.from({ length: n }, (_, i) =>
      i === 0 ? 'F' : i === 1 ? 'M' : r() < 0.5 ? 'F' : 'M',
    );
    const salaries = Array.from({ length: n }, () =>
      BigInt(3_000_000 + Math.floor(r() * 6_000_000)),
    );
    return { owner, columns: { gender: category(['F', 'M'], genders), salary: decimal(salaries) } };
  });
  const committee = ['p1', 'p2', 'p3'].map(partyId);
  const parties = [...committee, partyId('o4'), partyId('reg')];
  const sent: { at: number; m: MessageInfo }[] = [];
  const isInput = (m: MessageInfo): boolean => m.step >= IO_STEP_BASE && m.step < CONTROL_STEP_BASE;
  let firstInput = 0;
  const net = memoryNetwork(parties, {
    timeoutMs: 20_000,
    faults: [
      {
        match: (m) => {
          if (!isInput(m)) return false;
          const at = Date.now();
          firstInput ||= at;
          sent.push({ at, m });
          return true;
        },
        action: 'delay',
        delayMs: D,
      },
    ],
  });
  const slots = inputs.map((inp, i) => ({
    owner: partyId(inp.owner),
    rows: prepareInput(paygap, params, i, inp.columns).rows,
  }));
  let sharedAt = 0;
  try {
    const results = await Promise.all(
      net.channels.map(async (channel) => {
        const mpc = session({ channel, committee, t: 1, field: programField(paygap) });
        const prepared = new Map<number, PreparedInput>();
        inputs.forEach((inp, i) => {
          if (inp.owner === channel.self)
            prepared.set(i, prepareInput(paygap, params, i, inp.columns));
        });
        const outputs = await runProgram(mpc, paygap, params, slots, prepared);
        sharedAt ||= Date.now();
        const out: Record<string, unknown[]> = {};
        for (const [name, v] of outputs) {
          const x = await v.revealTo('reg');
          if (x !== null) out[name] = [...x];
        }
        return out;
      }),
    );
    // Every dataset's columns went out at once: 4 owners × 2 columns × their 3 receivers
    // (an owner on the committee also deals to itself, which does not cross the network).
    // The first 8 io steps are the 8 inputs (4 datasets × 2 columns); later ones are the reveals.
    const dealt = sent.filter((s) => s.m.from !== s.m.to && s.m.step < IO_STEP_BASE + 8);
    equal(dealt.length, 3 * 2 * 2 + 2 * 3, 'one message per column per other member');
    const spread = Math.max(...dealt.map((s) => s.at)) - Math.min(...dealt.map((s) => s.at));
    ok(firstInput > 0);
    ok(
      spread < D / 2,
      `all input messages sent within ${spread} ms (one round; a second would wait ${D} ms)`,
    );
    // The reference: overall means of women and men, from the plaintext (stored cents).
    const all = inputs.flatMap((inp) =>
      inp.columns.salary.values.map((v, k) => ({
        v: Number(v),
        f: inp.columns.gender.values[k] === 0n,
      })),
    );
    const mean = (f: boolean): number => {
      const xs = all.filter((a) => a.f === f).map((a) => a.v);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    const reg = results[parties.indexOf(partyId('reg'))]!;
    const got = (reg['meanFemale'] as number[]).at(-1)!;
    ok(
      Math.abs(got - mean(true)) <= 1e-6 * mean(true) + 1,
      `mean of women ${got} vs ${mean(true)}`,
    );
    const gotM = (reg['meanMale'] as number[]).at(-1)!;
    ok(
      Math.abs(gotM - mean(false)) <= 1e-6 * mean(false) + 1,
      `mean of men ${gotM} vs ${mean(false)}`,
    );
  } finally {
    await Promise.all(net.channels.map((c) => c.close()));
  }
  ok(sharedAt > 0);
});
