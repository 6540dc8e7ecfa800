/**
 * Datasets in the store: metadata (name, schema, row count, content hash, publication) and the
 * encoded rows. Rows never leave the node except as secret shares; nothing here logs them.
 *
 * @module
 */
import type { DatasetSchema } from '../datasets/schema.js';
import { DatasetExistsError, StoreError } from '../errors.js';
import { now, type Row, type Store } from './db.js';

/** A dataset's metadata as stored (no rows). */
export interface DatasetRecord {
  /** 0x + 64 hex; the Catalog id once published. */
  readonly id: `0x${string}`;
  readonly name: string;
  readonly schema: DatasetSchema;
  readonly rowCount: number;
  readonly contentHash: `0x${string}`;
  readonly createdAt: string;
  readonly publishedAt: string | null;
  readonly publishTx: string | null;
}

export interface InsertDatasetParameters {
  readonly id: `0x${string}`;
  readonly name: string;
  readonly schema: DatasetSchema;
  readonly rows: readonly (readonly string[])[];
  readonly contentHash: `0x${string}`;
}

/** Rows per INSERT statement (3 bound values each, far below SQLite's variable limit). */
const BATCH = 500;

function toRecord(r: Row): DatasetRecord {
  return {
    id: String(r.id) as `0x${string}`,
    name: String(r.name),
    schema: JSON.parse(String(r.schema_json)) as DatasetSchema,
    rowCount: Number(r.row_count),
    contentHash: String(r.content_hash) as `0x${string}`,
    createdAt: String(r.created_at),
    publishedAt: r.published_at === null ? null : String(r.published_at),
    publishTx: r.publish_tx === null ? null : String(r.publish_tx),
  };
}

/**
 * Stores a dataset and all its rows in one transaction: after a failure nothing is stored.
 * @example
 * ```ts
 * insertDataset(store, { id, name: 'payroll', schema, rows, contentHash });
 * ```
 * @throws {DatasetExistsError} if the name is taken; {StoreError} on any other failure.
 */
export function insertDataset(store: Store, p: InsertDatasetParameters): DatasetRecord {
  return store.transaction(() => {
    if (store.get('SELECT 1 AS x FROM datasets WHERE name = ?', [p.name]) !== undefined) {
      throw new DatasetExistsError(p.name);
    }
    store.run(
      'INSERT INTO datasets (id, name, schema_json, row_count, content_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [p.id, p.name, JSON.stringify(p.schema), p.rows.length, p.contentHash, now()],
    );
    for (let start = 0; start < p.rows.length; start += BATCH) {
      const chunk = p.rows.slice(start, start + BATCH);
      const values: (string | number)[] = [];
      chunk.forEach((cells, k) => values.push(p.id, start + k, JSON.stringify(cells)));
      store.run(
        `INSERT INTO dataset_rows (dataset_id, idx, cells) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}`,
        values,
      );
    }
    return getDataset(store, p.id)!;
  });
}

/** Metadata of one dataset, or undefined. */
export function getDataset(store: Store, id: string): DatasetRecord | undefined {
  const r = store.get('SELECT * FROM datasets WHERE id = ?', [id]);
  return r === undefined ? undefined : toRecord(r);
}

/** Metadata of one dataset by name, or undefined. */
export function getDatasetByName(store: Store, name: string): DatasetRecord | undefined {
  const r = store.get('SELECT * FROM datasets WHERE name = ?', [name]);
  return r === undefined ? undefined : toRecord(r);
}

/** Metadata of every dataset, oldest first. */
export function listDatasets(store: Store): DatasetRecord[] {
  return store.all('SELECT * FROM datasets ORDER BY created_at, name').map(toRecord);
}

/**
 * The encoded rows of a dataset, in import order. Secret: for the job runner only.
 * @throws {StoreError} if a stored row is corrupt.
 */
export function readDatasetRows(store: Store, id: string): string[][] {
  return store
    .all('SELECT cells FROM dataset_rows WHERE dataset_id = ? ORDER BY idx', [id])
    .map((r) => {
      const cells: unknown = JSON.parse(String(r.cells));
      if (!Array.isArray(cells) || !cells.every((c) => typeof c === 'string')) {
        throw new StoreError('A stored dataset row is corrupt.', { dataset: id });
      }
      return cells;
    });
}

/** Deletes a dataset and its rows (one transaction). Returns false if there was none. */
export function deleteDataset(store: Store, id: string): boolean {
  return store.transaction(() => {
    store.run('DELETE FROM dataset_rows WHERE dataset_id = ?', [id]);
    return store.run('DELETE FROM datasets WHERE id = ?', [id]) > 0;
  });
}

/** Records that the dataset's metadata was published to the Catalog. */
export function markDatasetPublished(store: Store, id: string, tx: string): void {
  store.run('UPDATE datasets SET published_at = ?, publish_tx = ? WHERE id = ?', [now(), tx, id]);
}
