/**
 * Console sessions and CSRF: every mutating route of the app (read from its route table, not a
 * hand-kept list) refuses a request without a valid session, and one with a session but a
 * missing, forged or foreign CSRF token or origin; the same request with the right token gets
 * past authentication. Also: cookie attributes, expiry, sign-out, and the console's headers.
 */
import { deepEqual, equal, match, notEqual, ok } from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, routeTable } from '../../src/node/server/app.js';
import { CONSOLE_CSP } from '../../src/node/server/routes/console.js';
import { sessionStore } from '../../src/node/server/session.js';
import { openStore, type Store } from '../../src/node/store/db.js';

const token = 'c'.repeat(64);
const identity = {
  name: 'acme',
  chainAddress: `0x${'34'.repeat(20)}`,
  tlsFingerprint: 'e'.repeat(64),
} as const;
const HOST = '127.0.0.1:7400';
const ORIGIN = `http://${HOST}`;

interface Signed {
  readonly cookie: string;
  readonly csrf: string;
}

const codeOf = (res: LightMyRequestResponse): string | undefined => {
  try {
    return res.json<{ code?: string }>().code;
  } catch {
    return undefined;
  }
};

/** A URL for a route pattern: every `:param` becomes `value`. */
const fill = (url: string, value: string): string => url.replace(/:[A-Za-z0-9_]+/g, value);

