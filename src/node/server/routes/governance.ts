/**
 * Consortium governance through this node's chain account: list and show proposals (with their
 * votes from current members and the threshold), propose a change, and vote. A proposal takes
 * effect when the votes of current members reach the Consortium's threshold; the proposer's own
 * vote counts at once. Everything is read from and written to the Consortium contract: the node
 * keeps no governance state of its own.
 *
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { getAddress, isAddress, type Address, type Hex } from 'viem';
import { readContract } from 'viem/actions';
import { consortiumAbi } from '../../../ledger/abi.js';
import { getMembers } from '../../../ledger/actions/getMembers.js';
import { getProposal } from '../../../ledger/actions/getProposal.js';
import { getThreshold } from '../../../ledger/actions/getThreshold.js';
import { proposeAddMember } from '../../../ledger/actions/proposeAddMember.js';
import { proposeRemoveMember } from '../../../ledger/actions/proposeRemoveMember.js';
import { proposeRevokeProgram } from '../../../ledger/actions/proposeRevokeProgram.js';
import { proposeThreshold } from '../../../ledger/actions/proposeThreshold.js';
import { proposeUpdateMember } from '../../../ledger/actions/proposeUpdateMember.js';
import { vote } from '../../../ledger/actions/vote.js';
import type { LedgerClient } from '../../../ledger/client.js';
import { ContractRevertError, toLedgerError } from '../../../ledger/errors.js';
import type { Member, Proposal } from '../../../ledger/types.js';
import { ProgramNotFoundError } from '../../../programs/errors.js';
import { ApiValidationError, GovernanceNotFoundError } from '../../errors.js';
import { publishBundle } from '../../programs/publish.js';
import { storedProgramByRef } from './program-source.js';
import {
  memberDirectory,
  programNameOf,
  resolveProgramHash,
  sameAddress,
  type ApiContext,
} from '../context.js';
import { errorBodySchema } from '../errors.js';
import {
  commonErrors,
  ledgerErrors,
  ledgerIdParams,
  memberRefSchema,
  programRefSchema,
  type JsonSchema,
} from '../schemas.js';

/** The kinds of proposal, as the API names them (Consortium.ProposalKind 1..6). */
export const PROPOSAL_KINDS = [
  'add-member',
  'remove-member',
  'update-member',
  'approve-program',
  'revoke-program',
  'threshold',
] as const;
export type ProposalKindName = (typeof PROPOSAL_KINDS)[number];

const STATUS_NAMES = ['none', 'open', 'executed', 'expired'] as const;
const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';
const ZERO_HASH = `0x${'0'.repeat(64)}`;
/** Proposals listed at most, newest first. */
const LIST_LIMIT = 200;

const voterSchema: JsonSchema = {
  type: 'object',
  required: ['address', 'name', 'current'],
  additionalProperties: false,
  properties: {
    address: { type: 'string' },
    name: { type: ['string', 'null'] },
    current: { type: 'boolean', description: 'Still a member: only these votes count.' },
  },
};

export const proposalSchema: JsonSchema = {
  type: 'object',
  required: [
    'id',
    'kind',
    'status',
    'proposer',
    'createdAt',
    'expiresAt',
    'votes',
    'threshold',
    'voters',
    'votedBySelf',
    'summary',
  ],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: PROPOSAL_KINDS },
    status: { type: 'string', enum: ['open', 'executed', 'expired'] },
    proposer: { type: 'string' },
    proposerName: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    expiresAt: { type: 'string' },
    target: { type: ['string', 'null'], description: 'The member a member proposal is about.' },
    targetName: { type: ['string', 'null'] },
    programHash: { type: ['string', 'null'] },
    program: { type: ['string', 'null'], description: "The program's name in this registry." },
    newThreshold: { type: ['integer', 'null'] },
    member: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: {
        name: { type: 'string' },
        endpoint: { type: 'string' },
        jurisdiction: { type: 'string' },
        tlsPublicKey: { type: 'string' },
      },
    },
    votes: { type: 'integer', description: 'Votes of current members.' },
    threshold: { type: 'integer', description: 'Votes needed (the Consortium threshold now).' },
    voters: { type: 'array', items: voterSchema },
    votedBySelf: { type: 'boolean' },
    summary: { type: 'string' },
  },
};

