/**
 * From a stored dataset to what a program reads: the store keeps each row as a JSON array of
 * encoded cells (strings, see `src/node/datasets/schema.ts`: decimal integers for `integer`,
 * round(x · 2^16) for `fixed`, the 0-based label index for `category`, the text for
 * `identifier`); a program takes {@link DatasetColumns}, one typed column of bigints per name.
 * `identifier` columns are left out (no program reads them yet).
 *
 * The stored cells were validated at import, but they are read back from a file, so each one is
 * checked again against its column (fail closed): an error names the dataset, the column and the
 * 1-based data row, never the cell.
 *
 * @module
 */
import type { DatasetSchema } from '../datasets/schema.js';
import { FIXED_FRACTION_BITS, FIXED_INTEGER_BITS } from '../datasets/schema.js';
import type { ColumnData, DatasetColumns } from '../../programs/types.js';
import type { Store } from '../store/db.js';
import { getDataset, readDatasetRows } from '../store/datasets.js';
import { RunnerDatasetError } from './errors.js';

const INT_RE = /^-?\d{1,25}$/;

/**
 * Converts a dataset's stored rows (encoded cells, in schema column order) into columns.
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
  rows: readonly (readonly string[])[],
): DatasetColumns {
  const out: Record<string, ColumnData> = {};
  const width = schema.columns.length;
  rows.forEach((r, i) => {
    if (r.length !== width) {
      throw new RunnerDatasetError(
        `Dataset ${datasetId}: stored row ${i + 1} has ${r.length} cells, the schema ${width} columns.`,
        { dataset: datasetId, row: i + 1 },
      );
    }
  });
  schema.columns.forEach((c, j) => {
    if (c.type === 'identifier') return;
    const bad = (row: number, expected: string): never => {
      throw new RunnerDatasetError(
        `Dataset ${datasetId}: column ${c.name}, row ${row + 1}: the stored cell is not ${expected}.`,
        { dataset: datasetId, column: c.name, row: row + 1 },
      );
    };
    const ints = (lo: bigint, hi: bigint, expected: string): bigint[] =>
      rows.map((r, i) => {
        const cell = r[j]!;
        if (!INT_RE.test(cell)) return bad(i, expected);
        const v = BigInt(cell);
        return v >= lo && v < hi ? v : bad(i, expected);
      });
    switch (c.type) {
      case 'integer': {
        const lim = 1n << BigInt(c.bits - 1);
        out[c.name] = {
          type: 'integer',
          bits: c.bits,
          values: ints(-lim, lim, `a ${c.bits}-bit integer`),
        };
        break;
      }
      case 'fixed': {
        const lim = 1n << BigInt(FIXED_INTEGER_BITS + FIXED_FRACTION_BITS);
        out[c.name] = { type: 'fixed', values: ints(-lim + 1n, lim, 'a fixed-point number') };
        break;
      }
      case 'category':
        out[c.name] = {
          type: 'category',
          labels: [...c.labels],
          values: ints(0n, BigInt(c.labels.length), 'a label index'),
        };
        break;
    }
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
  const rows = readDatasetRows(store, datasetId);
  if (rows.length !== record.rowCount) {
    throw new RunnerDatasetError(
      `Dataset ${datasetId}: the store holds ${rows.length} rows, its record says ${record.rowCount}.`,
      { dataset: datasetId },
    );
  }
  return datasetColumns(datasetId, record.schema, rows);
}
