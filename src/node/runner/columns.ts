/**
 * From a stored dataset to what a program reads: the store keeps each column's cells as strings
 * (src/node/datasets/schema.ts: canonical decimal integers of the encodings, the raw text for
 * identifiers); a program takes {@link DatasetColumns}, one typed column of bigints per name
 * (encodings in src/programs/types.ts `ColumnData`). Identifiers become their 120-bit encodings
 * here, from the raw id and the column's declared normalisation. Datasets stored before
 * migration 4 (format 1) keep `fixed` cells as round(x · 2^16); they are shifted to the current
 * f = 32 exactly.
 *
 * The stored cells were validated at import, but they are read back from a file, so each one is
 * checked again against its column and its declared min/max (fail closed): an error names the
 * dataset, the column and the 1-based data row, never the cell. The row is a fact about the data:
 * it stays in this node's error (the executor does not send it to peers).
 *
 * @module
 */
import {
  identifierEncoding,
  MAX_IDENTIFIER_LENGTH,
  normalizeIdentifier,
} from '../datasets/cells.js';
import {
  FIXED_FRACTION_BITS,
  encodedRange,
  type ColumnSpec,
  type DatasetSchema,
} from '../datasets/schema.js';
import type { ColumnData, DatasetColumns } from '../../programs/types.js';
import type { Store } from '../store/db.js';
import { getDataset, readDatasetColumns } from '../store/datasets.js';
import { StoreError } from '../errors.js';
import { RunnerDatasetError } from './errors.js';

const INT_RE = /^-?\d{1,40}$/;

/** Format-1 `fixed` cells carry 16 fractional bits. */
const LEGACY_FIXED_SHIFT = BigInt(FIXED_FRACTION_BITS - 16);

function decodeColumn(
  datasetId: string,
  c: ColumnSpec,
  cells: readonly string[],
  format: 1 | 2,
): ColumnData {
  const bad = (row: number, expected: string): never => {
    throw new RunnerDatasetError(
      `Dataset ${datasetId}: column ${c.name}, row ${row + 1}: the stored cell is not ${expected}.`,
      { dataset: datasetId, column: c.name, row: row + 1 },
    );
  };
  const n = cells.length;
  if (c.type === 'identifier') {
    const values = new Array<bigint>(n);
    for (let i = 0; i < n; i++) {
      const raw = cells[i]!;
      const id = normalizeIdentifier(raw, c.normalize);
      if (raw.length === 0 || raw.length > MAX_IDENTIFIER_LENGTH || id === '') {
        bad(i, 'an identifier');
      }
      values[i] = identifierEncoding(id);
    }
    return { type: 'identifier', values };
  }
  const { lo, hi } = encodedRange(c);
  const legacyFixed = format === 1 && c.type === 'fixed';
  const expected = `a ${c.type} value in its declared range`;
  const values = new Array<bigint>(n);
  for (let i = 0; i < n; i++) {
    const cell = cells[i]!;
    if (!INT_RE.test(cell)) bad(i, expected);
    let v = BigInt(cell);
    if (legacyFixed) v <<= LEGACY_FIXED_SHIFT;
    if (v < lo || v > hi) bad(i, expected);
    values[i] = v;
  }
  switch (c.type) {
    case 'integer':
      return { type: 'integer', bits: c.bits, values };
    case 'decimal':
      return { type: 'decimal', scale: c.scale, values };
    case 'fixed':
      return { type: 'fixed', fractionBits: FIXED_FRACTION_BITS, values };
    case 'boolean':
      return { type: 'boolean', values };
    case 'category':
      return { type: 'category', labels: [...c.labels], values };
    case 'date':
      return { type: 'date', values };
    case 'timestamp':
      return { type: 'timestamp', resolution: c.resolution, values };
  }
}

/**
 * Converts a dataset's stored cells (by column, in schema column order) into program columns.
 * `format` is the storage format (1 for datasets imported before migration 4).
 * @throws {RunnerDatasetError} naming the column and row of the first cell that does not fit.
 * @example
 * ```ts
 * const cols = datasetColumns('0xab…', { columns: [{ name: 'age', type: 'integer', bits: 8 }] }, [['41']]);
 * cols['age']; // { type: 'integer', bits: 8, values: [41n] }
 * ```
 */
export function datasetColumns(
  datasetId: string,
  schema: DatasetSchema,
  columns: readonly (readonly string[])[],
  format: 1 | 2 = 2,
): DatasetColumns {
  if (columns.length !== schema.columns.length) {
    throw new RunnerDatasetError(
      `Dataset ${datasetId}: the store holds ${columns.length} columns, the schema ${schema.columns.length}.`,
      { dataset: datasetId },
    );
  }
  const rows = columns[0]?.length ?? 0;
  const out: Record<string, ColumnData> = {};
  schema.columns.forEach((c, j) => {
    const cells = columns[j]!;
    if (cells.length !== rows) {
      throw new RunnerDatasetError(
        `Dataset ${datasetId}: column ${c.name} has ${cells.length} stored cells, not ${rows}.`,
        { dataset: datasetId, column: c.name },
      );
    }
    out[c.name] = decodeColumn(datasetId, c, cells, format);
  });
  return Object.freeze(out);
}

/**
 * Loads dataset `datasetId` from the store as columns (the executor's `loadInput`).
 * @throws {RunnerDatasetError} if the store does not hold the dataset or a cell is corrupt.
 * @example
 * ```ts
 * const columns = loadDatasetColumns(store, job.inputs[0]);
 * ```
 */
export function loadDatasetColumns(store: Store, datasetId: string): DatasetColumns {
  const record = getDataset(store, datasetId);
  if (record === undefined) {
    throw new RunnerDatasetError(`Dataset ${datasetId} is not in this node's store.`, {
      dataset: datasetId,
    });
  }
  let cells: string[][];
  try {
    cells = readDatasetColumns(store, datasetId, record.schema.columns.length, record.rowCount);
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    throw new RunnerDatasetError(
      `Dataset ${datasetId}: the stored cells do not match its record (${err.message})`,
      { dataset: datasetId },
    );
  }
  return datasetColumns(datasetId, record.schema, cells, record.format);
}
