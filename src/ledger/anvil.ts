/**
 * Starts and stops a local anvil chain (from the npm package `@foundry-rs/anvil`) on a free
 * loopback port: the embedded default ledger for tests and the local network.
 *
 * Trust: anvil is a single authority that can rewrite its own history; it is for development
 * only. Production uses Hyperledger Besu with QBFT (see docs/ledger.md).
 *
 * The binary comes from the platform package (e.g. `@foundry-rs/anvil-linux-amd64`), resolved
 * through Node's module resolution, so the wrapper package's postinstall script is not needed.
 * `PARLEY_ANVIL_BIN` overrides the path.
 *
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import type { Address, Hex } from 'viem';
import { AnvilError } from './errors.js';

/** One of anvil's well-known development accounts (public test keys: never use them for value). */
export interface AnvilAccount {
  readonly address: Address;
  readonly privateKey: Hex;
}

/**
 * The first ten accounts of anvil's default mnemonic ("test test ... junk"), public knowledge.
 * A test checks them against `eth_accounts`.
 */
export const anvilAccounts: readonly AnvilAccount[] = Object.freeze([
  {
    address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
    privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  },
  {
    address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    privateKey: '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  },
  {
    address: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
    privateKey: '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  },
  {
    address: '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
    privateKey: '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
  },
  {
    address: '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
    privateKey: '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a',
  },
  {
    address: '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc',
    privateKey: '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba',
  },
  {
    address: '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
    privateKey: '0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e',
  },
  {
    address: '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955',
    privateKey: '0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356',
  },
  {
    address: '0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f',
    privateKey: '0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97',
  },
  {
    address: '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720',
    privateKey: '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6',
  },
]);

export interface StartAnvilOptions {
  /** Port on 127.0.0.1; default: a free one. */
  readonly port?: number;
  /** Default 31337. */
  readonly chainId?: number;
  /** Load state from this file if it exists, and write it back on stop (`--state`). */
  readonly statePath?: string;
  /** Seconds between blocks; default: mine one block per transaction (automine). */
  readonly blockTime?: number;
  /** Milliseconds to wait for the JSON-RPC endpoint; default 15000. */
  readonly startTimeoutMs?: number;
  /** Path of the anvil binary; default: `PARLEY_ANVIL_BIN` or the npm platform package. */
  readonly binary?: string;
  readonly signal?: AbortSignal;
}

/** A running anvil. */
export interface AnvilInstance {
  readonly rpcUrl: string;
  readonly port: number;
  readonly chainId: number;
  readonly pid: number;
  readonly accounts: readonly AnvilAccount[];
  /** Stops anvil (SIGTERM, which makes it write `--state`); SIGKILL after 5 s. Idempotent. */
  stop(): Promise<void>;
}

const PLATFORM_PACKAGES: Readonly<Record<string, string>> = Object.freeze({
  'linux-x64': '@foundry-rs/anvil-linux-amd64',
  'linux-arm64': '@foundry-rs/anvil-linux-arm64',
  'darwin-x64': '@foundry-rs/anvil-darwin-amd64',
  'darwin-arm64': '@foundry-rs/anvil-darwin-arm64',
  'win32-x64': '@foundry-rs/anvil-win32-amd64',
});

/**
 * The path of the anvil binary for this platform.
 * @throws {AnvilError} if no binary is installed for this platform.
 */
export function resolveAnvilBinary(): string {
  const fromEnv = process.env['PARLEY_ANVIL_BIN'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const key = `${process.platform}-${process.arch}`;
  const pkg = PLATFORM_PACKAGES[key];
  if (pkg === undefined) {
    throw new AnvilError(`anvil has no npm binary for platform ${key}.`, { platform: key });
  }
  let pkgJson: string;
  try {
    pkgJson = createRequire(import.meta.url).resolve(`${pkg}/package.json`);
  } catch (err) {
    throw new AnvilError(
      `The anvil binary package ${pkg} is not installed; run npm install (optional dependencies enabled).`,
      { package: pkg },
      { cause: err },
    );
  }
  const bin = join(dirname(pkgJson), 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil');
  if (!existsSync(bin)) {
    throw new AnvilError(`The anvil binary is missing at ${bin}.`, { package: pkg });
  }
  return bin;
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('freePort: no port'))));
    });
  });
}

