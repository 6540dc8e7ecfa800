/**
 * The node's REST API as a fastify instance, built but not listening (fastify's build/server
 * split): tests call `app.inject()` with no socket, `parley node start` calls `app.listen()`.
 *
 * Every route has JSON Schemas for its params, body and responses: fastify validates requests
 * with them (unknown fields are refused, not dropped), serializes responses with them (fields
 * not in the schema never leave the node), and /openapi.json is generated from them.
 * Every route except GET /health, the console's static files (/console/) and the console
 * sign-in requires the bearer token or a console session with its CSRF token (auth.ts).
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { NodePublicIdentity } from '../config.js';
import type { LedgerClient } from '../../ledger/client.js';
import type { ProgramRegistry } from '../../programs/registry.js';
import type { Store } from '../store/db.js';
import { listDatasets } from '../store/datasets.js';
import { nodeAuth } from './auth.js';
import { apiContext } from './context.js';
import { errorBodySchema, errorHandler, notFoundHandler } from './errors.js';
import { collectRoute, openApiDocument, type RouteDoc } from './openapi.js';
import { consoleRoutes } from './routes/console.js';
import { governanceRoutes, proposalSchema } from './routes/governance.js';
import { programSourceRoutes, programSourceSchema } from './routes/program-source.js';
import { sessionRoutes, sessionSchema } from './routes/session.js';
import { sessionStore, type SessionStoreOptions } from './session.js';
import { auditRoutes, trailSchema } from './routes/audit.js';
import { artifactRoutes, artifactSchema } from './routes/artifacts.js';
import { datasetRoutes } from './routes/datasets.js';
import { grantRoutes, grantSchema } from './routes/grants.js';
import { inboxItemSchema, inboxRoutes } from './routes/inbox.js';
import {
  jobEndEventSchema,
  jobProgressEventSchema,
  jobStateEventSchema,
  jobStreamEventSchema,
  jobStreamRoutes,
} from './routes/job-stream.js';
import { jobRoutes, jobSchema } from './routes/jobs.js';
import { memberRoutes, memberSchema, programSchema } from './routes/members.js';
import { policyRoutes, requirementSchema, ruleSchema } from './routes/policy.js';
import {
  catalogEntrySchema,
  columnSchema,
  commonErrors,
  datasetInfoSchema,
  datasetSchemaSchema,
  statusSchema,
} from './schemas.js';

export type { DatasetInfo } from './routes/datasets.js';

/** One registered route: method and URL pattern (fastify's, e.g. `/v1/jobs/:id`). */
export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  /** Registered with `config: { public: true }` (no authentication). */
  readonly public: boolean;
}

const routeTables = new WeakMap<FastifyInstance, readonly RouteEntry[]>();

/**
 * Every route of an app built by {@link buildApp}, as registered (HEAD routes left out), so
 * tests can check a property of all routes without a hand-kept list.
 * @example
 * ```ts
 * const mutating = routeTable(app).filter((r) => r.method !== 'GET');
 * ```
 */
export function routeTable(app: FastifyInstance): readonly RouteEntry[] {
  return routeTables.get(app) ?? [];
}
/**
 * The schemas /openapi.json names under `components.schemas` (what the generated SDK's types
 * are called, e.g. `components['schemas']['Job']`).
 */
const namedSchemas = {
  ErrorBody: errorBodySchema,
  Status: statusSchema,
  Column: columnSchema,
  DatasetSchema: datasetSchemaSchema,
  DatasetInfo: datasetInfoSchema,
  CatalogEntry: catalogEntrySchema,
  Member: memberSchema,
  Program: programSchema,
  PolicyRule: ruleSchema,
  PolicyRequirement: requirementSchema,
  Grant: grantSchema,
  InboxItem: inboxItemSchema,
  Artifact: artifactSchema,
  Job: jobSchema,
  JobProgressEvent: jobProgressEventSchema,
  JobStateEvent: jobStateEventSchema,
  JobEndEvent: jobEndEventSchema,
  JobStreamEvent: jobStreamEventSchema,
  AuditTrail: trailSchema,
  Proposal: proposalSchema,
  ProgramSource: programSourceSchema,
  Session: sessionSchema,
} as const;

/** Version reported by /v1/status and /openapi.json. */
export const API_VERSION = '0.1.0';