void describe('console sessions', () => {
  let store: Store;
  let app: FastifyInstance;
  let consoleDir: string;
  let clock = 1_000_000;

  const signIn = async (): Promise<Signed> => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/session',
      headers: { host: HOST, origin: ORIGIN },
      payload: { token },
    });
    equal(res.statusCode, 201, res.body);
    const setCookie = String(res.headers['set-cookie']);
    const cookie = setCookie.split(';')[0]!;
    return { cookie, csrf: res.json<{ csrfToken: string }>().csrfToken };
  };

  before(async () => {
    consoleDir = await mkdtemp(join(tmpdir(), 'parley-console-'));
    await mkdir(join(consoleDir, 'assets'));
    await writeFile(join(consoleDir, 'index.html'), '<!doctype html><title>Parley</title>');
    await writeFile(join(consoleDir, 'assets', 'app-1.js'), 'export {};');
    store = openStore(':memory:');
    app = await buildApp({
      store,
      identity,
      apiToken: token,
      consoleDir,
      sessions: { idleMs: 60_000, maxAgeMs: 600_000, now: () => clock },
    });
  });
  after(async () => {
    await app.close();
    store.close();
    await rm(consoleDir, { recursive: true, force: true });
  });

  test('sign-in sets an HttpOnly, SameSite=Strict cookie on / and returns a CSRF token', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/session',
      headers: { host: HOST },
      payload: { token },
    });
    equal(res.statusCode, 201);
    const c = String(res.headers['set-cookie']);
    match(c, /^parley_session_34343434=[A-Za-z0-9_-]{43}; /);
    for (const attr of ['Path=/', 'HttpOnly', 'SameSite=Strict']) ok(c.includes(attr), attr);
    ok(!c.includes('Secure'), 'no Secure attribute over plain http');
    const body = res.json<Record<string, string>>();
    deepEqual(Object.keys(body).sort(), ['csrfToken', 'expiresAt', 'node']);
    equal(body.node, 'acme');
    ok(!res.body.includes(token), 'the API token is never echoed');
    ok(!res.body.includes(c.split(';')[0]!.split('=')[1]!), 'the session id is only in the cookie');
  });

  test('sign-in refuses a wrong token (401) and another origin (403)', async () => {
    const wrong = await app.inject({
      method: 'POST',
      url: '/v1/session',
      headers: { host: HOST },
      payload: { token: 'd'.repeat(64) },
    });
    equal(wrong.statusCode, 401);
    equal(codeOf(wrong), 'ERR_API_AUTH');
    equal(wrong.headers['set-cookie'], undefined);
    const foreign = await app.inject({
      method: 'POST',
      url: '/v1/session',
      headers: { host: HOST, origin: 'http://evil.example' },
      payload: { token },
    });
    equal(foreign.statusCode, 403);
    equal(codeOf(foreign), 'ERR_API_CSRF');
  });

  test('every mutating route refuses requests without a valid session or CSRF token', async () => {
    const mutating = routeTable(app).filter(
      (r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method) && !r.public,
    );
    // The table holds the routes of every module: datasets, grants, inbox, jobs, policy,
    // governance and the session itself.
    ok(mutating.length >= 15, `only ${mutating.length} mutating routes found`);
    for (const prefix of ['/v1/datasets', '/v1/jobs', '/v1/inbox', '/v1/policy', '/v1/governance'])
      ok(
        mutating.some((r) => r.url.startsWith(prefix)),
        `no mutating route under ${prefix}`,
      );
    const other = await signIn();
    for (const r of mutating) {
      const url = fill(r.url, '1');
      const what = `${r.method} ${r.url}`;
      const send = (headers: Record<string, string>): Promise<LightMyRequestResponse> =>
        app.inject({
          method: r.method as 'POST',
          url,
          headers: { host: HOST, 'content-type': 'application/json', ...headers },
          payload: '{}',
        });
      const s = await signIn();
      const cases: [string, Record<string, string>, number, string][] = [
        ['no session', {}, 401, 'ERR_API_AUTH'],
        ['no session, a CSRF token', { 'x-csrf-token': s.csrf }, 401, 'ERR_API_AUTH'],
        [
          'forged session id',
          { cookie: 'parley_session_34343434=' + 'A'.repeat(43), 'x-csrf-token': s.csrf },
          401,
          'ERR_API_AUTH',
        ],
        ['missing CSRF token', { cookie: s.cookie }, 403, 'ERR_API_CSRF'],
        ['empty CSRF token', { cookie: s.cookie, 'x-csrf-token': '' }, 403, 'ERR_API_CSRF'],
        [
          'forged CSRF token',
          { cookie: s.cookie, 'x-csrf-token': s.csrf.slice(0, -2) + 'xx' },
          403,
          'ERR_API_CSRF',
        ],
        [
          "another session's CSRF token",
          { cookie: s.cookie, 'x-csrf-token': other.csrf },
          403,
          'ERR_API_CSRF',
        ],
        [
          'foreign origin',
          { cookie: s.cookie, 'x-csrf-token': s.csrf, origin: 'http://evil.example' },
          403,
          'ERR_API_CSRF',
        ],
      ];
      for (const [name, headers, status, code] of cases) {
        const res = await send(headers);
        equal(res.statusCode, status, `${what}, ${name}: ${res.body}`);
        equal(codeOf(res), code, `${what}, ${name}`);
      }
      // The control: the right token and origin get past authentication (the route may then
      // refuse the body or answer that there is no ledger, but not for want of credentials).
      const ok2 = await send({ cookie: s.cookie, 'x-csrf-token': s.csrf, origin: ORIGIN });
      ok(
        !['ERR_API_AUTH', 'ERR_API_CSRF'].includes(codeOf(ok2) ?? ''),
        `${what} with a valid session and CSRF token: ${ok2.body}`,
      );
    }
  });

  test('reads need the session but no CSRF token; bearer requests need no session', async () => {
    const s = await signIn();
    const withCookie = await app.inject({ url: '/v1/status', headers: { cookie: s.cookie } });
    equal(withCookie.statusCode, 200);
    const none = await app.inject({ url: '/v1/status' });
    equal(none.statusCode, 401);
    const bearer = await app.inject({
      method: 'PUT',
      url: '/v1/policy',
      headers: { authorization: `Bearer ${token}` },
      payload: { rules: [] },
    });
    equal(bearer.statusCode, 200, bearer.body);
    // A wrong bearer header is not rescued by a valid cookie.
    const mixed = await app.inject({
      url: '/v1/status',
      headers: { authorization: 'Bearer ' + 'f'.repeat(64), cookie: s.cookie },
    });
    equal(mixed.statusCode, 401);
    const again = await app.inject({ url: '/v1/session', headers: { cookie: s.cookie } });
    equal(again.json<{ csrfToken: string }>().csrfToken, s.csrf);
  });

  test('sessions end on sign-out, after the idle time and at the absolute lifetime', async () => {
    const s = await signIn();
    const out = await app.inject({
      method: 'DELETE',
      url: '/v1/session',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    equal(out.statusCode, 204);
    match(String(out.headers['set-cookie']), /^parley_session_34343434=; .*Max-Age=0/);
    equal((await app.inject({ url: '/v1/status', headers: { cookie: s.cookie } })).statusCode, 401);

    const idle = await signIn();
    clock += 59_000;
    equal(
      (await app.inject({ url: '/v1/status', headers: { cookie: idle.cookie } })).statusCode,
      200,
    );
    clock += 59_000; // 59 s since the last request: still alive
    equal(
      (await app.inject({ url: '/v1/status', headers: { cookie: idle.cookie } })).statusCode,
      200,
    );
    clock += 61_000;
    equal(
      (await app.inject({ url: '/v1/status', headers: { cookie: idle.cookie } })).statusCode,
      401,
    );

    const busy = await signIn();
    for (let t = 0; t < 11; t++) {
      clock += 50_000;
      await app.inject({ url: '/v1/status', headers: { cookie: busy.cookie } });
    }
    clock += 50_000; // 550 s of activity, then 600 s since sign-in: the absolute limit
    equal(
      (await app.inject({ url: '/v1/status', headers: { cookie: busy.cookie } })).statusCode,
      401,
    );
  });

  test('the session store drops the oldest session beyond its limit', () => {
    const s = sessionStore({ maxSessions: 3 });
    const ids = [0, 1, 2, 3].map(() => s.create().id);
    equal(s.size, 3);
    equal(s.get(ids[0]!), undefined);
    notEqual(s.get(ids[3]!), undefined);
  });

  test('the console is served at /console/ with a strict CSP, and / leads to it', async () => {
    const root = await app.inject({ url: '/' });
    equal(root.statusCode, 302);
    equal(root.headers.location, '/console/');
    const page = await app.inject({ url: '/console/' });
    equal(page.statusCode, 200);
    match(String(page.headers['content-type']), /^text\/html/);
    equal(page.headers['content-security-policy'], CONSOLE_CSP);
    match(CONSOLE_CSP, /default-src 'none'/);
    ok(!CONSOLE_CSP.includes('unsafe-inline') && !CONSOLE_CSP.includes('http'));
    equal(page.headers['x-frame-options'], 'DENY');
    const js = await app.inject({ url: '/console/assets/app-1.js' });
    equal(js.statusCode, 200);
    match(String(js.headers['content-type']), /^text\/javascript/);
    match(String(js.headers['cache-control']), /immutable/);
    const missing = await app.inject({ url: '/console/assets/nope.js' });
    equal(missing.statusCode, 404);
    const escape = await app.inject({ url: '/console/../keys/api.token' });
    notEqual(escape.statusCode, 200);
  });
});
