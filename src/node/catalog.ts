/**
 * The Catalog side of datasets: publishing a stored dataset's metadata (never its rows) with
 * src/ledger's `publishDataset`, and searching what all members published.
 *
 * Published metadata: title, description, tags, release time, and from the store the row
 * count, the content hash and the columns (name, ledger type name such as `int8`,
 * `fixed24.16`, `category3`, `string`, and unit). Category labels are not published.
 *
 * @module
 */
import { getDataset as getLedgerDataset } from '../ledger/actions/getDataset.js';
import { listDatasetIds } from '../ledger/actions/listDatasetIds.js';
import { publishDataset } from '../ledger/actions/publishDataset.js';
import type { LedgerClient } from '../ledger/client.js';
import type { Dataset } from '../ledger/types.js';
import { ledgerDataType } from './datasets/schema.js';
import { DatasetNotFoundError } from './errors.js';
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
