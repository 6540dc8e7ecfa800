/**
 * What every route module of the REST API gets: the store, the node's public identity, the
 * program registry, and the ledger client (routes that need the chain answer 503
 * ERR_NODE_NO_LEDGER without one). Also the shared member lookup (names ↔ addresses).
 *
 * @module
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { getAddress, isAddress, type Address } from 'viem';
import { getMembers } from '../../ledger/actions/getMembers.js';
import type { LedgerClient } from '../../ledger/client.js';
import { toLedgerError } from '../../ledger/errors.js';
import type { Member } from '../../ledger/types.js';
import type { ProgramRegistry } from '../../programs/registry.js';
import type { NodePublicIdentity } from '../config.js';
import { ProgramNotFoundError } from '../../programs/errors.js';
import { MemberUnknownError, NoLedgerError } from '../errors.js';
import { getStoredProgram } from '../programs/store.js';
import type { Store } from '../store/db.js';

export interface ApiContext {
  readonly store: Store;
  readonly identity: NodePublicIdentity;
  /** The programs this node may run; empty when none were given. */
  readonly programs: ProgramRegistry | undefined;
  /** First block of the deployment (config.ledger.fromBlock), for the audit's getLogs. */
  readonly fromBlock: bigint;
  /** The ledger client. @throws {NoLedgerError} when the node has none. */
  ledger(): LedgerClient;
  /** True if the node has a ledger client. */
  readonly hasLedger: boolean;
}

/**
 * The node's own chain address, checksummed.
 * @example
 * ```ts
 * const self = selfAddress(ctx);
 * ```
 */
export function selfAddress(ctx: ApiContext): Address {
  return getAddress(ctx.identity.chainAddress);
}

/**
 * Same address, ignoring case.
 * @example
 * ```ts
 * sameAddress(member.account, ctx.identity.chainAddress);
 * ```
 */
export const sameAddress = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * Builds the context; `ledger()` throws NoLedgerError when there is no client.
 * @example
 * ```ts
 * const ctx = apiContext({ store, identity, programs, ledger, fromBlock });
 * ```
 */
export function apiContext(p: {
  readonly store: Store;
  readonly identity: NodePublicIdentity;
  readonly programs?: ProgramRegistry;
  readonly ledger?: LedgerClient;
  readonly fromBlock?: bigint;
}): ApiContext {
  return {
    store: p.store,
    identity: p.identity,
    programs: p.programs,
    fromBlock: p.fromBlock ?? 0n,
    hasLedger: p.ledger !== undefined,
    ledger: () => {
      if (p.ledger === undefined) throw new NoLedgerError();
      return p.ledger;
    },
  };
}

/** Current Consortium members, and a resolver of member names or addresses to addresses. */
export interface MemberDirectory {
  readonly members: readonly Member[];
  /** The member's address for a name (case-insensitive) or an address. @throws {MemberUnknownError} */
  resolve(nameOrAddress: string, field: string): Address;
  /** The member's name for an address, or the address itself when it is not a member. */
  nameOf(address: string): string;
}

/**
 * Reads the members from the Consortium.
 * @example
 * ```ts
 * const dir = await memberDirectory(ctx.ledger());
 * dir.resolve('Org 2', 'committee[0]');
 * ```
 */
export async function memberDirectory(ledger: LedgerClient): Promise<MemberDirectory> {
  const members = await getMembers(ledger);
  return {
    members,
    resolve(v, field) {
      const m = isAddress(v, { strict: false })
        ? members.find((x) => sameAddress(x.account, v))
        : members.find((x) => x.name.toLowerCase() === v.toLowerCase());
      if (m === undefined) throw new MemberUnknownError(v, field);
      return getAddress(m.account);
    },
    nameOf(address) {
      return members.find((x) => sameAddress(x.account, address))?.name ?? address;
    },
  };
}

/**
 * A member directory when the ledger answers, else undefined (callers then show addresses).
 * @example
 * ```ts
 * const members = await tryMemberDirectory(ctx);
 * members?.nameOf(address) ?? address;
 * ```
 */
export async function tryMemberDirectory(ctx: ApiContext): Promise<MemberDirectory | undefined> {
  if (!ctx.hasLedger) return undefined;
  try {
    return await memberDirectory(ctx.ledger());
  } catch {
    return undefined;
  }
}

/**
 * A program's code hash from its name in the registry, or a 0x code hash as given.
 * @throws {ProgramNotFoundError} for a name the registry does not know.
 * @example
 * ```ts
 * resolveProgramHash(ctx, 'paygap').hash;
 * ```
 */
export function resolveProgramHash(
  ctx: ApiContext,
  nameOrHash: string,
): { readonly hash: `0x${string}`; readonly name: string | null } {
  if (/^0x[0-9a-fA-F]{64}$/.test(nameOrHash)) {
    const hash = nameOrHash.toLowerCase() as `0x${string}`;
    return { hash, name: programNameOf(ctx, hash) };
  }
  if (ctx.programs === undefined) throw new ProgramNotFoundError(JSON.stringify(nameOrHash));
  const p = ctx.programs.get(nameOrHash);
  return { hash: p.codeHash.toLowerCase() as `0x${string}`, name: p.definition.name };
}

/**
 * The registry's name for a code hash, else the name it was published under on chain (this
 * node's program store), or null.
 * @example
 * ```ts
 * programNameOf(ctx, grant.programHashes[0]); // 'paygap'
 * ```
 */
export function programNameOf(ctx: ApiContext, hash: string): string | null {
  try {
    if (ctx.programs !== undefined)
      return ctx.programs.byCodeHash(hash as `0x${string}`).definition.name;
  } catch {
    // not loaded here: a program published on chain (e.g. one being voted on) still has a name
  }
  try {
    return getStoredProgram(ctx.store, hash as `0x${string}`)?.name ?? null;
  } catch {
    return null;
  }
}

/**
 * The latest block's timestamp (unix seconds): the clock the contracts compare against.
 * @example
 * ```ts
 * const deadline = (await chainNow(ledger)) + 3600n;
 * ```
 */
export async function chainNow(ledger: LedgerClient): Promise<bigint> {
  try {
    return (await ledger.publicClient.getBlock({ blockTag: 'latest' })).timestamp;
  } catch (err) {
    throw toLedgerError(err, { contract: 'chain', functionName: 'eth_getBlockByNumber' });
  }
}

/**
 * Route options for POSTs whose body is optional (`{ reason? }`): a request without a body is
 * validated as `{}`.
 */
export const optionalBody = {
  preValidation: (req: FastifyRequest, _reply: FastifyReply, done: () => void): void => {
    if (req.body === undefined || req.body === null) req.body = {};
    done();
  },
} as const;
