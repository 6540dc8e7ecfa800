/**
 * JSON Schemas of the REST API, shared by fastify's validation and serialization and by
 * /openapi.json, so the document cannot drift from what the server checks.
 *
 * @module
 */
import { errorBodySchema } from './errors.js';

/** A JSON Schema object (draft 2020-12 subset that ajv and OpenAPI 3.1 both read). */
export type JsonSchema = Readonly<Record<string, unknown>>;

export const datasetIdSchema: JsonSchema = {
  type: 'string',
  pattern: '^0x[0-9a-f]{64}$',
  description: 'Dataset id: 0x + 64 hex digits (the Catalog id once published).',
};

const boundSchema: JsonSchema = {
  type: ['number', 'string'],
  maxLength: 64,
  description:
    'integer, decimal, fixed, date, timestamp: inclusive bound in the column units (a string is exact).',
};

/** One column of a schema file (validated in full by src/node/datasets/schema.ts). */
export const columnSchema: JsonSchema = {
  type: 'object',
  required: ['name', 'type'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 64 },
    type: {
      type: 'string',
      enum: [
        'integer',
        'decimal',
        'fixed',
        'boolean',
        'category',
        'identifier',
        'date',
        'timestamp',
      ],
    },
    bits: { type: 'integer', minimum: 2, maximum: 64, description: 'integer columns only' },
    scale: {
      type: 'integer',
      minimum: 0,
      maximum: 18,
      description: 'decimal columns only: digits after the point',
    },
    resolution: { type: 'string', enum: ['s', 'ms'], description: 'timestamp columns only' },
    min: boundSchema,
    max: boundSchema,
    labels: {
      type: 'array',
      items: { type: 'string', minLength: 1, maxLength: 256 },
      minItems: 1,
      maxItems: 4096,
      description: 'category columns only',
    },
    true: {
      type: 'array',
      items: { type: 'string', minLength: 1, maxLength: 32 },
      minItems: 1,
      maxItems: 16,
      description: 'boolean columns only: spellings of true',
    },
    false: {
      type: 'array',
      items: { type: 'string', minLength: 1, maxLength: 32 },
      minItems: 1,
      maxItems: 16,
      description: 'boolean columns only: spellings of false',
    },
    normalize: {
      description: 'identifier columns only: "none", or steps among trim, nfc, nfkc, lower',
      anyOf: [
        { type: 'string', enum: ['none', 'trim', 'nfc', 'nfkc', 'lower'] },
        {
          type: 'array',
          maxItems: 4,
          items: { type: 'string', enum: ['trim', 'nfc', 'nfkc', 'lower'] },
        },
      ],
    },
    unit: { type: 'string', maxLength: 32 },
  },
};

export const datasetSchemaSchema: JsonSchema = {
  type: 'object',
  required: ['columns'],
  additionalProperties: false,
  properties: {
    columns: { type: 'array', minItems: 1, maxItems: 1000, items: columnSchema },
  },
};

export const datasetInfoSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'name', 'rowCount', 'contentHash', 'createdAt', 'publishedAt', 'schema'],
  additionalProperties: false,
  properties: {
    id: datasetIdSchema,
    name: { type: 'string' },
    rowCount: { type: 'integer' },
    contentHash: { type: 'string', description: 'sha256 of the canonical encoding, 0x-hex.' },
    createdAt: { type: 'string', format: 'date-time' },
    publishedAt: { type: ['string', 'null'] },
    schema: datasetSchemaSchema,
  },
};

export const importDatasetBodySchema: JsonSchema = {
  type: 'object',
  required: ['name', 'csv'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' },
    csv: { type: 'string', description: 'CSV text (RFC 4180) with a header line.' },
    schema: datasetSchemaSchema,
  },
};

export const statusSchema: JsonSchema = {
  type: 'object',
  required: ['name', 'chainAddress', 'tlsFingerprint', 'version', 'datasets'],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    chainAddress: { type: 'string' },
    tlsFingerprint: { type: 'string' },
    version: { type: 'string' },
    datasets: { type: 'integer' },
  },
};

/** Error responses every authenticated route may give. */
export const commonErrors: JsonSchema = {
  400: errorBodySchema,
  401: errorBodySchema,
  500: errorBodySchema,
};

export const publishBodySchema: JsonSchema = {
  type: 'object',
  required: ['title'],
  additionalProperties: false,
  properties: {
    title: { type: 'string', minLength: 1, maxLength: 200 },
    description: { type: 'string', maxLength: 4000 },
    tags: { type: 'array', maxItems: 32, items: { type: 'string', minLength: 1, maxLength: 64 } },
    releaseTime: { type: 'integer', minimum: 0, maximum: 2 ** 53 - 1 },
  },
};

export const catalogQuerySchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    q: {
      type: 'string',
      maxLength: 200,
      description: 'Substring of title, description, tag or column.',
    },
    owner: { type: 'string', pattern: '^0x[0-9a-fA-F]{40}$' },
    offset: {
      type: 'string',
      pattern: '^[0-9]{1,9}$',
      description: 'Catalog index to start at (default 0).',
    },
    limit: {
      type: 'string',
      pattern: '^(?:[1-9][0-9]?|[1-4][0-9]{2}|500)$',
      description: '1..500 (default 100).',
    },
  },
};

export const catalogEntrySchema: JsonSchema = {
  type: 'object',
  required: ['id', 'owner', 'title', 'columns', 'rowCount', 'contentHash', 'withdrawn'],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    owner: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    columns: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          name: { type: 'string' },
          dataType: { type: 'string' },
          unit: { type: 'string' },
        },
      },
    },
    rowCount: { type: 'integer' },
    contentHash: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
    releaseTime: { type: 'integer' },
    withdrawn: { type: 'boolean' },
  },
};

/** Error responses of routes that read or write the ledger. */
export const ledgerErrors: JsonSchema = {
  409: errorBodySchema,
  502: errorBodySchema,
  503: errorBodySchema,
};

export const addressSchema: JsonSchema = {
  type: 'string',
  pattern: '^0x[0-9a-fA-F]{40}$',
  description: 'A chain address, 0x + 40 hex digits.',
};

export const hashSchema: JsonSchema = {
  type: 'string',
  pattern: '^0x[0-9a-fA-F]{64}$',
  description: '0x + 64 hex digits.',
};

/** A decimal ledger id (job or grant). */
export const ledgerIdSchema: JsonSchema = {
  type: 'string',
  pattern: '^[1-9][0-9]{0,19}$',
  description: "The ledger's id, decimal.",
};

/** `{ id }` path params with a ledger id. */
export const ledgerIdParams: JsonSchema = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: ledgerIdSchema },
};

/** A member's name or chain address. */
export const memberRefSchema: JsonSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 200,
  description: "A member's name (as in GET /v1/members) or its chain address.",
};

/** A program's registry name or its code hash. */
export const programRefSchema: JsonSchema = {
  type: 'string',
  pattern: '^(?:[a-z0-9-]{1,64}|0x[0-9a-fA-F]{64})$',
  description: "A program's name (GET /v1/programs) or its code hash.",
};

/** `{ reason? }` body of reject/revoke. */
export const reasonBodySchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    reason: {
      type: 'string',
      minLength: 1,
      maxLength: 1000,
      description: 'Public text, written on chain with a rejection or revocation.',
    },
  },
};
