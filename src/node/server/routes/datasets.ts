/**
 * Dataset routes (import, list, show, delete, publish to the Catalog) and the Catalog search.
 *
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { publishStoredDataset, searchCatalog } from '../../catalog.js';
import { importDataset } from '../../datasets/import.js';
import { DatasetNotFoundError } from '../../errors.js';
import {
  deleteDataset,
  getDataset,
  listDatasets,
  type DatasetRecord,
} from '../../store/datasets.js';
import type { ApiContext } from '../context.js';
import { errorBodySchema } from '../errors.js';
import {
  catalogEntrySchema,
  catalogQuerySchema,
  commonErrors,
  datasetIdSchema,
  datasetInfoSchema,
  importDatasetBodySchema,
  publishBodySchema,
} from '../schemas.js';

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
 * Registers the dataset and catalog routes.
 * @example
 * ```ts
 * datasetRoutes(app, ctx);
 * ```
 */
export function datasetRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { store } = ctx;

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
      const rec = await publishStoredDataset(store, ctx.ledger(), req.params.id, {
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
        datasets: await searchCatalog(ctx.ledger(), {
          ...(q === undefined ? {} : { q }),
          ...(owner === undefined ? {} : { owner }),
          ...(offset === undefined ? {} : { offset: Number(offset) }),
          ...(limit === undefined ? {} : { limit: Number(limit) }),
        }),
      };
    },
  );
}
