/**
 * The node's configuration file (`config.json`, written by `parley init`) and its key files.
 *
 * Format, version 1. Relative paths are resolved against the directory of the config file.
 * ```json
 * {
 *   "version": 1,
 *   "name": "acme",
 *   "store": { "path": "store.sqlite" },
 *   "api": { "host": "127.0.0.1", "port": 7400 },
 *   "mpc": { "host": "127.0.0.1", "port": 7443 },
 *   "ledger": { "rpcUrl": "http://127.0.0.1:8545" },
 *   "keys": { "chain": "keys/chain.key", "tlsKey": "keys/tls.key",
 *             "tlsCert": "keys/tls.crt", "apiToken": "keys/api.token" }
 * }
 * ```
 * `ledger` may also hold `chainId`, `fromBlock` (the deployment block, a decimal string) and
 * `contracts` (the five addresses) once the consortium is deployed.
 *
 * Every field is validated; an error names the field (`details.field`, e.g. `api.port`) and never
 * echoes a secret. Key files must be readable by their owner only (mode 0600 or stricter): a
 * group- or world-readable key is refused, as ssh does.
 *
 * @module
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { isAddress, type Address, type Hex } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { certificateFingerprint, keyFingerprint } from '../net/x509.js';
import { NodeConfigError } from './errors.js';

/** Current config format version. */
export const CONFIG_VERSION = 1;

/** Organization names: also the TLS certificate's common name. */
export const ORG_NAME_RE: RegExp = /^[A-Za-z0-9._-]{1,64}$/;

export interface ListenAddress {
  readonly host: string;
  /** 0 = any free port (tests). */
  readonly port: number;
}

/** Where the REST API listens; `tls` (cert and key file paths, absolute after loading) serves HTTPS. */
export interface ApiListenAddress extends ListenAddress {
  readonly tls?: { readonly cert: string; readonly key: string };
}

export interface LedgerContracts {
  readonly consortium: Address;
  readonly catalog: Address;
  readonly grants: Address;
  readonly jobs: Address;
  readonly pins: Address;
}

export interface LedgerSettings {
  readonly rpcUrl: string;
  readonly chainId?: number;
  /** First block to read events from (the deployment block). */
  readonly fromBlock?: bigint;
  readonly contracts?: LedgerContracts;
}

/** Paths of the key files, absolute after loading. */
export interface KeyPaths {
  readonly chain: string;
  readonly tlsKey: string;
  readonly tlsCert: string;
  readonly apiToken: string;
}

/** A validated configuration; all paths absolute. */
export interface NodeConfig {
  readonly version: 1;
  readonly name: string;
  /** The config file itself (absolute). */
  readonly path: string;
  readonly store: { readonly path: string };
  readonly api: ApiListenAddress;
  readonly mpc: ListenAddress;
  readonly ledger: LedgerSettings;
  readonly keys: KeyPaths;
}

/** The secrets a running node needs. Never log this object. */
export interface NodeSecrets {
  /** secp256k1 private key, 0x + 64 hex. Secret. */
  readonly chainKey: Hex;
  /** TLS private key, PKCS#8 PEM. Secret. */
  readonly tlsKey: string;
  /** TLS certificate, PEM. Public. */
  readonly tlsCert: string;
  /** The REST API bearer token, 64 hex chars. Secret. */
  readonly apiToken: string;
  /** The REST API's HTTPS key (PEM, secret) and certificate (PEM), when `api.tls` is set. */
  readonly apiTls?: { readonly key: string; readonly cert: string };
}

/** Facts about a node that are safe to print and publish. */
export interface NodePublicIdentity {
  readonly name: string;
  readonly chainAddress: Address;
  /** SHA-256 of the TLS key's SPKI, lowercase hex. */
  readonly tlsFingerprint: string;
}

const fail = (field: string, expected: string): never => {
  throw new NodeConfigError(`Invalid config: ${field} must be ${expected}.`, { field, expected });
};

function obj(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(field, 'an object');
  return v as Record<string, unknown>;
}

function onlyKeys(o: Record<string, unknown>, field: string, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) {
      const name = field === '' ? k : `${field}.${k}`;
      throw new NodeConfigError(`Invalid config: unknown field ${name}.`, { field: name });
    }
  }
}

function str(v: unknown, field: string, re?: RegExp, expected = 'a non-empty string'): string {
  if (typeof v !== 'string' || v.length === 0 || (re !== undefined && !re.test(v))) {
    fail(field, expected);
  }
  return v as string;
}

function port(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 65535) {
    fail(field, 'an integer port in 0..65535');
  }
  return v as number;
}

function listen(v: unknown, field: string): ListenAddress {
  const o = obj(v, field);
  onlyKeys(o, field, ['host', 'port']);
  return {
    host: str(o.host, `${field}.host`, /^[A-Za-z0-9.:[\]-]{1,253}$/, 'a host name or IP address'),
    port: port(o.port, `${field}.port`),
  };
}

