/**
 * The Catalog side of datasets: publishing a stored dataset's metadata (never its rows) with
 * src/ledger's `publishDataset`, and searching what all members published.
 *
 * Published metadata: title, description, tags, release time, and from the store the row
 * count, the content hash and the columns: name, unit, and as `dataType` the JSON of the column's
 * spec without name and unit (`{"type":"decimal","scale":2,"min":"0.00","max":"2000000.00"}`:
 * type, bits / scale / resolution, min / max in the column's units, category labels, boolean
 * spellings, identifier normalisation), which is what proposal-time checks need.
 * {@link parseCatalogColumns} reads it back, validating, and also reads the type names that
 * Parley published before (`int8`, `fixed24.16`, `string`; `categoryN` had no labels and is
 * refused).
 *
 * @module
 */
import { getDataset as getLedgerDataset } from '../ledger/actions/getDataset.js';
import { listDatasetIds } from '../ledger/actions/listDatasetIds.js';
import { publishDataset } from '../ledger/actions/publishDataset.js';
import type { LedgerClient } from '../ledger/client.js';
import type { Dataset } from '../ledger/types.js';
import { ledgerDataType, parseSchema, type ColumnSpec } from './datasets/schema.js';
import { CatalogMetadataError, DatasetNotFoundError } from './errors.js';
import type { Store } from './store/db.js';
import { getDataset, markDatasetPublished, type DatasetRecord } from './store/datasets.js';

export interface PublishOptions {
  readonly title: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  /** Unix seconds before which jobs may not use the dataset (default 0: now). */
  readonly releaseTime?: number;
}

/** A Catalog entry as the API returns it (bigints as decimal strings or numbers). */
export interface CatalogEntry {
  readonly id: string;
  readonly owner: string;
  readonly title: string;
  readonly description: string;
  readonly columns: readonly { name: string; dataType: string; unit: string }[];
  readonly rowCount: number;
  readonly contentHash: string;
  readonly tags: readonly string[];
  readonly releaseTime: number;
  readonly withdrawn: boolean;
}

/**
 * Publishes a stored dataset's metadata to the Catalog under its store id, and records the
 * transaction in the store.
 * @example
 * ```ts
 * await publishStoredDataset(store, ledger, id, { title: 'Payroll 2026', tags: ['hr'] });
 * ```
 * @throws {DatasetNotFoundError} if the dataset is not in the store.
 * @throws {ContractRevertError} e.g. `DatasetExists` if it was published before.
 */
export async function publishStoredDataset(
  store: Store,
  ledger: LedgerClient,
  id: string,
  options: PublishOptions,
): Promise<DatasetRecord> {
  const d = getDataset(store, id);
  if (d === undefined) throw new DatasetNotFoundError(id);
  const { hash } = await publishDataset(ledger, {
    datasetId: d.id,
    metadata: {
      title: options.title,
      description: options.description ?? '',
      columns: d.schema.columns.map((c) => ({
        name: c.name,
        dataType: ledgerDataType(c),
        unit: c.unit ?? '',
      })),
      rowCount: BigInt(d.rowCount),
      contentHash: d.contentHash,
      tags: [...(options.tags ?? [])],
      releaseTime: BigInt(options.releaseTime ?? 0),
    },
  });
  markDatasetPublished(store, d.id, hash);
  return getDataset(store, d.id)!;
}

function entry(d: Dataset): CatalogEntry {
  return {
    id: d.id,
    owner: d.owner,
    title: d.title,
    description: d.description,
    columns: d.columns.map((c) => ({ name: c.name, dataType: c.dataType, unit: c.unit })),
    rowCount: Number(d.rowCount),
    contentHash: d.contentHash,
    tags: [...d.tags],
    releaseTime: Number(d.releaseTime),
    withdrawn: d.withdrawn,
  };
}

/**
 * Searches the Catalog: entries whose title, description, tags or column names contain `q`
 * (case-insensitive), optionally of one owner; withdrawn entries only if asked.
 * Reads at most `limit` ids from `offset` (the Catalog's publication order).
 * @example
 * ```ts
 * const hits = await searchCatalog(ledger, { q: 'payroll' });
 * ```
 */
