/**
 * Deploys the five ledger contracts to any EVM JSON-RPC endpoint.
 *
 * Order and wiring: Consortium, Catalog, Grants, Jobs, Pins, from one account with consecutive
 * nonces. Grants must know the Jobs address (only Jobs may consume grant uses) and Jobs must know
 * Grants, so the Jobs address is computed in advance from the deployer's nonce and passed to the
 * Grants constructor; after deployment both links are checked. No contract keeps an admin.
 *
 * The deployer needs gas on the target chain but need not be a member.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import {
  createPublicClient,
  getContractAddress,
  http,
  isAddress,
  type Account,
  type Address,
  type Hash,
  type Hex,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import {
  deployContract,
  getChainId,
  getTransactionCount,
  readContract,
  waitForTransactionReceipt,
} from 'viem/actions';
import {
  catalogAbi,
  consortiumAbi,
  grantsAbi,
  jobsAbi,
  pinsAbi,
  type LedgerContractName,
} from './abi.js';
import {
  createLedgerClient,
  ledgerChain,
  ledgerWalletClient,
  type LedgerAddresses,
  type LedgerClient,
} from './client.js';
import { LedgerConfigError, LedgerDeployError, toLedgerError } from './errors.js';
import { catalogBytecode } from './generated/Catalog.js';
import { consortiumBytecode } from './generated/Consortium.js';
import { grantsBytecode } from './generated/Grants.js';
import { jobsBytecode } from './generated/Jobs.js';
import { pinsBytecode } from './generated/Pins.js';
import type { MemberInfo } from './types.js';

/** A member present from the start. */
export interface GenesisMember {
  readonly account: Address;
  readonly info: MemberInfo;
}

export interface DeployLedgerParameters {
  /** JSON-RPC endpoint, e.g. this organization's Besu node or a local anvil. */
  readonly rpcUrl: string;
  /** The deployer: a 0x private key or a viem account. Never logged. */
  readonly account: Hex | Account;
  readonly genesisMembers: readonly GenesisMember[];
  /** Votes needed to pass a proposal, 1 <= threshold <= genesisMembers.length. */
  readonly threshold: bigint;
  /** Seconds a proposal stays open; default 7 days. */
  readonly proposalLifetime?: bigint;
  readonly signal?: AbortSignal;
}

export interface DeployLedgerReturnType {
  readonly addresses: LedgerAddresses;
  readonly chainId: number;
  readonly deployer: Address;
  /** Block of the first deployment: where event subscribers should start. */
  readonly fromBlock: bigint;
  readonly transactionHashes: Readonly<Record<LedgerContractName, Hash>>;
  /** A client bound to the new contracts, using the deployer's account. */
  readonly client: LedgerClient;
}

const DEFAULT_LIFETIME = 7n * 24n * 3600n;

/**
 * Deploys Consortium, Catalog, Grants, Jobs and Pins and checks how they are wired.
 * @throws {LedgerConfigError} for invalid parameters, {@link LedgerDeployError} if a deployment
 * fails or lands at an unexpected address, {@link ContractRevertError} if a constructor refuses.
 * @example
 * ```ts
 * const { addresses } = await deployLedger({ rpcUrl, account: key, genesisMembers, threshold: 2n });
 * ```
 */
