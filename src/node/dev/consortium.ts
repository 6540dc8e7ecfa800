/**
 * A local consortium of real node processes on loopback, for `npm start`, `npm run demo` and the
 * end-to-end tests (docs/local-consortium.md).
 *
 * {@link startLocalConsortium}:
 * 1. starts anvil (from the npm package) on a free loopback port, its state file in the run
 *    directory (`<root>/chain/state.json`);
 * 2. creates one identity per organization with `initNode` (what `parley init` does), on free API
 *    and MPC ports chosen up front: a genesis member is registered with its MPC endpoint, so the
 *    port must be known before the deployment;
 * 3. funds each organization's fresh chain key from anvil's first (public, development) account,
 *    which also deploys the five contracts with every organization as a genesis member
 *    (endpoint `127.0.0.1:<mpcPort>`, TLS key fingerprint; threshold: a majority);
 * 4. publishes the built-in programs' bundles (src/node/programs/builtins.ts) and approves them
 *    by governance, the same path as `parley program add`: the first organization proposes,
 *    the next ones vote until the proposal passes;
 * 5. adds the deployment (chain id, contracts, first block) to every config and starts each node
 *    as its own OS process (`node dist/src/bin/parley.js node start --config ...`, in its own
 *    process group, output to `<root>/<name>/node.log`), waiting for its `/health`.
 *
 * The returned handle stops, kills (any signal) and restarts single nodes, and `close()` stops
 * every node (SIGTERM, SIGKILL after a grace period) and then anvil. If this process exits without
 * `close()`, an exit hook still kills the children: no orphan is left behind.
 *
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEther, type Address, type Hex } from 'viem';
import { createParleyClient, type ParleyClient } from '../../sdk/index.js';
import { vote } from '../../ledger/actions/vote.js';
import { anvilAccounts, freePort, startAnvil, type AnvilInstance } from '../../ledger/anvil.js';
import { withAccount, type LedgerClient } from '../../ledger/client.js';
import { deployLedger, type DeployLedgerReturnType } from '../../ledger/deploy.js';
import { initNode } from '../identity.js';
import { buildBuiltinPrograms } from '../programs/builtins.js';
import { engineLoader } from '../programs/engine.js';
import { publishBundle } from '../programs/publish.js';

/** The CLI entry point the nodes are started with. */
export const CLI_MAIN: string = fileURLToPath(new URL('../../bin/parley.js', import.meta.url));

/** The default organizations: three companies and a regulator. */
export const DEFAULT_COMPANIES: readonly string[] = Object.freeze(['acme', 'globex', 'initech']);
export const DEFAULT_REGULATOR = 'regulator';

export interface LocalConsortiumOptions {
  /** The run directory: one sub-directory per organization and `chain/` (created). */
  readonly root: string;
  /** Organizations, in order (default: the three companies, then the regulator). */
  readonly names?: readonly string[];
  /** Programs approved by governance, by name (default: every built-in program). */
  readonly approve?: readonly string[];
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
  /** Milliseconds to wait for a node's /health (default 30 000). */
  readonly startTimeoutMs?: number;
}

/** One organization of the consortium. Only public facts and file paths. */
export interface LocalOrg {
  readonly name: string;
  readonly dir: string;
  readonly configPath: string;
  /** The REST API bearer token file (`keys/api.token`, mode 0600). */
  readonly tokenPath: string;
  readonly logPath: string;
  readonly address: Address;
  readonly tlsFingerprint: string;
  readonly apiPort: number;
  readonly mpcPort: number;
  /** The REST API base URL, e.g. http://127.0.0.1:40123. */
  readonly url: string;
  /** A ledger client with the organization's own chain key (for tests and governance). */
  readonly client: LedgerClient;
}

export interface StartLocalNodeOptions {
  /** Start with this config file instead of the organization's own (e.g. another TLS key). */
  readonly configPath?: string;
}

export interface LocalConsortium {
  readonly root: string;
  readonly anvil: AnvilInstance;
  readonly deployed: DeployLedgerReturnType;
  readonly names: readonly string[];
  org(name: string): LocalOrg;
  /** A REST client for the organization's node (its config's URL and token). */
  api(name: string): Promise<ParleyClient>;
  /** True while the organization's node process runs. */
  running(name: string): boolean;
  /** The OS process id of a running node. */
  pid(name: string): number | undefined;
  /** Starts the node process (again) and waits for /health. */
  startNode(name: string, options?: StartLocalNodeOptions): Promise<void>;
  /** Sends `signal` (default SIGTERM) and waits for the process to exit. */
  stopNode(name: string, signal?: NodeJS.Signals): Promise<void>;
  /** Stops every node, then anvil. Idempotent. */
  close(): Promise<void>;
}

