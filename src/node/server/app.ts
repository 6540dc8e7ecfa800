/**
 * The node's REST API as a fastify instance, built but not listening (fastify's build/server
 * split): tests call `app.inject()` with no socket, `parley node start` calls `app.listen()`.
 *
 * Every route has JSON Schemas for its params, body and responses: fastify validates requests
 * with them (unknown fields are refused, not dropped), serializes responses with them (fields
 * not in the schema never leave the node), and /openapi.json is generated from them.
 * Every route except GET /health requires the bearer token (auth.ts).
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { NodePublicIdentity } from '../config.js';
import { importDataset } from '../datasets/import.js';
import type { LedgerClient } from '../../ledger/client.js';
import { publishStoredDataset, searchCatalog } from '../catalog.js';
import { DatasetNotFoundError, NoLedgerError } from '../errors.js';
import type { ProgramRegistry } from '../../programs/registry.js';
import type { Store } from '../store/db.js';
import { deleteDataset, getDataset, listDatasets, type DatasetRecord } from '../store/datasets.js';
import { bearerAuth } from './auth.js';
import { errorBodySchema, errorHandler, notFoundHandler } from './errors.js';
import { collectRoute, openApiDocument, type RouteDoc } from './openapi.js';
import {
  commonErrors,
  datasetIdSchema,
  datasetInfoSchema,
  importDatasetBodySchema,
  publishBodySchema,
  catalogQuerySchema,
  catalogEntrySchema,
  statusSchema,
} from './schemas.js';

/** Version reported by /v1/status and /openapi.json. */
export const API_VERSION = '0.1.0';

export interface BuildAppOptions {
  readonly store: Store;
  readonly identity: NodePublicIdentity;
  /** The bearer token. Secret. */
  readonly apiToken: string;
  /** fastify logger options; default off. Request bodies and headers are never logged. */
  readonly logger?: FastifyServerOptions['logger'];
  /** A ledger client with this node's chain account; catalog routes answer 503 without it. */
  readonly ledger?: LedgerClient;
  /** The programs this node may run (job routes); default: none. */
  readonly programs?: ProgramRegistry;
  /** Largest request body in bytes; default 64 MiB. */
  readonly bodyLimit?: number;
}

/** A dataset's public view: metadata and schema, never rows. */
export interface DatasetInfo {
  readonly id: string;
  readonly name: string;
  readonly rowCount: number;
  readonly contentHash: string;
  readonly createdAt: string;
  readonly publishedAt: string | null;
  readonly schema: DatasetRecord['schema'];
}

const info = (d: DatasetRecord): DatasetInfo => ({
  id: d.id,
  name: d.name,
  rowCount: d.rowCount,
  contentHash: d.contentHash,
  createdAt: d.createdAt,
  publishedAt: d.publishedAt,
  schema: d.schema,
});

const idParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: datasetIdSchema },
} as const;

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
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimit ?? 64 * 1024 * 1024,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  });
  const routes: RouteDoc[] = [];
  app.addHook('onRoute', (r) => collectRoute(routes, r));
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  app.addHook('onRequest', bearerAuth(opts.apiToken));
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

  app.post<{ Body: { name: string; csv: string; schema?: unknown } }>(
    '/v1/datasets',
    {
      schema: {
        summary: 'Import a dataset from CSV text, with a schema or an inferred one.',
        description:
          'All rows are validated before anything is stored; on any error nothing is stored and the error names the row, line and column.',
        tags: ['datasets'],
        body: importDatasetBodySchema,
        response: { 201: datasetInfoSchema, 409: errorBodySchema, ...commonErrors },
      },
    },
    async (req, reply) => {
      const { name, csv, schema } = req.body;
      const rec = importDataset(store, { name, csv, ...(schema === undefined ? {} : { schema }) });
      return await reply.code(201).send(info(rec));
    },
  );

  app.get(
    '/v1/datasets',
    {
      schema: {
        summary: 'List datasets (metadata only).',
        tags: ['datasets'],
        response: {
          200: {
            type: 'object',
            required: ['datasets'],
            properties: { datasets: { type: 'array', items: datasetInfoSchema } },
          },
          ...commonErrors,
        },
      },
    },
    () => Promise.resolve({ datasets: listDatasets(store).map(info) }),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/datasets/:id',
    {
      schema: {
        summary: "One dataset's metadata and schema (never its rows).",
        tags: ['datasets'],
        params: idParams,
        response: { 200: datasetInfoSchema, 404: errorBodySchema, ...commonErrors },
      },
    },
    (req) => {
      const d = getDataset(store, req.params.id);
      if (d === undefined) return Promise.reject(new DatasetNotFoundError(req.params.id));
      return Promise.resolve(info(d));
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/datasets/:id',
    {
      schema: {
        summary: 'Delete a dataset and its rows from this node.',
        tags: ['datasets'],
        params: idParams,
        response: { 204: { type: 'null' }, 404: errorBodySchema, ...commonErrors },
      },
    },
    async (req, reply) => {
      if (!deleteDataset(store, req.params.id)) throw new DatasetNotFoundError(req.params.id);
      return await reply.code(204).send();
    },
  );

  const ledger = (): LedgerClient => {
    if (opts.ledger === undefined) throw new NoLedgerError();
    return opts.ledger;
  };

  app.post<{
    Params: { id: string };
    Body: { title: string; description?: string; tags?: string[]; releaseTime?: number };
  }>(
    '/v1/datasets/:id/publish',
    {
      schema: {
        summary: "Publish a dataset's metadata (never its rows) to the ledger's Catalog.",
        tags: ['catalog'],
        params: idParams,
        body: publishBodySchema,
        response: {
          200: datasetInfoSchema,
          404: errorBodySchema,
          409: errorBodySchema,
          502: errorBodySchema,
          503: errorBodySchema,
          ...commonErrors,
        },
      },
    },
    async (req) => {
      const { title, description, tags, releaseTime } = req.body;
      const rec = await publishStoredDataset(store, ledger(), req.params.id, {
        title,
        ...(description === undefined ? {} : { description }),
        ...(tags === undefined ? {} : { tags }),
        ...(releaseTime === undefined ? {} : { releaseTime }),
      });
      return info(rec);
    },
  );

  app.get<{ Querystring: { q?: string; owner?: string; offset?: string; limit?: string } }>(
    '/v1/catalog',
    {
      schema: {
        summary: 'Search the Catalog: metadata every member published.',
        tags: ['catalog'],
        querystring: catalogQuerySchema,
        response: {
          200: {
            type: 'object',
            required: ['datasets'],
            properties: { datasets: { type: 'array', items: catalogEntrySchema } },
          },
          502: errorBodySchema,
          503: errorBodySchema,
          ...commonErrors,
        },
      },
    },
    async (req) => {
      const { q, owner, offset, limit } = req.query;
      return {
        datasets: await searchCatalog(ledger(), {
          ...(q === undefined ? {} : { q }),
          ...(owner === undefined ? {} : { owner }),
          ...(offset === undefined ? {} : { offset: Number(offset) }),
          ...(limit === undefined ? {} : { limit: Number(limit) }),
        }),
      };
    },
  );

  let doc: unknown;
  app.get('/openapi.json', { schema: { hide: true } }, () =>
    Promise.resolve(
      (doc ??= openApiDocument(routes, { title: 'Parley node API', version: API_VERSION })),
    ),
  );

  await app.ready();
  return app;
}
