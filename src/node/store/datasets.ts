/**
 * Datasets in the store: metadata (name, schema, row count, content hash, publication) and the
 * stored cells. Cells never leave the node except as secret shares; nothing here logs them.
 *
 * Storage formats (`datasets.format`):
 * - 2 (current): `dataset_cells`, by column, in chunks of {@link CHUNK_ROWS} rows; each chunk is a
 *   JSON array of stored cells (strings; see src/node/datasets/schema.ts). One SQLite row per
 *   chunk keeps a 10^6-row import to a few hundred statements.
 * - 1 (before migration 4): `dataset_rows`, one JSON array of cells per row; `fixed` cells are
 *   round(x · 2^16). Still read (src/node/runner/columns.ts converts them), never written.
 *
 * @module
 */
import { parseSchema, type DatasetSchema } from '../datasets/schema.js';
import { DatasetExistsError, StoreError } from '../errors.js';
import { now, type Row, type Store } from './db.js';

/** Rows per stored chunk of one column. */
export const CHUNK_ROWS = 4096;

/** A dataset's metadata as stored (no cells). */
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
  /** Storage format: 2 now, 1 for datasets imported before migration 4. */
  readonly format: 1 | 2;
}

export interface InsertDatasetParameters {
  readonly id: `0x${string}`;
  readonly name: string;
  readonly schema: DatasetSchema;
  readonly rowCount: number;
  /** `columns[j][i]`: row i's stored cell of schema column j. */
  readonly columns: readonly (readonly string[])[];
  readonly contentHash: `0x${string}`;
}

/** The stored schema, validated (format-1 schemas read as today's: identifiers unnormalised). */
function storedSchema(r: Row): DatasetSchema {
  try {
    return parseSchema(JSON.parse(String(r.schema_json)));
  } catch (err) {
    throw new StoreError(
      'A stored dataset schema is corrupt.',
      { dataset: String(r.id) },
      { cause: err },
    );
  }
}

function toRecord(r: Row): DatasetRecord {
  return {
    id: String(r.id) as `0x${string}`,
    name: String(r.name),
    schema: storedSchema(r),
    rowCount: Number(r.row_count),
    contentHash: String(r.content_hash) as `0x${string}`,
    createdAt: String(r.created_at),
    publishedAt: r.published_at === null ? null : String(r.published_at),
    publishTx: r.publish_tx === null ? null : String(r.publish_tx),
    format: Number(r.format) === 1 ? 1 : 2,
  };
}

/**
 * Stores a dataset and all its cells in one transaction: after a failure nothing is stored.
 * @example
 * ```ts
 * insertDataset(store, { id, name: 'payroll', schema, rowCount: 1, columns: [['41']], contentHash });
 * ```
 * @throws {DatasetExistsError} if the name is taken; {StoreError} on any other failure.
 */
