/**
 * Artifacts: this node's shares of outputs that went to nobody (see `src/node/store/artifacts.ts`).
 * List and show return metadata only (never a share); delete removes this node's shares.
 *
 * @module
 */
import type { FastifyInstance } from 'fastify';
import {
  ArtifactNotFoundError,
  deleteArtifact,
  getArtifact,
  listArtifacts,
  type ArtifactInfo,
} from '../../store/artifacts.js';
import type { ApiContext } from '../context.js';
import { errorBodySchema } from '../errors.js';
import { commonErrors, type JsonSchema } from '../schemas.js';

export const artifactSchema: JsonSchema = {
  type: 'object',
  required: [
    'id',
    'jobId',
    'name',
    'program',
    'field',
    'type',
    'length',
    'committee',
    't',
    'index',
    'lineage',
    'resultDigest',
    'createdAt',
  ],
  additionalProperties: false,
  properties: {
    id: { type: 'string', description: '<jobId>.<output name>, the same on every member.' },
    jobId: { type: 'string', description: 'The job that computed it.' },
    name: { type: 'string', description: "The producing program's output name." },
    program: { type: 'string' },
    field: { type: 'string', enum: ['p127', 'p255'] },
    type: {
      type: 'object',
      required: ['kind'],
      additionalProperties: false,
      properties: {
        kind: { type: 'string', enum: ['int', 'fxp', 'bit'] },
        k: { type: 'integer' },
        f: { type: 'integer' },
      },
      description: 'The secure type of its elements: kind, bit length k, fractional bits f.',
    },
    length: { type: 'integer', description: 'Number of elements.' },
    committee: {
      type: 'array',
      items: { type: 'string' },
      description: 'The members holding it, in order: a job taking it must have this committee.',
    },
    t: { type: 'integer', description: 'The threshold: more than t members hold the value.' },
    index: { type: 'integer', description: "This member's evaluation point (1-based)." },
    lineage: {
      type: 'object',
      required: ['datasets', 'owners'],
      additionalProperties: false,
      properties: {
        datasets: { type: 'array', items: { type: 'string' } },
        owners: { type: 'array', items: { type: 'string' } },
      },
      description:
        'What it was computed from: a job taking it lists these datasets as inputs, so their owners approve.',
    },
    resultDigest: { type: 'string', description: "The producing job's attested digest." },
    createdAt: { type: 'string' },
  },
};

const idParams: JsonSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^\\d{1,30}\\.[A-Za-z][A-Za-z0-9_]{0,63}$' } },
};

const view = (a: ArtifactInfo): ArtifactInfo => ({ ...a, type: { ...a.type } });

export function artifactRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { store } = ctx;
  app.get(
    '/v1/artifacts',
    {
      schema: {
        summary: "This node's artifacts (metadata only; shares are never served).",
        tags: ['artifacts'],
        response: {
          200: {
            type: 'object',
            required: ['artifacts'],
            additionalProperties: false,
            properties: { artifacts: { type: 'array', items: artifactSchema } },
          },
          ...commonErrors,
        },
      },
    },
    () => Promise.resolve({ artifacts: listArtifacts(store).map(view) }),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/artifacts/:id',
    {
      schema: {
        summary: 'One artifact (metadata only).',
        tags: ['artifacts'],
        params: idParams,
        response: { 200: artifactSchema, 404: errorBodySchema, ...commonErrors },
      },
    },
    (req) => {
      const a = getArtifact(store, req.params.id);
      if (a === undefined) return Promise.reject(new ArtifactNotFoundError(req.params.id));
      return Promise.resolve(view(a));
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/artifacts/:id',
    {
      schema: {
        summary:
          "Deletes this node's shares of an artifact. The other members keep theirs, but no job can use the artifact any more (every member's shares are needed); once more than t members delete, the value is gone for good.",
        tags: ['artifacts'],
        params: idParams,
        response: {
          200: {
            type: 'object',
            required: ['id', 'deleted'],
            additionalProperties: false,
            properties: { id: { type: 'string' }, deleted: { type: 'boolean', enum: [true] } },
          },
          404: errorBodySchema,
          ...commonErrors,
        },
      },
    },
    (req) => {
      if (!deleteArtifact(store, req.params.id))
        return Promise.reject(new ArtifactNotFoundError(req.params.id));
      return Promise.resolve({ id: req.params.id, deleted: true as const });
    },
  );
}
