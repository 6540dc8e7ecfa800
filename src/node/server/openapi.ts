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

function parameters(where: 'path' | 'query', schema: unknown): Json[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const s = schema as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, sch]) => ({
    name,
    in: where,
    required: where === 'path' || (s.required ?? []).includes(name),
    schema: sch,
  }));
}

/**
 * The OpenAPI 3.1 document for `routes`.
 * @example
 * ```ts
 * const doc = openApiDocument(routes, { title: 'Parley node API', version: '0.1.0' });
 * doc.paths['/v1/datasets'].post.requestBody;
 * ```
 */
export function openApiDocument(
  routes: readonly RouteDoc[],
  info: { readonly title: string; readonly version: string },
): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const s = r.schema;
    const responses: Record<string, Json> = {};
    for (const [status, sch] of Object.entries((s.response ?? {}) as Record<string, unknown>)) {
      const description = status === '204' ? 'No content' : status.startsWith('2') ? 'OK' : 'Error';
      responses[status] =
        status === '204'
          ? { description }
          : { description, content: { 'application/json': { schema: sch } } };
    }
    const op: Json = {
      operationId: `${r.method}${path.replace(/[{}]/g, '').replace(/(^|[/_-])([a-z0-9])/g, (_, __, c: string) => c.toUpperCase())}`,
      ...(typeof s.summary === 'string' ? { summary: s.summary } : {}),
      ...(typeof s.description === 'string' ? { description: s.description } : {}),
      ...(Array.isArray(s.tags) ? { tags: s.tags } : {}),
      parameters: [...parameters('path', s.params), ...parameters('query', s.querystring)],
      ...(s.body === undefined
        ? {}
        : { requestBody: { required: true, content: { 'application/json': { schema: s.body } } } }),
      responses,
      ...(r.public ? { security: [] } : {}),
    };
    (paths[path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: { ...info },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'The token in keys/api.token.' },
      },
    },
    security: [{ bearer: [] }],
    paths,
  };
}