const proposeBodySchema: JsonSchema = {
  type: 'object',
  required: ['kind'],
  additionalProperties: false,
  properties: {
    kind: { type: 'string', enum: PROPOSAL_KINDS },
    member: { ...memberRefSchema, description: 'remove-member, update-member: name or address.' },
    account: {
      type: 'string',
      pattern: '^0x[0-9a-fA-F]{40}$',
      description: "add-member: the new member's chain address.",
    },
    name: { type: 'string', minLength: 1, maxLength: 100 },
    endpoint: { type: 'string', minLength: 1, maxLength: 300, description: 'host:port' },
    tlsPublicKey: { type: 'string', pattern: '^0x([0-9a-fA-F]{2})+$', maxLength: 4098 },
    jurisdiction: { type: 'string', minLength: 1, maxLength: 16 },
    program: programRefSchema,
    threshold: { type: 'integer', minimum: 1, maximum: 1000 },
  },
};

interface ProposeBody {
  kind: ProposalKindName;
  member?: string;
  account?: string;
  name?: string;
  endpoint?: string;
  tlsPublicKey?: string;
  jurisdiction?: string;
  program?: string;
  threshold?: number;
}

async function readProposal(ledger: LedgerClient, id: string): Promise<Proposal> {
  try {
    return await getProposal(ledger, { proposalId: BigInt(id) });
  } catch (err) {
    if (err instanceof ContractRevertError && err.errorName === 'UnknownProposal')
      throw new GovernanceNotFoundError(id);
    throw err;
  }
}

async function proposalCount(ledger: LedgerClient): Promise<bigint> {
  try {
    return await readContract(ledger.publicClient, {
      address: ledger.addresses.consortium,
      abi: consortiumAbi,
      functionName: 'proposalCount',
    });
  } catch (err) {
    throw toLedgerError(err, { contract: 'Consortium', functionName: 'proposalCount' });
  }
}

/**
 * The API view of a proposal.
 * @example
 * ```ts
 * proposalView(ctx, await getProposal(ledger, { proposalId: 1n }), members, 3n);
 * ```
 */
export function proposalView(
  ctx: ApiContext,
  p: Proposal,
  members: readonly Member[],
  threshold: bigint,
): Record<string, unknown> {
  const nameOf = (a: string): string | null =>
    members.find((m) => sameAddress(m.account, a))?.name ?? null;
  const kind = PROPOSAL_KINDS[p.kind - 1] ?? 'add-member';
  const hasTarget = p.target !== ZERO_ADDRESS;
  const hasProgram = p.programHash !== ZERO_HASH;
  const program = hasProgram ? programNameOf(ctx, p.programHash) : null;
  const isMemberKind = kind === 'add-member' || kind === 'update-member';
  const targetName = hasTarget ? (nameOf(p.target) ?? (isMemberKind ? p.info.name : null)) : null;
  const who = targetName ?? p.target;
  const prog = program === null ? p.programHash : `${program} (${p.programHash})`;
  const summary =
    kind === 'add-member'
      ? `Admit ${p.info.name} (${p.target}, ${p.info.jurisdiction}) at ${p.info.endpoint}.`
      : kind === 'remove-member'
        ? `Remove ${who} from the consortium.`
        : kind === 'update-member'
          ? `Update ${who}: name ${p.info.name}, endpoint ${p.info.endpoint}, jurisdiction ${p.info.jurisdiction}.`
          : kind === 'approve-program'
            ? `Approve program ${prog} for jobs.`
            : kind === 'revoke-program'
              ? `Revoke program ${prog}.`
              : `Set the governance threshold to ${p.newThreshold} vote(s).`;
  return {
    id: p.id.toString(),
    kind,
    status: STATUS_NAMES[p.status] === 'none' ? 'open' : STATUS_NAMES[p.status],
    proposer: p.proposer,
    proposerName: nameOf(p.proposer),
    createdAt: new Date(Number(p.createdAt) * 1000).toISOString(),
    expiresAt: new Date(Number(p.expiresAt) * 1000).toISOString(),
    target: hasTarget ? p.target : null,
    targetName,
    programHash: hasProgram ? p.programHash : null,
    program,
    newThreshold: kind === 'threshold' ? Number(p.newThreshold) : null,
    member: isMemberKind
      ? {
          name: p.info.name,
          endpoint: p.info.endpoint,
          jurisdiction: p.info.jurisdiction,
          tlsPublicKey: p.info.tlsPublicKey,
        }
      : null,
    votes: Number(p.validVotes),
    threshold: Number(threshold),
    voters: p.voters.map((v) => ({
      address: v,
      name: nameOf(v),
      current: members.some((m) => sameAddress(m.account, v)),
    })),
    votedBySelf: p.voters.some((v) => sameAddress(v, ctx.identity.chainAddress)),
    summary,
  };
}

