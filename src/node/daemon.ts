/**
 * The running node: loads the config and keys, opens the store, builds the REST API and listens.
 * This is where the node's parts are wired together. When the config names a deployed ledger
 * (`ledger.chainId` and `ledger.contracts`), it also opens the MPC TLS endpoint on `config.mpc`
 * with the node's TLS key, loads the programs the consortium approved (from the bundles in its
 * store, src/node/programs) and starts the runner, which follows the
 * ledger from the store's checkpoint and runs jobs (src/node/runner, docs/node.md). Nothing here
 * waits for the chain: a chain that is down is retried by the runner while the API serves.
 *
 * @module
 */
import type { Hex } from 'viem';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { createLedgerClient, type LedgerClient } from '../ledger/client.js';
import { partyId } from '../mpc/channel.js';
import { tlsEndpoint, type TlsEndpoint } from '../net/tls.js';
import { loadBuiltinPrograms, type ProgramRegistry } from '../programs/registry.js';
import type { ProgramDefinition } from '../programs/types.js';
import { loadNodeConfig, loadNodeSecrets, publicIdentity, type NodeConfig } from './config.js';
import type { JobTimeouts } from './jobs/executor.js';
import type { RunnerLog } from './runner/context.js';
import { startRunner, type NodeRunner } from './runner/runner.js';
import { buildApp } from './server/app.js';
import { engineLoader } from './programs/engine.js';
import { NodeProgramRegistry, type BundleLoader } from './programs/registry.js';
import { openStore, type Store } from './store/db.js';

export interface StartNodeOptions {
  /** fastify/pino logger options; default: info level to stderr. */
  readonly logger?: FastifyServerOptions['logger'];
  /** Executor timeouts for every job (tests shorten them). */
  readonly jobTimeouts?: JobTimeouts;
  /** Milliseconds between polls of the chain; default the ledger client's (50 ms on loopback). */
  readonly pollingInterval?: number;
  /** How long the MPC endpoint waits for a session's links, in ms (default 10 000). */
  readonly connectTimeoutMs?: number;
  /** How often the runner looks for open jobs past their deadline, in ms (default 30 000). */
  readonly deadlineSweepMs?: number;
  /** Loads approved bundles (default: the engine's sandbox, ./programs/engine.ts). */
  readonly loadBundle?: BundleLoader;
  /**
   * Run these in-process programs instead of the approved bundles (tests of the runner that are
   * not about programs: their definitions are compiled in, under their source hash). A node
   * started so does not index published programs.
   */
  readonly programs?: ProgramRegistry;
  /**
   * Programs registered beside the built-in ones, with their code hashes (tests only: a node
   * runs a program only once governance approved its hash).
   */
  readonly extraPrograms?: readonly (readonly [ProgramDefinition, Hex])[];
}

