/**
 * What the CLI needs from a node's config.json: the REST API's address (`api.host`, `api.port`)
 * and the API token file (`keys.apiToken`, relative to the config file). The node validates the
 * whole file when it starts (src/node/config.ts); the CLI reads only these fields, so it does not
 * depend on the node's code. The token file must be readable by its owner only, as the node
 * requires; its content is never printed or put into an error.
 *
 * @module
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { CliFileError } from './errors.js';

/** The API address and token file of a node, from its config file. */
export interface ClientConfig {
  /** e.g. `http://127.0.0.1:7400` (a wildcard listen address becomes loopback). */
  readonly apiUrl: string;
  /** Absolute path of the API token file. */
  readonly apiTokenFile: string;
}

const obj = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;

/**
 * Reads `api.host`, `api.port` and `keys.apiToken` of the config file at `path`.
 * @throws {CliFileError} if the file is missing or not JSON, or one of these fields is invalid.
 * @example
 * ```ts
 * const { apiUrl, apiTokenFile } = await readClientConfig('./acme/config.json');
 * ```
 */
export async function readClientConfig(path: string): Promise<ClientConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new CliFileError(
      `Cannot read the config file ${path}.`,
      { field: 'file', path },
      { cause: err },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CliFileError(`The config file ${path} is not valid JSON.`, { field: 'file', path });
  }
  const fail = (field: string, expected: string): never => {
    throw new CliFileError(`Invalid config ${path}: ${field} must be ${expected}.`, {
      field,
      expected,
      path,
    });
  };
  const api = obj(obj(raw)?.api) ?? fail('api', 'an object');
  const host = api.host;
  if (typeof host !== 'string' || !/^[A-Za-z0-9.:[\]-]{1,253}$/.test(host))
    fail('api.host', 'a host name or IP address');
  const port = api.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535)
    fail('api.port', 'an integer 0..65535');
  const token = obj(obj(raw)?.keys)?.apiToken;
  if (typeof token !== 'string' || token === '' || token.includes('\0'))
    fail('keys.apiToken', 'a file path');
  const h = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : (host as string);
  const tokenPath = token as string;
  // A node with api.tls serves HTTPS only (required off loopback). A certificate from a private
  // CA is trusted through NODE_EXTRA_CA_CERTS.
  const scheme = api.tls === undefined ? 'http' : 'https';
  return {
    apiUrl: `${scheme}://${h.includes(':') && !h.startsWith('[') ? `[${h}]` : h}:${port as number}`,
    apiTokenFile: isAbsolute(tokenPath) ? tokenPath : resolve(dirname(resolve(path)), tokenPath),
  };
}

/**
 * Reads the API token file, refusing one that group or others may read.
 * @throws {CliFileError} naming the file (never its content).
 * @example
 * ```ts
 * const token = await readTokenFile(config.apiTokenFile);
 * ```
 */
export async function readTokenFile(path: string): Promise<string> {
  const field = 'keys.apiToken';
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch (err) {
    throw new CliFileError(
      `Cannot read the key file for ${field} (${path}).`,
      { field, path },
      { cause: err },
    );
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new CliFileError(
      `The key file for ${field} (${path}) is readable by group or others; run chmod 600 on it.`,
      { field, path },
    );
  }
  return (await readFile(path, 'utf8')).trim();
}
