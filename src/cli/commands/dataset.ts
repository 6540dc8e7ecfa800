/** `parley dataset import|list|show|delete`: talks to the node's REST API only. */
import { readFile } from 'node:fs/promises';
import type { DatasetInfo, ImportDatasetBody } from '../../sdk/index.js';
import { parse, required, UsageError, type Options } from '../args.js';
import { clientFor, commonOptions, COMMON_USAGE } from '../common.js';
import { CliFileError } from '../errors.js';

const COMMON = COMMON_USAGE;

export const DATASET_USAGE = `Usage: parley dataset <command> [options]

Commands:
  import <file.csv> --name <name> [--schema <file.json>]   validate and store a dataset
  list                                                     list datasets (metadata only)
  show <id>                                                one dataset's metadata and schema
  delete <id>                                              delete a dataset from this node
  publish <id> --title <title> [--description D] [--tag T]...
                                                           publish its metadata (never rows) to the Catalog

Run "parley dataset <command> --help" for its options.`;

const IMPORT_USAGE = `Usage: parley dataset import <file.csv> --name <name> [--schema <file.json>] [options]

Reads a CSV file (RFC 4180, header line first) and stores it in the node. Column types come
from the schema file, or are inferred (integer, decimal, fixed, boolean, category, identifier,
date, timestamp; see docs/datasets.md). On any error nothing is stored; the error names the data
row (1 = first row after the header), the line, the column and what was expected, never the
cell's value.

Options:
  --name <name>     dataset name: a letter or digit, then up to 63 of A-Z a-z 0-9 . _ -
  --schema <file>   JSON schema file, e.g. { "columns": [
                      { "name": "salary", "type": "decimal", "scale": 2, "min": 0, "unit": "EUR" },
                      { "name": "gender", "type": "category", "labels": ["F", "M", "X"] },
                      { "name": "id", "type": "identifier", "normalize": ["trim", "lower"] } ] }
${COMMON}`;
const PUBLISH_USAGE = `Usage: parley dataset publish <id> --title <title> [--description <text>] [--tag <tag>]... [options]

Publishes the dataset's metadata (title, description, tags, columns with types and units, row
count, content hash) to the ledger's Catalog, signed with this node's chain key. Never its rows.

Options:
  --title <title>        catalog title (required)
  --description <text>   catalog description
  --tag <tag>            a tag; repeat for several
${COMMON}`;
const LIST_USAGE = `Usage: parley dataset list [options]\n\nOptions:\n${COMMON}`;
const SHOW_USAGE = `Usage: parley dataset show <id> [options]\n\nOptions:\n${COMMON}`;
const DELETE_USAGE = `Usage: parley dataset delete <id> [options]\n\nOptions:\n${COMMON}`;

const common: Options = commonOptions;

const client = clientFor;

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new CliFileError(
      `Cannot read the ${what} file ${path}.`,
      { field: what },
      { cause: err },
    );
  }
}

function describeColumn(c: DatasetInfo['schema']['columns'][number]): string {
  const extra: string[] = [];
  if (c.type === 'integer') extra.push(`${c.bits ?? 64} bits`);
  if (c.type === 'decimal') extra.push(`scale ${c.scale ?? 0}`);
  if (c.type === 'timestamp') extra.push(c.resolution === 'ms' ? 'milliseconds' : 'seconds');
  if (c.type === 'category') extra.push(`${c.labels?.length ?? 0} labels`);
  if (c.type === 'boolean')
    extra.push(`${(c.true ?? []).join('/')} | ${(c.false ?? []).join('/')}`);
  if (c.type === 'identifier') {
    extra.push(
      `normalize ${Array.isArray(c.normalize) ? (c.normalize.length === 0 ? 'none' : c.normalize.join('+')) : (c.normalize ?? 'none')}`,
    );
  }
  if (c.min !== undefined) extra.push(`min ${c.min}`);
  if (c.max !== undefined) extra.push(`max ${c.max}`);
  const x = extra.length === 0 ? '' : ` (${extra.join(', ')})`;
  return `${c.name}: ${c.type}${x}${c.unit === undefined ? '' : ` [${c.unit}]`}`;
}

function summary(d: DatasetInfo): string {
  return [
    `${d.name}  ${d.id}`,
    `  rows: ${d.rowCount}   created: ${d.createdAt}   published: ${d.publishedAt ?? 'no'}`,
    `  content hash: ${d.contentHash}`,
    '  columns:',
    ...d.schema.columns.map((c) => `    ${describeColumn(c)}`),
  ].join('\n');
}