export interface RunningNode {
  readonly config: NodeConfig;
  readonly store: Store;
  readonly app: FastifyInstance;
  /**
   * The API's base URL, e.g. 'http://127.0.0.1:7400' (the real port when configured as 0);
   * https when `api.tls` is set (required off loopback).
   */
  readonly url: string;
  /** The ledger client with this node's account, when the config names a deployed ledger. */
  readonly ledger?: LedgerClient;
  /** The programs this node runs: those the consortium approved, loaded from their bundles. */
  readonly programs: ProgramRegistry;
  /** The MPC TLS endpoint (with a deployed ledger). */
  readonly endpoint?: TlsEndpoint;
  /** The ledger follower and job runner (with a deployed ledger). */
  readonly runner?: NodeRunner;
  /**
   * Stops following the ledger, cancels running jobs (no chain write: the other parties fail
   * them), stops accepting requests and waits for those in flight, closes the MPC endpoint and
   * the store. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Starts a node from its config file.
 * @example
 * ```ts
 * const node = await startNode('./acme/config.json');
 * console.log(node.url);
 * await node.close();
 * ```
 * @throws {NodeConfigError} | {StoreError} if the config, keys or store are unusable.
 */
export async function startNode(
  configPath: string,
  options: StartNodeOptions = {},
): Promise<RunningNode> {
  const config = await loadNodeConfig(configPath);
  const secrets = await loadNodeSecrets(config);
  const { chainId, contracts, rpcUrl } = config.ledger;
  const ledger: LedgerClient | undefined =
    chainId === undefined || contracts === undefined
      ? undefined
      : createLedgerClient({ rpcUrl, chainId, addresses: contracts, account: secrets.chainKey });
  const store = openStore(config.store.path);
  // Tests that add in-process programs beside the built-ins run compiled-in definitions only.
  let compiled = options.programs;
  if (compiled === undefined && options.extraPrograms !== undefined) {
    compiled = await loadBuiltinPrograms();
    for (const [definition, hash] of options.extraPrograms) compiled.add(definition, hash);
  }
  const loadBundle = compiled === undefined ? (options.loadBundle ?? engineLoader()) : undefined;
  let app: FastifyInstance | undefined;
  let endpoint: TlsEndpoint | undefined;
  // Approved programs come from the store and the ledger (src/node/programs), none compiled in.
  const programs: ProgramRegistry =
    loadBundle === undefined ? compiled! : new NodeProgramRegistry(store, loadBundle);
  try {
    app = await buildApp({
      store,
      identity: publicIdentity(config, secrets),
      apiToken: secrets.apiToken,
      ...(secrets.apiTls === undefined ? {} : { https: secrets.apiTls }),
      programs,
      ...(ledger === undefined ? {} : { ledger }),
      ...(config.ledger.fromBlock === undefined ? {} : { fromBlock: config.ledger.fromBlock }),
      logger: options.logger ?? { level: 'info', stream: process.stderr },
    });
    if (ledger !== undefined) {
      endpoint = await tlsEndpoint({
        self: partyId(config.name),
        key: secrets.tlsKey,
        cert: secrets.tlsCert,
        listen: config.mpc,
        peers: [],
        ...(options.connectTimeoutMs === undefined
          ? {}
          : { connectTimeoutMs: options.connectTimeoutMs }),
        onRefused: (err) => app?.log.warn({ code: err.code }, `mpc: ${err.shortMessage}`),
      });
    }
    await app.listen({ host: config.api.host, port: config.api.port });
  } catch (err) {
    await app?.close().catch(() => undefined);
    await endpoint?.close().catch(() => undefined);
    store.close();
    throw err;
  }
  const log = app.log;
  if (programs instanceof NodeProgramRegistry) {
    programs.onLog({
      info: (m, d) => log.info(d ?? {}, `programs: ${m}`),
      error: (m, d) => log.error(d ?? {}, `programs: ${m}`),
    });
    programs.loadApproved();
  }
  const runnerLog: RunnerLog = {
    info: (m, d) => log.info(d ?? {}, `runner: ${m}`),
    warn: (m, d) => log.warn(d ?? {}, `runner: ${m}`),
    error: (m, d) => log.error(d ?? {}, `runner: ${m}`),
  };
  const runner =
    ledger === undefined || endpoint === undefined
      ? undefined
      : startRunner({
          store,
          ledger,
          programs,
          self: { name: config.name, address: publicIdentity(config, secrets).chainAddress },
          endpoint,
          fromBlock: config.ledger.fromBlock ?? 0n,
          log: runnerLog,
          ...(options.jobTimeouts === undefined ? {} : { timeouts: options.jobTimeouts }),
          ...(options.pollingInterval === undefined
            ? {}
            : { pollingInterval: options.pollingInterval }),
          ...(options.deadlineSweepMs === undefined ? {} : { sweepMs: options.deadlineSweepMs }),
        });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : config.api.port;
  const host = config.api.host.includes(':') ? `[${config.api.host}]` : config.api.host;
  let closing: Promise<void> | undefined;
  return {
    config,
    store,
    app,
    url: `${secrets.apiTls === undefined ? 'http' : 'https'}://${host}:${port}`,
    programs,
    ...(ledger === undefined ? {} : { ledger }),
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(runner === undefined ? {} : { runner }),
    close: () =>
      (closing ??= (async () => {
        try {
          await runner?.stop();
          await app.close();
          await endpoint?.close();
        } finally {
          store.close();
        }
      })()),
  };
}
