/**
 * Authentication of the organization's own users. Every route requires one of:
 * - `Authorization: Bearer <token>` (CLI, scripts, the SDK in Node), or
 * - the console's session cookie (session.ts), and for every method but GET/HEAD/OPTIONS also
 *   the session's CSRF token in `X-CSRF-Token` and an `Origin` (when sent) equal to the node's.
 *
 * Routes registered with `config: { public: true }` need neither (GET /health, the console's
 * static files, POST /v1/session which checks the token itself). A request that sends an
 * Authorization header is judged by it alone; the cookie is not consulted. Tokens are compared in
 * constant time (SHA-256 of both, then timingSafeEqual, so neither the content nor the length
 * leaks through timing).
 *
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiAuthError, ApiCsrfError } from '../errors.js';
import {
  cookieValue,
  CSRF_HEADER,
  sameSecret,
  sessionCookieName,
  type Session,
  type SessionStore,
} from './session.js';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Methods that never change state, so need no CSRF token. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

const bound = new WeakMap<FastifyRequest, { readonly id: string; readonly session: Session }>();

/**
 * The console session a request was authenticated with, if it came with the cookie.
 * @example
 * ```ts
 * const s = requestSession(req); // undefined for bearer-token requests
 * ```
 */
export function requestSession(
  req: FastifyRequest,
): { readonly id: string; readonly session: Session } | undefined {
  return bound.get(req);
}

/**
 * The node's own origin as the browser names it (`http://127.0.0.1:7400`).
 * @example
 * ```ts
 * if (req.headers.origin !== ownOrigin(req)) throw new ApiCsrfError('origin');
 * ```
 */
export function ownOrigin(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

/**
 * True if the request's Origin header is absent or the node's own.
 * @example
 * ```ts
 * sameOrigin(req);
 * ```
 */
export function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  return origin === undefined || origin === ownOrigin(req);
}

/**
 * A constant-time check of a presented API token against the node's.
 * @example
 * ```ts
 * const check = tokenCheck(secrets.apiToken);
 * check(body.token); // true or false
 * ```
 */
export function tokenCheck(token: string): (presented: string) => boolean {
  if (token.length < 16)
    throw new TypeError('tokenCheck: expected a token of at least 16 characters');
  const expected = digest(token);
  return (presented) => timingSafeEqual(digest(presented), expected);
}

/**
 * A fastify onRequest hook that refuses requests without the right token or a valid session.
 * @example
 * ```ts
 * app.addHook('onRequest', nodeAuth(secrets.apiToken, { store: sessionStore(), chainAddress }));
 * ```
 */
export function nodeAuth(
  token: string,
  sessions?: { readonly store: SessionStore; readonly chainAddress: string },
): (req: FastifyRequest) => Promise<void> {
  const store = sessions?.store;
  const check = tokenCheck(token);
  return (req: FastifyRequest): Promise<void> => {
    const config = req.routeOptions.config as { public?: boolean } | undefined;
    if (config?.public === true) return Promise.resolve();
    const header = req.headers.authorization;
    if (header !== undefined) {
      const m = /^Bearer +([^\s]+) *$/i.exec(header);
      if (m === null || !check(m[1]!)) return Promise.reject(new ApiAuthError());
      return Promise.resolve();
    }
    const id =
      sessions === undefined
        ? undefined
        : cookieValue(
            req.headers.cookie,
            sessionCookieName(sessions.chainAddress, req.protocol === 'https'),
          );
    const session = id === undefined || id === '' ? undefined : store!.get(id);
    if (session === undefined) return Promise.reject(new ApiAuthError());
    if (!SAFE_METHODS.has(req.method)) {
      const csrf = req.headers[CSRF_HEADER];
      if (typeof csrf !== 'string' || !sameSecret(csrf, session.csrfToken))
        return Promise.reject(new ApiCsrfError('token'));
      if (!sameOrigin(req)) return Promise.reject(new ApiCsrfError('origin'));
    }
    bound.set(req, { id: id!, session });
    return Promise.resolve();
  };
}
