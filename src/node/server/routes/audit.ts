/**
 * GET /v1/audit: jobs' audit trails rebuilt from the chain only (src/node/audit.ts).
 *
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { auditJobs } from '../../audit.js';
import type { ApiContext } from '../context.js';
import { commonErrors, ledgerErrors, ledgerIdSchema, type JsonSchema } from '../schemas.js';

const strings = { type: 'array', items: { type: 'string' } } as const;
const str = { type: 'string' } as const;
const strOrNull = { type: ['string', 'null'] } as const;

/** Where and when an event of the trail is on chain (ChainMoment of src/node/audit.ts). */
const momentProps = {
  block: { type: 'string', description: 'Block number, decimal.' },
  at: { type: 'string', description: "ISO 8601, from the block's timestamp." },
  tx: { type: 'string', description: 'Transaction hash.' },
} as const;
const moment = (
  extra: Record<string, unknown> = {},
  nullable = false,
): Record<string, unknown> => ({
  type: nullable ? ['object', 'null'] : 'object',
  required: ['block', 'at', 'tx', ...Object.keys(extra)],
  additionalProperties: false,
  properties: { ...momentProps, ...extra },
});

const signatureSchema: JsonSchema = {
  type: 'object',
  required: ['signer', 'inCommittee', 'valid'],
  additionalProperties: false,
  properties: {
    signer: { ...strOrNull, description: 'The recovered signer, or null if it does not recover.' },
    inCommittee: { type: 'boolean' },
    valid: { type: 'boolean', description: 'Recovers to a committee member who signed only once.' },
  },
};

export const trailSchema: JsonSchema = {
  type: 'object',
  required: ['jobId', 'status', 'verified', 'problems'],
  additionalProperties: false,
  properties: {
    jobId: { type: 'string' },
    status: { type: 'string' },
    proposer: { type: 'string' },
    proposed: moment(),
    program: {
      type: 'object',
      required: ['hash', 'name'],
      additionalProperties: false,
      properties: { hash: str, name: strOrNull },
    },
    specHash: { type: 'string' },
    specHashMatches: { type: 'boolean' },
    params: {
      type: 'object',
      required: ['hash', 'published', 'matchesHash', 'values'],
      additionalProperties: false,
      properties: {
        hash: str,
        published: { type: 'boolean', description: 'True if the JobParams event exists.' },
        matchesHash: { type: 'boolean' },
        values: {
          type: ['object', 'null'],
          additionalProperties: {
            type: ['number', 'string', 'boolean', 'array'],
            items: { type: ['number', 'string'] },
          },
          description: 'The published params, validated when this node knows the program.',
        },
      },
    },
    inputs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['datasetId', 'owner', 'coveredBy', 'grantId'],
        additionalProperties: false,
        properties: {
          datasetId: str,
          owner: strOrNull,
          coveredBy: {
            type: ['string', 'null'],
            enum: ['proposer', 'grant', 'approval', null],
            description: 'What covers the input; null: nothing (the job cannot be ready).',
          },
          grantId: strOrNull,
        },
      },
    },
    approvals: { type: 'array', items: moment({ owner: str }) },
    grantsUsed: {
      type: 'array',
      items: {
        type: 'object',
        required: ['grantId', 'datasetId', 'uses', 'maxUses'],
        additionalProperties: false,
        properties: {
          grantId: str,
          datasetId: str,
          uses: { type: 'integer' },
          maxUses: { type: 'integer' },
        },
      },
    },
    committee: strings,
    recipients: strings,
    deadline: { type: 'integer', description: 'Unix seconds.' },
    ready: moment({}, true),
    started: moment({ by: str }, true),
    result: moment({ digest: str, signatures: { type: 'array', items: signatureSchema } }, true),
    failure: moment({ by: str, reason: str }, true),
    confirmedBy: {
      ...strings,
      description:
        'The recipients that confirmed the result before the committee attested it: all of them for a succeeded job, none otherwise.',
    },
    refusal: {
      type: ['object', 'null'],
      required: ['recipient', 'what'],
      additionalProperties: false,
      description: "A recipient's refusal that failed the job (from the failure reason).",
      properties: { recipient: str, what: str },
    },
    rejection: moment({ owner: str, reason: str }, true),
    cancelled: moment({}, true),
    timings: {
      type: 'object',
      required: ['proposedAt', 'readyAt', 'startedAt', 'finishedAt', 'durationSeconds'],
      additionalProperties: false,
      properties: {
        proposedAt: str,
        readyAt: strOrNull,
        startedAt: strOrNull,
        finishedAt: strOrNull,
        durationSeconds: {
          type: ['number', 'null'],
          description: 'From start (or proposal, if it never started) to the end, seconds.',
        },
      },
    },
    verified: { type: 'boolean' },
    problems: strings,
  },
};

/**
 * Registers GET /v1/audit.
 * @example
 * ```ts
 * auditRoutes(app, ctx);
 * ```
 */
export function auditRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: { job?: string } }>(
    '/v1/audit',
    {
      schema: {
        summary: "Jobs' audit trails, rebuilt from ledger events only, with their checks.",
        description:
          'Proposer, program, params (checked against paramsHash), input approvals and grants, committee, recipients, start, result digest with every committee signature recovered from the submitResult transaction, failure or rejection, timings. A bad trail is reported (verified false, problems), not an error.',
        tags: ['audit'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { job: ledgerIdSchema },
        },
        response: {
          200: {
            type: 'object',
            required: ['jobs', 'verified', 'problems'],
            properties: {
              jobs: { type: 'array', items: trailSchema },
              verified: { type: 'boolean' },
              problems: strings,
            },
          },
          ...ledgerErrors,
          ...commonErrors,
        },
      },
    },
    async (req) =>
      await auditJobs(ctx.ledger(), {
        fromBlock: ctx.fromBlock,
        ...(req.query.job === undefined ? {} : { jobId: req.query.job }),
        ...(ctx.programs === undefined ? {} : { programs: ctx.programs }),
      }),
  );
}
