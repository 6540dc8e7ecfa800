/**
 * The program registry: the programs a node can run, by name and by code hash. A job names its
 * program by code hash only; the node looks the hash up here and runs nothing else.
 *
 * @module
 */
import { auction } from './auction.js';
import { tally } from './tally.js';
import { escrow, escrowSum } from './escrow.js';
import type { Hex } from 'viem';
import { ProgramNotFoundError } from './errors.js';
import { programCodeHash } from './hash.js';
import { mean } from './mean.js';
import { paygap } from './paygap.js';
import { stddev } from './stddev.js';
import { sum } from './sum.js';
import type { ProgramDefinition } from './types.js';
import { variance } from './variance.js';

/** A program together with its code hash. */
export interface RegisteredProgram {
  readonly definition: ProgramDefinition;
  readonly codeHash: Hex;
}

/** Programs by name and by code hash. */
export class ProgramRegistry {
  private readonly byName = new Map<string, RegisteredProgram>();
  private readonly byHash = new Map<string, RegisteredProgram>();

  /**
   * Adds a program with its code hash.
   * @throws {RangeError} if its name or hash is taken or the name is malformed.
   */
  add(definition: ProgramDefinition, codeHash: Hex): RegisteredProgram {
    if (!/^[a-z0-9-]{1,64}$/.test(definition.name)) {
      throw new RangeError(`ProgramRegistry: expected a name of [a-z0-9-], got ${definition.name}`);
    }
    const key = codeHash.toLowerCase();
    if (this.byName.has(definition.name) || this.byHash.has(key)) {
      throw new RangeError(`ProgramRegistry: ${definition.name} is already registered`);
    }
    const entry = Object.freeze({ definition, codeHash });
    this.byName.set(definition.name, entry);
    this.byHash.set(key, entry);
    return entry;
  }

  /** @throws {ProgramNotFoundError} */
  byCodeHash(codeHash: Hex): RegisteredProgram {
    const p = this.byHash.get(codeHash.toLowerCase());
    if (p === undefined) throw new ProgramNotFoundError(`with code hash ${codeHash}`);
    return p;
  }

  /** @throws {ProgramNotFoundError} */
  get(name: string): RegisteredProgram {
    const p = this.byName.get(name);
    if (p === undefined) throw new ProgramNotFoundError(JSON.stringify(name));
    return p;
  }

  /** Every registered program, by name. */
  list(): RegisteredProgram[] {
    return [...this.byName.values()].sort((a, b) =>
      a.definition.name < b.definition.name ? -1 : 1,
    );
  }
}

/** The built-in programs and their modules (for the code hash). */
export const builtinPrograms: readonly (readonly [ProgramDefinition, URL])[] = [
  [sum, new URL('./sum.js', import.meta.url)],
  [mean, new URL('./mean.js', import.meta.url)],
  [variance, new URL('./variance.js', import.meta.url)],
  [paygap, new URL('./paygap.js', import.meta.url)],
  [stddev, new URL('./stddev.js', import.meta.url)],
  [auction, new URL('./auction.js', import.meta.url)],
  [tally, new URL('./tally.js', import.meta.url)],
  [escrow, new URL('./escrow.js', import.meta.url)],
  [escrowSum, new URL('./escrow.js', import.meta.url)],
];

/**
 * A registry of the built-in programs (sum, mean, variance, stddev, paygap, auction, tally, escrow, escrow-sum), their code hashes computed
 * from their sources.
 * @example
 * ```ts
 * const registry = await loadBuiltinPrograms();
 * registry.get('paygap').codeHash; // what owners approve
 * ```
 */
export async function loadBuiltinPrograms(): Promise<ProgramRegistry> {
  const registry = new ProgramRegistry();
  for (const [definition, url] of builtinPrograms) {
    registry.add(definition, await programCodeHash(definition.name, url));
  }
  return registry;
}
