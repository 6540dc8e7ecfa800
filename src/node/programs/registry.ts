/**
 * The node's program registry: the programs the consortium approved, loaded from the bundles
 * published on chain, with no restart.
 *
 * Fed from the ledger (the runner hands it the Consortium's program events in chain order):
 * - `ProgramPublished(hash, proposalId, name, version, bundle, sources)`: the bundle and sources
 *   are stored (`./store.ts`); a bundle that does not hash to `hash` is stored too (members may
 *   read what was proposed) but flagged, and will never load.
 * - `ProgramApproved(hash)`: the stored bundle is hashed again and, if it matches, loaded
 *   through the engine's loader (the QuickJS sandbox) and registered under `hash`: jobs naming
 *   that hash run from then on.
 * - `ProgramRevoked(hash)`: the program is unregistered; jobs naming it are refused.
 *
 * At start ({@link NodeProgramRegistry.loadApproved}) every program the store holds as approved
 * is loaded the same way, so a restarted node runs what it ran before (its ledger checkpoint lies
 * past those events).
 *
 * Integrity: before it loads a bundle, and again on every lookup by hash (every job's plan, see
 * `src/node/jobs/plan.ts`), the registry recomputes the code hash of the bytes in the store
 * (`bundleCodeHash`, src/programs/hash.ts) and refuses a bundle whose hash is not the approved
 * one with {@link ProgramHashMismatchError}, naming the program and both hashes. The definition
 * it runs is the one loaded from verified bytes; the re-check makes a store that was changed
 * underneath the node fail closed instead of being trusted later (e.g. after a restart).
 *
 * @module
 */
import { bytesToString, hexToBytes, type Hex } from 'viem';
import type { LedgerEvent } from '../../ledger/events.js';
import { ProgramHashMismatchError, ProgramNotFoundError } from '../../programs/errors.js';
import { bundleCodeHash } from '../../programs/hash.js';
import { ProgramRegistry, type RegisteredProgram } from '../../programs/registry.js';
import type { ProgramDefinition } from '../../programs/types.js';
import type { Store } from '../store/db.js';
import {
  getStoredBundle,
  getStoredProgram,
  listStoredPrograms,
  savePublishedProgram,
  setProgramStatus,
  type StoredProgram,
} from './store.js';

/** Turns a verified bundle into a runnable program (the engine's sandbox loader). */
export type BundleLoader = (bundle: Uint8Array) => ProgramDefinition;

/** Where the registry reports what it did and refused (the node's log). */
export interface ProgramRegistryLog {
  info(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

const quiet: ProgramRegistryLog = { info: () => undefined, error: () => undefined };

/** Parses a `ProgramPublished` sources payload (UTF-8 JSON `{ path: text }`); {} if malformed. */
export function decodeSources(hex: Hex): Record<string, string> {
  try {
    const v: unknown = JSON.parse(bytesToString(hexToBytes(hex)));
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).filter(
        (e): e is [string, string] => typeof e[1] === 'string',
      ),
    );
  } catch {
    return {};
  }
}

/**
 * A {@link ProgramRegistry} fed from the node's program store (module doc).
 * @example
 * ```ts
 * const programs = new NodeProgramRegistry(store, loadProgram, log);
 * programs.loadApproved();
 * // runner: for each Consortium event, programs.onLedgerEvent(e)
 * ```
 */
export class NodeProgramRegistry extends ProgramRegistry {
  readonly #store: Store;
  readonly #load: BundleLoader;
  #log: ProgramRegistryLog;
  /** Approved programs this node refused to load, by lowercase hash: the reason. */
  readonly #refused = new Map<string, Error>();

  constructor(store: Store, load: BundleLoader, log: ProgramRegistryLog = quiet) {
    super();
    this.#store = store;
    this.#load = load;
    this.#log = log;
  }

  /** The loader bundles are loaded with (to test-load a program before it is published). */
  get loader(): BundleLoader {
    return this.#load;
  }

  /** Sets where the registry reports (the node's logger, once it exists). */
  onLog(log: ProgramRegistryLog): void {
    this.#log = log;
  }

