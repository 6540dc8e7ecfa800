/**
 * The node's program store: every program published on chain (an approve-program proposal's
 * `ProgramPublished` event) with its bundle, sources and approval status, in the `programs` table
 * (migration 6). The bundle is stored as published; the hash is NOT trusted from this table: the
 * node registry (`./registry.ts`) recomputes it from the stored bytes on every load and job.
 *
 * @module
 */
import type { Hex } from 'viem';
import type { Row, Store } from '../store/db.js';

/** Where a published program stands on chain. */
export type ProgramStatus = 'published' | 'approved' | 'revoked';

/** One stored program. `hash` is the code hash it was published (and approved) under. */
export interface StoredProgram {
  readonly hash: Hex;
  readonly name: string;
  readonly version: string;
  readonly bundle: Uint8Array;
  readonly sources: Readonly<Record<string, string>>;
  readonly proposalId: string;
  readonly status: ProgramStatus;
  readonly publishedAt: string;
  readonly decidedAt: string | null;
}

const key = (hash: string): string => hash.toLowerCase();

function parseSources(text: string): Record<string, string> {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
    const out: Record<string, string> = {};
    for (const [k, t] of Object.entries(v as Record<string, unknown>))
      if (typeof t === 'string') out[k] = t;
    return out;
  } catch {
    return {};
  }
}

function fromRow(r: Row): StoredProgram {
  const b = r['bundle'];
  return {
    hash: String(r['hash']) as Hex,
    name: String(r['name']),
    version: String(r['version']),
    bundle: b instanceof Uint8Array ? b : new Uint8Array(),
    sources: parseSources(String(r['sources_json'])),
    proposalId: String(r['proposal_id']),
    status: String(r['status']) as ProgramStatus,
    publishedAt: String(r['published_at']),
    decidedAt: r['decided_at'] === null ? null : String(r['decided_at']),
  };
}

/**
 * Records a published program. A hash seen before (the same program proposed again, or the
 * event replayed) keeps its first bundle and its status; returns whether the row is new.
 * @example
 * ```ts
 * savePublishedProgram(store, { hash, name, version, bundle, sources, proposalId: '3' });
 * ```
 */
export function savePublishedProgram(
  store: Store,
  p: {
    readonly hash: Hex;
    readonly name: string;
    readonly version: string;
    readonly bundle: Uint8Array;
    readonly sources: Readonly<Record<string, string>>;
    readonly proposalId: string;
  },
): boolean {
  const changed = store.run(
    `INSERT OR IGNORE INTO programs
       (hash, name, version, bundle, sources_json, proposal_id, status, published_at)
     VALUES (?, ?, ?, ?, ?, ?, 'published', ?)`,
    [
      key(p.hash),
      p.name,
      p.version,
      p.bundle,
      JSON.stringify(p.sources),
      p.proposalId,
      new Date().toISOString(),
    ],
  );
  return changed > 0;
}

/**
 * Sets a stored program's status (approved or revoked on chain). Returns false if the hash was
 * never published to this node.
 */
export function setProgramStatus(store: Store, hash: Hex, status: ProgramStatus): boolean {
  return (
    store.run(`UPDATE programs SET status = ?, decided_at = ? WHERE hash = ?`, [
      status,
      new Date().toISOString(),
      key(hash),
    ]) > 0
  );
}

/** The stored program with `hash`, or undefined. */
export function getStoredProgram(store: Store, hash: Hex): StoredProgram | undefined {
  const r = store.get(`SELECT * FROM programs WHERE hash = ?`, [key(hash)]);
  return r === undefined ? undefined : fromRow(r);
}

/** The stored bundle of `hash` only (what the registry re-hashes before every job). */
export function getStoredBundle(store: Store, hash: Hex): Uint8Array | undefined {
  const r = store.get(`SELECT bundle FROM programs WHERE hash = ?`, [key(hash)]);
  const b = r?.['bundle'];
  return b instanceof Uint8Array ? b : undefined;
}

/** Every stored program, optionally of one status, by name then publication. */
export function listStoredPrograms(store: Store, status?: ProgramStatus): StoredProgram[] {
  const rows =
    status === undefined
      ? store.all(`SELECT * FROM programs ORDER BY name, published_at, hash`)
      : store.all(`SELECT * FROM programs WHERE status = ? ORDER BY name, published_at, hash`, [
          status,
        ]);
  return rows.map(fromRow);
}