export async function deployLedger(
  params: DeployLedgerParameters,
): Promise<DeployLedgerReturnType> {
  const { genesisMembers, threshold } = params;
  if (genesisMembers.length === 0) throw new LedgerConfigError('genesisMembers must not be empty.');
  if (threshold < 1n || threshold > BigInt(genesisMembers.length)) {
    throw new LedgerConfigError('threshold must be between 1 and the number of genesis members.', {
      threshold: threshold.toString(),
      members: genesisMembers.length,
    });
  }
  genesisMembers.forEach((m, i) => {
    if (!isAddress(m.account)) {
      throw new LedgerConfigError(`genesisMembers[${i}].account is not an address.`, { index: i });
    }
  });
  // A plain account (no nonce manager): the nonces are chosen explicitly below.
  const account =
    typeof params.account === 'string' ? privateKeyFromHex(params.account) : params.account;
  const ctx = { contract: 'deploy', functionName: 'deployLedger' };
  const probe = createPublicClient({ transport: http(params.rpcUrl, { retryCount: 2 }) });
  let chainId: number;
  try {
    chainId = await getChainId(probe);
  } catch (err) {
    throw toLedgerError(err, ctx);
  }
  const chain = ledgerChain(chainId, params.rpcUrl);
  const transport = http(params.rpcUrl, { retryCount: 2 });
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 100 });
  const wallet = ledgerWalletClient(chain, transport, 100, account);

  try {
    const nonce = await getTransactionCount(publicClient, {
      address: account.address,
      blockTag: 'pending',
    });
    const predicted = (offset: number): Address =>
      getContractAddress({ from: account.address, nonce: BigInt(nonce + offset) });
    const expected: LedgerAddresses = {
      consortium: predicted(0),
      catalog: predicted(1),
      grants: predicted(2),
      jobs: predicted(3),
      pins: predicted(4),
    };
    params.signal?.throwIfAborted();
    const hashes: Record<LedgerContractName, Hash> = {
      consortium: await deployContract(wallet, {
        abi: consortiumAbi,
        bytecode: consortiumBytecode,
        args: [
          genesisMembers.map((m) => m.account),
          genesisMembers.map((m) => m.info),
          threshold,
          params.proposalLifetime ?? DEFAULT_LIFETIME,
        ],
        nonce,
      }),
      catalog: await deployContract(wallet, {
        abi: catalogAbi,
        bytecode: catalogBytecode,
        args: [expected.consortium],
        nonce: nonce + 1,
      }),
      grants: await deployContract(wallet, {
        abi: grantsAbi,
        bytecode: grantsBytecode,
        args: [expected.consortium, expected.catalog, expected.jobs],
        nonce: nonce + 2,
      }),
      jobs: await deployContract(wallet, {
        abi: jobsAbi,
        bytecode: jobsBytecode,
        args: [expected.consortium, expected.catalog, expected.grants],
        nonce: nonce + 3,
      }),
      pins: await deployContract(wallet, {
        abi: pinsAbi,
        bytecode: pinsBytecode,
        args: [expected.consortium],
        nonce: nonce + 4,
      }),
    };
    let fromBlock: bigint | undefined;
    for (const name of Object.keys(expected) as LedgerContractName[]) {
      const receipt = await waitForTransactionReceipt(publicClient, { hash: hashes[name] });
      if (receipt.status !== 'success') {
        throw new LedgerDeployError(`Deploying ${name} reverted.`, {
          contract: name,
          hash: hashes[name],
        });
      }
      if (receipt.contractAddress?.toLowerCase() !== expected[name].toLowerCase()) {
        throw new LedgerDeployError(
          `${name} landed at ${String(receipt.contractAddress)}, not the predicted ${expected[name]}: ` +
            'another transaction from the deployer interleaved. Deploy from an idle account.',
          { contract: name },
        );
      }
      fromBlock ??= receipt.blockNumber;
    }
    const grantsJobs = await readContract(publicClient, {
      address: expected.grants,
      abi: grantsAbi,
      functionName: 'jobs',
    });
    const jobsGrants = await readContract(publicClient, {
      address: expected.jobs,
      abi: jobsAbi,
      functionName: 'grants',
    });
    if (
      grantsJobs.toLowerCase() !== expected.jobs.toLowerCase() ||
      jobsGrants.toLowerCase() !== expected.grants.toLowerCase()
    ) {
      throw new LedgerDeployError('Grants and Jobs are not linked to each other.');
    }
    const client = createLedgerClient({
      rpcUrl: params.rpcUrl,
      chainId,
      addresses: expected,
      account: params.account,
    });
    return {
      addresses: expected,
      chainId,
      deployer: account.address,
      fromBlock: fromBlock ?? 0n,
      transactionHashes: hashes,
      client,
    };
  } catch (err) {
    throw toLedgerError(err, ctx);
  }
}

function privateKeyFromHex(key: Hex): Account {
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) {
    throw new LedgerConfigError('Invalid private key: expected 0x followed by 64 hex digits.');
  }
  return privateKeyToAccount(key);
}

/**
 * A deployment configuration file (JSON). The key is given either inline (`privateKey`, for
 * development) or, better, through the name of an environment variable (`privateKeyEnv`).
 */
export interface DeployConfig {
  readonly rpcUrl: string;
  readonly privateKey?: Hex;
  readonly privateKeyEnv?: string;
  readonly genesisMembers: readonly GenesisMember[];
  readonly threshold: number;
  readonly proposalLifetimeSeconds?: number;
}

/**
 * Reads and validates a {@link DeployConfig} file, naming the field at fault.
 * @throws {LedgerConfigError}
 */
