/**
 * What the client commands share: the common options (--config, --api-url, --json), their
 * usage text, the API client from them, and id checks that are usage errors (exit 2).
 *
 * @module
 */
import { UsageError, type Options, type Parsed } from './args.js';
import { apiClient, type ApiClient } from './client.js';

export const COMMON_USAGE: string = `  --config <file>   the node's config.json, for the API address and token
                    (default $PARLEY_CONFIG, then ./config.json; $PARLEY_TOKEN overrides the token)
  --api-url URL     the node's REST API (default from the config, or $PARLEY_API_URL)
  --json            print the API's JSON answer
  -h, --help        show this help`;

export const commonOptions: Options = {
  config: { type: 'string' },
  'api-url': { type: 'string' },
  json: { type: 'boolean' },
};

/**
 * The API client for the parsed common options.
 * @example
 * ```ts
 * const api = await clientFor(p.values, env);
 * ```
 */
export function clientFor(values: Parsed['values'], env: NodeJS.ProcessEnv): Promise<ApiClient> {
  return apiClient({
    env,
    ...(typeof values.config === 'string' ? { config: values.config } : {}),
    ...(typeof values['api-url'] === 'string' ? { apiUrl: values['api-url'] } : {}),
  });
}

/**
 * A positional ledger id (job, grant) or inbox id: a positive decimal integer.
 * @throws {UsageError} otherwise (exit 2).
 * @example
 * ```ts
 * const id = idArg(p, 'job', JOB_USAGE);
 * ```
 */
export function idArg(p: Parsed, what: string, usage: string): string {
  const id = p.positionals[0] ?? '';
  if (!/^[1-9][0-9]{0,19}$/.test(id)) {
    throw new UsageError(`The ${what} id must be a positive integer, got "${id}".`, usage);
  }
  return id;
}

/**
 * A repeatable string option's values.
 * @example
 * ```ts
 * many(p, 'input'); // ['0x…', '0x…']
 * ```
 */
export function many(p: Parsed, name: string): string[] {
  const v = p.values[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

/** JSON, pretty. */
export const json = (v: unknown): string => JSON.stringify(v, null, 2);

/**
 * A table with a header row; columns padded to their widest cell (the last is not padded).
 * @example
 * ```ts
 * table(['ID', 'STATUS'], [['7', 'running']]);
 * ```
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
