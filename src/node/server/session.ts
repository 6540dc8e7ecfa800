/**
 * Browser sessions of the web console. A person signs in once with the node's API token
 * (POST /v1/session); the node answers with a session cookie and a CSRF token, so the token
 * itself is never kept by the browser (no URL, no localStorage).
 *
 * Security properties:
 * - The session id is 32 random bytes; the store keys sessions by its SHA-256, so a timing
 *   difference of the map lookup says nothing about a live id. Sessions live in memory only:
 *   a node restart signs everyone out.
 * - The cookie is `HttpOnly; SameSite=Strict; Path=/` (and `Secure` with the `__Host-` prefix
 *   when the API is served over TLS), so page scripts cannot read it and other sites' requests
 *   do not carry it. Its name carries the node's address (several local nodes share a host).
 * - Every mutating request authenticated by the cookie must carry the session's synchronizer
 *   token in `X-CSRF-Token` (compared in constant time) and, when the browser sends one, an
 *   `Origin` equal to the node's own; GET/HEAD never change state.
 * - Sessions expire after `idleMs` without a request and `maxAgeMs` after sign-in, whichever
 *   comes first. Expired sessions are swept on access.
 *
 * @module
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefix of the session cookie's name (see {@link sessionCookieName}). */
export const SESSION_COOKIE = 'parley_session';

/**
 * The session cookie's name for a node: `parley_session_<first 8 hex digits of its chain
 * address>`, so that consoles of several nodes on one host (cookies are per host, not per port)
 * do not overwrite each other's sessions; over TLS it has the `__Host-` prefix, which the browser
 * accepts only with Secure, Path=/ and no Domain.
 * @example
 * ```ts
 * sessionCookieName('0x12ab34cd...', false); // 'parley_session_12ab34cd'
 * ```
 */
export function sessionCookieName(chainAddress: string, secure: boolean): string {
  return `${secure ? '__Host-' : ''}${SESSION_COOKIE}_${chainAddress.slice(2, 10).toLowerCase()}`;
}
/** Header carrying the CSRF synchronizer token. */
export const CSRF_HEADER = 'x-csrf-token';

export interface SessionStoreOptions {
  /** Idle lifetime in milliseconds (default 30 minutes). */
  readonly idleMs?: number;
  /** Absolute lifetime in milliseconds (default 12 hours). */
  readonly maxAgeMs?: number;
  /** Largest number of live sessions (default 1000); the oldest is dropped beyond it. */
  readonly maxSessions?: number;
  /** The clock (default Date.now), for tests. */
  readonly now?: () => number;
}

/** A live session as the routes see it. The CSRF token is not secret from its own page. */
export interface Session {
  readonly csrfToken: string;
  readonly createdAt: number;
  /** When the session ends if it stays idle (ms since the epoch). */
  readonly expiresAt: number;
}

interface Entry {
  readonly csrfToken: string;
  readonly createdAt: number;
  lastSeen: number;
}

const hashId = (id: string): string => createHash('sha256').update(id, 'utf8').digest('hex');

/** The in-memory session store of one node. */
export interface SessionStore {
  /** Starts a session. @returns the cookie value (secret) and the session. */
  create(): { readonly id: string; readonly session: Session };
  /** The live session for a cookie value, refreshing its idle timer; undefined if none. */
  get(id: string): Session | undefined;
  /** Ends a session (sign-out). */
  destroy(id: string): void;
  /** Number of live sessions. */
  readonly size: number;
  /** The absolute lifetime, for the cookie's Max-Age. */
  readonly maxAgeMs: number;
}

/**
 * Creates an in-memory session store.
 * @example
 * ```ts
 * const sessions = sessionStore({ idleMs: 15 * 60_000 });
 * const { id, session } = sessions.create();
 * sessions.get(id)?.csrfToken === session.csrfToken; // true
 * ```
 */
export function sessionStore(options: SessionStoreOptions = {}): SessionStore {
  const idleMs = options.idleMs ?? 30 * 60_000;
  const maxAgeMs = options.maxAgeMs ?? 12 * 3600_000;
  const maxSessions = options.maxSessions ?? 1000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  const expiry = (e: Entry): number => Math.min(e.lastSeen + idleMs, e.createdAt + maxAgeMs);
  const view = (e: Entry): Session => ({
    csrfToken: e.csrfToken,
    createdAt: e.createdAt,
    expiresAt: expiry(e),
  });
  const sweep = (t: number): void => {
    for (const [k, e] of entries) if (expiry(e) <= t) entries.delete(k);
  };

  return {
    create() {
      const t = now();
      sweep(t);
      while (entries.size >= maxSessions) {
        const oldest = entries.keys().next();
        if (oldest.done === true) break;
        entries.delete(oldest.value);
      }
      const id = randomBytes(32).toString('base64url');
      const e: Entry = {
        csrfToken: randomBytes(32).toString('base64url'),
        createdAt: t,
        lastSeen: t,
      };
      entries.set(hashId(id), e);
      return { id, session: view(e) };
    },
    get(id) {
      const key = hashId(id);
      const e = entries.get(key);
      if (e === undefined) return undefined;
      const t = now();
      if (expiry(e) <= t) {
        entries.delete(key);
        return undefined;
      }
      e.lastSeen = t;
      return view(e);
    },
    destroy(id) {
      entries.delete(hashId(id));
    },
    maxAgeMs,
    get size() {
      sweep(now());
      return entries.size;
    },
  };
}

/**
 * The value of cookie `name` in a Cookie header, or undefined.
 * @example
 * ```ts
 * cookieValue('a=1; parley_session=xyz', 'parley_session'); // 'xyz'
 * ```
 */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    if (part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

/**
 * The Set-Cookie value for a session (or, with `id` null, one that clears it).
 * @example
 * ```ts
 * sessionCookie(id, { name: 'parley_session_12ab34cd', secure: false, maxAgeSeconds: 1800 });
 * ```
 */
export function sessionCookie(
  id: string | null,
  opts: { readonly name: string; readonly secure: boolean; readonly maxAgeSeconds: number },
): string {
  const attrs = [
    `${opts.name}=${id ?? ''}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${id === null ? 0 : Math.max(0, Math.floor(opts.maxAgeSeconds))}`,
  ];
  if (opts.secure) attrs.push('Secure');
  return attrs.join('; ');
}

/**
 * Constant-time equality of two strings (SHA-256 of both, so lengths do not leak).
 * @example
 * ```ts
 * sameSecret(req.headers['x-csrf-token'] ?? '', session.csrfToken);
 * ```
 */
export function sameSecret(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}
