/**
 * Console sign-in: POST /v1/session exchanges the node's API token for a session cookie and a
 * CSRF token (session.ts explains the cookie and the checks); GET /v1/session returns the CSRF
 * token again (after a page reload); DELETE /v1/session signs out.
 *
 * @module
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiAuthError, ApiCsrfError } from '../../errors.js';
import { requestSession, sameOrigin, tokenCheck } from '../auth.js';
import { errorBodySchema } from '../errors.js';
import { commonErrors, type JsonSchema } from '../schemas.js';
import type { NodePublicIdentity } from '../../config.js';
import { sessionCookie, sessionCookieName, type Session, type SessionStore } from '../session.js';

export const sessionSchema: JsonSchema = {
  type: 'object',
  required: ['csrfToken', 'expiresAt', 'node'],
  additionalProperties: false,
  properties: {
    csrfToken: {
      type: 'string',
      description: 'Send it as X-CSRF-Token with every request that changes state.',
    },
    expiresAt: { type: 'string', description: 'When the session ends if idle (ISO 8601).' },
    node: { type: 'string', description: "The node's organization name." },
  },
};

const view = (s: Session, node: string): Record<string, string> => ({
  csrfToken: s.csrfToken,
  expiresAt: new Date(s.expiresAt).toISOString(),
  node,
});

/**
 * Registers the session routes.
 * @example
 * ```ts
 * sessionRoutes(app, { token: secrets.apiToken, sessions, identity });
 * ```
 */
export function sessionRoutes(
  app: FastifyInstance,
  opts: {
    readonly token: string;
    readonly sessions: SessionStore;
    readonly identity: NodePublicIdentity;
  },
): void {
  const check = tokenCheck(opts.token);
  const { sessions } = opts;
  const node = opts.identity.name;
  const cookie = (req: FastifyRequest, id: string | null): string => {
    const secure = req.protocol === 'https';
    return sessionCookie(id, {
      name: sessionCookieName(opts.identity.chainAddress, secure),
      secure,
      maxAgeSeconds: id === null ? 0 : sessions.maxAgeMs / 1000,
    });
  };

  app.post<{ Body: { token: string } }>(
    '/v1/session',
    {
      config: { public: true },
      schema: {
        summary: 'Console sign-in: exchange the API token for a session cookie.',
        description:
          'Sets the HttpOnly, SameSite=Strict session cookie and returns the CSRF token that cookie-authenticated requests must send in X-CSRF-Token. Refused from another origin.',
        tags: ['session'],
        body: {
          type: 'object',
          required: ['token'],
          additionalProperties: false,
          properties: { token: { type: 'string', minLength: 1, maxLength: 512 } },
        },
        response: { 201: sessionSchema, 403: errorBodySchema, ...commonErrors },
      },
    },
    async (req, reply: FastifyReply) => {
      if (!sameOrigin(req)) throw new ApiCsrfError('origin');
      if (!check(req.body.token)) throw new ApiAuthError();
      const { id, session } = sessions.create();
      void reply.header('set-cookie', cookie(req, id));
      return await reply.code(201).send(view(session, node));
    },
  );

  app.get(
    '/v1/session',
    {
      schema: {
        summary: "The console session's CSRF token and expiry (cookie sessions only).",
        tags: ['session'],
        response: { 200: sessionSchema, ...commonErrors },
      },
    },
    (req) => {
      const s = requestSession(req);
      if (s === undefined) return Promise.reject(new ApiAuthError());
      return Promise.resolve(view(s.session, node));
    },
  );

  app.delete(
    '/v1/session',
    {
      schema: {
        summary: 'Sign out: end the console session and clear its cookie.',
        tags: ['session'],
        response: { 204: { type: 'null' }, 403: errorBodySchema, ...commonErrors },
      },
    },
    async (req, reply) => {
      const s = requestSession(req);
      if (s !== undefined) sessions.destroy(s.id);
      void reply.header('set-cookie', cookie(req, null));
      return await reply.code(204).send();
    },
  );
}