const need = <T>(v: T | undefined, field: string, kind: string): T => {
  if (v === undefined)
    throw new ApiValidationError(`Invalid request: body.${field} is required for ${kind}.`, {
      field: `body.${field}`,
    });
  return v;
};

async function submitProposal(
  ctx: ApiContext,
  b: ProposeBody,
): Promise<{ proposalId: bigint; executed: boolean }> {
  const ledger = ctx.ledger();
  switch (b.kind) {
    case 'add-member': {
      const account = need(b.account, 'account', b.kind);
      if (!isAddress(account, { strict: false }))
        throw new ApiValidationError('Invalid request: body.account is not an address.', {
          field: 'body.account',
        });
      return await proposeAddMember(ledger, {
        account: getAddress(account),
        info: {
          name: need(b.name, 'name', b.kind),
          endpoint: need(b.endpoint, 'endpoint', b.kind),
          tlsPublicKey: need(b.tlsPublicKey, 'tlsPublicKey', b.kind) as Hex,
          jurisdiction: need(b.jurisdiction, 'jurisdiction', b.kind),
        },
      });
    }
    case 'remove-member':
    case 'update-member': {
      const dir = await memberDirectory(ledger);
      const account: Address = dir.resolve(need(b.member, 'member', b.kind), 'body.member');
      if (b.kind === 'remove-member') return await proposeRemoveMember(ledger, { account });
      const cur = dir.members.find((m) => sameAddress(m.account, account))!;
      return await proposeUpdateMember(ledger, {
        account,
        info: {
          name: b.name ?? cur.name,
          endpoint: b.endpoint ?? cur.endpoint,
          tlsPublicKey: (b.tlsPublicKey ?? cur.tlsPublicKey) as Hex,
          jurisdiction: b.jurisdiction ?? cur.jurisdiction,
        },
      });
    }
    case 'approve-program': {
      // Proposes again a program this node holds the published bundle of (e.g. one revoked or
      // whose proposal lapsed); a new program is added with POST /v1/programs.
      const ref = need(b.program, 'program', b.kind);
      const stored = storedProgramByRef(ctx.store, ref);
      if (stored === undefined)
        throw new ProgramNotFoundError(
          `${JSON.stringify(ref)} published on chain (add a new program with POST /v1/programs)`,
        );
      return await publishBundle(ledger, stored);
    }
    case 'revoke-program': {
      const programHash = resolveProgramHash(ctx, need(b.program, 'program', b.kind)).hash;
      return await proposeRevokeProgram(ledger, { programHash });
    }
    case 'threshold':
      return await proposeThreshold(ledger, {
        threshold: BigInt(need(b.threshold, 'threshold', b.kind)),
      });
  }
}