  /** Loads every program the store holds as approved (at start). */
  loadApproved(): void {
    for (const p of listStoredPrograms(this.#store, 'approved')) this.#activate(p);
  }

  /** Why an approved program is not loaded on this node, or undefined. */
  refusal(hash: Hex): Error | undefined {
    return this.#refused.get(hash.toLowerCase());
  }

  /**
   * Handles one ledger event (others are ignored). Synchronous: call it in chain order, before
   * the jobs of the same range are looked at.
   */
  onLedgerEvent(e: LedgerEvent): void {
    if (e.contract !== 'consortium') return;
    if (e.eventName === 'ProgramPublished') {
      const { programHash, proposalId, name, version, bundle, sources } = e.args;
      const bytes = hexToBytes(bundle);
      const fresh = savePublishedProgram(this.#store, {
        hash: programHash,
        name,
        version,
        bundle: bytes,
        sources: decodeSources(sources),
        proposalId: proposalId.toString(),
      });
      const actual = bundleCodeHash(bytes);
      if (actual !== programHash.toLowerCase()) {
        this.#log.error(
          `program ${name}: the bundle published with proposal ${proposalId} hashes to ${actual}, not to the proposed code hash ${programHash}; this node will refuse it`,
          { program: name, expected: programHash, actual },
        );
      } else if (fresh) {
        this.#log.info(`program ${name} ${version} published (${programHash})`, {
          proposalId: proposalId.toString(),
        });
      }
    } else if (e.eventName === 'ProgramApproved') {
      const hash = e.args.programHash;
      if (!setProgramStatus(this.#store, hash, 'approved')) {
        this.#refuse(
          hash,
          new ProgramNotFoundError(
            `with code hash ${hash} (approved, but its bundle was never published to this node)`,
          ),
        );
        return;
      }
      this.#activate(getStoredProgram(this.#store, hash)!);
    } else if (e.eventName === 'ProgramRevoked') {
      const hash = e.args.programHash;
      setProgramStatus(this.#store, hash, 'revoked');
      this.#refused.delete(hash.toLowerCase());
      if (this.remove(hash)) this.#log.info(`program revoked: ${hash}; jobs naming it are refused`);
    }
  }

  override byCodeHash(codeHash: Hex): RegisteredProgram {
    const refused = this.#refused.get(codeHash.toLowerCase());
    if (refused !== undefined && !this.has(codeHash)) throw refused;
    return super.byCodeHash(codeHash);
  }

  /** Recomputes the hash of the stored bundle: a tampered store fails closed (module doc). */
  protected override check(entry: RegisteredProgram): void {
    const bytes = getStoredBundle(this.#store, entry.codeHash);
    const actual = bytes === undefined ? '(no stored bundle)' : bundleCodeHash(bytes);
    if (actual !== entry.codeHash.toLowerCase()) {
      const err = new ProgramHashMismatchError(entry.definition.name, entry.codeHash, actual);
      if (this.#refused.get(entry.codeHash.toLowerCase())?.message !== err.message)
        this.#refuse(entry.codeHash, err);
      throw err;
    }
  }

  #refuse(hash: Hex, err: Error): void {
    this.#refused.set(hash.toLowerCase(), err);
    this.#log.error(err.message, { programHash: hash });
  }

  /** Verifies and loads an approved stored program; records the refusal otherwise. */
  #activate(p: StoredProgram): void {
    if (this.has(p.hash)) return;
    const actual = bundleCodeHash(p.bundle);
    if (actual !== p.hash.toLowerCase()) {
      this.#refuse(p.hash, new ProgramHashMismatchError(p.name, p.hash, actual));
      return;
    }
    let definition: ProgramDefinition;
    try {
      definition = this.#load(p.bundle);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.#refuse(
        p.hash,
        new ProgramNotFoundError(
          `${p.name} (${p.hash}): its approved bundle does not load: ${reason}`,
        ),
      );
      return;
    }
    if (definition.name !== p.name) {
      this.#refuse(
        p.hash,
        new ProgramNotFoundError(
          `${p.name} (${p.hash}): its bundle defines a program named ${JSON.stringify(definition.name)}, not the published name`,
        ),
      );
      return;
    }
    try {
      this.add(definition, p.hash.toLowerCase() as Hex);
    } catch (err) {
      this.#refuse(p.hash, err instanceof Error ? err : new Error(String(err)));
      return;
    }
    this.#refused.delete(p.hash.toLowerCase());
    this.#log.info(`program ${p.name} ${p.version} loaded (${p.hash})`);
  }
}
