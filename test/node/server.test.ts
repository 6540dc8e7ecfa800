import { after, before, describe, test } from 'node:test';
import { deepEqual, equal, ok, match } from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { parseSchema } from '../../src/node/datasets/schema.js';
import { buildApp } from '../../src/node/server/app.js';
import { errorHandler, httpStatusOf } from '../../src/node/server/errors.js';
import Fastify from 'fastify';
import { openStore, type Store } from '../../src/node/store/db.js';
import { nodeErrorCodes } from '../../src/errors/codes-node.js';

const token = 'a'.repeat(64);
const auth = { authorization: `Bearer ${token}` };
const identity = {
  name: 'acme',
  chainAddress: `0x${'12'.repeat(20)}`,
  tlsFingerprint: 'f'.repeat(64),
} as const;

interface ErrorJson {
  code: string;
  message: string;
  details?: Record<string, unknown>;
  requestId: string;
}

void describe('REST API', () => {
  let store: Store;
  let app: FastifyInstance;
  before(async () => {
    store = openStore(':memory:');
    app = await buildApp({
      store,
      identity,
      apiToken: token,
    });
  });
  after(async () => {
    await app.close();
    store.close();
  });

  const csv =
    'age,pay,sex,client\n41,1200.50,f,client-1\n35,99,m,client-2\n50,3,f,client-3\n22,4.25,m,client-4\n';

  test('GET /health needs no token', async () => {
    const res = await app.inject({ url: '/health' });
    equal(res.statusCode, 200);
    deepEqual(res.json(), { status: 'ok' });
  });

  test('every other route refuses a missing or wrong token with 401 ERR_API_AUTH', async () => {
    const id = '0x' + '0'.repeat(64);
    const calls = [
      { method: 'GET', url: '/v1/status' },
      { method: 'GET', url: '/v1/datasets' },
      { method: 'POST', url: '/v1/datasets', payload: { name: 'x', csv } },
      { method: 'GET', url: `/v1/datasets/${id}` },
      { method: 'DELETE', url: `/v1/datasets/${id}` },
      { method: 'GET', url: '/openapi.json' },
      { method: 'GET', url: '/no/such/route' },
    ] as const;
    for (const c of calls) {
      for (const headers of [
        {},
        { authorization: `Bearer ${'b'.repeat(64)}` },
        { authorization: token },
        { authorization: `Bearer ${token}x` },
      ]) {
        const res = await app.inject({ ...c, headers });
        equal(
          res.statusCode,
          401,
          `${c.method} ${c.url} with ${JSON.stringify(Object.keys(headers))}`,
        );
        const body = res.json<ErrorJson>();
        equal(body.code, 'ERR_API_AUTH');
        ok(!res.body.includes(token), 'the token is not echoed');
        match(body.requestId, /^[0-9a-f-]{36}$/);
        equal(res.headers['x-request-id'], body.requestId);
      }
    }
    equal(store.all('SELECT * FROM datasets').length, 0, 'no unauthenticated write');
  });

  test('GET /v1/status gives public identity facts only', async () => {
    const res = await app.inject({ url: '/v1/status', headers: auth });
    equal(res.statusCode, 200);
    deepEqual(res.json(), { ...identity, version: '0.1.0', datasets: 0 });
  });

  test('import, list, show (no rows), delete', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/datasets',
      headers: auth,
      payload: { name: 'payroll', csv },
    });
    equal(res.statusCode, 201, res.body);
    const ds = res.json<{
      id: string;
      rowCount: number;
      schema: { columns: unknown[] };
      contentHash: string;
    }>();
    equal(ds.rowCount, 4);
    deepEqual(ds.schema.columns, [
      { name: 'age', type: 'integer', bits: 8 },
      { name: 'pay', type: 'decimal', scale: 2 },
      { name: 'sex', type: 'category', labels: ['f', 'm'] },
      { name: 'client', type: 'identifier', normalize: [] },
    ]);
    const list = await app.inject({ url: '/v1/datasets', headers: auth });
    equal(list.json<{ datasets: unknown[] }>().datasets.length, 1);
    const show = await app.inject({ url: `/v1/datasets/${ds.id}`, headers: auth });
    equal(show.statusCode, 200);
    ok(!show.body.includes('client-'), 'no cell values in the metadata');
    deepEqual(Object.keys(show.json<object>()).sort(), [
      'contentHash',
      'createdAt',
      'id',
      'name',
      'publishedAt',
      'rowCount',
      'schema',
    ]);
    const dup = await app.inject({
      method: 'POST',
      url: '/v1/datasets',
      headers: auth,
      payload: { name: 'payroll', csv },
    });
    equal(dup.statusCode, 409);
    equal(dup.json<ErrorJson>().code, 'ERR_DATASET_EXISTS');
    const del = await app.inject({ method: 'DELETE', url: `/v1/datasets/${ds.id}`, headers: auth });
    equal(del.statusCode, 204);
    const gone = await app.inject({ url: `/v1/datasets/${ds.id}`, headers: auth });
    equal(gone.statusCode, 404);
    equal(gone.json<ErrorJson>().code, 'ERR_DATASET_NOT_FOUND');
    equal(
      (await app.inject({ method: 'DELETE', url: `/v1/datasets/${ds.id}`, headers: auth }))
        .statusCode,
      404,
    );
  });

  test('import with a schema; a bad cell names row, line and column, and stores nothing', async () => {
    const schema = {
      columns: [
        { name: 'age', type: 'integer', bits: 8 },
        { name: 'pay', type: 'fixed', unit: 'EUR' },
        { name: 'sex', type: 'category', labels: ['f', 'm', 'x'] },
        { name: 'client', type: 'identifier' },
      ],
    };
    const ok1 = await app.inject({
      method: 'POST',
      url: '/v1/datasets',
      headers: auth,
      payload: { name: 'with-schema', csv, schema },
    });
    equal(ok1.statusCode, 201, ok1.body);
    const bad = await app.inject({
      method: 'POST',
      url: '/v1/datasets',
      headers: auth,
      payload: { name: 'bad', csv: csv + '300,1,f,SECRETID\n', schema },
    });
    equal(bad.statusCode, 400);
    const body = bad.json<ErrorJson>();
    equal(body.code, 'ERR_DATASET_VALUE');
    deepEqual(
      { row: body.details?.row, line: body.details?.line, column: body.details?.column },
      { row: 5, line: 6, column: 'age' },
    );
    ok(!bad.body.includes('SECRETID') && !bad.body.includes('300'));
    const names = (await app.inject({ url: '/v1/datasets', headers: auth }))
      .json<{ datasets: { name: string }[] }>()
      .datasets.map((d) => d.name);
    deepEqual(names, ['with-schema']);
    const csvErr = await app.inject({
      method: 'POST',
      url: '/v1/datasets',
      headers: auth,
      payload: { name: 'bad', csv: 'a,b\n1,"x\n' },
    });
    equal(csvErr.json<ErrorJson>().code, 'ERR_DATASET_CSV');
    const rowsErr = await app.inject({
      method: 'POST',
      url: '/v1/datasets',
      headers: auth,
      payload: { name: 'bad', csv: 'a,b\n1\n1,2\n1,2,SECRET\n' },
    });
    equal(rowsErr.statusCode, 400);
    deepEqual(rowsErr.json<ErrorJson>().details?.errors, [
      { row: 1, line: 2, message: 'has 1 field; the header has 2' },
      { row: 3, line: 4, message: 'has 3 fields; the header has 2' },
    ]);
    ok(!rowsErr.body.includes('SECRET'));
    const schemaErr = await app.inject({
      method: 'POST',
      url: '/v1/datasets',
      headers: auth,
      payload: {
        name: 'bad',
        csv: 'age\n1\n',
        schema: { columns: [{ name: 'age', type: 'category', labels: ['a', 'a'] }] },
      },
    });
    equal(schemaErr.statusCode, 400);
    equal(schemaErr.json<ErrorJson>().details?.field, 'columns[0].labels');
  });

  test('several bad cells: the error body lists each (row, line, column, message) and the total; nothing stored', async () => {
    const schema = {
      columns: [
        { name: 'age', type: 'integer', bits: 8, min: 0 },
        { name: 'pay', type: 'decimal', scale: 2, min: 0, unit: 'EUR' },
        { name: 'sex', type: 'category', labels: ['F', 'M'] },
      ],
    };
    const rows = ['41,5200.50,F', 'SECRET1,-0.07,M', '35,1.00,SECRET2', '29,"SECRET,3",F'];
    const before = (await app.inject({ url: '/v1/datasets', headers: auth })).body;
    const bad = await app.inject({
      method: 'POST',
      url: '/v1/datasets',
      headers: auth,
      payload: { name: 'many-bad', csv: 'age,pay,sex\n' + rows.join('\n') + '\n', schema },
    });
    equal(bad.statusCode, 400);
    const body = bad.json<ErrorJson>();
    equal(body.code, 'ERR_DATASET_VALUE');
    equal(body.details?.total, 4);
    const errors = body.details?.errors as {
      row: number;
      line: number;
      column: string;
      message: string;
    }[];
    deepEqual(
      errors.map(({ row, line, column }) => ({ row, line, column })),
      [
        { row: 2, line: 3, column: 'age' },
        { row: 2, line: 3, column: 'pay' },
        { row: 3, line: 4, column: 'sex' },
        { row: 4, line: 5, column: 'pay' },
      ],
    );
    ok(errors[1]!.message.includes('at least 0.00 EUR'), errors[1]!.message);
    ok(errors[2]!.message.includes('got a label that is not declared'), errors[2]!.message);
    ok(body.message.startsWith('Row 2 (line 3), column "age": '), body.message);
    ok(body.message.includes('(and 3 more bad cells)'), body.message);
    ok(!/SECRET|-0\.07/.test(bad.body), bad.body);
    equal(
      (await app.inject({ url: '/v1/datasets', headers: auth })).body,
      before,
      'nothing stored',
    );
    // The OpenAPI document declares the list.
    const doc = (await app.inject({ url: '/openapi.json', headers: auth })).json<{
      components: { schemas: Record<string, { properties: { details: { properties: object } } }> };
    }>();
    const errorBody = Object.values(doc.components.schemas).find(
      (sch) => sch.properties?.details?.properties !== undefined,
    );
    ok(errorBody !== undefined && 'errors' in errorBody.properties.details.properties);
  });

  test('every column type through the API: the schema comes back as stored; a bound is enforced', async () => {
    const schema = {
      columns: [
        { name: 'who', type: 'identifier', normalize: ['trim', 'nfc', 'lower'] },
        { name: 'pay', type: 'decimal', scale: 2, min: 0, max: '2000000.00', unit: 'EUR' },
        { name: 'rate', type: 'fixed', max: 1.5 },
        { name: 'boss', type: 'boolean', true: ['yes'], false: ['no'] },
        { name: 'sex', type: 'category', labels: ['F', 'M'] },
        { name: 'n', type: 'integer', bits: 16, min: -5 },
        { name: 'day', type: 'date', min: '2000-01-01' },
        { name: 'at', type: 'timestamp', resolution: 'ms' },
      ],
    };
    const rows =
      'who,pay,rate,boss,sex,n,day,at\n' +
      'A1,50000.00,0.25,yes,F,3,2026-01-31,2026-01-31T10:00:00.125+01:00\n' +
      'b2,1.5,1e-3,no,M,-5,2000-01-01,2026-01-31T10:00:00Z\n';
    const res = await app.inject({
      method: 'POST',
      url: '/v1/datasets',
      headers: auth,
      payload: { name: 'typed', csv: rows, schema },
    });
    equal(res.statusCode, 201, res.body);
    const ds = res.json<{ id: string; schema: unknown }>();
    deepEqual(ds.schema, parseSchema(schema));
    const show = await app.inject({ url: `/v1/datasets/${ds.id}`, headers: auth });
    deepEqual(show.json<{ schema: unknown }>().schema, parseSchema(schema));
    const bad = await app.inject({
      method: 'POST',
      url: '/v1/datasets',
      headers: auth,
      payload: { name: 'typed2', csv: rows.replace('0.25', '1.75'), schema },
    });
    equal(bad.statusCode, 400);
    const body = bad.json<ErrorJson>();
    equal(body.code, 'ERR_DATASET_VALUE');
    equal(body.details?.column, 'rate');
    ok(body.message.includes('at most 1.5'), body.message);
    ok(!bad.body.includes('1.75'));
    await app.inject({ method: 'DELETE', url: `/v1/datasets/${ds.id}`, headers: auth });
  });

  test('request validation errors name the field', async () => {
    const cases: [unknown, string][] = [
      [{ csv }, 'body.name'],
      [{ name: 'x' }, 'body.csv'],
      [{ name: 'bad name', csv }, 'body.name'],
      [{ name: 'x', csv: 5 }, 'body.csv'],
      [{ name: 'x', csv, extra: 1 }, 'body.extra'],
      [
        { name: 'x', csv, schema: { columns: [{ name: 'a', type: 'float' }] } },
        'body.schema.columns.0.type',
      ],
      [
        { name: 'x', csv, schema: { columns: [{ name: 'a', type: 'integer', bits: 99 }] } },
        'body.schema.columns.0.bits',
      ],
    ];
    for (const [payload, field] of cases) {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/datasets',
        headers: auth,
        payload: payload as object,
      });
      equal(res.statusCode, 400, JSON.stringify(payload));
      const body = res.json<ErrorJson>();
      equal(body.code, 'ERR_API_VALIDATION');
      equal(body.details?.field, field);
      ok(body.message.includes(field));
    }
    const badId = await app.inject({ url: '/v1/datasets/123', headers: auth });
    equal(badId.statusCode, 400);
    equal(badId.json<ErrorJson>().details?.field, 'params.id');
    const notJson = await app.inject({
      method: 'POST',
      url: '/v1/datasets',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"name":',
    });
    equal(notJson.statusCode, 400);
    equal(notJson.json<ErrorJson>().code, 'ERR_API_VALIDATION');
    const text = await app.inject({
      method: 'POST',
      url: '/v1/datasets',
      headers: { ...auth, 'content-type': 'application/xml' },
      payload: 'a,b',
    });
    equal(text.statusCode, 415);
    equal(text.json<ErrorJson>().code, 'ERR_API_PAYLOAD');
    const nf = await app.inject({ url: '/v1/nothing', headers: auth });
    equal(nf.statusCode, 404);
    equal(nf.json<ErrorJson>().code, 'ERR_API_NOT_FOUND');
  });

  test('a too large body is 413 ERR_API_PAYLOAD', async () => {
    const small = await buildApp({ store, identity, apiToken: token, bodyLimit: 1000 });
    try {
      const res = await small.inject({
        method: 'POST',
        url: '/v1/datasets',
        headers: auth,
        payload: { name: 'big', csv: 'a\n' + '1\n'.repeat(1000) },
      });
      equal(res.statusCode, 413);
      equal(res.json<ErrorJson>().code, 'ERR_API_PAYLOAD');
    } finally {
      await small.close();
    }
  });

  test('an unexpected error is 500 ERR_INTERNAL with a request id and no internal message', async () => {
    const broken = openStore(':memory:');
    const app2 = await buildApp({ store: broken, identity, apiToken: token });
    const logged: string[] = [];
    try {
      broken.close(); // every store call now fails inside node-sqlite3-wasm
      const res = await app2.inject({ url: '/v1/datasets', headers: auth });
      equal(res.statusCode, 500);
      const body = res.json<ErrorJson>();
      ok(body.code === 'ERR_INTERNAL' || body.code === 'ERR_NODE_STORE', body.code);
      ok(!/sqlite|closed|database/i.test(body.message), 'no internal message: ' + body.message);
      equal(body.details, undefined);
      match(body.requestId, /^[0-9a-f-]{36}$/);
      void logged;
    } finally {
      await app2.close();
    }
  });

  test('a non-Parley error is 500 ERR_INTERNAL; its message stays in the server log', async () => {
    const lines: string[] = [];
    const bare = Fastify({
      logger: { level: 'error', stream: { write: (l: string) => void lines.push(l) } },
    });
    bare.setErrorHandler(errorHandler);
    bare.get('/boom', () => Promise.reject(new Error('internal detail xyz')));
    try {
      const res = await bare.inject({ url: '/boom' });
      equal(res.statusCode, 500);
      const body = res.json<ErrorJson>();
      equal(body.code, 'ERR_INTERNAL');
      ok(!res.body.includes('internal detail xyz'));
      ok(lines.some((l) => l.includes('internal detail xyz') && l.includes(body.requestId)));
    } finally {
      await bare.close();
    }
  });

  test('/openapi.json is an OpenAPI 3.1 document listing every route with its schemas', async () => {
    const res = await app.inject({ url: '/openapi.json', headers: auth });
    equal(res.statusCode, 200);
    const doc = res.json<{
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: unknown;
            security?: unknown[];
            parameters: { name: string }[];
            responses: Record<string, unknown>;
          }
        >
      >;
    }>();
    equal(doc.openapi, '3.1.0');
    const ops = Object.entries(doc.paths)
      .flatMap(([p, m]) => Object.keys(m).map((k) => `${k.toUpperCase()} ${p}`))
      .sort();
    deepEqual(
      ops,
      [
        'DELETE /v1/artifacts/{id}',
        'DELETE /v1/datasets/{id}',
        'DELETE /v1/session',
        'GET /health',
        'GET /v1/artifacts',
        'GET /v1/artifacts/{id}',
        'GET /v1/audit',
        'GET /v1/catalog',
        'GET /v1/datasets',
        'GET /v1/datasets/{id}',
        'GET /v1/governance/proposals',
        'GET /v1/governance/proposals/{id}',
        'GET /v1/grants',
        'GET /v1/grants/{id}',
        'GET /v1/inbox',
        'GET /v1/jobs',
        'GET /v1/jobs/{id}',
        'GET /v1/jobs/{id}/events',
        'GET /v1/jobs/{id}/events/stream',
        'GET /v1/jobs/{id}/result',
        'GET /v1/members',
        'GET /v1/policy',
        'GET /v1/programs',
        'GET /v1/programs/published',
        'GET /v1/programs/{name}',
        'GET /v1/programs/{name}/source',
        'GET /v1/session',
        'GET /v1/status',
        'POST /v1/datasets',
        'POST /v1/datasets/{id}/publish',
        'POST /v1/governance/proposals',
        'POST /v1/governance/proposals/{id}/vote',
        'POST /v1/grants',
        'POST /v1/grants/{id}/approve',
        'POST /v1/grants/{id}/reject',
        'POST /v1/grants/{id}/revoke',
        'POST /v1/inbox/{id}/approve',
        'POST /v1/inbox/{id}/reject',
        'POST /v1/jobs',
        'POST /v1/jobs/{id}/cancel',
        'POST /v1/programs',
        'POST /v1/session',
        'PUT /v1/policy',
      ].sort(),
    );
    ok(doc.paths['/v1/datasets']?.post?.requestBody, 'the import body is documented');
    deepEqual(doc.paths['/health']?.get?.security, [], '/health is public');
    equal(doc.paths['/v1/datasets/{id}']?.get?.parameters[0]?.name, 'id');
    ok(doc.paths['/v1/datasets/{id}']?.get?.responses['404']);
  });

  test('every node error code has an HTTP status in the one mapping', () => {
    for (const code of Object.keys(nodeErrorCodes)) {
      const s = httpStatusOf(code);
      ok(s >= 400 && s < 600, code);
    }
    equal(httpStatusOf('ERR_DATASET_VALUE'), 400);
    equal(httpStatusOf('ERR_API_AUTH'), 401);
    equal(httpStatusOf('ERR_DATASET_NOT_FOUND'), 404);
    equal(httpStatusOf('ERR_DATASET_EXISTS'), 409);
  });
});
