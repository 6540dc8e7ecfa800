/**
 * Grants: our requests to use other members' datasets (outgoing, POST /v1/grants), and their
 * requests for ours (incoming; approve and reject through `decide()`, revoke directly).
 * Everything goes on chain first; the store follows.
 *
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { requestGrant } from '../../../ledger/actions/requestGrant.js';
import { revokeGrant } from '../../../ledger/actions/revokeGrant.js';
import { decide } from '../../decisions.js';
import { GrantNotFoundError, GrantNotIncomingError } from '../../errors.js';
import {
  addInboxItem,
  decideInboxItem,
  getGrant,
  listGrants,
  listInbox,
  upsertGrant,
  type GrantDirection,
  type GrantRecord,
  type GrantStatus,
} from '../../store/grants.js';
import {
  chainNow,
  programNameOf,
  resolveProgramHash,
  selfAddress,
  optionalBody,
  type ApiContext,
} from '../context.js';
import { errorBodySchema } from '../errors.js';
import {
  commonErrors,
  datasetIdSchema,
  ledgerErrors,
  ledgerIdParams,
  programRefSchema,
  reasonBodySchema,
  type JsonSchema,
} from '../schemas.js';

/** Days a grant lasts when the request names no expiry. */
export const DEFAULT_GRANT_DAYS = 30;
/** Jobs a grant covers when the request names no maximum. */
export const DEFAULT_GRANT_USES = 1;

const STATUSES: readonly GrantStatus[] = [
  'requested',
  'approved',
  'rejected',
  'revoked',
  'expired',
];

export const grantSchema: JsonSchema = {
  type: 'object',
  required: [
    'id',
    'datasetId',
    'direction',
    'requester',
    'purpose',
    'programHashes',
    'programs',
    'expiry',
    'maxUses',
    'status',
    'createdAt',
    'updatedAt',
  ],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    datasetId: { type: 'string' },
    direction: { type: 'string', enum: ['incoming', 'outgoing'] },
    requester: { type: 'string', description: 'Chain address of the grantee.' },
    purpose: { type: 'string' },
    programHashes: { type: 'array', items: { type: 'string' } },
    programs: {
      type: 'array',
      items: { type: ['string', 'null'] },
      description: 'The names of programHashes this node knows (null otherwise).',
    },
    expiry: { type: ['integer', 'null'], description: 'Unix seconds.' },
    maxUses: { type: ['integer', 'null'] },
    status: { type: 'string', enum: STATUSES },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
};

const view = (ctx: ApiContext, g: GrantRecord): Record<string, unknown> => ({
  ...g,
  programs: g.programHashes.map((h) => programNameOf(ctx, h)),
});

/**
 * Registers the grant routes.
 * @example
 * ```ts
 * grantRoutes(app, ctx);
 * ```
 */