/**
 * Registers the governance routes.
 * @example
 * ```ts
 * governanceRoutes(app, ctx);
 * ```
 */
export function governanceRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const show = async (id: string): Promise<Record<string, unknown>> => {
    const ledger = ctx.ledger();
    const [p, members, threshold] = await Promise.all([
      readProposal(ledger, id),
      getMembers(ledger),
      getThreshold(ledger),
    ]);
    return proposalView(ctx, p, members, threshold);
  };

  app.get<{ Querystring: { status?: 'open' | 'executed' | 'expired' } }>(
    '/v1/governance/proposals',
    {
      schema: {
        summary: 'Consortium governance proposals, newest first, with their votes.',
        tags: ['governance'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { status: { type: 'string', enum: ['open', 'executed', 'expired'] } },
        },
        response: {
          200: {
            type: 'object',
            required: ['threshold', 'memberCount', 'proposals'],
            additionalProperties: false,
            properties: {
              threshold: { type: 'integer' },
              memberCount: { type: 'integer' },
              proposals: { type: 'array', items: proposalSchema },
            },
          },
          ...ledgerErrors,
          ...commonErrors,
        },
      },
    },
    async (req) => {
      const ledger = ctx.ledger();
      const [count, members, threshold] = await Promise.all([
        proposalCount(ledger),
        getMembers(ledger),
        getThreshold(ledger),
      ]);
      const ids: bigint[] = [];
      for (let i = count; i >= 1n && ids.length < LIST_LIMIT; i--) ids.push(i);
      const all = await Promise.all(ids.map((id) => getProposal(ledger, { proposalId: id })));
      const views = all.map((p) => proposalView(ctx, p, members, threshold));
      return {
        threshold: Number(threshold),
        memberCount: members.length,
        proposals:
          req.query.status === undefined
            ? views
            : views.filter((v) => v.status === req.query.status),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/governance/proposals/:id',
    {
      schema: {
        summary: 'One governance proposal with its votes.',
        tags: ['governance'],
        params: ledgerIdParams,
        response: { 200: proposalSchema, 404: errorBodySchema, ...ledgerErrors, ...commonErrors },
      },
    },
    async (req) => await show(req.params.id),
  );

  app.post<{ Body: ProposeBody }>(
    '/v1/governance/proposals',
    {
      schema: {
        summary: 'Propose a governance change; this node votes for it at once.',
        description:
          'add-member needs account, name, endpoint, tlsPublicKey, jurisdiction; remove-member needs member; update-member needs member and the fields to change; approve-program and revoke-program need program (name or code hash); threshold needs threshold.',
        tags: ['governance'],
        body: proposeBodySchema,
        response: { 201: proposalSchema, ...ledgerErrors, ...commonErrors },
      },
    },
    async (req, reply) => {
      const { proposalId } = await submitProposal(ctx, req.body);
      return await reply.code(201).send(await show(proposalId.toString()));
    },
  );

  app.post<{ Params: { id: string } }>(
    '/v1/governance/proposals/:id/vote',
    {
      schema: {
        summary: 'Vote for an open proposal with this node’s account.',
        description:
          'The proposal takes effect when the votes of current members reach the threshold. Refusals (409 ERR_LEDGER_REVERT): AlreadyVoted, ProposalExpired, ProposalAlreadyExecuted.',
        tags: ['governance'],
        params: ledgerIdParams,
        response: { 200: proposalSchema, 404: errorBodySchema, ...ledgerErrors, ...commonErrors },
      },
    },
    async (req) => {
      await readProposal(ctx.ledger(), req.params.id);
      await vote(ctx.ledger(), { proposalId: BigInt(req.params.id) });
      return await show(req.params.id);
    },
  );
}
