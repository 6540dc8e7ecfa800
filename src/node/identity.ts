/**
 * `parley init`: creates an organization's identity in a directory:
 * - `config.json` (see config.ts), mode 0600;
 * - `keys/chain.key`: a fresh secp256k1 private key (viem's generatePrivateKey), 0600;
 * - `keys/tls.key` + `keys/tls.crt`: an ECDSA P-256 key pair and self-signed certificate
 *   (src/net/x509.ts), the key 0600;
 * - `keys/api.token`: 32 random bytes as hex, the REST API bearer token, 0600.
 * Directories are created 0700. Nothing is overwritten: if any of these files exists, init
 * refuses before writing; if a write fails midway, the files it created are removed.
 * Only public facts are returned (chain address, TLS fingerprint, config path).
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts';
import { generateIdentity } from '../net/x509.js';
import { CONFIG_VERSION, ORG_NAME_RE, parseRpcUrl, type NodePublicIdentity } from './config.js';
import { IdentityExistsError, NodeConfigError } from './errors.js';

/** Default REST API port (loopback). */
export const DEFAULT_API_PORT = 7400;
/** Default port of the MPC TLS listener. */
export const DEFAULT_MPC_PORT = 7443;
/** Default chain RPC endpoint: a local anvil. */
export const DEFAULT_RPC_URL = 'http://127.0.0.1:8545';

export interface InitNodeOptions {
  /** Organization name, 1..64 of [A-Za-z0-9._-]. */
  readonly name: string;
  /** Directory to create the identity in (created if missing). */
  readonly dir: string;
  readonly apiPort?: number;
  readonly apiHost?: string;
  readonly mpcPort?: number;
  readonly mpcHost?: string;
  readonly rpcUrl?: string;
}

export interface InitNodeReturnType extends NodePublicIdentity {
  readonly configPath: string;
}

const exists = async (p: string): Promise<boolean> =>
  stat(p).then(
    () => true,
    () => false,
  );

function checkPort(v: number | undefined, field: string, dflt: number): number {
  const p = v ?? dflt;
  if (!Number.isInteger(p) || p < 0 || p > 65535) {
    throw new NodeConfigError(`Invalid ${field}: expected an integer port in 0..65535.`, { field });
  }
  return p;
}

/**
 * Creates a new identity. Refuses to overwrite an existing one.
 * @example
 * ```ts
 * const id = await initNode({ name: 'acme', dir: './acme' });
 * console.log(id.chainAddress, id.tlsFingerprint, id.configPath); // public facts only
 * ```
 * @throws {IdentityExistsError} if the config or any key file already exists.
 * @throws {NodeConfigError} if the name, a port or the RPC URL is invalid.
 */
export async function initNode(options: InitNodeOptions): Promise<InitNodeReturnType> {
  if (!ORG_NAME_RE.test(options.name)) {
    throw new NodeConfigError('Invalid name: expected 1..64 characters of A-Z a-z 0-9 . _ -', {
      field: 'name',
    });
  }
  const apiPort = checkPort(options.apiPort, 'api-port', DEFAULT_API_PORT);
  const mpcPort = checkPort(options.mpcPort, 'mpc-port', DEFAULT_MPC_PORT);
  const rpcUrl = parseRpcUrl(options.rpcUrl ?? DEFAULT_RPC_URL, 'rpc-url');
  const dir = resolve(options.dir);
  const keysDir = join(dir, 'keys');
  const configPath = join(dir, 'config.json');
  const files = {
    chain: join(keysDir, 'chain.key'),
    tlsKey: join(keysDir, 'tls.key'),
    tlsCert: join(keysDir, 'tls.crt'),
    apiToken: join(keysDir, 'api.token'),
  };
  for (const p of [configPath, ...Object.values(files)]) {
    if (await exists(p)) throw new IdentityExistsError(p);
  }

  const chainKey = generatePrivateKey();
  const tls = generateIdentity(options.name);
  const token = randomBytes(32).toString('hex');
  const config = {
    version: CONFIG_VERSION,
    name: options.name,
    store: { path: 'store.sqlite' },
    api: { host: options.apiHost ?? '127.0.0.1', port: apiPort },
    mpc: { host: options.mpcHost ?? '127.0.0.1', port: mpcPort },
    ledger: { rpcUrl },
    keys: {
      chain: 'keys/chain.key',
      tlsKey: 'keys/tls.key',
      tlsCert: 'keys/tls.crt',
      apiToken: 'keys/api.token',
    },
  };

  const dirExisted = await exists(dir);
  const keysExisted = await exists(keysDir);
  const created: string[] = [];
  const write = async (p: string, text: string): Promise<void> => {
    // 'wx': fail rather than overwrite if the file appeared meanwhile.
    await writeFile(p, text, { mode: 0o600, flag: 'wx' });
    created.push(p);
    await chmod(p, 0o600); // the umask may have cleared bits we want, never added any
  };
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await mkdir(keysDir, { recursive: true, mode: 0o700 });
    await chmod(keysDir, 0o700);
    if (!dirExisted) await chmod(dir, 0o700);
    await write(files.chain, chainKey + '\n');
    await write(files.tlsKey, tls.key);
    await write(files.tlsCert, tls.cert);
    await write(files.apiToken, token + '\n');
    await write(configPath, JSON.stringify(config, null, 2) + '\n');
  } catch (err) {
    for (const p of created) await rm(p, { force: true });
    if (!keysExisted) await rm(keysDir, { recursive: true, force: true });
    if (err instanceof Error && 'code' in err && err.code === 'EEXIST') {
      throw new IdentityExistsError(dir);
    }
    throw new NodeConfigError(
      `Cannot create the identity in ${dir}.`,
      { field: 'dir' },
      {
        cause: err,
      },
    );
  }
  return Object.freeze({
    name: options.name,
    configPath,
    chainAddress: privateKeyToAddress(chainKey),
    tlsFingerprint: tls.fingerprint,
  });
}
