/**
 * The console's connection to its node: the typed SDK (`parley/sdk`, browser entry) on the
 * page's own origin, authenticated by the session cookie the browser holds (HttpOnly: this code
 * never sees it). Every request that changes state carries the session's CSRF token, which lives
 * in this module's memory only (never in storage or a URL); after a reload it is fetched again
 * from GET /v1/session.
 *
 * Routes without an SDK facade method (session, governance, program source) go through the
 * SDK's typed `raw` client, with errors made the same way ({@link ParleyApiError}).
 */
import {
  createParleyClient,
  errorFromResponse,
  ParleyApiError,
  type components,
  type paths,
} from 'parley/sdk';

export type Schemas = components['schemas'];
export type Proposal = Schemas['Proposal'];
export type Session = Schemas['Session'];
export type ProgramSource = Schemas['ProgramSource'];
export { ParleyApiError };

let csrfToken: string | null = null;

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function send(req: Request): Promise<Response> {
  if (csrfToken !== null && !SAFE.has(req.method)) req.headers.set('x-csrf-token', csrfToken);
  return fetch(req);
}

/** The SDK client of this node. */
export const api = createParleyClient({
  baseUrl: location.origin,
  fetch: send,
  credentials: 'same-origin',
});

interface RawResult<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

async function unwrap<T>(p: Promise<RawResult<T>>): Promise<T> {
  const r = await p;
  if (!r.response.ok) throw errorFromResponse(r.response.status, r.error, location.origin);
  return r.data as T;
}

/** Signs in with the node's API token; the token is sent once and not kept. */
export async function signIn(token: string): Promise<Session> {
  const s = await unwrap(api.raw.POST('/v1/session', { body: { token } }));
  csrfToken = s.csrfToken;
  return s;
}

/** The current session after a reload, or null when signed out. */
export async function resumeSession(): Promise<Session | null> {
  try {
    const s = await unwrap(api.raw.GET('/v1/session'));
    csrfToken = s.csrfToken;
    return s;
  } catch (err) {
    if (err instanceof ParleyApiError && err.code === 'ERR_API_AUTH') return null;
    throw err;
  }
}

/** Ends the session on the node. */
export async function signOut(): Promise<void> {
  try {
    await unwrap(api.raw.DELETE('/v1/session'));
  } finally {
    csrfToken = null;
  }
}

export const governance = {
  list: () => unwrap(api.raw.GET('/v1/governance/proposals', {})),
  propose: (body: ProposeBody) => unwrap(api.raw.POST('/v1/governance/proposals', { body })),
  vote: (id: string) =>
    unwrap(api.raw.POST('/v1/governance/proposals/{id}/vote', { params: { path: { id } } })),
};

export type ProposeBody =
  paths['/v1/governance/proposals']['post']['requestBody']['content']['application/json'];

/** A built-in program's source and its recomputed code hash. */
export const programSource = (name: string): Promise<ProgramSource> =>
  unwrap(api.raw.GET('/v1/programs/{name}/source', { params: { path: { name } } }));

/** A readable line for any error a call rejects with. */
export function errorText(err: unknown): string {
  if (err instanceof ParleyApiError) return `${err.shortMessage} (${err.code})`;
  return err instanceof Error ? err.message : String(err);
}
