/**
 * The program registry: the programs a node can run, by name and by code hash. A job names its
 * program by code hash only; the node looks the hash up here and runs nothing else.
 *
 * The registry is dynamic: a node adds a program when the consortium approves its bundle and
 * removes it when the consortium revokes it (src/node/programs/, fed from the ledger), with no
 * restart. Several versions of one program may be approved at once: each stays reachable by its
 * hash, and the name resolves to the one added last. A subclass may check a program again on
 * every lookup by hash ({@link ProgramRegistry.check}); the node's registry recomputes the hash
 * of the stored bundle there, so a tampered bundle is refused before any job runs it.
 *
 * @module
 */
import { auction } from './auction.js';
import { tally } from './tally.js';
import { escrow, escrowSum } from './escrow.js';
import type { Hex } from 'viem';
import { ProgramNotFoundError } from './errors.js';
import { builtinSourceUrl } from './builtin-load.js';
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
  /** By name: every registered version, oldest first (the name resolves to the last). */
  private readonly byName = new Map<string, RegisteredProgram[]>();
  private readonly byHash = new Map<string, RegisteredProgram>();

  /**
   * Adds a program with its code hash. A program of the same name under another hash is kept:
   * `get(name)` resolves to the one added last.
   * @throws {RangeError} if the hash is taken or the name is malformed.
   */
  add(definition: ProgramDefinition, codeHash: Hex): RegisteredProgram {
    if (!/^[a-z0-9-]{1,64}$/.test(definition.name)) {
      throw new RangeError(`ProgramRegistry: expected a name of [a-z0-9-], got ${definition.name}`);
    }
    const key = codeHash.toLowerCase();
    if (this.byHash.has(key)) {
      throw new RangeError(
        `ProgramRegistry: ${codeHash} is already registered (as ${this.byHash.get(key)!.definition.name})`,
      );
    }
    const entry = Object.freeze({ definition, codeHash });
    this.byName.set(definition.name, [...(this.byName.get(definition.name) ?? []), entry]);
    this.byHash.set(key, entry);
    return entry;
  }

  /**
   * Removes the program with `codeHash` (e.g. revoked); the name then resolves to the version
   * added before it, if any. Returns whether it was registered.
   */
  remove(codeHash: Hex): boolean {
    const key = codeHash.toLowerCase();
    const entry = this.byHash.get(key);
    if (entry === undefined) return false;
    this.byHash.delete(key);
    const rest = (this.byName.get(entry.definition.name) ?? []).filter((e) => e !== entry);
    if (rest.length === 0) this.byName.delete(entry.definition.name);
    else this.byName.set(entry.definition.name, rest);
    return true;
  }

  /** True if a program with `codeHash` is registered (no check). */
  has(codeHash: Hex): boolean {
    return this.byHash.has(codeHash.toLowerCase());
  }

  /**
   * Called by {@link byCodeHash} for a registered program before it is returned; throws to
   * refuse it. The base registry checks nothing.
   */
  protected check(entry: RegisteredProgram): void {
    void entry;
  }

  /**
   * The program with `codeHash`, checked ({@link check}).
   * @throws {ProgramNotFoundError} if none; whatever {@link check} throws.
   */
  byCodeHash(codeHash: Hex): RegisteredProgram {
    const p = this.byHash.get(codeHash.toLowerCase());
    if (p === undefined) throw new ProgramNotFoundError(`with code hash ${codeHash}`);
    this.check(p);
    return p;
  }

  /** The version of program `name` added last. @throws {ProgramNotFoundError} */
  get(name: string): RegisteredProgram {
    const versions = this.byName.get(name);
    if (versions === undefined) throw new ProgramNotFoundError(JSON.stringify(name));
    return versions[versions.length - 1]!;
  }

  /** Every registered program (each version), by name, then in the order added. */
  list(): RegisteredProgram[] {
    return [...this.byName.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap(([, versions]) => versions);
  }
}

/**
 * The built-in programs (loaded from their bundles into the sandbox) and their source modules
 * (for the code hash).
 */
export const builtinPrograms: readonly (readonly [ProgramDefinition, URL])[] = [
  [sum, builtinSourceUrl('sum')],
  [mean, builtinSourceUrl('mean')],
  [variance, builtinSourceUrl('variance')],
  [paygap, builtinSourceUrl('paygap')],
  [stddev, builtinSourceUrl('stddev')],
  [auction, builtinSourceUrl('auction')],
  [tally, builtinSourceUrl('tally')],
  [escrow, builtinSourceUrl('escrow')],
  [escrowSum, builtinSourceUrl('escrow-sum')],
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
