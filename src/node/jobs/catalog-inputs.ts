/**
 * A Catalog dataset record, or a dataset this node holds, as the program checks of
 * `src/programs/limits.ts` read it: each column's type (integer, decimal, fixed, boolean,
 * category, identifier, date, timestamp), its unit, its declared min/max in the column's units
 * (as numbers) and a category's labels. Catalog metadata is parsed by `parseCatalogColumns`
 * (src/node/catalog.ts), which refuses malformed or incomplete metadata. Nothing here reads data.
 *
 * @module
 */
import { parseCatalogColumns } from '../catalog.js';
import type { ColumnSpec } from '../datasets/schema.js';
import type { CatalogColumnInfo, CatalogInput } from '../../programs/limits.js';

/**
 * The checks' view of one column spec (a schema's or the Catalog's).
 * @example
 * ```ts
 * columnInfoOf({ name: 'salary', type: 'decimal', scale: 2, min: '0.00', unit: 'EUR' });
 * // { name: 'salary', type: 'decimal', unit: 'EUR', min: 0 }
 * ```
 */
export function columnInfoOf(c: ColumnSpec): CatalogColumnInfo {
  const bound = (v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const x = Number(v);
    return Number.isFinite(x) ? x : undefined; // dates and timestamps: no numeric bound here
  };
  const min = 'min' in c ? bound(c.min) : undefined;
  const max = 'max' in c ? bound(c.max) : undefined;
  return {
    name: c.name,
    type: c.type,
    unit: c.unit ?? '',
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
    ...(c.type === 'category' ? { labels: c.labels } : {}),
    ...(c.type === 'decimal' ? { scale: c.scale } : {}),
  };
}

/** A Catalog dataset's public metadata, as `getDataset` returns it. */
export interface CatalogDatasetRecord {
  readonly title: string;
  readonly columns: readonly {
    readonly name: string;
    readonly dataType: string;
    readonly unit: string;
  }[];
  readonly rowCount: bigint | number;
}

/**
 * The checks' view of Catalog dataset `datasetId`.
 * @throws {CatalogMetadataError} if its column metadata is malformed or incomplete.
 * @example
 * ```ts
 * checkCatalogInputs(program, params, ids.map((id, i) => catalogInputOf(id, records[i])));
 * ```
 */
export function catalogInputOf(datasetId: string, d: CatalogDatasetRecord): CatalogInput {
  return {
    name: `dataset ${JSON.stringify(d.title)} (${datasetId.slice(0, 10)}…)`,
    rows: Number(d.rowCount),
    columns: parseCatalogColumns(d.columns).map(columnInfoOf),
  };
}
