/**
 * The CLI's REST client: finds the node's API URL and token, and turns error responses into
 * {@link ApiError}s carrying the server's code and details.
 *
 * Where things come from, first match wins:
 * - config file: `--config <file>`, `$PARLEY_CONFIG`, `./config.json`;
 * - API URL: `--api-url`, `$PARLEY_API_URL`, the config's `api.host`/`api.port`;
 * - token: `$PARLEY_TOKEN`, the config's `keys.apiToken` file.
 * The token is only ever sent in the Authorization header; it is never printed.
 *
 * @module
 */
import { loadNodeConfig, readSecretFile } from '../node/config.js';
import { ApiUnreachableError, NodeConfigError } from '../node/errors.js';

export interface ClientOptions {
  readonly config?: string;
  readonly apiUrl?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** An error response of the REST API. */
export class ApiError extends Error {
  static override name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;
  constructor(status: number, code: string, message: string, details: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export interface ApiClient {
  readonly url: string;
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/**
 * Resolves URL and token and returns a client.
 * @example
 * ```ts
 * const api = await apiClient({ config: './acme/config.json' });
 * const { datasets } = await api.request<{ datasets: unknown[] }>('GET', '/v1/datasets');
 * ```
 */
export async function apiClient(options: ClientOptions = {}): Promise<ApiClient> {
  const env = options.env ?? process.env;
  const configPath = options.config ?? env.PARLEY_CONFIG ?? 'config.json';
  let url = options.apiUrl ?? env.PARLEY_API_URL;
  let token = env.PARLEY_TOKEN;
  if (url === undefined || token === undefined || token === '') {
    const config = await loadNodeConfig(configPath);
    if (url === undefined) {
      const h =
        config.api.host === '0.0.0.0'
          ? '127.0.0.1'
          : config.api.host === '::'
            ? '::1'
            : config.api.host;
      url = `http://${h.includes(':') ? `[${h}]` : h}:${config.api.port}`;
    }
    if (token === undefined || token === '')
      token = await readSecretFile(config.keys.apiToken, 'keys.apiToken');
  }
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new NodeConfigError('Invalid API URL (--api-url or PARLEY_API_URL).', {
      field: 'apiUrl',
    });
  }
  const origin = base.origin;
  const auth = `Bearer ${token}`;
  return {
    url: origin,
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      let res: Response;
      try {
        res = await fetch(new URL(path, base), {
          method,
          headers: {
            authorization: auth,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (err) {
        throw new ApiUnreachableError(origin, { cause: err });
      }
      const text = await res.text();
      let json: unknown = undefined;
      if (text !== '') {
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
      }
      if (!res.ok) {
        const e = (json ?? {}) as { code?: unknown; message?: unknown; details?: unknown };
        throw new ApiError(
          res.status,
          typeof e.code === 'string' ? e.code : `HTTP_${res.status}`,
          typeof e.message === 'string' ? e.message : `The node answered HTTP ${res.status}.`,
          typeof e.details === 'object' && e.details !== null
            ? (e.details as Record<string, unknown>)
            : {},
        );
      }
      return json as T;
    },
  };
}
