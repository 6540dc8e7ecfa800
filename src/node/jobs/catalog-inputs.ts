/**
 * A Catalog dataset record as the program checks of `src/programs/limits.ts` read it: the
 * column types named the way programs name them (`int64` → integer, `fixed40.16` → fixed,
 * `category3` → category, `string` → identifier; anything else stays as the catalog spells it,
 * and no program accepts it), the unit, declared bounds and labels where the catalog has them.
 * Catalog metadata is public; nothing here reads data.
 *
 * @module
 */
import type { CatalogColumnInfo, CatalogInput } from '../../programs/limits.js';

/** A Catalog dataset's public metadata, as `getDataset` returns it. */
export interface CatalogDatasetRecord {
  readonly title: string;
  readonly columns: readonly {
    readonly name: string;
    readonly dataType: string;
    readonly unit: string;
    readonly min?: number;
    readonly max?: number;
    readonly labels?: readonly string[];
  }[];
  readonly rowCount: bigint | number;
}

/**
 * The program's column type for a Catalog data type.
 * @example
 * ```ts
 * columnTypeOf('int64'); // 'integer'
 * ```
 */
export function columnTypeOf(dataType: string): string {
  if (/^u?int\d{1,2}$/.test(dataType) || dataType === 'integer') return 'integer';
  if (/^fixed(\d{1,3}\.\d{1,3})?$/.test(dataType)) return 'fixed';
  if (/^category\d*$/.test(dataType)) return 'category';
  if (dataType === 'string' || dataType === 'identifier') return 'identifier';
  return dataType;
}

/**
 * The checks' view of dataset `datasetId`.
 * @example
 * ```ts
 * checkCatalogInputs(program, params, ids.map((id, i) => catalogInputOf(id, records[i])));
 * ```
 */
export function catalogInputOf(datasetId: string, d: CatalogDatasetRecord): CatalogInput {
  const columns: CatalogColumnInfo[] = d.columns.map((c) => ({
    name: c.name,
    type: columnTypeOf(c.dataType),
    unit: c.unit,
    ...(c.min === undefined ? {} : { min: c.min }),
    ...(c.max === undefined ? {} : { max: c.max }),
    ...(c.labels === undefined ? {} : { labels: c.labels }),
  }));
  const short = `${datasetId.slice(0, 10)}…`;
  return {
    name: `dataset ${JSON.stringify(d.title)} (${short})`,
    rows: Number(d.rowCount),
    columns,
  };
}
