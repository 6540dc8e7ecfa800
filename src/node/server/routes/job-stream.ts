/**
 * GET /v1/jobs/:id/events/stream: a job's progress pushed to the client as Server-Sent Events
 * (the SDK's `watchJob`, `parley job watch`, the console's live progress).
 *
 * Wire format (text/event-stream, one JSON object per `data:` line):
 * - `event: progress`, `id: <entry id>`: one entry of the job's progress log
 *   (`{ type: 'progress', id, at, phase, detail }`), in order, first those after `after` (or the
 *   `Last-Event-ID` header of a reconnecting EventSource), then each new one as it is recorded;
 * - `event: state`: the job's status, phase and progress (`{ type: 'state', ... }`), first at
 *   once and then whenever one of them changes;
 * - `event: end`: `{ type: 'end', status }` once the job has ended (succeeded, failed, rejected,
 *   cancelled); the node then closes the stream;
 * - `: heartbeat` comment lines while nothing happens, so proxies keep the connection open.
 *
 * The stream is driven by the store's change notification (onJobChange), not by polling. Every
 * event is public text (the progress log holds no data); authentication is the normal hook's.
 *
 * @module
 */
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { JobNotFoundError } from '../../errors.js';
import {
  getJob,
  listJobEvents,
  onJobChange,
  TERMINAL_JOB_STATUSES,
  type JobRecord,
} from '../../store/jobs.js';
import type { ApiContext } from '../context.js';
import { errorBodySchema } from '../errors.js';
import { commonErrors, ledgerIdParams, type JsonSchema } from '../schemas.js';

const STATUSES = [
  'proposed',
  'awaiting_approval',
  'ready',
  'running',
  'succeeded',
  'failed',
  'rejected',
  'cancelled',
] as const;

/** A progress event of the stream: one entry of the job's progress log. */
export const jobProgressEventSchema: JsonSchema = {
  type: 'object',
  required: ['type', 'id', 'at', 'phase', 'detail'],
  additionalProperties: false,
  properties: {
    type: { type: 'string', const: 'progress' },
    id: { type: 'integer', description: 'The log entry id (also the SSE `id:`).' },
    at: { type: 'string', format: 'date-time' },
    phase: { type: 'string' },
    detail: { type: ['string', 'null'] },
  },
};

/** A state event of the stream: the job's status, phase and progress now. */
export const jobStateEventSchema: JsonSchema = {
  type: 'object',
  required: [
    'type',
    'status',
    'phase',
    'progress',
    'hasResult',
    'resultDigest',
    'errorCode',
    'errorReason',
  ],
  additionalProperties: false,
  properties: {
    type: { type: 'string', const: 'state' },
    status: { type: 'string', enum: STATUSES },
    phase: { type: ['string', 'null'] },
    progress: { type: 'number', description: '0..1' },
    hasResult: { type: 'boolean' },
    resultDigest: { type: ['string', 'null'] },
    errorCode: { type: ['string', 'null'] },
    errorReason: { type: ['string', 'null'] },
  },
};

/** The last event of the stream. */
export const jobEndEventSchema: JsonSchema = {
  type: 'object',
  required: ['type', 'status'],
  additionalProperties: false,
  properties: {
    type: { type: 'string', const: 'end' },
    status: { type: 'string', enum: ['succeeded', 'failed', 'rejected', 'cancelled'] },
  },
};

/** The `data:` of any event of the stream. */
export const jobStreamEventSchema: JsonSchema = {
  oneOf: [jobProgressEventSchema, jobStateEventSchema, jobEndEventSchema],
};

/** Heartbeat period when the app is built without one (BuildAppOptions.eventStreamHeartbeatMs). */
export const DEFAULT_HEARTBEAT_MS = 15_000;

const stateOf = (j: JobRecord): Record<string, unknown> => ({
  type: 'state',
  status: j.status,
  phase: j.phase,
  progress: j.progress,
  hasResult: j.hasResult,
  resultDigest: j.resultDigest,
  errorCode: j.errorCode,
  errorReason: j.errorReason,
});

/**
 * Registers GET /v1/jobs/:id/events/stream. Open streams are ended when the app closes.
 * @example
 * ```ts
 * jobStreamRoutes(app, ctx, { heartbeatMs: 15_000 });
 * ```
 */
export function jobStreamRoutes(
  app: FastifyInstance,
  ctx: ApiContext,
  options: { readonly heartbeatMs?: number } = {},
): void {
  const { store } = ctx;
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const open = new Set<() => void>();
  app.addHook('preClose', (done) => {
    for (const end of [...open]) end();
    done();
  });

  app.get<{ Params: { id: string }; Querystring: { after?: string } }>(
    '/v1/jobs/:id/events/stream',
    {
      schema: {
        summary: "The job's progress and state changes as Server-Sent Events, until it ends.",
        description:
          'Events: `progress` (a log entry, SSE id = entry id), `state` (status, phase, progress; at once and on each change), `end` (then the stream closes); `: heartbeat` comments meanwhile. Resumes after `after` or the `Last-Event-ID` header.',
        tags: ['jobs'],
        params: ledgerIdParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            after: {
              type: 'string',
              pattern: '^[0-9]{1,15}$',
              description: 'Only log entries with a larger id (default 0: all).',
            },
          },
        },
        response: {
          200: { content: { 'text/event-stream': { schema: jobStreamEventSchema } } },
          404: errorBodySchema,
          ...commonErrors,
        },
      },
    },
    (req, reply) => {
      const id = req.params.id;
      if (getJob(store, id) === undefined) throw new JobNotFoundError(id);
      const lastEventId = /^[0-9]{1,15}$/.exec(String(req.headers['last-event-id'] ?? ''))?.[0];
      let last = Math.max(Number(req.query.after ?? 0), Number(lastEventId ?? 0));
      let lastState = '';
      let ended = false;

      void reply.hijack();
      const res: ServerResponse = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': String(req.id),
      });

      const end = (): void => {
        if (ended) return;
        ended = true;
        off();
        clearInterval(heartbeat);
        open.delete(end);
        res.end();
      };
      const send = (event: string, data: unknown, eventId?: number): void => {
        res.write(
          `${eventId === undefined ? '' : `id: ${eventId}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`,
        );
      };
      const flush = (): void => {
        if (ended) return;
        try {
          for (const e of listJobEvents(store, id, last)) {
            send(
              'progress',
              { type: 'progress', id: e.id, at: e.at, phase: e.phase, detail: e.detail },
              e.id,
            );
            last = e.id;
          }
          const job = getJob(store, id);
          if (job === undefined) return end();
          const state = stateOf(job);
          const key = JSON.stringify(state);
          if (key !== lastState) {
            lastState = key;
            send('state', state);
          }
          if (TERMINAL_JOB_STATUSES.includes(job.status)) {
            send('end', { type: 'end', status: job.status });
            end();
          }
        } catch (err) {
          // The store is closing, or failed: end the stream; the client sees it end early.
          req.log.warn({ err }, 'job event stream ended early');
          end();
        }
      };

      const off = onJobChange(store, (changed) => {
        if (changed === id) flush();
      });
      const heartbeat = setInterval(() => {
        if (!ended) res.write(': heartbeat\n\n');
      }, heartbeatMs);
      open.add(end);
      res.on('close', end);
      flush();
    },
  );
}
