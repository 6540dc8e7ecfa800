/**
 * Builds the OpenAPI 3.1 document from the routes' own JSON Schemas (collected with fastify's
 * onRoute hook), so validation and documentation share one source. OpenAPI 3.1 uses JSON Schema
 * 2020-12, a superset of what the route schemas use, so schemas are copied unchanged.
 *
 * @module
 */
import type { RouteOptions } from 'fastify';

declare module 'fastify' {
  /** Documentation fields of a route schema, copied into /openapi.json. */
  interface FastifySchema {
    summary?: string;
    description?: string;
    tags?: readonly string[];
    /** Leave the route out of the document. */
    hide?: boolean;
  }
}

export interface RouteDoc {
  readonly method: string;
  readonly url: string;
  readonly schema: Record<string, unknown>;
  readonly public: boolean;
}

/** Collects documented routes (those with a `schema` and not `hide`). */
export function collectRoute(routes: RouteDoc[], r: RouteOptions): void {
  const schema = r.schema as Record<string, unknown> | undefined;
  if (schema === undefined || schema.hide === true) return;
  const methods = Array.isArray(r.method) ? r.method : [r.method];
  for (const m of methods) {
    if (m === 'HEAD') continue;
    routes.push({
      method: m.toLowerCase(),
      url: r.url,
      schema,
      public: (r.config as { public?: boolean } | undefined)?.public === true,
    });
  }
}

type Json = Record<string, unknown>;

/** Schemas given a name under `components.schemas`, found in the routes by object identity. */
export type NamedSchemas = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/**
 * A deep copy of `schema` in which every object that is one of `named` (by identity) is
 * replaced by a `$ref` to its component; `self` (the component being emitted) is not.
 */
function withRefs(schema: unknown, refs: ReadonlyMap<object, string>, self?: object): unknown {
  if (typeof schema !== 'object' || schema === null) return schema;
  const name = refs.get(schema);
  if (name !== undefined && schema !== self) return { $ref: `#/components/schemas/${name}` };
  if (Array.isArray(schema)) return schema.map((v) => withRefs(v, refs));
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, withRefs(v, refs)]));
}

function parameters(
  where: 'path' | 'query',
  schema: unknown,
  refs: ReadonlyMap<object, string>,
): Json[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const s = schema as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, sch]) => ({
    name,
    in: where,
    required: where === 'path' || (s.required ?? []).includes(name),
    schema: withRefs(sch, refs),
  }));
}

/**
 * A route's responses. A response schema is JSON unless it has fastify's `content` form
 * (`{ content: { 'text/event-stream': { schema } } }`), which is copied as it is. Routes with a
 * body also answer 413 and 415 (ERR_API_PAYLOAD, errors.ts) with `errorBody`.
 */
function responses(s: Json, refs: ReadonlyMap<object, string>, errorBody: unknown): Json {
  const out: Record<string, Json> = {};
  const all: Record<string, unknown> = { ...((s.response ?? {}) as Record<string, unknown>) };
  if (s.body !== undefined && errorBody !== undefined) {
    all['413'] ??= errorBody;
    all['415'] ??= errorBody;
  }
  for (const [status, sch] of Object.entries(all)) {
    const description = status === '204' ? 'No content' : status.startsWith('2') ? 'OK' : 'Error';
    const content = (sch as { content?: unknown } | null)?.content;
    out[status] =
      status === '204'
        ? { description }
        : content !== undefined
          ? { description, content: withRefs(content, refs) }
          : { description, content: { 'application/json': { schema: withRefs(sch, refs) } } };
  }
  return out;
}

/**
 * The OpenAPI 3.1 document for `routes`. Each of `named` becomes `components.schemas.<name>`
 * and every use of that same object in a route becomes a `$ref` to it (so generated clients
 * get named types); `named.ErrorBody`, if given, is also the body of 413 and 415.
 * @example
 * ```ts
 * const doc = openApiDocument(routes, { title: 'Parley node API', version: '0.1.0' }, { ErrorBody: errorBodySchema });
 * doc.paths['/v1/datasets'].post.requestBody;
 * ```
 */
export function openApiDocument(
  routes: readonly RouteDoc[],
  info: { readonly title: string; readonly version: string },
  named: NamedSchemas = {},
): Json {
  const refs = new Map<object, string>(Object.entries(named).map(([k, v]) => [v, k]));
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const s = r.schema;
    const op: Json = {
      operationId: `${r.method}${path.replace(/[{}]/g, '').replace(/(^|[/_-])([a-z0-9])/g, (_, __, c: string) => c.toUpperCase())}`,
      ...(typeof s.summary === 'string' ? { summary: s.summary } : {}),
      ...(typeof s.description === 'string' ? { description: s.description } : {}),
      ...(Array.isArray(s.tags) ? { tags: s.tags } : {}),
      parameters: [
        ...parameters('path', s.params, refs),
        ...parameters('query', s.querystring, refs),
      ],
      ...(s.body === undefined
        ? {}
        : {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: withRefs(s.body, refs) } },
            },
          }),
      responses: responses(
        s,
        refs,
        named.ErrorBody === undefined ? undefined : withRefs(named.ErrorBody, refs),
      ),
      ...(r.public ? { security: [] } : {}),
    };
    (paths[path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: { ...info },
    components: {
      schemas: Object.fromEntries(Object.entries(named).map(([k, v]) => [k, withRefs(v, refs, v)])),
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'The token in keys/api.token.' },
      },
    },
    security: [{ bearer: [] }],
    paths,
  };
}