export interface BuildAppOptions {
  readonly store: Store;
  readonly identity: NodePublicIdentity;
  /** The bearer token. Secret. */
  readonly apiToken: string;
  /** fastify logger options; default off. Request bodies and headers are never logged. */
  readonly logger?: FastifyServerOptions['logger'];
  /** A ledger client with this node's chain account; ledger routes answer 503 without it. */
  readonly ledger?: LedgerClient;
  /** The programs this node may run (job routes); default: none. */
  readonly programs?: ProgramRegistry;
  /** The deployment block (config.ledger.fromBlock): where the audit starts reading events; default 0. */
  readonly fromBlock?: bigint;
  /** Period of the heartbeat comments of event streams (GET /v1/jobs/:id/events/stream); default 15 s. */
  readonly eventStreamHeartbeatMs?: number;
  /** Largest request body in bytes; default 64 MiB. */
  readonly bodyLimit?: number;
  /** Lifetimes of console sessions (session.ts); default 30 min idle, 12 h at most. */
  readonly sessions?: SessionStoreOptions;
  /** The built console directory; default dist/console (routes/console.ts). */
  readonly consoleDir?: string;
  /**
   * Serve HTTPS with this key and certificate (PEM; `api.tls` in the config). Required off
   * loopback (config.ts refuses a non-loopback `api.host` without it). The console's session
   * cookie is then `Secure` with the `__Host-` prefix.
   */
  readonly https?: { readonly key: string; readonly cert: string };
}

/**
 * Builds the REST API. Register nothing on it after `ready()`.
 * @example
 * ```ts
 * const app = await buildApp({ store, identity, apiToken });
 * const res = await app.inject({ url: '/v1/datasets', headers: { authorization: `Bearer ${apiToken}` } });
 * ```
 */
export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.https === undefined
      ? {}
      : { https: { key: opts.https.key, cert: opts.https.cert, minVersion: 'TLSv1.2' as const } }),
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimit ?? 64 * 1024 * 1024,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: false,
        allErrors: false,
        allowUnionTypes: true,
      },
    },
  });
  const routes: RouteDoc[] = [];
  const table: RouteEntry[] = [];
  routeTables.set(app, table);
  app.addHook('onRoute', (r) => {
    collectRoute(routes, r);
    for (const m of Array.isArray(r.method) ? r.method : [r.method])
      if (m !== 'HEAD')
        table.push({
          method: m,
          url: r.url,
          public: (r.config as { public?: boolean } | undefined)?.public === true,
        });
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  const sessions = sessionStore(opts.sessions);
  app.addHook(
    'onRequest',
    nodeAuth(opts.apiToken, { store: sessions, chainAddress: opts.identity.chainAddress }),
  );
  app.addHook('onSend', (req, reply, payload, done) => {
    void reply.header('x-request-id', String(req.id));
    done(null, payload);
  });
  const { store } = opts;

  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        summary: 'Liveness check (no authentication).',
        tags: ['node'],
        response: {
          200: {
            type: 'object',
            required: ['status'],
            properties: { status: { type: 'string', enum: ['ok'] } },
          },
        },
      },
    },
    () => Promise.resolve({ status: 'ok' as const }),
  );

  app.get(
    '/v1/status',
    {
      schema: {
        summary: "This node's identity: organization, chain address, TLS fingerprint.",
        tags: ['node'],
        response: { 200: statusSchema, ...commonErrors },
      },
    },
    () =>
      Promise.resolve({
        name: opts.identity.name,
        chainAddress: opts.identity.chainAddress,
        tlsFingerprint: opts.identity.tlsFingerprint,
        version: API_VERSION,
        datasets: listDatasets(store).length,
      }),
  );

  const ctx = apiContext({
    store,
    identity: opts.identity,
    ...(opts.programs === undefined ? {} : { programs: opts.programs }),
    ...(opts.ledger === undefined ? {} : { ledger: opts.ledger }),
    ...(opts.fromBlock === undefined ? {} : { fromBlock: opts.fromBlock }),
  });
  datasetRoutes(app, ctx);
  memberRoutes(app, ctx);
  policyRoutes(app, ctx);
  grantRoutes(app, ctx);
  inboxRoutes(app, ctx);
  jobRoutes(app, ctx);
  artifactRoutes(app, ctx);
  jobStreamRoutes(
    app,
    ctx,
    opts.eventStreamHeartbeatMs === undefined ? {} : { heartbeatMs: opts.eventStreamHeartbeatMs },
  );
  auditRoutes(app, ctx);
  governanceRoutes(app, ctx);
  programSourceRoutes(app, ctx);
  sessionRoutes(app, { token: opts.apiToken, sessions, identity: opts.identity });
  consoleRoutes(app, opts.consoleDir === undefined ? {} : { dir: opts.consoleDir });

  let doc: unknown;
  app.get('/openapi.json', { schema: { hide: true } }, () =>
    Promise.resolve(
      (doc ??= openApiDocument(
        routes,
        { title: 'Parley node API', version: API_VERSION },
        namedSchemas,
      )),
    ),
  );

  await app.ready();
  return app;
}