async function rpcReady(rpcUrl: string): Promise<boolean> {
  try {
    const res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(1000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Starts anvil on 127.0.0.1 and resolves once its JSON-RPC endpoint answers.
 * @throws {AnvilError} with anvil's last output lines if it exits or does not answer in time.
 * @example
 * ```ts
 * const anvil = await startAnvil({ statePath: '.parley-dev/chain.json' });
 * try { ... anvil.rpcUrl ... } finally { await anvil.stop(); }
 * ```
 */
export async function startAnvil(options: StartAnvilOptions = {}): Promise<AnvilInstance> {
  const binary = options.binary ?? resolveAnvilBinary();
  const attempts = options.port === undefined ? 3 : 1;
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    options.signal?.throwIfAborted();
    const port = options.port ?? (await freePort());
    try {
      return await startOnce(binary, port, options);
    } catch (err) {
      last = err;
      // Another process may have taken the port between freePort() and anvil's bind: retry.
      if (!(err instanceof AnvilError) || err.details['exited'] !== true) throw err;
    }
  }
  throw last;
}

async function startOnce(
  binary: string,
  port: number,
  options: StartAnvilOptions,
): Promise<AnvilInstance> {
  const chainId = options.chainId ?? 31337;
  const args = ['--host', '127.0.0.1', '--port', String(port), '--chain-id', String(chainId)];
  if (options.statePath !== undefined) args.push('--state', options.statePath);
  if (options.blockTime !== undefined) args.push('--block-time', String(options.blockTime));
  let child: ChildProcess;
  try {
    child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new AnvilError(`Could not start anvil (${binary}).`, { binary }, { cause: err });
  }
  let output = '';
  let listening = false;
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4000);
    if (!listening && output.includes(`Listening on 127.0.0.1:${port}`)) listening = true;
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let spawnError: Error | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
    child.once('error', (err) => {
      spawnError = err;
      exited ??= { code: null, signal: null };
      resolve();
    });
  });

  const rpcUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 15000);
  for (;;) {
    if (exited !== undefined) {
      throw new AnvilError(
        `anvil exited during start (code ${String(exited.code)}): ${lastLines(output)}`,
        { port, exited: true },
        spawnError === undefined ? undefined : { cause: spawnError },
      );
    }
    // Wait for anvil's own "Listening on" line first: another process already on the port would
    // answer the RPC probe, while this anvil is about to exit with "Address already in use".
    if (listening && (await rpcReady(rpcUrl))) break;
    if (Date.now() > deadline || options.signal?.aborted === true) {
      child.kill('SIGKILL');
      await exitPromise;
      throw new AnvilError(`anvil did not answer on ${rpcUrl} in time: ${lastLines(output)}`, {
        port,
      });
    }
    await sleep(50);
  }

  // If this process exits without stop(), do not leave an orphan chain behind.
  const onExit = (): void => {
    child.kill('SIGTERM');
  };
  process.once('exit', onExit);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      process.removeListener('exit', onExit);
      if (exited !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exitPromise;
      clearTimeout(timer);
    })();
    return stopping;
  };
  return Object.freeze({
    rpcUrl,
    port,
    chainId,
    pid: child.pid ?? -1,
    accounts: anvilAccounts,
    stop,
  });
}

function lastLines(output: string): string {
  // anvil's banner lists private keys; even dev keys stay out of error messages.
  const lines = output
    .trim()
    .split('\n')
    .slice(-5)
    .join(' | ')
    .replace(/0x[0-9a-fA-F]{64}/g, '0x[redacted]');
  return lines === '' ? '(no output)' : lines;
}
