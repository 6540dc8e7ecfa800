/**
 * The CLI's REST client: the SDK's {@link ParleyClient} (parley/sdk) for the node that the
 * options, the environment or the config file point at. Failed calls reject with the SDK's
 * `ParleyApiError` carrying the server's documented code and details.
 *
 * Where things come from, first match wins:
 * - config file: `--config <file>`, `$PARLEY_CONFIG`, `./config.json`;
 * - API URL: `--api-url`, `$PARLEY_API_URL`, the config's `api.host`/`api.port`;
 * - token: `$PARLEY_TOKEN`, the config's `keys.apiToken` file.
 * The token is only ever sent in the Authorization header; it is never printed.
 *
 * @module
 */
import { createParleyClient, type ParleyClient } from '../sdk/index.js';
import { readClientConfig, readTokenFile } from './config.js';
import { CliFileError } from './errors.js';

export interface ClientOptions {
  readonly config?: string;
  readonly apiUrl?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** The CLI's client: the SDK's. */
export type ApiClient = ParleyClient;

/**
 * Resolves URL and token and returns the SDK client.
 * @example
 * ```ts
 * const api = await apiClient({ config: './acme/config.json' });
 * const { datasets } = await api.listDatasets();
 * ```
 */
export async function apiClient(options: ClientOptions = {}): Promise<ApiClient> {
  const env = options.env ?? process.env;
  const configPath = options.config ?? env.PARLEY_CONFIG ?? 'config.json';
  let url = options.apiUrl ?? env.PARLEY_API_URL;
  let token = env.PARLEY_TOKEN;
  if (url === undefined || token === undefined || token === '') {
    const config = await readClientConfig(configPath);
    url ??= config.apiUrl;
    if (token === undefined || token === '') token = await readTokenFile(config.apiTokenFile);
  }
  let base: URL;
  try {
    base = new URL(url);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new TypeError('not http(s)');
  } catch {
    throw new CliFileError('Invalid API URL (--api-url or PARLEY_API_URL).', { field: 'apiUrl' });
  }
  return createParleyClient({ baseUrl: base.origin, token });
}
