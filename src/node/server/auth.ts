/**
 * Bearer-token authentication of the organization's own users. Every route requires
 * `Authorization: Bearer <token>` except those registered with `config: { public: true }`
 * (only GET /health). Tokens are compared in constant time (SHA-256 of both, then
 * timingSafeEqual, so neither the content nor the length leaks through timing).
 *
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiAuthError } from '../errors.js';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * A fastify onRequest hook that refuses requests without the right token.
 * @example
 * ```ts
 * app.addHook('onRequest', bearerAuth(secrets.apiToken));
 * ```
 */
export function bearerAuth(token: string): (req: FastifyRequest) => Promise<void> {
  if (token.length < 16)
    throw new TypeError('bearerAuth: expected a token of at least 16 characters');
  const expected = digest(token);
  return (req: FastifyRequest): Promise<void> => {
    const config = req.routeOptions.config as { public?: boolean } | undefined;
    if (config?.public === true) return Promise.resolve();
    const m = /^Bearer +([^\s]+) *$/i.exec(req.headers.authorization ?? '');
    if (m === null || !timingSafeEqual(digest(m[1]!), expected)) {
      return Promise.reject(new ApiAuthError());
    }
    return Promise.resolve();
  };
}