export async function searchCatalog(
  ledger: LedgerClient,
  query: {
    readonly q?: string;
    readonly owner?: string;
    readonly includeWithdrawn?: boolean;
    readonly offset?: number;
    readonly limit?: number;
  } = {},
): Promise<CatalogEntry[]> {
  const ids = await listDatasetIds(ledger, {
    offset: BigInt(query.offset ?? 0),
    limit: BigInt(query.limit ?? 100),
  });
  const all = await Promise.all(ids.map((datasetId) => getLedgerDataset(ledger, { datasetId })));
  const q = query.q?.toLowerCase();
  return all
    .map(entry)
    .filter((e) => query.includeWithdrawn === true || !e.withdrawn)
    .filter((e) => query.owner === undefined || e.owner.toLowerCase() === query.owner.toLowerCase())
    .filter(
      (e) =>
        q === undefined ||
        [e.title, e.description, ...e.tags, ...e.columns.map((c) => c.name)].some((s) =>
          s.toLowerCase().includes(q),
        ),
    );
}

const LEGACY_INT_RE = /^int(\d{1,2})$/;

function catalogColumn(c: unknown, i: number): Record<string, unknown> {
  const at = `columns[${i}]`;
  const bad = (what: string): never => {
    throw new CatalogMetadataError(`Catalog metadata: ${at} ${what}.`, { column: i });
  };
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return bad('is not an object');
  const o = c as Record<string, unknown>;
  const { name, dataType, unit } = o;
  if (typeof name !== 'string') return bad('has no name');
  if (typeof dataType !== 'string' || dataType.length > 1_000_000) return bad('has no dataType');
  if (unit !== undefined && typeof unit !== 'string') return bad('has a unit that is not text');
  const u = unit === undefined || unit === '' ? {} : { unit };
  const legacy = LEGACY_INT_RE.exec(dataType);
  if (legacy !== null) return { name, type: 'integer', bits: Number(legacy[1]), ...u };
  if (dataType === 'string') return { name, type: 'identifier', ...u };
  if (dataType === 'fixed24.16') {
    return { name, type: 'fixed', min: '-16777216', max: '16777216', ...u };
  }
  if (/^category\d+$/.test(dataType)) {
    throw new CatalogMetadataError(
      `Catalog metadata: column ${JSON.stringify(name)} was published without its labels (by a Parley before issue 8); its owner must publish the dataset again.`,
      { column: name },
    );
  }
  let spec: unknown;
  try {
    spec = JSON.parse(dataType);
  } catch {
    return bad(
      `(${JSON.stringify(name)}) has a dataType that is neither JSON nor a known type name`,
    );
  }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    return bad(`(${JSON.stringify(name)}) has a dataType that is not a JSON object`);
  }
  if ('name' in spec || 'unit' in spec) return bad('repeats name or unit inside dataType');
  return { name, ...(spec as Record<string, unknown>), ...u };
}

/**
 * Parses and validates the columns of a Catalog entry (as `getDataset` returns them, or their
 * JSON text) into column specs, with the same rules as a schema file (src/node/datasets/
 * schema.ts): for proposal-time checks of types, ranges, labels and normalisation.
 * @example
 * ```ts
 * const specs = parseCatalogColumns(entry.columns);
 * specs[0]; // { name: 'salary', type: 'decimal', scale: 2, min: '20000.00', max: '2000000.00', unit: 'EUR' }
 * ```
 * @throws {CatalogMetadataError} if the metadata is malformed or lacks what the checks need.
 */
export function parseCatalogColumns(json: unknown): ColumnSpec[] {
  let raw = json;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      throw new CatalogMetadataError('Catalog metadata: the columns are not valid JSON.');
    }
  }
  if (!Array.isArray(raw))
    throw new CatalogMetadataError('Catalog metadata: columns must be an array.');
  const cols = raw.map(catalogColumn);
  try {
    return [...parseSchema({ columns: cols }).columns];
  } catch (err) {
    const field =
      err instanceof Error && 'details' in err
        ? (err as { details: { field?: unknown } }).details.field
        : undefined;
    throw new CatalogMetadataError(
      `Catalog metadata: ${err instanceof Error ? err.message : 'invalid columns'}`,
      typeof field === 'string' ? { field } : {},
    );
  }
}