interface NodeProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  exitCode: number | null | undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until `url`/health answers 200, or throws (with the log path) after `ms`. */
/** Waits until the node at `url` lists every program in `names` (it loads them from the chain). */
async function waitPrograms(
  url: string,
  tokenPath: string,
  names: readonly string[],
  ms: number,
  logPath: string,
): Promise<void> {
  if (names.length === 0) return;
  const api = createParleyClient({
    baseUrl: url,
    token: (await readFile(tokenPath, 'utf8')).trim(),
  });
  const end = Date.now() + ms;
  for (;;) {
    const listed = await api
      .listPrograms({ signal: AbortSignal.timeout(2000) })
      .then((r) => new Set(r.programs.map((p) => p.name)))
      .catch(() => new Set<string>());
    const missing = names.filter((n) => !listed.has(n));
    if (missing.length === 0) return;
    if (Date.now() > end)
      throw new Error(
        `the node on ${url} did not load the approved programs ${missing.join(', ')} in time; see ${logPath}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function waitHealthy(
  url: string,
  ms: number,
  proc: NodeProcess,
  logPath: string,
): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (proc.exitCode !== undefined) {
      const tail = (await readFile(logPath, 'utf8').catch(() => ''))
        .trim()
        .split('\n')
        .slice(-3)
        .join(' | ');
      throw new Error(
        `the node exited during start (code ${String(proc.exitCode)}): ${tail}; see ${logPath}`,
      );
    }
    try {
      await createParleyClient({ baseUrl: url }).health({ signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end)
      throw new Error(`the node did not answer on ${url} in time; see ${logPath}`);
    await sleep(100);
  }
}

/**
 * Creates, deploys and starts a local consortium (see the module doc).
 * @example
 * ```ts
 * const c = await startLocalConsortium({ root: '.parley-local/run-1', log: console.log });
 * try {
 *   const api = await c.api('regulator');
 *   await api.listMembers();
 * } finally {
 *   await c.close();
 * }
 * ```
 */
export async function startLocalConsortium(
  options: LocalConsortiumOptions,
): Promise<LocalConsortium> {
  const names = options.names ?? [...DEFAULT_COMPANIES, DEFAULT_REGULATOR];
  const log = options.log ?? ((): void => undefined);
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const root = options.root;
  await mkdir(join(root, 'chain'), { recursive: true, mode: 0o700 });

  const procs = new Map<string, NodeProcess>();
  const killAll = (): void => {
    for (const p of procs.values()) if (p.exitCode === undefined) p.child.kill('SIGKILL');
  };
  process.once('exit', killAll);

  log('starting anvil (local development chain) ...');
  const anvil = await startAnvil({ statePath: join(root, 'chain', 'state.json') });
  log(`anvil listening on ${anvil.rpcUrl} (chain id ${anvil.chainId})`);
  const orgs = new Map<string, LocalOrg>();

  const stopNode = async (name: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    const p = procs.get(name);
    if (p === undefined || p.exitCode !== undefined) return;
    p.child.kill(signal);
    const timer = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
    await p.exited;
    clearTimeout(timer);
  };
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await Promise.all(names.map((n) => stopNode(n)));
      process.removeListener('exit', killAll);
      await anvil.stop();
    })());

  try {
    const made: {
      name: string;
      configPath: string;
      address: Address;
      fingerprint: string;
      apiPort: number;
      mpcPort: number;
    }[] = [];
    for (const name of names) {
      const apiPort = await freePort();
      const mpcPort = await freePort();
      const id = await initNode({
        name,
        dir: join(root, name),
        apiPort,
        mpcPort,
        rpcUrl: anvil.rpcUrl,
      });
      made.push({
        name,
        configPath: id.configPath,
        address: id.chainAddress,
        fingerprint: id.tlsFingerprint,
        apiPort,
        mpcPort,
      });
      log(
        `created ${name}: chain address ${id.chainAddress}, TLS key ${id.tlsFingerprint.slice(0, 16)}..., ` +
          `API port ${apiPort}, MPC port ${mpcPort}`,
      );
    }

    const threshold = BigInt(Math.floor(names.length / 2) + 1);
    const deployed = await deployLedger({
      rpcUrl: anvil.rpcUrl,
      account: anvilAccounts[0]!.privateKey,
      genesisMembers: made.map((m) => ({
        account: m.address,
        info: {
          name: m.name,
          endpoint: `127.0.0.1:${m.mpcPort}`,
          tlsPublicKey: `0x${m.fingerprint}`,
          jurisdiction: 'EU',
        },
      })),
      threshold,
    });
    log(
      `deployed the contracts (Consortium ${deployed.addresses.consortium}, Jobs ${deployed.addresses.jobs}) ` +
        `with ${names.length} genesis members, governance threshold ${threshold}`,
    );
    const wallet = deployed.client.walletClient!;
    for (const m of made) {
      const hash = await wallet.sendTransaction({ to: m.address, value: parseEther('100') });
      await deployed.client.publicClient.waitForTransactionReceipt({ hash });
    }

    for (const m of made) {
      const config = JSON.parse(await readFile(m.configPath, 'utf8')) as Record<string, unknown>;
      config['ledger'] = {
        rpcUrl: anvil.rpcUrl,
        chainId: deployed.chainId,
        fromBlock: deployed.fromBlock.toString(),
        contracts: deployed.addresses,
      };
      await writeFile(m.configPath, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
      const dir = join(root, m.name);
      const key = (await readFile(join(dir, 'keys', 'chain.key'), 'utf8')).trim() as Hex;
      orgs.set(m.name, {
        name: m.name,
        dir,
        configPath: m.configPath,
        tokenPath: join(dir, 'keys', 'api.token'),
        logPath: join(dir, 'node.log'),
        address: m.address,
        tlsFingerprint: m.fingerprint,
        apiPort: m.apiPort,
        mpcPort: m.mpcPort,
        url: `http://127.0.0.1:${m.apiPort}`,
        client: withAccount(deployed.client, key),
      });
    }

    const org = (name: string): LocalOrg => {
      const o = orgs.get(name);
      if (o === undefined) throw new Error(`no organization named ${name}`);
      return o;
    };

    // Governance: the built-in programs go through the same path as any program a consortium
    // adds. The first member publishes each bundle with its approve-program proposal (its
    // proposal counts as its vote), the next ones vote until it passes.
    const builtins =
      options.approve !== undefined && options.approve.length === 0
        ? []
        : await buildBuiltinPrograms(engineLoader());
    const approve = options.approve ?? builtins.map((b) => b.name);
    for (const p of approve) {
      const built = builtins.find((b) => b.name === p);
      if (built === undefined) throw new Error(`no built-in program named ${p}`);
      const { proposalId, executed: first } = await publishBundle(org(names[0]!).client, built);
      const voters = [names[0]!];
      let executed = first;
      for (const n of names.slice(1)) {
        if (executed) break;
        executed = (await vote(org(n).client, { proposalId })).executed;
        voters.push(n);
      }
      if (!executed) throw new Error(`governance did not approve ${p}`);
      log(
        `published and approved program ${p} ${built.version} (${built.hash.slice(0, 10)}..., ` +
          `${built.bundle.byteLength} bytes) by governance: ${voters.join(', ')}`,
      );
    }

    const startNode = async (name: string, o: StartLocalNodeOptions = {}): Promise<void> => {
      const info = org(name);
      const prev = procs.get(name);
      if (prev !== undefined && prev.exitCode === undefined) {
        throw new Error(`the node of ${name} is already running`);
      }
      const fd = openSync(info.logPath, 'a', 0o600);
      let child: ChildProcess;
      try {
        child = spawn(
          process.execPath,
          [CLI_MAIN, 'node', 'start', '--config', o.configPath ?? info.configPath],
          // Its own process group: a Ctrl-C in the terminal reaches the launcher only, which then
          // stops the nodes in order.
          { stdio: ['ignore', fd, fd], detached: true, env: { ...process.env } },
        );
      } finally {
        closeSync(fd);
      }
      const proc: NodeProcess = {
        child,
        exitCode: undefined,
        exited: new Promise<void>((resolve) => {
          child.once('exit', (code, signal) => {
            proc.exitCode = code ?? (signal === null ? -1 : null);
            resolve();
          });
          child.once('error', () => {
            proc.exitCode ??= -1;
            resolve();
          });
        }),
      };
      procs.set(name, proc);
      await waitHealthy(info.url, startTimeoutMs, proc, info.logPath);
      // A node loads the approved programs from the chain after it starts: wait until it lists
      // every one governance approved above, so the first request may name any of them.
      await waitPrograms(info.url, info.tokenPath, approve, startTimeoutMs, info.logPath);
      log(`started node ${name} (pid ${child.pid ?? '?'}) on ${info.url}`);
    };

    await Promise.all(names.map((n) => startNode(n)));

    return {
      root,
      anvil,
      deployed,
      names,
      org,
      api: async (name) =>
        createParleyClient({
          baseUrl: org(name).url,
          token: (await readFile(org(name).tokenPath, 'utf8')).trim(),
        }),
      running: (name) => {
        const p = procs.get(name);
        return p !== undefined && p.exitCode === undefined;
      },
      pid: (name) => {
        const p = procs.get(name);
        return p === undefined || p.exitCode !== undefined ? undefined : p.child.pid;
      },
      startNode,
      stopNode,
      close,
    };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}
