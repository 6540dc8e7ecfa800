/**
 * The running node: loads the config and keys, opens the store, builds the REST API and listens.
 * This is where the node's parts are wired together; later it also starts the ledger event
 * subscription, the MPC listener and the job runner.
 *
 * @module
 */
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { createLedgerClient, type LedgerClient } from '../ledger/client.js';
import { loadNodeConfig, loadNodeSecrets, publicIdentity, type NodeConfig } from './config.js';
import { buildApp } from './server/app.js';
import { openStore, type Store } from './store/db.js';

export interface StartNodeOptions {
  /** fastify/pino logger options; default: info level to stderr. */
  readonly logger?: FastifyServerOptions['logger'];
}

export interface RunningNode {
  readonly config: NodeConfig;
  readonly store: Store;
  readonly app: FastifyInstance;
  /** The API's base URL, e.g. 'http://127.0.0.1:7400' (the real port when configured as 0). */
  readonly url: string;
  /** Stops accepting requests, waits for those in flight, closes the store. Idempotent. */
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
  let app: FastifyInstance;
  try {
    app = await buildApp({
      store,
      identity: publicIdentity(config, secrets),
      apiToken: secrets.apiToken,
      ...(ledger === undefined ? {} : { ledger }),
      logger: options.logger ?? { level: 'info', stream: process.stderr },
    });
    await app.listen({ host: config.api.host, port: config.api.port });
  } catch (err) {
    store.close();
    throw err;
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : config.api.port;
  const host = config.api.host.includes(':') ? `[${config.api.host}]` : config.api.host;
  let closing: Promise<void> | undefined;
  return {
    config,
    store,
    app,
    url: `http://${host}:${port}`,
    close: () =>
      (closing ??= (async () => {
        try {
          await app.close();
        } finally {
          store.close();
        }
      })()),
  };
}
