/**
 * `parley/program/testing`: runs a program in one process exactly as nodes run it, for its
 * author's tests (docs/programs.md). The program is bundled (`../bundle.ts`) and loaded into
 * the sandbox (`../sandbox/load.ts`) as on a node; every party (a committee `p1..pn` with
 * threshold t, the input owners, a recipient) runs the real engine over the in-memory network;
 * each owner checks and shares its own dataset (`../run.ts`); the outputs are revealed to the
 * recipient only, and returned decoded.
 *
 * @module
 */
import { partyId } from '../../mpc/channel.js';
import { session } from '../../mpc/secure/session.js';
import { fields } from '../../mpc/field/prime-field.js';
import { memoryNetwork } from '../../net/memory.js';
import { bundleProgram } from '../bundle.js';
import { validateParams } from '../params.js';
import { prepareInput, runProgram, type PreparedInput } from '../run.js';
import { loadProgram, type LoadOptions } from '../sandbox/load.js';
import type { DatasetColumns, ProgramDefinition, ProgramField, ProgramResult } from '../types.js';

/** One input dataset: its owner (a party name) and its columns in the store's encoding. */
export interface LocalDataset {
  readonly owner: string;
  readonly columns: DatasetColumns;
}

/** How to run a program locally. */
export interface LocalRunOptions {
  /** The committee: its size (parties p1..pn, default 3) or its party names. */
  readonly parties?: number | readonly string[];
  /** The threshold (default 1): any t + 1 members reconstruct, t learn nothing. */
  readonly t?: number;
  /** The field (default: the program's); a different one fails as on a node. */
  readonly field?: ProgramField;
  /** The party that receives the outputs (default `recipient`). */
  readonly recipient?: string;
  /** The sandbox's limits. */
  readonly limits?: LoadOptions;
}

/**
 * Runs the program at `program` (a `.ts`/`.js` file or directory, or a bundle's bytes, or a
 * loaded program) on `datasets` with `params`, and returns what the recipient learns.
 * @throws what a node would: parameter, input, sandbox and engine errors, naming the program.
 * @example
 * ```ts
 * const out = await runProgramLocally('examples/programs/weighted-sum.ts',
 *   [{ owner: 'acme', columns: { x: { type: 'integer', bits: 32, values: [1n, 2n] } } }],
 *   { column: 'x', weights: [2] }, { parties: 3, t: 1 });
 * out.total; // [6n]
 * ```
 */
export async function runProgramLocally(
  program: string | Uint8Array | ProgramDefinition,
  datasets: readonly LocalDataset[],
  params: Readonly<Record<string, unknown>>,
  options: LocalRunOptions = {},
): Promise<ProgramResult> {
  const definition =
    typeof program === 'string'
      ? loadProgram((await bundleProgram(program)).bundle, { label: program, ...options.limits })
      : program instanceof Uint8Array
        ? loadProgram(program, options.limits)
        : program;
  const validated = validateParams(definition, params);
  const names =
    typeof options.parties === 'object'
      ? options.parties
      : Array.from({ length: options.parties ?? 3 }, (_, i) => `p${i + 1}`);
  const committee = names.map(partyId);
  const recipient = options.recipient ?? 'recipient';
  const others = [...new Set([...datasets.map((d) => d.owner), recipient])]
    .filter((p) => !names.includes(p))
    .map(partyId);
  const parties = [...committee, ...others];
  const field = fields[options.field ?? definition.field ?? 'p127'];
  // Every owner checks its own dataset before anything is shared, as its node would.
  const prepared = datasets.map((d, i) => prepareInput(definition, validated, i, d.columns));
  const slots = datasets.map((d, i) => ({ owner: partyId(d.owner), rows: prepared[i]!.rows }));
  const net = memoryNetwork(parties, { timeoutMs: 60_000 });
  try {
    const results = await Promise.all(
      net.channels.map(async (channel) => {
        const mpc = session({ channel, committee, t: options.t ?? 1, field });
        const mine = new Map<number, PreparedInput>();
        datasets.forEach((d, i) => {
          if (d.owner === channel.self) mine.set(i, prepared[i]!);
        });
        const outputs = await runProgram(mpc, definition, validated, slots, mine);
        const out: Record<string, readonly (number | bigint | boolean)[]> = {};
        for (const [name, v] of outputs) {
          const r = await v.revealTo(recipient);
          if (r !== null) out[name] = r;
        }
        return channel.self === recipient ? out : null;
      }),
    );
    return results.find((r) => r !== null) as ProgramResult;
  } finally {
    await Promise.all(net.channels.map((c) => c.close()));
  }
}

export type { ProgramDefinition, ProgramResult };
