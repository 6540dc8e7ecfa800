/**
 * Test fixtures for the ledger: a fresh anvil per suite, the five contracts deployed with the
 * first `members` dev accounts after the deployer as genesis members, one client per dev account,
 * and helpers to move time and to expect a named refusal.
 */
import assert from 'node:assert/strict';
import { createTestClient, http, keccak256, stringToHex, type Address, type Hex } from 'viem';
import { anvilAccounts, startAnvil, type AnvilInstance } from '../../src/ledger/anvil.js';
import { withAccount, type LedgerAddresses, type LedgerClient } from '../../src/ledger/client.js';
import { deployLedger } from '../../src/ledger/deploy.js';
import { ContractRevertError } from '../../src/ledger/errors.js';
import type { DatasetMetadata, MemberInfo } from '../../src/ledger/types.js';
import { proposeApproveProgram } from '../../src/ledger/actions/proposeApproveProgram.js';
import { vote } from '../../src/ledger/actions/vote.js';

/**
 * What an approve-program proposal publishes besides the hash, for ledger tests that only care
 * about governance (the contract cannot and does not check the hash against the bundle; nodes do).
 */
export const PUBLISHED: { name: string; version: string; bundle: Hex; sources: Hex } = {
  name: 'ledger-test',
  version: '1',
  bundle: stringToHex('globalThis.__parleyProgram = {};'),
  sources: stringToHex('{}'),
};

export interface LedgerFixture {
  readonly anvil: AnvilInstance;
  readonly addresses: LedgerAddresses;
  readonly fromBlock: bigint;
  /** clients[i] signs with anvil account i; account 0 deployed, 1..members are members. */
  readonly clients: readonly LedgerClient[];
  readonly addressOf: (i: number) => Address;
  /** Moves the chain's clock forward and mines a block. */
  readonly increaseTime: (seconds: number) => Promise<void>;
  /** The latest block's timestamp. */
  readonly now: () => Promise<bigint>;
  readonly stop: () => Promise<void>;
}

export function memberInfo(i: number): MemberInfo {
  return {
    name: `Org ${i}`,
    endpoint: `https://org${i}.example:7443`,
    tlsPublicKey: keccak256(stringToHex(`tls-key-${i}`)),
    jurisdiction: i % 2 === 0 ? 'DE' : 'FR',
  };
}

export function h(label: string): Hex {
  return keccak256(stringToHex(label));
}

export function metadata(title: string, overrides: Partial<DatasetMetadata> = {}): DatasetMetadata {
  return {
    title,
    description: `${title} (test data)`,
    columns: [
      { name: 'salary', dataType: 'int64', unit: 'EUR' },
      { name: 'gender', dataType: 'bool', unit: '' },
    ],
    rowCount: 1000n,
    contentHash: h(`content:${title}`),
    tags: ['hr', 'test'],
    releaseTime: 0n,
    ...overrides,
  };
}

export async function setupLedger(
  options: {
    members?: number;
    threshold?: bigint;
    proposalLifetime?: bigint;
    statePath?: string;
  } = {},
): Promise<LedgerFixture> {
  const members = options.members ?? 3;
  const anvil = await startAnvil(
    options.statePath === undefined ? {} : { statePath: options.statePath },
  );
  try {
    const deployer = anvilAccounts[0];
    assert.ok(deployer !== undefined);
    const genesisMembers = Array.from({ length: members }, (_, k) => {
      const acct = anvilAccounts[k + 1];
      assert.ok(acct !== undefined);
      return { account: acct.address, info: memberInfo(k + 1) };
    });
    const deployed = await deployLedger({
      rpcUrl: anvil.rpcUrl,
      account: deployer.privateKey,
      genesisMembers,
      threshold: options.threshold ?? 2n,
      ...(options.proposalLifetime === undefined
        ? {}
        : { proposalLifetime: options.proposalLifetime }),
    });
    const clients = anvilAccounts.map((a) => withAccount(deployed.client, a.privateKey));
    const test = createTestClient({ mode: 'anvil', transport: http(anvil.rpcUrl) });
    return {
      anvil,
      addresses: deployed.addresses,
      fromBlock: deployed.fromBlock,
      clients,
      addressOf: (i) => {
        const a = anvilAccounts[i];
        assert.ok(a !== undefined);
        return a.address;
      },
      increaseTime: async (seconds) => {
        await test.increaseTime({ seconds });
        await test.mine({ blocks: 1 });
      },
      now: async () => (await deployed.client.publicClient.getBlock()).timestamp,
      stop: () => anvil.stop(),
    };
  } catch (err) {
    await anvil.stop();
    throw err;
  }
}

export function client(fx: LedgerFixture, i: number): LedgerClient {
  const c = fx.clients[i];
  assert.ok(c !== undefined, `no client ${i}`);
  return c;
}

/** Asserts that `promise` is refused with the named custom error (and, if given, these args). */
export async function expectRevert(
  promise: Promise<unknown>,
  errorName: string,
  args?: readonly unknown[],
): Promise<ContractRevertError> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof ContractRevertError, `expected ${errorName}, got ${String(caught)}`);
  assert.equal(caught.errorName, errorName, caught.message);
  assert.equal(caught.code, 'ERR_LEDGER_REVERT');
  assert.equal(caught.details['errorName'], errorName);
  if (args !== undefined) assert.deepEqual(caught.args, args);
  return caught;
}

/** Approves a program with the votes of members 1..threshold. */
export async function approveProgram(
  fx: LedgerFixture,
  programHash: Hex,
  threshold = 2,
): Promise<void> {
  const { proposalId } = await proposeApproveProgram(client(fx, 1), { ...PUBLISHED, programHash });
  for (let i = 2; i <= threshold; i++) await vote(client(fx, i), { proposalId });
}
