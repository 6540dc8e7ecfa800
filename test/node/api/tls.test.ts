/**
 * The REST API off loopback: TLS only. The config refuses a non-loopback api.host without
 * api.tls; with it the node serves HTTPS, and the console's session cookie is Secure with the
 * __Host- prefix and works for the next request.
 */
import { describe, test } from 'node:test';
import { equal, match, ok, throws } from 'node:assert/strict';
import { request } from 'node:https';
import { isLoopbackHost, parseNodeConfig } from '../../../src/node/config.js';
import { NodeConfigError } from '../../../src/node/errors.js';
import { buildApp } from '../../../src/node/server/app.js';
import { openStore } from '../../../src/node/store/db.js';
import { generateIdentity } from '../../../src/net/x509.js';

const base = {
  version: 1,
  name: 'acme',
  store: { path: 'store.sqlite' },
  mpc: { host: '0.0.0.0', port: 7443 },
  ledger: { rpcUrl: 'http://127.0.0.1:8545' },
  keys: { chain: 'k/c', tlsKey: 'k/t', tlsCert: 'k/t.crt', apiToken: 'k/a' },
};

describe('REST API over TLS off loopback', () => {
  test('loopback addresses', () => {
    for (const h of [
      '127.0.0.1',
      '127.1.2.3',
      'localhost',
      'LOCALHOST',
      '::1',
      '[::1]',
      '::ffff:127.0.0.1',
    ])
      ok(isLoopbackHost(h), h);
    for (const h of [
      '0.0.0.0',
      '::',
      '10.0.0.5',
      'node.acme.example',
      '128.0.0.1',
      '::ffff:10.0.0.1',
    ])
      ok(!isLoopbackHost(h), h);
  });

  test('a non-loopback api.host without api.tls is refused, naming the field and the fix', () => {
    throws(
      () =>
        parseNodeConfig({ ...base, api: { host: '0.0.0.0', port: 7400 } }, '/srv/acme/config.json'),
      (err: unknown) => {
        ok(err instanceof NodeConfigError);
        equal(err.details['field'], 'api.tls');
        match(err.message, /api\.host 0\.0\.0\.0 is not a loopback address/);
        match(err.message, /"tls": \{ "cert"/);
        return true;
      },
    );
    const c = parseNodeConfig(
      {
        ...base,
        api: { host: '0.0.0.0', port: 7400, tls: { cert: 'api.crt', key: '/etc/api.key' } },
      },
      '/srv/acme/config.json',
    );
    equal(c.api.tls?.cert, '/srv/acme/api.crt');
    equal(c.api.tls?.key, '/etc/api.key');
    equal(
      parseNodeConfig({ ...base, api: { host: '127.0.0.1', port: 7400 } }, '/x/c.json').api.tls,
      undefined,
    );
    throws(
      () =>
        parseNodeConfig(
          { ...base, api: { host: '0.0.0.0', port: 1, tls: { cert: 'a' } } },
          '/x/c.json',
        ),
      (err: unknown) => err instanceof NodeConfigError && err.details['field'] === 'api.tls.key',
    );
  });

  test('served over HTTPS: the console cookie is Secure (__Host-) and signs the next request in', async () => {
    const id = generateIdentity('acme');
    const store = openStore(':memory:');
    const token = 'ab'.repeat(32);
    const app = await buildApp({
      store,
      identity: {
        name: 'acme',
        chainAddress: `0x${'12'.repeat(20)}`,
        tlsFingerprint: id.fingerprint,
      },
      apiToken: token,
      https: { key: id.key, cert: id.cert },
    });
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      const call = (
        method: string,
        path: string,
        headers: Record<string, string>,
        body?: string,
      ): Promise<{
        status: number;
        headers: Record<string, string | string[] | undefined>;
        body: string;
      }> =>
        new Promise((resolve, reject) => {
          const req = request(
            {
              host: '127.0.0.1',
              port,
              path,
              method,
              headers,
              ca: id.cert,
              checkServerIdentity: () => undefined, // a CN=acme test certificate, no IP SAN
            },
            (res) => {
              let text = '';
              res.setEncoding('utf8');
              res.on('data', (d: string) => (text += d));
              res.on('end', () =>
                resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
              );
            },
          );
          req.on('error', reject);
          req.end(body);
        });
      const signIn = await call(
        'POST',
        '/v1/session',
        { 'content-type': 'application/json', origin: `https://127.0.0.1:${port}` },
        JSON.stringify({ token }),
      );
      equal(signIn.status, 201, signIn.body);
      const setCookie = String(signIn.headers['set-cookie']);
      match(setCookie, /^__Host-parley_session_12121212=/);
      match(setCookie, /; Secure/);
      match(setCookie, /HttpOnly/);
      const cookie = setCookie.split(';')[0]!;
      const status = await call('GET', '/v1/datasets', { cookie });
      equal(status.status, 200, status.body);
      const noAuth = await call('GET', '/v1/datasets', {});
      equal(noAuth.status, 401);
    } finally {
      await app.close();
      store.close();
    }
  });
});