export async function readDeployConfig(path: string): Promise<DeployConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new LedgerConfigError(`Cannot read deploy config ${path}.`, { path }, { cause: err });
  }
  return parseDeployConfig(raw);
}

/** Validates an already parsed {@link DeployConfig}. @throws {LedgerConfigError} */
export function parseDeployConfig(raw: unknown): DeployConfig {
  const fail = (field: string, expected: string): never => {
    throw new LedgerConfigError(`Deploy config: ${field} must be ${expected}.`, { field });
  };
  if (typeof raw !== 'object' || raw === null) return fail('(root)', 'an object');
  const o = raw as Record<string, unknown>;
  if (typeof o['rpcUrl'] !== 'string') fail('rpcUrl', 'a string');
  const hasKey = typeof o['privateKey'] === 'string';
  const hasEnv = typeof o['privateKeyEnv'] === 'string';
  if (hasKey === hasEnv) fail('privateKey / privateKeyEnv', 'exactly one of the two');
  if (typeof o['threshold'] !== 'number' || !Number.isInteger(o['threshold'])) {
    fail('threshold', 'an integer');
  }
  if (
    o['proposalLifetimeSeconds'] !== undefined &&
    (typeof o['proposalLifetimeSeconds'] !== 'number' || o['proposalLifetimeSeconds'] <= 0)
  ) {
    fail('proposalLifetimeSeconds', 'a positive number');
  }
  if (!Array.isArray(o['genesisMembers'])) return fail('genesisMembers', 'an array');
  const members = (o['genesisMembers'] as unknown[]).map((m, i): GenesisMember => {
    const f = `genesisMembers[${i}]`;
    if (typeof m !== 'object' || m === null) return fail(f, 'an object');
    const r = m as Record<string, unknown>;
    if (typeof r['account'] !== 'string' || !isAddress(r['account']))
      fail(`${f}.account`, 'an address');
    const info = r['info'];
    if (typeof info !== 'object' || info === null) return fail(`${f}.info`, 'an object');
    const inf = info as Record<string, unknown>;
    for (const k of ['name', 'endpoint', 'jurisdiction']) {
      if (typeof inf[k] !== 'string') fail(`${f}.info.${k}`, 'a string');
    }
    if (
      typeof inf['tlsPublicKey'] !== 'string' ||
      !/^0x([0-9a-fA-F]{2})*$/.test(inf['tlsPublicKey'])
    ) {
      fail(`${f}.info.tlsPublicKey`, 'a 0x hex string');
    }
    return {
      account: r['account'] as Address,
      info: {
        name: inf['name'] as string,
        endpoint: inf['endpoint'] as string,
        tlsPublicKey: inf['tlsPublicKey'] as Hex,
        jurisdiction: inf['jurisdiction'] as string,
      },
    };
  });
  return {
    rpcUrl: o['rpcUrl'] as string,
    ...(hasKey
      ? { privateKey: o['privateKey'] as Hex }
      : { privateKeyEnv: o['privateKeyEnv'] as string }),
    genesisMembers: members,
    threshold: o['threshold'] as number,
    ...(o['proposalLifetimeSeconds'] === undefined
      ? {}
      : { proposalLifetimeSeconds: o['proposalLifetimeSeconds'] as number }),
  };
}

/**
 * Deploys from a {@link DeployConfig} (as read by {@link readDeployConfig}).
 * @example
 * ```ts
 * const { addresses } = await deployFromConfig(await readDeployConfig('deploy.json'));
 * ```
 */
export async function deployFromConfig(
  config: DeployConfig,
  options: { readonly signal?: AbortSignal; readonly env?: NodeJS.ProcessEnv } = {},
): Promise<DeployLedgerReturnType> {
  let key = config.privateKey;
  if (key === undefined && config.privateKeyEnv !== undefined) {
    const fromEnv = (options.env ?? process.env)[config.privateKeyEnv];
    if (fromEnv === undefined || fromEnv === '') {
      throw new LedgerConfigError(`Environment variable ${config.privateKeyEnv} is not set.`, {
        field: 'privateKeyEnv',
      });
    }
    key = fromEnv as Hex;
  }
  if (key === undefined) throw new LedgerConfigError('No deployer key in the config.');
  return deployLedger({
    rpcUrl: config.rpcUrl,
    account: key,
    genesisMembers: config.genesisMembers,
    threshold: BigInt(config.threshold),
    ...(config.proposalLifetimeSeconds === undefined
      ? {}
      : { proposalLifetime: BigInt(config.proposalLifetimeSeconds) }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
}
