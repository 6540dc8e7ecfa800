/**
 * GET /v1/members (the Consortium's members), GET /v1/programs (this node's program registry)
 * and GET /v1/programs/:name (one program with its limits).
 *
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { getMembers } from '../../../ledger/actions/getMembers.js';
import { describeLimits } from '../../../programs/describe.js';
import { acceptedTypes, limitsOf } from '../../../programs/limits.js';
import { validateParams } from '../../../programs/params.js';
import { ProgramNotFoundError } from '../../../programs/errors.js';
import type { RegisteredProgram } from '../../../programs/registry.js';
import {
  programField,
  type ParamSpec,
  type Params,
  type ProgramDefinition,
} from '../../../programs/types.js';
import { fingerprintOf } from '../../jobs/directory.js';
import { sameAddress, type ApiContext } from '../context.js';
import { commonErrors, ledgerErrors, type JsonSchema } from '../schemas.js';

export const memberSchema: JsonSchema = {
  type: 'object',
  required: ['address', 'name', 'endpoint', 'tlsFingerprint', 'jurisdiction', 'self'],
  additionalProperties: false,
  properties: {
    address: { type: 'string' },
    name: { type: 'string' },
    endpoint: { type: 'string', description: 'host:port of the MPC listener.' },
    tlsFingerprint: {
      type: ['string', 'null'],
      description: 'SHA-256 of the TLS key the members pin (hex), null if the record has none.',
    },
    jurisdiction: { type: 'string' },
    self: { type: 'boolean', description: 'True for this node.' },
  },
};

const paramSpecSchema: JsonSchema = {
  type: 'object',
  required: ['type', 'description'],
  additionalProperties: false,
  properties: {
    type: { type: 'string', enum: ['number', 'string', 'boolean', 'list', 'artifact'] },
    items: { type: 'string', enum: ['number', 'string'] },
    minLength: { type: 'integer' },
    maxLength: { type: 'integer' },
    description: { type: 'string' },
    integer: { type: 'boolean' },
    min: { type: 'number' },
    max: { type: 'number' },
    pattern: { type: 'string' },
    oneOf: { type: 'array', items: { type: 'string' } },
    default: {
      type: ['number', 'string', 'boolean', 'array'],
      items: { type: ['number', 'string'] },
    },
  },
};

export const programSchema: JsonSchema = {
  type: 'object',
  required: [
    'name',
    'hash',
    'version',
    'description',
    'field',
    'params',
    'inputs',
    'outputs',
    'limits',
  ],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    hash: { type: 'string', description: 'The code hash jobs and grants name.' },
    version: { type: 'string' },
    description: { type: 'string' },
    field: {
      type: 'string',
      enum: ['p127', 'p255'],
      description: "The prime field of the job's session (part of the program's source).",
    },
    params: { type: 'object', additionalProperties: paramSpecSchema },
    inputs: {
      type: 'array',
      description: 'The columns every input needs (with the default params).',
      items: {
        type: 'object',
        required: ['column', 'kind', 'types'],
        additionalProperties: false,
        properties: {
          column: { type: 'string' },
          kind: { type: 'string', enum: ['integer', 'number', 'category'] },
          bits: {
            type: 'integer',
            description: 'integer: values are stored integers in [-2^(bits-1), 2^(bits-1)).',
          },
          types: {
            type: 'array',
            items: { type: 'string' },
            description: 'The column types accepted.',
          },
          min: {
            type: ['number', 'string'],
            description: 'number: in the column units; integer: stored units, a decimal string.',
          },
          max: {
            type: ['number', 'string'],
            description: 'number: in the column units; integer: stored units, a decimal string.',
          },
          labels: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    minGroupSize: {
      type: 'object',
      required: ['min'],
      additionalProperties: false,
      properties: { min: { type: 'integer' }, param: { type: 'string' } },
      description:
        'Disclosure control: a value computed from fewer rows than max(min, params[param]) is suppressed.',
    },
    outputs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'type', 'description', 'to', 'rows'],
        additionalProperties: false,
        properties: {
          name: { type: 'string' },
          type: { type: 'string' },
          description: { type: 'string' },
          to: {
            type: 'string',
            enum: ['recipients', 'members', 'public', 'owners', 'nobody'],
            description:
              "Who receives it: the job's recipients, every member, the public (on chain), each input owner its own slice, or nobody (kept secret-shared as an artifact).",
          },
          slices: {
            type: 'string',
            enum: ['element', 'rows'],
            description: "For 'owners': element i to input i's owner, or each input's rows.",
          },
          groups: {
            type: 'array',
            items: { type: 'string' },
            description:
              'Disclosure control: the secret group counts of its elements (an element of a group smaller than minGroupSize is suppressed).',
          },
          rows: { type: 'string', description: 'What its rows are (their labels).' },
        },
      },
    },
    limits: {
      type: 'object',
      required: ['text'],
      additionalProperties: false,
      description:
        'The limits checked at proposal and at each owner (with the example params where a parameter has no default: columns are then named after the parameter).',
      properties: {
        rowsPerInput: rangeSchema(),
        rows: rangeSchema(),
        absSum: { type: 'object', additionalProperties: { type: 'number' } },
        field: { type: 'string' },
        text: { type: 'array', items: { type: 'string' } },
      },
    },
  },
};

function rangeSchema(): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    properties: { min: { type: 'number' }, max: { type: 'number' } },
  };
}

/** The default params, with each parameter that has none set to an example (its own name). */
function exampleParams(d: ProgramDefinition): Params | undefined {
  const raw: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(d.params)) {
    if (s.default !== undefined) continue;
    raw[k] = s.type === 'string' ? (s.oneOf?.[0] ?? k) : s.type === 'number' ? (s.min ?? 0) : false;
  }
  try {
    return validateParams(d, raw);
  } catch {
    return undefined;
  }
}

