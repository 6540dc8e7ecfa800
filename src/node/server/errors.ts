/**
 * The one place where error codes become HTTP statuses, and the one error handler of the REST API.
 *
 * Body of every error response: `{ code, message, details?, requestId }`. For client errors
 * (4xx) `message` and `details` are the ParleyError's own (they name fields, rows and columns,
 * never secrets). For server errors (5xx) the client gets only the code, a generic message and
 * the request id; the error itself is logged under that id. An unexpected error (not a
 * ParleyError) is `ERR_INTERNAL`, and its message is never forwarded.
 *
 * @module
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ParleyError } from '../../errors/base.js';
import type { ErrorCode } from '../../errors/codes.js';

/** HTTP status per code; codes absent here are 500. */
export const httpStatusByCode: Readonly<Partial<Record<ErrorCode, number>>> = Object.freeze({
  ERR_API_AUTH: 401,
  ERR_API_VALIDATION: 400,
  ERR_API_NOT_FOUND: 404,
  ERR_API_CSRF: 403,
  ERR_GOVERNANCE_NOT_FOUND: 404,
  ERR_DATASET_CSV: 400,
  ERR_DATASET_SCHEMA: 400,
  ERR_DATASET_VALUE: 400,
  ERR_DATASET_NOT_FOUND: 404,
  ERR_DATASET_EXISTS: 409,
  ERR_CATALOG_METADATA: 400,
  ERR_LEDGER_REVERT: 409,
  ERR_LEDGER_RPC: 502,
  ERR_NODE_CONFIG: 500,
  ERR_NODE_NO_LEDGER: 503,
  ERR_NODE_STORE: 500,
  ERR_INBOX_NOT_FOUND: 404,
  ERR_INBOX_DECIDED: 409,
  ERR_JOB_NOT_FOUND: 404,
  ERR_JOB_NOT_RECIPIENT: 403,
  ERR_JOB_NO_RESULT: 409,
  ERR_ARTIFACT_NOT_FOUND: 404,
  ERR_ARTIFACT_INPUT: 400,
  ERR_JOB_INPUT: 400,
  ERR_JOB_COMMITTEE: 400,
  ERR_GRANT_NOT_FOUND: 404,
  ERR_GRANT_NOT_INCOMING: 409,
  ERR_MEMBER_UNKNOWN: 400,
  ERR_POLICY: 400,
  ERR_PROGRAM_NOT_FOUND: 400,
  ERR_PROGRAM_PARAM: 400,
  ERR_PROGRAM_INPUT: 400,
  ERR_INTERNAL: 500,
});

/** The HTTP status for an error code (500 if unmapped). */
export function httpStatusOf(code: string): number {
  return httpStatusByCode[code as ErrorCode] ?? 500;
}

const detailScalar = { type: ['string', 'number', 'boolean', 'null'] } as const;

/**
 * One entry of `details.errors`: a bad cell (row, line, column), a row with the wrong number of
 * fields (row, line) or a column whose type cannot be inferred (column).
 */
const detailEntrySchema = {
  type: 'object',
  required: ['message'],
  additionalProperties: false,
  properties: {
    row: { type: 'integer', description: '1-based data row (the header not counted).' },
    line: { type: 'integer', description: '1-based line of the CSV text.' },
    column: { type: 'string' },
    message: {
      type: 'string',
      description: "What was expected, in the column's units; never the cell's content.",
    },
  },
} as const;

/** JSON schema of an error body; used in every route's responses and in /openapi.json. */
export const errorBodySchema: Readonly<Record<string, unknown>> = {
  type: 'object',
  required: ['code', 'message', 'requestId'],
  properties: {
    code: { type: 'string', description: 'A stable code, documented in docs/errors.md.' },
    message: { type: 'string' },
    details: {
      type: 'object',
      properties: {
        errors: {
          type: 'array',
          description:
            'Every problem of a dataset import, in file order (at most 100; `total` counts them all).',
          items: detailEntrySchema,
        },
        total: { type: 'integer', description: 'How many problems there are in all.' },
      },
      additionalProperties: {
        anyOf: [
          detailScalar,
          { type: 'array', items: { type: 'object', additionalProperties: detailScalar } },
        ],
      },
    },
    requestId: { type: 'string' },
  },
};

/** A value of an error body's `details`: a scalar or a list of flat entries. */
export type ErrorBodyDetail =
  | string
  | number
  | boolean
  | null
  | readonly Readonly<Record<string, string | number | boolean | null>>[];

export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details?: Record<string, ErrorBodyDetail>;
  readonly requestId: string;
}

/** Turns an ajv error of fastify's validation into a dotted field name, e.g. `body.schema.columns.0.bits`. */
function fieldOf(err: FastifyError): string {
  const first = err.validation?.[0];
  const context = err.validationContext ?? 'body';
  if (first === undefined) return context;
  const path = first.instancePath
    .split('/')
    .filter((p) => p !== '')
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  const params = first.params;
  const extra = params.missingProperty ?? params.additionalProperty;
  if (typeof extra === 'string') path.push(extra);
  return [context, ...path].join('.');
}

function send(reply: FastifyReply, status: number, body: ErrorBody): FastifyReply {
  return reply.code(status).type('application/json').send(body);
}

/**
 * fastify's error handler. Maps validation errors, ParleyErrors and fastify's own body errors;
 * anything else is ERR_INTERNAL with the details logged server-side only.
 */
export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const requestId = String(req.id);
  const fe = err as Partial<FastifyError>;
  if (Array.isArray(fe.validation)) {
    const field = fieldOf(err as FastifyError);
    const reason = fe.validation[0]?.message ?? 'is invalid';
    return send(reply, 400, {
      code: 'ERR_API_VALIDATION',
      message: `Invalid request: ${field} ${reason}.`,
      details: { field },
      requestId,
    });
  }
  if (err instanceof ParleyError) {
    const status = httpStatusOf(err.code);
    if (status < 500) {
      const details = Object.fromEntries(
        Object.entries(err.details).filter(([, v]) => v !== undefined),
      ) as Record<string, ErrorBodyDetail>;
      return send(reply, status, { code: err.code, message: err.shortMessage, details, requestId });
    }
    req.log.error({ err, code: err.code }, 'request failed');
    return send(reply, status, {
      code: err.code,
      message: `The node could not complete the request (${err.code}); see its log for request ${requestId}.`,
      requestId,
    });
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return send(reply, 413, {
        code: 'ERR_API_PAYLOAD',
        message: 'The request body is larger than the node accepts.',
        requestId,
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return send(reply, 415, {
        code: 'ERR_API_PAYLOAD',
        message: 'Unsupported content type; send application/json.',
        requestId,
      });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return send(reply, 400, {
        code: 'ERR_API_VALIDATION',
        message: 'The request body is not valid JSON.',
        details: { field: 'body' },
        requestId,
      });
  }
  req.log.error({ err }, 'unexpected error');
  return send(reply, 500, {
    code: 'ERR_INTERNAL',
    message: `Internal error; see the node log for request ${requestId}.`,
    requestId,
  });
}

/** fastify's not-found handler: ERR_API_NOT_FOUND. */
export function notFoundHandler(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  return send(reply, 404, {
    code: 'ERR_API_NOT_FOUND',
    message: `No route ${req.method} ${req.url.split('?')[0] ?? ''}.`,
    requestId: String(req.id),
  });
}