export async function datasetCommand(
  args: readonly string[],
  out: (s: string) => void,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case undefined:
    case '--help':
    case '-h':
      return out(DATASET_USAGE);
    case 'import': {
      const p = parse(
        rest,
        { ...common, name: { type: 'string' }, schema: { type: 'string' } },
        IMPORT_USAGE,
        { min: 1, max: 1 },
      );
      if (p.help) return out(IMPORT_USAGE);
      const name = required(p, 'name', IMPORT_USAGE);
      const csv = await readText(p.positionals[0]!, 'csv');
      let schema: unknown;
      if (typeof p.values.schema === 'string') {
        const text = await readText(p.values.schema, 'schema');
        try {
          schema = JSON.parse(text);
        } catch {
          throw new CliFileError(`The schema file ${p.values.schema} is not valid JSON.`, {
            field: 'schema',
          });
        }
      }
      const api = await client(p.values, env);
      // The schema file goes to the node as it is; the node validates it and names the field.
      const d = await api.importDataset({
        name,
        csv,
        ...(schema === undefined
          ? {}
          : { schema: schema as NonNullable<ImportDatasetBody['schema']> }),
      });
      return out(
        p.values.json === true
          ? JSON.stringify(d, null, 2)
          : `Imported ${d.rowCount} rows.\n${summary(d)}`,
      );
    }
    case 'list': {
      const p = parse(rest, common, LIST_USAGE);
      if (p.help) return out(LIST_USAGE);
      const api = await client(p.values, env);
      const { datasets } = await api.listDatasets();
      if (p.values.json === true) return out(JSON.stringify(datasets, null, 2));
      if (datasets.length === 0) return out('No datasets.');
      const w = Math.max(4, ...datasets.map((d) => d.name.length));
      return out(
        [
          `${'NAME'.padEnd(w)}  ${'ROWS'.padStart(8)}  ${'COLUMNS'.padStart(7)}  ID`,
          ...datasets.map(
            (d) =>
              `${d.name.padEnd(w)}  ${String(d.rowCount).padStart(8)}  ${String(d.schema.columns.length).padStart(7)}  ${d.id}`,
          ),
        ].join('\n'),
      );
    }
    case 'publish': {
      const p = parse(
        rest,
        {
          ...common,
          title: { type: 'string' },
          description: { type: 'string' },
          tag: { type: 'string', multiple: true },
        },
        PUBLISH_USAGE,
        { min: 1, max: 1 },
      );
      if (p.help) return out(PUBLISH_USAGE);
      const id = p.positionals[0]!;
      if (!/^0x[0-9a-f]{64}$/.test(id))
        throw new UsageError('The dataset id must be 0x + 64 hex digits.', PUBLISH_USAGE);
      const title = required(p, 'title', PUBLISH_USAGE);
      const tags = (p.values as Record<string, unknown>).tag as string[] | undefined;
      const description = p.values.description;
      const api = await client(p.values, env);
      const d = await api.publishDataset(id, {
        title,
        ...(typeof description === 'string' ? { description } : {}),
        ...(tags === undefined ? {} : { tags }),
      });
      return out(
        p.values.json === true
          ? JSON.stringify(d, null, 2)
          : `Published ${d.name} (${d.id}) to the Catalog.`,
      );
    }
    case 'show':
    case 'delete': {
      const usage = sub === 'show' ? SHOW_USAGE : DELETE_USAGE;
      const p = parse(rest, common, usage, { min: 1, max: 1 });
      if (p.help) return out(usage);
      const id = p.positionals[0]!;
      if (!/^0x[0-9a-f]{64}$/.test(id))
        throw new UsageError(
          'The dataset id must be 0x + 64 hex digits (see "parley dataset list").',
          usage,
        );
      const api = await client(p.values, env);
      if (sub === 'delete') {
        await api.deleteDataset(id);
        return out(p.values.json === true ? JSON.stringify({ deleted: id }) : `Deleted ${id}.`);
      }
      const d = await api.getDataset(id);
      return out(p.values.json === true ? JSON.stringify(d, null, 2) : summary(d));
    }
    default:
      throw new UsageError(`Unknown command: dataset ${sub}`, DATASET_USAGE);
  }
}