function paramView(spec: ParamSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { type: spec.type, description: spec.description };
  if (spec.type === 'list') {
    out.items = spec.items;
    if (spec.minLength !== undefined) out.minLength = spec.minLength;
    if (spec.maxLength !== undefined) out.maxLength = spec.maxLength;
  }
  if (spec.type === 'number' || (spec.type === 'list' && spec.items === 'number')) {
    if (spec.integer !== undefined) out.integer = spec.integer;
    if (spec.min !== undefined) out.min = spec.min;
    if (spec.max !== undefined) out.max = spec.max;
  }
  if (spec.type === 'string' || (spec.type === 'list' && spec.items === 'string')) {
    if (spec.pattern !== undefined) out.pattern = spec.pattern.source;
    if (spec.oneOf !== undefined) out.oneOf = [...spec.oneOf];
  }
  if (spec.default !== undefined) out.default = spec.default;
  return out;
}

/**
 * A program's public description, as GET /v1/programs lists it.
 * @example
 * ```ts
 * programView(registry.get('paygap')).hash;
 * ```
 */
export function programView(p: RegisteredProgram): Record<string, unknown> {
  const d = p.definition;
  const params = exampleParams(d);
  let inputs: Record<string, unknown>[] = [];
  let limits: Record<string, unknown> = { text: [] };
  try {
    if (params !== undefined) {
      inputs = Object.entries(d.input(params)).map(([column, r]) => ({
        column,
        ...r,
        // integer bounds are stored integers (bigint): strings in JSON
        ...(r.kind === 'integer'
          ? {
              ...(r.min === undefined ? {} : { min: String(r.min) }),
              ...(r.max === undefined ? {} : { max: String(r.max) }),
            }
          : {}),
        types: [...acceptedTypes(r)],
        ...(r.kind === 'category' ? { labels: [...r.labels] } : {}),
      }));
      limits = { ...limitsOf(d, params), text: describeLimits(d, params) };
    }
  } catch {
    inputs = []; // the columns depend on params the example cannot give
  }
  return {
    name: d.name,
    hash: p.codeHash,
    version: d.version,
    description: d.description,
    field: programField(d).name,
    params: Object.fromEntries(Object.entries(d.params).map(([k, s]) => [k, paramView(s)])),
    inputs,
    outputs: Object.entries(d.outputs).map(([name, o]) => ({
      name,
      type: o.type,
      description: o.description,
      to: o.to,
      ...(o.slices === undefined ? {} : { slices: o.slices }),
      ...(o.groups === undefined ? {} : { groups: [...o.groups] }),
      rows: o.labels?.description ?? (o.length === 1 ? 'one row: overall' : 'one row per element'),
    })),
    limits,
    ...(d.minGroupSize === undefined ? {} : { minGroupSize: { ...d.minGroupSize } }),
  };
}

/**
 * Registers GET /v1/members and GET /v1/programs.
 * @example
 * ```ts
 * memberRoutes(app, ctx);
 * ```
 */
export function memberRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get(
    '/v1/members',
    {
      schema: {
        summary: "The consortium's current members (from the Consortium contract).",
        tags: ['consortium'],
        response: {
          200: {
            type: 'object',
            required: ['members'],
            properties: { members: { type: 'array', items: memberSchema } },
          },
          ...ledgerErrors,
          ...commonErrors,
        },
      },
    },
    async () => {
      const members = await getMembers(ctx.ledger());
      return {
        members: members.map((m) => ({
          address: m.account,
          name: m.name,
          endpoint: m.endpoint,
          tlsFingerprint: fingerprintOf(m.tlsPublicKey) ?? null,
          jurisdiction: m.jurisdiction,
          self: sameAddress(m.account, ctx.identity.chainAddress),
        })),
      };
    },
  );

  app.get(
    '/v1/programs',
    {
      schema: {
        summary: 'The programs this node can run, with their code hashes and parameters.',
        tags: ['jobs'],
        response: {
          200: {
            type: 'object',
            required: ['programs'],
            properties: { programs: { type: 'array', items: programSchema } },
          },
          ...commonErrors,
        },
      },
    },
    () => Promise.resolve({ programs: (ctx.programs?.list() ?? []).map(programView) }),
  );

  app.get<{ Params: { name: string } }>(
    '/v1/programs/:name',
    {
      schema: {
        summary:
          'One program: description, params, inputs (columns and accepted types), outputs (recipients, rows) and limits.',
        tags: ['jobs'],
        params: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string', maxLength: 66, description: 'Name or code hash.' },
          },
        },
        response: { 200: programSchema, ...commonErrors },
      },
    },
    (req) => {
      if (ctx.programs === undefined)
        throw new ProgramNotFoundError(JSON.stringify(req.params.name));
      const ref = req.params.name;
      return Promise.resolve(
        programView(
          /^0x[0-9a-fA-F]{64}$/.test(ref)
            ? ctx.programs.byCodeHash(ref as `0x${string}`)
            : ctx.programs.get(ref),
        ),
      );
    },
  );
}