/**
 * Whether `host` is a loopback address (127.0.0.0/8, ::1, localhost): only the machine itself
 * can reach a server listening there.
 * @example
 * ```ts
 * isLoopbackHost('127.0.0.1'); // true
 * isLoopbackHost('0.0.0.0'); // false
 * ```
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * The REST API's address. Off loopback it is served over TLS only: the bearer token and the
 * console's session cookie must not cross a network in the clear, so a non-loopback host without
 * `api.tls` is refused.
 */
function apiListen(v: unknown, file: (v: unknown, field: string) => string): ApiListenAddress {
  const o = obj(v, 'api');
  onlyKeys(o, 'api', ['host', 'port', 'tls']);
  const at = listen({ host: o.host, port: o.port }, 'api');
  if (o.tls === undefined) {
    if (!isLoopbackHost(at.host)) {
      throw new NodeConfigError(
        `api.host ${at.host} is not a loopback address, and the REST API is served off loopback over TLS only (the API token and console cookies would cross the network in the clear). Add "tls": { "cert": "<cert.pem>", "key": "<key.pem>" } to "api", or listen on 127.0.0.1.`,
        { field: 'api.tls', host: at.host },
      );
    }
    return at;
  }
  const t = obj(o.tls, 'api.tls');
  onlyKeys(t, 'api.tls', ['cert', 'key']);
  return { ...at, tls: { cert: file(t.cert, 'api.tls.cert'), key: file(t.key, 'api.tls.key') } };
}

/** An http(s) URL; credentials in it are refused so they never land in logs. */
export function parseRpcUrl(v: unknown, field = 'ledger.rpcUrl'): string {
  const s = str(v, field);
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return fail(field, 'an http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(field, 'an http(s) URL');
  if (url.username !== '' || url.password !== '') fail(field, 'a URL without credentials');
  return s;
}

function ledger(v: unknown): LedgerSettings {
  const o = obj(v, 'ledger');
  onlyKeys(o, 'ledger', ['rpcUrl', 'chainId', 'fromBlock', 'contracts']);
  let out: LedgerSettings = { rpcUrl: parseRpcUrl(o.rpcUrl) };
  if (o.chainId !== undefined) {
    if (typeof o.chainId !== 'number' || !Number.isSafeInteger(o.chainId) || o.chainId < 1) {
      fail('ledger.chainId', 'a positive integer');
    }
    out = { ...out, chainId: o.chainId as number };
  }
  if (o.fromBlock !== undefined) {
    out = {
      ...out,
      fromBlock: BigInt(
        str(o.fromBlock, 'ledger.fromBlock', /^\d{1,20}$/, 'a block number as a decimal string'),
      ),
    };
  }
  if (o.contracts !== undefined) {
    const c = obj(o.contracts, 'ledger.contracts');
    const names = ['consortium', 'catalog', 'grants', 'jobs', 'pins'] as const;
    onlyKeys(c, 'ledger.contracts', names);
    const addr = (n: (typeof names)[number]): Address => {
      const a = c[n];
      if (typeof a !== 'string' || !isAddress(a, { strict: false })) {
        fail(`ledger.contracts.${n}`, 'a 0x-prefixed 20-byte address');
      }
      return a as Address;
    };
    out = {
      ...out,
      contracts: {
        consortium: addr('consortium'),
        catalog: addr('catalog'),
        grants: addr('grants'),
        jobs: addr('jobs'),
        pins: addr('pins'),
      },
    };
  }
  return out;
}

/**
 * Validates a parsed config file. `configPath` anchors relative paths.
 * @example
 * ```ts
 * const config = parseNodeConfig(JSON.parse(text), '/srv/parley/config.json');
 * config.api.port; // 7400
 * ```
 * @throws {NodeConfigError} naming the first invalid field (`details.field`).
 */
export function parseNodeConfig(raw: unknown, configPath: string): NodeConfig {
  const path = resolve(configPath);
  const base = dirname(path);
  const o = obj(raw, 'config');
  onlyKeys(o, '', ['version', 'name', 'store', 'api', 'mpc', 'ledger', 'keys', '$comment']);
  if (o.version !== CONFIG_VERSION) fail('version', `${CONFIG_VERSION}`);
  const file = (v: unknown, field: string): string => {
    const s = str(v, field, /^[^\0]+$/, 'a file path');
    return isAbsolute(s) ? s : resolve(base, s);
  };
  const store = obj(o.store, 'store');
  onlyKeys(store, 'store', ['path']);
  const keys = obj(o.keys, 'keys');
  onlyKeys(keys, 'keys', ['chain', 'tlsKey', 'tlsCert', 'apiToken']);
  return Object.freeze({
    version: CONFIG_VERSION,
    name: str(o.name, 'name', ORG_NAME_RE, '1..64 characters of A-Z a-z 0-9 . _ -'),
    path,
    store: { path: file(store.path, 'store.path') },
    api: apiListen(o.api, file),
    mpc: listen(o.mpc, 'mpc'),
    ledger: ledger(o.ledger),
    keys: {
      chain: file(keys.chain, 'keys.chain'),
      tlsKey: file(keys.tlsKey, 'keys.tlsKey'),
      tlsCert: file(keys.tlsCert, 'keys.tlsCert'),
      apiToken: file(keys.apiToken, 'keys.apiToken'),
    },
  });
}

/**
 * Reads and validates a config file.
 * @example
 * ```ts
 * const config = await loadNodeConfig('./acme/config.json');
 * ```
 * @throws {NodeConfigError} if the file is missing, not JSON, or a field is invalid.
 */
export async function loadNodeConfig(path: string): Promise<NodeConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new NodeConfigError(
      `Cannot read the config file ${path}.`,
      { field: 'file', path },
      {
        cause: err,
      },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new NodeConfigError(`The config file ${path} is not valid JSON.`, {
      field: 'file',
      path,
    });
  }
  return parseNodeConfig(raw, path);
}

