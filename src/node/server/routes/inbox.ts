/**
 * The approval inbox: grant requests for our datasets and jobs that use them, waiting for a
 * person (or decided by the policy). Approve and reject go through `decide()`, the one decision
 * path (chain first, then the store). Each item carries a public `summary` of the request.
 *
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { decide } from '../../decisions.js';
import { InboxNotFoundError } from '../../errors.js';
import { getDataset } from '../../store/datasets.js';
import {
  getGrant,
  getInboxItem,
  listInbox,
  type InboxItem,
  type InboxState,
} from '../../store/grants.js';
import { getJob } from '../../store/jobs.js';
import {
  programNameOf,
  sameAddress,
  selfAddress,
  tryMemberDirectory,
  optionalBody,
  type ApiContext,
  type MemberDirectory,
} from '../context.js';
import { errorBodySchema } from '../errors.js';
import { commonErrors, ledgerErrors, reasonBodySchema, type JsonSchema } from '../schemas.js';

export const inboxItemSchema: JsonSchema = {
  type: 'object',
  required: [
    'id',
    'kind',
    'ref',
    'state',
    'decidedBy',
    'reason',
    'createdAt',
    'decidedAt',
    'summary',
  ],
  additionalProperties: false,
  properties: {
    id: { type: 'integer' },
    kind: { type: 'string', enum: ['grant', 'job'] },
    ref: { type: 'string', description: 'The grant id or job id.' },
    state: { type: 'string', enum: ['pending', 'approved', 'rejected', 'closed'] },
    decidedBy: { type: ['string', 'null'], enum: ['policy', 'user', null] },
    reason: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    decidedAt: { type: ['string', 'null'] },
    summary: { type: 'string', description: 'Public text describing the request.' },
  },
};

const dataset = (ctx: ApiContext, id: string): string => {
  const d = getDataset(ctx.store, id);
  return d === undefined ? id : `"${d.name}" (${id})`;
};
const programs = (ctx: ApiContext, hashes: readonly string[]): string =>
  hashes.map((h) => programNameOf(ctx, h) ?? h).join(', ');

/**
 * The public one-paragraph description of an inbox item (names, datasets, program, purpose or
 * params; nothing secret).
 * @example
 * ```ts
 * inboxSummary(ctx, item, await tryMemberDirectory(ctx));
 * ```
 */
export function inboxSummary(
  ctx: ApiContext,
  item: InboxItem,
  members: MemberDirectory | undefined,
): string {
  const who = (a: string): string => members?.nameOf(a) ?? a;
  if (item.kind === 'grant') {
    const g = getGrant(ctx.store, item.ref);
    if (g === undefined) return `Grant ${item.ref} (details not known yet).`;
    const until = g.expiry === null ? '' : `, until ${new Date(g.expiry * 1000).toISOString()}`;
    const uses = g.maxUses === null ? '' : `, at most ${g.maxUses} job(s)`;
    return `${who(g.requester)} requests dataset ${dataset(ctx, g.datasetId)} for ${programs(ctx, g.programHashes)}${uses}${until}. Purpose: ${JSON.stringify(g.purpose)}.`;
  }
  const j = getJob(ctx.store, item.ref);
  if (j === undefined) return `Job ${item.ref} (details not known yet).`;
  const program =
    j.program ??
    (j.programHash === null
      ? 'an unknown program'
      : `program ${j.programHash} (not in this node's registry)`);
  const parts = [`Job ${j.id}: ${program}`];
  if (j.proposer !== null) parts.push(`proposed by ${who(j.proposer)}`);
  if (j.spec !== null) {
    const self = selfAddress(ctx);
    const ours = j.spec.inputs.filter((_, i) => sameAddress(j.spec!.inputOwners[i] ?? '', self));
    if (ours.length > 0)
      parts.push(`over our dataset(s) ${ours.map((d) => dataset(ctx, d)).join(', ')}`);
    parts.push(`with ${j.spec.inputs.length} input(s)`);
    parts.push(`computed by ${j.spec.committee.map(who).join(', ')}`);
    parts.push(`outputs revealed to ${j.spec.recipients.map(who).join(', ')}`);
  }
  const params = j.params === null ? '' : ` Params: ${JSON.stringify(j.params)}.`;
  return `${parts.join(', ')}.${params}`;
}

/**
 * The API view of inbox items, with summaries (member names read once).
 * @example
 * ```ts
 * const items = await inboxViews(ctx, listInbox(ctx.store, { state: 'pending' }));
 * ```
 */
export async function inboxViews(
  ctx: ApiContext,
  items: readonly InboxItem[],
): Promise<Record<string, unknown>[]> {
  const members = items.length === 0 ? undefined : await tryMemberDirectory(ctx);
  return items.map((i) => ({ ...i, summary: inboxSummary(ctx, i, members) }));
}

/**
 * Registers the inbox routes.
 * @example
 * ```ts
 * inboxRoutes(app, ctx);
 * ```
 */
export function inboxRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: { state?: InboxState } }>(
    '/v1/inbox',
    {
      schema: {
        summary: 'Requests for our data waiting for a decision, and past decisions.',
        tags: ['inbox'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            state: { type: 'string', enum: ['pending', 'approved', 'rejected', 'closed'] },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: inboxItemSchema } },
          },
          ...commonErrors,
        },
      },
    },
    async (req) => ({
      items: await inboxViews(
        ctx,
        listInbox(ctx.store, req.query.state === undefined ? {} : { state: req.query.state }),
      ),
    }),
  );

  for (const action of ['approve', 'reject'] as const) {
    app.post<{ Params: { id: string }; Body: { reason?: string } | undefined }>(
      `/v1/inbox/:id/${action}`,
      {
        ...optionalBody,
        schema: {
          summary:
            action === 'approve'
              ? 'Approve a pending item (on chain, then locally).'
              : 'Reject a pending item; the reason is written on chain.',
          tags: ['inbox'],
          params: {
            type: 'object',
            required: ['id'],
            additionalProperties: false,
            properties: { id: { type: 'string', pattern: '^[1-9][0-9]{0,15}$' } },
          },
          body: reasonBodySchema,
          response: {
            200: inboxItemSchema,
            404: errorBodySchema,
            ...ledgerErrors,
            ...commonErrors,
          },
        },
      },
      async (req) => {
        const reason = req.body?.reason;
        const id = Number(req.params.id);
        if (getInboxItem(ctx.store, id) === undefined) throw new InboxNotFoundError(id);
        const item = await decide({ store: ctx.store, ledger: ctx.ledger() }, id, {
          approve: action === 'approve',
          by: 'user',
          ...(reason === undefined ? {} : { reason }),
        });
        return (await inboxViews(ctx, [item]))[0];
      },
    );
  }
}