export function insertDataset(store: Store, p: InsertDatasetParameters): DatasetRecord {
  if (p.columns.length !== p.schema.columns.length) {
    throw new StoreError('insertDataset: one cell array per schema column expected.');
  }
  for (const c of p.columns) {
    if (c.length !== p.rowCount) throw new StoreError('insertDataset: columns differ in length.');
  }
  return store.transaction(() => {
    if (store.get('SELECT 1 AS x FROM datasets WHERE name = ?', [p.name]) !== undefined) {
      throw new DatasetExistsError(p.name);
    }
    store.run(
      'INSERT INTO datasets (id, name, schema_json, row_count, content_hash, created_at, format) VALUES (?, ?, ?, ?, ?, ?, 2)',
      [p.id, p.name, JSON.stringify(p.schema), p.rowCount, p.contentHash, now()],
    );
    p.columns.forEach((cells, j) => {
      for (let start = 0, k = 0; start < p.rowCount; start += CHUNK_ROWS, k++) {
        store.run('INSERT INTO dataset_cells (dataset_id, col, chunk, cells) VALUES (?, ?, ?, ?)', [
          p.id,
          j,
          k,
          JSON.stringify(cells.slice(start, start + CHUNK_ROWS)),
        ]);
      }
    });
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

const corrupt = (id: string): StoreError =>
  new StoreError('A stored dataset chunk is corrupt.', { dataset: id });

/**
 * The stored cells of a dataset by column (`out[j][i]`: row i of schema column j), `width`
 * columns of `rowCount` cells; for either storage format. Secret: for the job runner only.
 * @throws {StoreError} if a stored chunk or row is corrupt or the shape is not the expected one.
 * @example
 * ```ts
 * const cols = readDatasetColumns(store, rec.id, rec.schema.columns.length, rec.rowCount);
 * ```
 */
export function readDatasetColumns(
  store: Store,
  id: string,
  width: number,
  rowCount: number,
): string[][] {
  const rec = store.get('SELECT format FROM datasets WHERE id = ?', [id]);
  if (rec === undefined) throw new StoreError('No such dataset in the store.', { dataset: id });
  const out: string[][] = Array.from({ length: width }, () => []);
  if (Number(rec.format) === 1) {
    const rows = store.all('SELECT cells FROM dataset_rows WHERE dataset_id = ? ORDER BY idx', [
      id,
    ]);
    for (const r of rows) {
      const cells: unknown = JSON.parse(String(r.cells));
      if (!Array.isArray(cells) || cells.length !== width) throw corrupt(id);
      cells.forEach((c: unknown, j) => {
        if (typeof c !== 'string') throw corrupt(id);
        out[j]!.push(c);
      });
    }
  } else {
    const chunks = store.all(
      'SELECT col, chunk, cells FROM dataset_cells WHERE dataset_id = ? ORDER BY col, chunk',
      [id],
    );
    // Chunks of each column, in order; flattened once per column (no per-cell push).
    const parts: string[][][] = Array.from({ length: width }, () => []);
    for (const r of chunks) {
      const j = Number(r.col);
      const cells: unknown = JSON.parse(String(r.cells));
      const col = parts[j];
      if (col === undefined || !Array.isArray(cells) || Number(r.chunk) !== col.length) {
        throw corrupt(id);
      }
      for (let k = 0; k < cells.length; k++) if (typeof cells[k] !== 'string') throw corrupt(id);
      col.push(cells as string[]);
    }
    parts.forEach((p, j) => {
      // Every chunk but the last is full, so row i is at chunk i / CHUNK_ROWS.
      for (let k = 0; k + 1 < p.length; k++) if (p[k]!.length !== CHUNK_ROWS) throw corrupt(id);
      out[j] = p.length === 1 ? p[0]! : ([] as string[]).concat(...p);
    });
  }
  if (out.some((c) => c.length !== rowCount)) {
    throw new StoreError(`The store holds another number of rows than the dataset's record says.`, {
      dataset: id,
    });
  }
  return out;
}

/**
 * The stored cells of a dataset by row, in import order (a transposed
 * {@link readDatasetColumns}). Secret: for the job runner and tests only.
 * @throws {StoreError} if the dataset is unknown or a stored chunk is corrupt.
 */
export function readDatasetRows(store: Store, id: string): string[][] {
  const rec = getDataset(store, id);
  if (rec === undefined) throw new StoreError('No such dataset in the store.', { dataset: id });
  const cols = readDatasetColumns(store, id, rec.schema.columns.length, rec.rowCount);
  return Array.from({ length: rec.rowCount }, (_, i) => cols.map((c) => c[i]!));
}

/** Deletes a dataset and its cells (one transaction). Returns false if there was none. */
export function deleteDataset(store: Store, id: string): boolean {
  return store.transaction(() => {
    store.run('DELETE FROM dataset_rows WHERE dataset_id = ?', [id]);
    store.run('DELETE FROM dataset_cells WHERE dataset_id = ?', [id]);
    return store.run('DELETE FROM datasets WHERE id = ?', [id]) > 0;
  });
}

/** Records that the dataset's metadata was published to the Catalog. */
export function markDatasetPublished(store: Store, id: string, tx: string): void {
  store.run('UPDATE datasets SET published_at = ?, publish_tx = ? WHERE id = ?', [now(), tx, id]);
}
