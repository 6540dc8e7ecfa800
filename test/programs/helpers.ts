/**
 * Runs a program in one process over the in-memory network, in the style of test/mpc/harness.ts:
 * a committee p1..pn (t = 1), input owners and a recipient that may be outside it. Every party
 * prepares its own inputs, shares them, runs the body, and the outputs are revealed to the
 * recipient with `revealTo`.
 */
import { partyId } from '../../src/mpc/channel.js';
import { session } from '../../src/mpc/secure/session.js';
import { memoryNetwork } from '../../src/net/memory.js';
import { prepareInput, runProgram, type PreparedInput } from '../../src/programs/run.js';
import {
  programField,
  type ColumnData,
  type DatasetColumns,
  type Params,
  type ProgramDefinition,
} from '../../src/programs/types.js';

export interface LocalInput {
  readonly owner: string;
  readonly columns: DatasetColumns;
}

export type Revealed = Record<string, readonly (number | bigint | boolean)[]>;

/** Deterministic PRNG (mulberry32) so that random cases replay. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A `fixed` column from reals (stored as round(x · 2^16)). */
export function fixed(values: readonly number[]): ColumnData {
  return {
    type: 'fixed',
    fractionBits: 16,
    values: values.map((v) => BigInt(Math.round(v * 65536))),
  };
}

/** An `integer` column. */
export function integer(values: readonly number[], bits = 32): ColumnData {
  return { type: 'integer', bits, values: values.map((v) => BigInt(v)) };
}

/** A `decimal` column from stored integers (cents for scale 2). */
export function decimal(values: readonly bigint[], scale = 2): ColumnData {
  return { type: 'decimal', scale, values };
}

/** A `category` column from labels. */
export function category(labels: readonly string[], values: readonly string[]): ColumnData {
  return {
    type: 'category',
    labels,
    values: values.map((v) => {
      const i = labels.indexOf(v);
      if (i < 0) throw new Error('bad label in test data');
      return BigInt(i);
    }),
  };
}

/** The value a fixed column holds for x (rounded to 2^-16). */
export function q16(x: number): number {
  return Math.round(x * 65536) / 65536;
}

/**
 * Runs `program` with committee p1..pn (t = 1), the given inputs and recipient; resolves with
 * what the recipient learns (and checks that every other party learns nothing).
 */
export async function runLocalProgram(
  program: ProgramDefinition,
  params: Params,
  n: number,
  inputs: readonly LocalInput[],
  recipient = 'reg',
): Promise<Revealed> {
  const committee = Array.from({ length: n }, (_, i) => partyId(`p${i + 1}`));
  const others = [...new Set([...inputs.map((i) => i.owner), recipient])]
    .filter((p) => !committee.includes(partyId(p)))
    .map(partyId);
  const parties = [...committee, ...others];
  const net = memoryNetwork(parties, { timeoutMs: 20_000 });
  // Every owner prepares its own inputs, as its node would, before anything is shared.
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
          if (inp.owner === channel.self) {
            prepared.set(i, prepareInput(program, params, i, inp.columns));
          }
        });
        const outputs = await runProgram(mpc, program, params, slots, prepared);
        const out: Revealed = {};
        let got = false;
        for (const [name, v] of outputs) {
          const r = await v.revealTo(recipient);
          if (r !== null) {
            out[name] = r;
            got = true;
          }
        }
        return got ? out : null;
      }),
    );
    const mine = results[parties.indexOf(partyId(recipient))];
    results.forEach((r, i) => {
      if (parties[i] !== recipient && r !== null) throw new Error(`${parties[i]} learned outputs`);
    });
    if (mine === null || mine === undefined) throw new Error('recipient learned nothing');
    return mine;
  } finally {
    await Promise.all(net.channels.map((c) => c.close()));
  }
}