/** Reads a secret file, refusing one that others may read. Never puts the content in an error. */
export async function readSecretFile(path: string, field: string): Promise<string> {
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch (err) {
    throw new NodeConfigError(
      `Cannot read the key file for ${field} (${path}).`,
      { field, path },
      {
        cause: err,
      },
    );
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new NodeConfigError(
      `The key file for ${field} (${path}) is readable or writable by group or others (mode ${(mode & 0o777).toString(8).padStart(4, '0')}). Run: chmod 600 ${path}`,
      { field, path },
    );
  }
  return (await readFile(path, 'utf8')).trim();
}

/**
 * Reads and checks the key files named by `config.keys`.
 * @example
 * ```ts
 * const secrets = await loadNodeSecrets(config); // never log `secrets`
 * ```
 * @throws {NodeConfigError} naming the key file that is missing, too permissive or malformed.
 */
export async function loadNodeSecrets(config: NodeConfig): Promise<NodeSecrets> {
  const chainKey = await readSecretFile(config.keys.chain, 'keys.chain');
  if (!/^0x[0-9a-fA-F]{64}$/.test(chainKey)) {
    fail('keys.chain', 'a file holding a 0x-prefixed 32-byte hex private key');
  }
  const apiToken = await readSecretFile(config.keys.apiToken, 'keys.apiToken');
  if (!/^[0-9a-f]{64}$/.test(apiToken)) fail('keys.apiToken', 'a file holding 64 hex characters');
  const tlsKey = await readSecretFile(config.keys.tlsKey, 'keys.tlsKey');
  let tlsCert: string;
  try {
    tlsCert = await readFile(config.keys.tlsCert, 'utf8');
  } catch (err) {
    throw new NodeConfigError(
      `Cannot read the TLS certificate (${config.keys.tlsCert}).`,
      {
        field: 'keys.tlsCert',
      },
      { cause: err },
    );
  }
  let keyFp = '';
  try {
    keyFp = keyFingerprint(tlsKey);
  } catch {
    fail('keys.tlsKey', 'a file holding a PKCS#8 PEM private key');
  }
  let certFp = '';
  try {
    certFp = certificateFingerprint(tlsCert);
  } catch {
    fail('keys.tlsCert', 'a file holding a PEM certificate');
  }
  if (certFp !== keyFp) fail('keys.tlsCert', 'the certificate of the key in keys.tlsKey');
  let apiTls: { key: string; cert: string } | undefined;
  if (config.api.tls !== undefined) {
    const key = await readSecretFile(config.api.tls.key, 'api.tls.key');
    let cert: string;
    try {
      cert = await readFile(config.api.tls.cert, 'utf8');
    } catch (err) {
      throw new NodeConfigError(
        `Cannot read the REST API's TLS certificate (${config.api.tls.cert}).`,
        { field: 'api.tls.cert' },
        { cause: err },
      );
    }
    let fp = '';
    try {
      fp = certificateFingerprint(cert);
    } catch {
      fail('api.tls.cert', 'a file holding a PEM certificate');
    }
    let kfp = '';
    try {
      kfp = keyFingerprint(key);
    } catch {
      fail('api.tls.key', 'a file holding a PEM private key');
    }
    if (fp !== kfp) fail('api.tls.cert', 'the certificate of the key in api.tls.key');
    apiTls = { key, cert };
  }
  return Object.freeze({
    chainKey: chainKey as Hex,
    tlsKey,
    tlsCert,
    apiToken,
    ...(apiTls === undefined ? {} : { apiTls }),
  });
}

/**
 * The public facts of an identity: chain address and TLS fingerprint.
 * @example
 * ```ts
 * const { chainAddress, tlsFingerprint } = publicIdentity(config, secrets);
 * ```
 */
export function publicIdentity(config: NodeConfig, secrets: NodeSecrets): NodePublicIdentity {
  return Object.freeze({
    name: config.name,
    chainAddress: privateKeyToAddress(secrets.chainKey),
    tlsFingerprint: keyFingerprint(secrets.tlsKey),
  });
}
