/** `parley catalog`: searches the ledger's Catalog through the node's REST API. */
import { parse, UsageError } from '../args.js';
import { clientFor, commonOptions, COMMON_USAGE } from '../common.js';

export const CATALOG_USAGE: string = `Usage: parley catalog [<text>] [--owner <address>] [--limit N] [options]

Lists datasets that consortium members published (metadata only), optionally those whose
title, description, tags or column names contain <text>.

Options:
  --owner <address> only datasets of this chain address
  --limit N         read at most N catalog entries (1..500, default 100)
${COMMON_USAGE}`;

export async function catalogCommand(
  args: readonly string[],
  out: (s: string) => void,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const p = parse(
    args,
    {
      owner: { type: 'string' },
      limit: { type: 'string' },
      ...commonOptions,
    },
    CATALOG_USAGE,
    { min: 0, max: 1 },
  );
  if (p.help) return out(CATALOG_USAGE);
  const { owner, limit } = p.values;
  if (typeof limit === 'string' && !/^\d{1,3}$/.test(limit)) {
    throw new UsageError('--limit must be an integer in 1..500.', CATALOG_USAGE);
  }
  const api = await clientFor(p.values, env);
  const { datasets } = await api.searchCatalog({
    ...(p.positionals[0] === undefined ? {} : { q: p.positionals[0] }),
    ...(typeof owner === 'string' ? { owner } : {}),
    ...(typeof limit === 'string' ? { limit } : {}),
  });
  if (p.values.json === true) return out(JSON.stringify(datasets, null, 2));
  if (datasets.length === 0) return out('No datasets found.');
  out(
    datasets
      .map(
        (d) =>
          `${d.title}  (${d.rowCount} rows, owner ${d.owner})\n  id: ${d.id}\n  columns: ${d.columns.map((c) => `${c.name}:${catalogTypeName(c.dataType ?? '')}${c.unit === undefined || c.unit === '' ? '' : ` [${c.unit}]`}`).join(', ')}${d.tags === undefined || d.tags.length === 0 ? '' : `\n  tags: ${d.tags.join(', ')}`}`,
      )
      .join('\n'),
  );
}

/**
 * A Catalog column's `dataType` for people: the JSON spec that nodes publish
 * (docs/datasets.md) as `decimal(2) [0.00..2000000.00]`, `category(F|M)`,
 * `identifier(trim+lower)`; older type names (`int8`) and anything unexpected as they are.
 * @example
 * ```ts
 * catalogTypeName('{"type":"decimal","scale":2,"min":"0.00"}'); // 'decimal(2) [0.00..]'
 * ```
 */
export function catalogTypeName(dataType: string): string {
  let spec: unknown;
  try {
    spec = JSON.parse(dataType);
  } catch {
    return dataType;
  }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return dataType;
  const o = spec as Record<string, unknown>;
  if (typeof o.type !== 'string') return dataType;
  const str = (v: unknown): string =>
    typeof v === 'string' || typeof v === 'number' ? String(v) : '';
  const list = (v: unknown): string => (Array.isArray(v) ? v.map(str).join('|') : '');
  const arg =
    o.type === 'integer'
      ? str(o.bits)
      : o.type === 'decimal'
        ? str(o.scale)
        : o.type === 'timestamp'
          ? str(o.resolution)
          : o.type === 'category'
            ? list(o.labels)
            : o.type === 'boolean'
              ? `${list(o.true)}/${list(o.false)}`
              : o.type === 'identifier'
                ? Array.isArray(o.normalize) && o.normalize.length > 0
                  ? o.normalize.map(str).join('+')
                  : 'exact'
                : '';
  const bounds =
    o.min === undefined && o.max === undefined ? '' : ` [${str(o.min)}..${str(o.max)}]`;
  return `${o.type}${arg === '' ? '' : `(${arg})`}${bounds}`;
}
