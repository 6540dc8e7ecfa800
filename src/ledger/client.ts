/**
 * The ledger client: a viem public client for reads, an optional wallet client for writes, and the
 * addresses of the five deployed contracts. Every action takes one as its first argument, in the
 * style of viem's `action(client, parameters)`.
 *
 * Security: the private key stays inside the viem account; it is never logged nor put in an error.
 *
 * @module
 */
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  nonceManager,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { getChainId } from 'viem/actions';
import { LedgerConfigError, toLedgerError } from './errors.js';

/** Addresses of the deployed ledger contracts. */
export interface LedgerAddresses {
  readonly consortium: Address;
  readonly catalog: Address;
  readonly grants: Address;
  readonly jobs: Address;
  readonly pins: Address;
}

export type LedgerPublicClient = PublicClient<Transport, Chain>;
export type LedgerWalletClient = WalletClient<Transport, Chain, Account>;

/** What every ledger action takes as its first argument. */
export interface LedgerClient {
  readonly publicClient: LedgerPublicClient;
  /** Absent for a read-only client; writes then throw `ERR_LEDGER_NO_ACCOUNT`. */
  readonly walletClient: LedgerWalletClient | undefined;
  readonly addresses: LedgerAddresses;
}

export interface CreateLedgerClientOptions {
  /** JSON-RPC endpoint of this organization's own chain node. */
  readonly rpcUrl: string;
  /** The chain id; with {@link connectLedger} it is read from the node. */
  readonly chainId: number;
  readonly addresses: LedgerAddresses;
  /** A 0x-prefixed 32-byte private key, or a viem account. Omit for a read-only client. */
  readonly account?: Hex | Account;
  /** How often to poll for receipts and blocks, in ms. Default 1000 (50 on loopback). */
  readonly pollingInterval?: number;
}

/**
 * A viem `Chain` for an arbitrary EVM endpoint (anvil, Besu, ...). Every gas limit that viem fills
 * in (through `eth_fillTransaction` or `eth_estimateGas`) gets a {@link GAS_MARGIN_PERCENT} margin:
 * anvil's figure can be exact to the unit, and a call whose storage refunds or 63/64 gas forwarding
 * need more gas during execution than it finally uses then runs out of gas once mined (seen with
 * `updateDataset`, `approveJob`, `submitResult`). Unused gas is not charged.
 */
export function ledgerChain(chainId: number, rpcUrl: string, name = 'parley'): Chain {
  return defineChain({
    id: chainId,
    name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
    prepareTransactionRequest: [
      (request) =>
        Promise.resolve(
          typeof request.gas === 'bigint'
            ? { ...request, gas: (request.gas * (100n + GAS_MARGIN_PERCENT)) / 100n }
            : request,
        ),
      { runAt: ['afterFillParameters'] },
    ],
  });
}

/** Turns a private key or account into a viem account whose nonces are managed locally, so
 * concurrent writes from one process do not collide. */
export function toLedgerAccount(account: Hex | Account): Account {
  if (typeof account !== 'string') return account;
  if (!/^0x[0-9a-fA-F]{64}$/.test(account)) {
    // Never echo the value: it may be a mistyped key.
    throw new LedgerConfigError('Invalid private key: expected 0x followed by 64 hex digits.');
  }
  return privateKeyToAccount(account, { nonceManager });
}

/** Percentage added to every gas limit that the node fills in or estimates. */
export const GAS_MARGIN_PERCENT = 25n;

/** A wallet client on a {@link ledgerChain}, whose gas limits therefore carry the margin. */
export function ledgerWalletClient(
  chain: Chain,
  transport: Transport,
  pollingInterval: number,
  account: Account,
): LedgerWalletClient {
  return createWalletClient({ chain, transport, pollingInterval, account });
}

function isLoopback(rpcUrl: string): boolean {
  try {
    const host = new URL(rpcUrl).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  } catch {
    return false;
  }
}

/**
 * Creates a ledger client for a known chain id.
 * @example
 * ```ts
 * const client = createLedgerClient({ rpcUrl, chainId: 31337, addresses, account: key });
 * ```
 */
export function createLedgerClient(options: CreateLedgerClientOptions): LedgerClient {
  let url: URL;
  try {
    url = new URL(options.rpcUrl);
  } catch (err) {
    throw new LedgerConfigError('rpcUrl is not a valid URL.', {}, { cause: err });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LedgerConfigError('rpcUrl must be an http(s) URL.', { protocol: url.protocol });
  }
  const chain = ledgerChain(options.chainId, options.rpcUrl);
  const pollingInterval = options.pollingInterval ?? (isLoopback(options.rpcUrl) ? 50 : 1000);
  const transport = http(options.rpcUrl, { batch: false, retryCount: 2 });
  const publicClient = createPublicClient({ chain, transport, pollingInterval });
  const walletClient =
    options.account === undefined
      ? undefined
      : ledgerWalletClient(chain, transport, pollingInterval, toLedgerAccount(options.account));
  return Object.freeze({
    publicClient,
    walletClient,
    addresses: Object.freeze({ ...options.addresses }),
  });
}

/** Like {@link createLedgerClient}, but reads the chain id from the node first. */
export async function connectLedger(
  options: Omit<CreateLedgerClientOptions, 'chainId'> & { readonly chainId?: number },
): Promise<LedgerClient> {
  let chainId = options.chainId;
  if (chainId === undefined) {
    const probe = createPublicClient({ transport: http(options.rpcUrl, { retryCount: 1 }) });
    try {
      chainId = await getChainId(probe);
    } catch (err) {
      throw toLedgerError(err, { contract: 'chain', functionName: 'eth_chainId' });
    }
  }
  return createLedgerClient({ ...options, chainId });
}

/** The same chain and account, another account: e.g. one client per organization in tests. */
export function withAccount(client: LedgerClient, account: Hex | Account): LedgerClient {
  const { publicClient } = client;
  const rpcUrl = publicClient.chain.rpcUrls.default.http[0];
  const walletClient = ledgerWalletClient(
    publicClient.chain,
    http(rpcUrl, { batch: false, retryCount: 2 }),
    publicClient.pollingInterval,
    toLedgerAccount(account),
  );
  return Object.freeze({ publicClient, walletClient, addresses: client.addresses });
}