export function grantRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { store } = ctx;

  app.post<{
    Body: {
      datasetId: string;
      purpose: string;
      programs: string[];
      expiresAt?: number;
      maxUses?: number;
    };
  }>(
    '/v1/grants',
    {
      schema: {
        summary: "Request the use of another member's dataset (on chain; its owner decides).",
        tags: ['grants'],
        body: {
          type: 'object',
          required: ['datasetId', 'purpose', 'programs'],
          additionalProperties: false,
          properties: {
            datasetId: datasetIdSchema,
            purpose: { type: 'string', minLength: 1, maxLength: 1000 },
            programs: { type: 'array', minItems: 1, maxItems: 32, items: programRefSchema },
            expiresAt: {
              type: 'integer',
              minimum: 1,
              maximum: 2 ** 53 - 1,
              description: `Unix seconds (default: ${DEFAULT_GRANT_DAYS} days from now).`,
            },
            maxUses: {
              type: 'integer',
              minimum: 1,
              maximum: 2 ** 32 - 1,
              description: `How many jobs may use it (default ${DEFAULT_GRANT_USES}).`,
            },
          },
        },
        response: { 201: grantSchema, ...ledgerErrors, ...commonErrors },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const programHashes = b.programs.map((p) => resolveProgramHash(ctx, p).hash);
      const ledger = ctx.ledger();
      const expiresAt =
        b.expiresAt === undefined
          ? (await chainNow(ledger)) + BigInt(DEFAULT_GRANT_DAYS * 86_400)
          : BigInt(b.expiresAt);
      const maxUses = b.maxUses ?? DEFAULT_GRANT_USES;
      const { grantId } = await requestGrant(ledger, {
        datasetId: b.datasetId as `0x${string}`,
        purpose: b.purpose,
        programHashes,
        expiresAt,
        maxUses,
      });
      const g = upsertGrant(store, {
        id: grantId.toString(),
        datasetId: b.datasetId,
        direction: 'outgoing',
        requester: selfAddress(ctx),
        purpose: b.purpose,
        programHashes,
        expiry: Number(expiresAt),
        maxUses,
        status: 'requested',
      });
      return await reply.code(201).send(view(ctx, g));
    },
  );

  app.get<{ Querystring: { direction?: GrantDirection; status?: GrantStatus } }>(
    '/v1/grants',
    {
      schema: {
        summary: 'Grants this node requested (outgoing) or was asked for (incoming).',
        tags: ['grants'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            direction: { type: 'string', enum: ['incoming', 'outgoing'] },
            status: { type: 'string', enum: STATUSES },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['grants'],
            properties: { grants: { type: 'array', items: grantSchema } },
          },
          ...commonErrors,
        },
      },
    },
    (req) =>
      Promise.resolve({
        grants: listGrants(store, {
          ...(req.query.direction === undefined ? {} : { direction: req.query.direction }),
          ...(req.query.status === undefined ? {} : { status: req.query.status }),
        }).map((g) => view(ctx, g)),
      }),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/grants/:id',
    {
      schema: {
        summary: 'One grant.',
        tags: ['grants'],
        params: ledgerIdParams,
        response: { 200: grantSchema, 404: errorBodySchema, ...commonErrors },
      },
    },
    (req) => {
      const g = getGrant(store, req.params.id);
      if (g === undefined) return Promise.reject(new GrantNotFoundError(req.params.id));
      return Promise.resolve(view(ctx, g));
    },
  );

  const incoming = (id: string, action: string): GrantRecord => {
    const g = getGrant(store, id);
    if (g === undefined) throw new GrantNotFoundError(id);
    if (g.direction !== 'incoming') throw new GrantNotIncomingError(id, action);
    return g;
  };

  for (const action of ['approve', 'reject'] as const) {
    app.post<{ Params: { id: string }; Body: { reason?: string } | undefined }>(
      `/v1/grants/:id/${action}`,
      {
        ...optionalBody,
        schema: {
          summary:
            action === 'approve'
              ? 'Approve a grant request for one of our datasets (its inbox item too).'
              : 'Reject a grant request for one of our datasets; the reason goes on chain.',
          tags: ['grants'],
          params: ledgerIdParams,
          body: reasonBodySchema,
          response: { 200: grantSchema, 404: errorBodySchema, ...ledgerErrors, ...commonErrors },
        },
      },
      async (req) => {
        const g = incoming(req.params.id, action);
        // recordGrantRequest stores a request with its item; an item is added if it is missing.
        const item = addInboxItem(store, 'grant', g.id);
        const reason = req.body?.reason;
        await decide({ store, ledger: ctx.ledger() }, item.id, {
          approve: action === 'approve',
          by: 'user',
          ...(reason === undefined ? {} : { reason }),
        });
        return view(ctx, getGrant(store, g.id)!);
      },
    );
  }

  app.post<{ Params: { id: string }; Body: { reason?: string } | undefined }>(
    '/v1/grants/:id/revoke',
    {
      ...optionalBody,
      schema: {
        summary: 'Revoke a grant of one of our datasets, effective at once (on chain).',
        tags: ['grants'],
        params: ledgerIdParams,
        body: reasonBodySchema,
        response: { 200: grantSchema, 404: errorBodySchema, ...ledgerErrors, ...commonErrors },
      },
    },
    async (req) => {
      const g = incoming(req.params.id, 'revoke');
      const reason = req.body?.reason ?? 'revoked by the data owner';
      await revokeGrant(ctx.ledger(), { grantId: BigInt(g.id), reason });
      // A request revoked before anyone decided it is no longer waiting in the inbox.
      const revoked = store.transaction(() => {
        const item = listInbox(store, { state: 'pending' }).find(
          (i) => i.kind === 'grant' && i.ref === g.id,
        );
        if (item !== undefined) {
          decideInboxItem(store, item.id, {
            state: 'rejected',
            decidedBy: 'user',
            reason: `revoked: ${reason}`,
          });
        }
        return upsertGrant(store, { ...g, status: 'revoked' });
      });
      return view(ctx, revoked);
    },
  );
}
