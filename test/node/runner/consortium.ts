/**
 * A consortium of real nodes in one process, for the runner tests: one anvil, one directory per
 * organization written by `initNode`, nodes started with `startNode` (API on port 0).
 *
 * MPC ports: a genesis member is registered with its MPC endpoint (`host:port`) and TLS
 * fingerprint, so each node's MPC port must be known before the deployment. The simplest way:
 * pick free ports first (`freePort`), write them into the configs with `initNode`, deploy with
 * those endpoints, then add the deployment (chain id, contracts, block) to every config. The
 * chain keys `initNode` generated are funded from anvil's first account.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEther, stringToHex, type Address, type Hex } from 'viem';
import { proposeApproveProgram } from '../../../src/ledger/actions/proposeApproveProgram.js';
import { vote } from '../../../src/ledger/actions/vote.js';
import {
  anvilAccounts,
  freePort,
  startAnvil,
  type AnvilInstance,
} from '../../../src/ledger/anvil.js';
import { withAccount, type LedgerClient } from '../../../src/ledger/client.js';
import { deployLedger, type DeployLedgerReturnType } from '../../../src/ledger/deploy.js';
import { startNode, type RunningNode, type StartNodeOptions } from '../../../src/node/daemon.js';
import { initNode, type InitNodeReturnType } from '../../../src/node/identity.js';
import { loadBuiltinPrograms, type ProgramRegistry } from '../../../src/programs/registry.js';

export interface Org {
  readonly name: string;
  readonly dir: string;
  readonly configPath: string;
  readonly address: Address;
  readonly identity: InitNodeReturnType;
  readonly mpcPort: number;
  /** A ledger client with the organization's own chain key. */
  readonly client: LedgerClient;
}

export interface Consortium {
  readonly anvil: AnvilInstance;
  readonly deployed: DeployLedgerReturnType;
  readonly programs: ProgramRegistry;
  readonly orgs: ReadonlyMap<string, Org>;
  readonly nodes: Map<string, RunningNode>;
  org(name: string): Org;
  node(name: string): RunningNode;
  /** Starts (or restarts) the node of `name`. */
  start(name: string): Promise<RunningNode>;
  /** Stops the node of `name`. */
  stop(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * What an approve-program proposal of an in-process (compiled-in) test program publishes: the
 * chain does not check it, and nodes started with in-process programs do not index it.
 */
export function inProcessPublication(name: string): {
  name: string;
  version: string;
  bundle: Hex;
  sources: Hex;
} {
  return {
    name,
    version: 'in-process',
    bundle: stringToHex(`in-process test program ${name}`),
    sources: stringToHex('{}'),
  };
}

/** Fast timeouts for tests (a dead party shows at once anyway: its connection closes). */
export const TEST_NODE_OPTIONS: StartNodeOptions = {
  logger: false,
  jobTimeouts: { stepMs: 8000, attestMs: 15_000, computeMs: 30_000, pollMs: 50 },
  pollingInterval: 100,
  connectTimeoutMs: 4000,
  deadlineSweepMs: 500,
};

/**
 * Creates the organizations, deploys the ledger with them as genesis members (threshold 2),
 * approves `approve` programs by governance and starts every node.
 */
export async function startConsortium(
  root: string,
  names: readonly string[],
  approve: readonly string[],
  options: StartNodeOptions = TEST_NODE_OPTIONS,
): Promise<Consortium> {
  const anvil = await startAnvil();
  const nodes = new Map<string, RunningNode>();
  try {
    const made: { name: string; identity: InitNodeReturnType; mpcPort: number }[] = [];
    for (const name of names) {
      const mpcPort = await freePort();
      const identity = await initNode({
        name,
        dir: join(root, name),
        apiPort: 0,
        mpcPort,
        rpcUrl: anvil.rpcUrl,
      });
      made.push({ name, identity, mpcPort });
    }
    const deployed = await deployLedger({
      rpcUrl: anvil.rpcUrl,
      account: anvilAccounts[0]!.privateKey,
      genesisMembers: made.map((m) => ({
        account: m.identity.chainAddress,
        info: {
          name: m.name,
          endpoint: `127.0.0.1:${m.mpcPort}`,
          tlsPublicKey: `0x${m.identity.tlsFingerprint}`,
          jurisdiction: 'DE',
        },
      })),
      threshold: 2n,
    });
    const wallet = deployed.client.walletClient!;
    for (const m of made) {
      const hash = await wallet.sendTransaction({
        to: m.identity.chainAddress,
        value: parseEther('100'),
      });
      await deployed.client.publicClient.waitForTransactionReceipt({ hash });
    }
    const orgs = new Map<string, Org>();
    for (const m of made) {
      const configPath = m.identity.configPath;
      const config = JSON.parse(await readFile(configPath, 'utf8')) as Record<string, unknown>;
      config['ledger'] = {
        rpcUrl: anvil.rpcUrl,
        chainId: deployed.chainId,
        fromBlock: deployed.fromBlock.toString(),
        contracts: deployed.addresses,
      };
      await writeFile(configPath, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
      const key = (await readFile(join(root, m.name, 'keys', 'chain.key'), 'utf8')).trim() as Hex;
      orgs.set(m.name, {
        name: m.name,
        dir: join(root, m.name),
        configPath,
        address: m.identity.chainAddress,
        identity: m.identity,
        mpcPort: m.mpcPort,
        client: withAccount(deployed.client, key),
      });
    }
    const programs = await loadBuiltinPrograms();
    // `extraPrograms` join the built-ins in the one registry every node of the test runs.
    const { extraPrograms, ...nodeOptions } = options;
    for (const [definition, hash] of extraPrograms ?? []) programs.add(definition, hash);
    const [first, second] = [orgs.get(names[0]!)!, orgs.get(names[1]!)!];
    for (const p of approve) {
      const { proposalId } = await proposeApproveProgram(first.client, {
        ...inProcessPublication(p),
        programHash: programs.get(p).codeHash,
      });
      await vote(second.client, { proposalId });
    }
    const org = (name: string): Org => {
      const o = orgs.get(name);
      if (o === undefined) throw new Error(`no org ${name}`);
      return o;
    };
    const start = async (name: string): Promise<RunningNode> => {
      // In-process programs (these tests are about the runner; test/node/programs and
      // test/e2e/program-platform cover the published-bundle path).
      const n = await startNode(org(name).configPath, { programs, ...nodeOptions });
      nodes.set(name, n);
      return n;
    };
    const stop = async (name: string): Promise<void> => {
      const n = nodes.get(name);
      nodes.delete(name);
      await n?.close();
    };
    for (const name of names) await start(name);
    return {
      anvil,
      deployed,
      programs,
      orgs,
      nodes,
      org,
      node: (name) => {
        const n = nodes.get(name);
        if (n === undefined) throw new Error(`node ${name} is not running`);
        return n;
      },
      start,
      stop,
      close: async () => {
        await Promise.all([...nodes.keys()].map(stop));
        await anvil.stop();
      },
    };
  } catch (err) {
    await Promise.all([...nodes.values()].map((n) => n.close()));
    await anvil.stop();
    throw err;
  }
}

/** Polls `fn` until it returns a value other than undefined, or fails after `ms`. */
export async function waitFor<T>(
  what: string,
  fn: () => T | undefined | Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
