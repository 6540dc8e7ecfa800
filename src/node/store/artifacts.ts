/**
 * Artifacts: this member's shares of job outputs that went to nobody (`to: 'nobody'`), kept
 * secret-shared by the job's committee so that a later job with the same committee may take
 * them as an input. Each member stores only its own shares (one Shamir share per element); with
 * t or fewer members' shares nothing is learnt about the values.
 *
 * Id: `<jobId>.<output name>` (e.g. `12.model`), the same on every member, derived from the
 * chain (the producing job) and the program (the output's name).
 *
 * Deleting removes this member's shares only. The others keep theirs; but a later job needs the
 * shares of every committee member (the executor reconstructs nothing, yet each member must
 * contribute its own share to every secure operation), so once one member has deleted its
 * shares the artifact can no longer be used by anyone: deletion by one member is an effective
 * veto. When more than t members delete, the values are unrecoverable even by collusion of the
 * rest.
 *
 * Security: `shares` are secret and never logged or served; list/show return metadata only.
 *
 * @module
 */
import type { Hex } from 'viem';
import { ParleyError, type ErrorDetails } from '../../errors/base.js';
import type { SecType } from '../../mpc/secure/types.js';
import { now, type Row, type Store } from './db.js';

export { ARTIFACT_ID } from '../../programs/params.js';
import { ARTIFACT_ID } from '../../programs/params.js';

/**
 * The artifact id of output `name` of job `jobId`.
 * @example
 * ```ts
 * artifactId(12n, 'model'); // '12.model'
 * ```
 */
export function artifactId(jobId: bigint, name: string): string {
  return `${jobId}.${name}`;
}

/**
 * Parses an artifact id; undefined if malformed.
 * @example
 * ```ts
 * parseArtifactId('12.model'); // { jobId: 12n, name: 'model' }
 * ```
 */
export function parseArtifactId(
  id: string,
): { readonly jobId: bigint; readonly name: string } | undefined {
  const m = ARTIFACT_ID.exec(id);
  return m === null ? undefined : { jobId: BigInt(m[1]!), name: m[2]! };
}

/** An artifact's public description (what list/show return): no shares. */
export interface ArtifactInfo {
  readonly id: string;
  readonly jobId: string;
  readonly name: string;
  readonly program: string;
  readonly field: string;
  readonly type: SecType;
  readonly length: number;
  readonly committee: readonly string[];
  readonly t: number;
  /** This member's 1-based evaluation point. */
  readonly index: number;
  readonly lineage: { readonly datasets: readonly Hex[]; readonly owners: readonly string[] };
  readonly resultDigest: Hex;
  readonly createdAt: string;
}

/** An artifact with this member's shares. Secret: never log it. */
export interface ArtifactRecord extends ArtifactInfo {
  readonly shares: Uint8Array;
}

/** No artifact with this id on this node. */
export class ArtifactNotFoundError extends ParleyError {
  static override name = 'ArtifactNotFoundError';
  constructor(id: string, details: ErrorDetails = {}) {
    super(`No artifact ${id} on this node (list them with "parley artifact list").`, {
      code: 'ERR_ARTIFACT_NOT_FOUND',
      details: { id, ...details },
    });
  }
}

function info(r: Row): ArtifactInfo {
  return {
    id: String(r.id),
    jobId: String(r.job_id),
    name: String(r.name),
    program: String(r.program),
    field: String(r.field),
    type: JSON.parse(String(r.type_json)) as SecType,
    length: Number(r.length),
    committee: JSON.parse(String(r.committee)) as string[],
    t: Number(r.t),
    index: Number(r.share_index),
    lineage: JSON.parse(String(r.lineage_json)) as ArtifactInfo['lineage'],
    resultDigest: String(r.result_digest) as Hex,
    createdAt: String(r.created_at),
  };
}

const META =
  'id, job_id, name, program, field, type_json, length, committee, t, share_index, lineage_json, result_digest, created_at';

/**
 * Stores this member's shares of an artifact (replacing a record with the same id: a job runs
 * once, so the same id means the same job).
 * @example
 * ```ts
 * saveArtifact(store, { id: '12.model', jobId: '12', ... });
 * ```
 */
export function saveArtifact(store: Store, a: Omit<ArtifactRecord, 'createdAt'>): void {
  store.run(
    `INSERT OR REPLACE INTO artifacts (id, job_id, name, program, field, type_json, length, committee, t, share_index, shares, lineage_json, result_digest, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      a.id,
      a.jobId,
      a.name,
      a.program,
      a.field,
      JSON.stringify(a.type),
      a.length,
      JSON.stringify(a.committee),
      a.t,
      a.index,
      a.shares,
      JSON.stringify(a.lineage),
      a.resultDigest,
      now(),
    ],
  );
}

/**
 * Every artifact on this node, newest first (metadata only).
 * @example
 * ```ts
 * listArtifacts(store).map((a) => a.id); // ['12.model']
 * ```
 */
export function listArtifacts(store: Store): ArtifactInfo[] {
  return store.all(`SELECT ${META} FROM artifacts ORDER BY created_at DESC, id`).map(info);
}

/**
 * One artifact's metadata, or undefined.
 * @example
 * ```ts
 * getArtifact(store, '12.model')?.committee;
 * ```
 */
export function getArtifact(store: Store, id: string): ArtifactInfo | undefined {
  const r = store.get(`SELECT ${META} FROM artifacts WHERE id = ?`, [id]);
  return r === undefined ? undefined : info(r);
}

/**
 * One artifact with this member's shares (for the executor only).
 * @throws {ArtifactNotFoundError} if this node holds no such artifact.
 * @example
 * ```ts
 * const { shares } = loadArtifactShares(store, '12.model');
 * ```
 */
export function loadArtifactShares(store: Store, id: string): ArtifactRecord {
  const r = store.get(`SELECT ${META}, shares FROM artifacts WHERE id = ?`, [id]);
  if (r === undefined) throw new ArtifactNotFoundError(id);
  const shares = r.shares;
  if (!(shares instanceof Uint8Array)) throw new ArtifactNotFoundError(id, { reason: 'no shares' });
  return { ...info(r), shares: shares.slice() };
}

/**
 * Deletes this member's shares of artifact `id` (see the module doc for what it means for the
 * other members). Returns false if there was none.
 * @example
 * ```ts
 * deleteArtifact(store, '12.model'); // true
 * ```
 */
export function deleteArtifact(store: Store, id: string): boolean {
  return store.run('DELETE FROM artifacts WHERE id = ?', [id]) > 0;
}
