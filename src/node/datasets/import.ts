/**
 * Dataset import: CSV text (and an optional schema) in, a stored dataset out. Parsing, schema
 * inference or checking, and validation of every cell all happen before the store is touched,
 * and the store write is one transaction: on any error nothing is stored.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { DatasetExistsError, DatasetSchemaError } from '../errors.js';
import type { Store } from '../store/db.js';
import { getDatasetByName, insertDataset, type DatasetRecord } from '../store/datasets.js';
import { parseCsv } from './csv.js';
import { inferSchema } from './infer.js';
import { encodeDataset, parseSchema } from './schema.js';

/** Dataset names: a letter or digit, then up to 63 of [A-Za-z0-9._-]. */
export const DATASET_NAME_RE: RegExp = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface ImportDatasetParameters {
  readonly name: string;
  /** CSV text with a header line (RFC 4180). */
  readonly csv: string;
  /** A schema object (see schema.ts); inferred from the data when absent. */
  readonly schema?: unknown;
}

/**
 * Validates and stores a dataset.
 * @example
 * ```ts
 * const ds = importDataset(store, { name: 'payroll', csv: 'age,pay\n41,5200.50\n' });
 * ds.rowCount; // 1
 * ```
 * @throws {DatasetExistsError} if the name is taken.
 * @throws {CsvError} | {DatasetSchemaError} | {DatasetValueError} naming the row, line, column;
 *   a DatasetValueError lists every bad cell (up to 100, `details.errors`) and counts them.
 */
export function importDataset(store: Store, p: ImportDatasetParameters): DatasetRecord {
  if (!DATASET_NAME_RE.test(p.name)) {
    throw new DatasetSchemaError(
      'Invalid dataset name: expected a letter or digit, then up to 63 of A-Z a-z 0-9 . _ -',
      { field: 'name' },
    );
  }
  if (getDatasetByName(store, p.name) !== undefined) throw new DatasetExistsError(p.name);
  const schema = p.schema === undefined ? undefined : parseSchema(p.schema);
  const csv = parseCsv(p.csv);
  const encoded = encodeDataset(csv, schema ?? inferSchema(csv));
  return insertDataset(store, {
    id: `0x${randomBytes(32).toString('hex')}`,
    name: p.name,
    schema: encoded.schema,
    rowCount: encoded.rowCount,
    columns: encoded.columns,
    contentHash: encoded.contentHash,
  });
}
