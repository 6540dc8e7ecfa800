/**
 * GET /v1/audit: jobs' audit trails rebuilt from the chain only (src/node/audit.ts).
 *
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { auditJobs } from '../../audit.js';
import type { ApiContext } from '../context.js';
import { commonErrors, ledgerErrors, ledgerIdSchema, type JsonSchema } from '../schemas.js';

const obj = { type: 'object', additionalProperties: true } as const;
const objOrNull = { type: ['object', 'null'], additionalProperties: true } as const;
const arr = { type: 'array', items: obj } as const;
const strings = { type: 'array', items: { type: 'string' } } as const;

export const trailSchema: JsonSchema = {
  type: 'object',
  required: ['jobId', 'status', 'verified', 'problems'],
  additionalProperties: false,
  properties: {
    jobId: { type: 'string' },
    status: { type: 'string' },
    proposer: { type: 'string' },
    proposed: obj,
    program: obj,
    specHash: { type: 'string' },
    specHashMatches: { type: 'boolean' },
    params: obj,
    inputs: arr,
    approvals: arr,
    grantsUsed: arr,
    committee: strings,
    recipients: strings,
    deadline: { type: 'integer' },
    ready: objOrNull,
    started: objOrNull,
    result: objOrNull,
    failure: objOrNull,
    rejection: objOrNull,
    cancelled: objOrNull,
    timings: obj,
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
