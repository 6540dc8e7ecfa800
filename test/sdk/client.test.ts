/**
 * parley/sdk against a real node app listening on a loopback port (store in memory, no
 * ledger): typed calls, error mapping to documented codes, and watchJob over Server-Sent Events.
 * The runner's part (recording a job's progress) is done by hand with the store functions it uses.
 */
import { after, before, describe, test } from 'node:test';
import { deepEqual, equal, ok, rejects } from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/node/server/app.js';
import { openStore, type Store } from '../../src/node/store/db.js';
import { addJobEvent, listJobEvents, recordJob, updateJob } from '../../src/node/store/jobs.js';
import { errorCodes } from '../../src/errors/codes.js';
import {
  importProblemsOf,
  createParleyClient,
  ParleyApiError,
  type JobStreamEvent,
  type ParleyClient,
} from '../../src/sdk/index.js';

const token = 's'.repeat(64);
const identity = {
  name: 'acme',
  chainAddress: `0x${'12'.repeat(20)}`,
  tlsFingerprint: 'f'.repeat(64),
} as const;

const isApiError = (code: string, status: number) => (err: unknown) => {
  ok(err instanceof ParleyApiError, `a ParleyApiError, got ${String(err)}`);
  equal(err.code, code);
  equal(err.status, status);
  ok(err.code in errorCodes, 'the code is documented');
  ok(!err.message.includes(token), 'the token is not in the message');
  return true;
};

void describe('parley/sdk against a listening node', () => {
  let store: Store;
  let app: FastifyInstance;
  let url: string;
  let api: ParleyClient;

  before(async () => {
    store = openStore(':memory:');
    app = await buildApp({ store, identity, apiToken: token, eventStreamHeartbeatMs: 50 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    api = createParleyClient({ baseUrl: url, token });
  });
  after(async () => {
    await app.close();
    store.close();
  });

  test('typed calls return the route bodies', async () => {
    deepEqual(await api.health(), { status: 'ok' });
    const st = await api.status();
    equal(st.name, 'acme');
    equal(st.chainAddress, identity.chainAddress);
    const csv = 'pay,sex\n10,F\n20,M\n-30,F\n';
    const ds = await api.importDataset({ name: 'payroll', csv });
    equal(ds.rowCount, 3);
    equal(ds.name, 'payroll');
    deepEqual(
      ds.schema.columns.map((c) => c.name),
      ['pay', 'sex'],
    );
    deepEqual(await api.getDataset(ds.id), ds);
    const { datasets } = await api.listDatasets();
    deepEqual(
      datasets.map((d) => d.id),
      [ds.id],
    );
    equal(await api.deleteDataset(ds.id), undefined);
    equal((await api.listDatasets()).datasets.length, 0);
  });

  test('an error body maps to a ParleyApiError with the server code, details and request id', async () => {
    await rejects(api.getJob('999'), (err: unknown) => {
      isApiError('ERR_JOB_NOT_FOUND', 404)(err);
      const e = err as ParleyApiError;
      ok(/^[0-9a-f-]{36}$/.test(e.requestId ?? ''), 'the request id is kept');
      return true;
    });
    await rejects(
      api.importDataset({
        name: 'bad',
        csv: 'pay\n1\nx\n',
        schema: { columns: [{ name: 'pay', type: 'integer', bits: 8 }] },
      }),
      (err: unknown) => {
        isApiError('ERR_DATASET_VALUE', 400)(err);
        const e = err as ParleyApiError;
        equal(e.details.row, 2, 'the row at fault is named');
        equal(e.details.column, 'pay');
        return true;
      },
    );
    // Several bad cells: the SDK keeps the node's list (importProblemsOf reads it).
    await rejects(
      api.importDataset({
        name: 'bad',
        csv: 'pay\n1\nx\n2\n300\n',
        schema: { columns: [{ name: 'pay', type: 'integer', bits: 8 }] },
      }),
      (err: unknown) => {
        isApiError('ERR_DATASET_VALUE', 400)(err);
        const p = importProblemsOf(err);
        ok(p !== undefined, 'the list is kept');
        equal(p.total, 2);
        deepEqual(
          p.errors.map(({ row, line, column }) => ({ row, line, column })),
          [
            { row: 2, line: 3, column: 'pay' },
            { row: 4, line: 5, column: 'pay' },
          ],
        );
        ok(p.errors[1]!.message.includes('between -128 and 127'), p.errors[1]!.message);
        return true;
      },
    );
    equal(importProblemsOf(new Error('x')), undefined);
    await rejects(
      createParleyClient({ baseUrl: url, token: 'x'.repeat(64) }).listJobs(),
      isApiError('ERR_API_AUTH', 401),
    );
    // A 5xx keeps its code (here: no ledger configured) but not the node's internal message.
    await rejects(api.listMembers(), isApiError('ERR_NODE_NO_LEDGER', 503));
  });

  test('no answer is ERR_API_UNREACHABLE; an answer without a Parley error body is ERR_API_UNEXPECTED', async () => {
    const closed = await buildApp({ store, identity, apiToken: token });
    await closed.listen({ host: '127.0.0.1', port: 0 });
    const deadUrl = `http://127.0.0.1:${(closed.server.address() as AddressInfo).port}`;
    await closed.close();
    await rejects(
      createParleyClient({ baseUrl: deadUrl, token }).status(),
      isApiError('ERR_API_UNREACHABLE', 0),
    );

    const proxy = (status: number, body: string, type: string) =>
      createParleyClient({
        baseUrl: url,
        token,
        fetch: () =>
          Promise.resolve(new Response(body, { status, headers: { 'content-type': type } })),
      });
    await rejects(
      proxy(502, '<html>Bad gateway</html>', 'text/html').status(),
      isApiError('ERR_API_UNEXPECTED', 502),
    );
    await rejects(
      proxy(
        400,
        JSON.stringify({ code: 'HTTP_400', message: 'x', requestId: 'r' }),
        'application/json',
      ).status(),
      (err: unknown) => {
        isApiError('ERR_API_UNEXPECTED', 400)(err);
        equal((err as ParleyApiError).details.serverCode, 'HTTP_400');
        return true;
      },
    );
    await rejects(
      proxy(200, 'not json', 'application/json').status(),
      isApiError('ERR_API_UNEXPECTED', 200),
    );
    await rejects(
      proxy(201, '<html>', 'text/html').importDataset({ name: 'x', csv: 'a\n1\n' }),
      isApiError('ERR_API_UNEXPECTED', 201),
    );
  });

  test('a custom fetch and headers (as the console uses them) see every request, the stream too', async () => {
    const seen: { method: string; path: string; auth: string | null; csrf: string | null }[] = [];
    const console_ = createParleyClient({
      baseUrl: url,
      token,
      headers: { 'x-csrf-token': 'c1' },
      fetch: (req: Request) => {
        seen.push({
          method: req.method,
          path: new URL(req.url).pathname,
          auth: req.headers.get('authorization'),
          csrf: req.headers.get('x-csrf-token'),
        });
        return fetch(req);
      },
    });
    equal((await console_.status()).name, 'acme');
    recordJob(store, '9', 'cancelled', { roles: ['proposer'] });
    const types: string[] = [];
    for await (const ev of console_.watchJob('9')) types.push(ev.type);
    deepEqual(types, ['state', 'end']);
    const { data, error } = await console_.raw.GET('/v1/jobs/{id}', {
      params: { path: { id: '9' } },
    });
    equal(error, undefined);
    equal(data?.status, 'cancelled');
    deepEqual(
      seen.map((r) => `${r.method} ${r.path}`),
      ['GET /v1/status', 'GET /v1/jobs/9/events/stream', 'GET /v1/jobs/9'],
    );
    ok(seen.every((r) => r.auth === `Bearer ${token}` && r.csrf === 'c1'));
  });

  test('a call aborted by its signal rejects with the abort reason', async () => {
    const c = new AbortController();
    c.abort(new Error('stop'));
    await rejects(api.status({ signal: c.signal }), /stop/);
  });

  test('watchJob delivers the progress log and state changes in order and ends with the job', async () => {
    recordJob(store, '7', 'ready', { roles: ['compute'], program: 'sum' });
    addJobEvent(store, '7', 'proposed', 'proposed');
    const seen: JobStreamEvent[] = [];
    const done = (async () => {
      for await (const ev of api.watchJob('7')) {
        seen.push(ev);
        // The runner's side, each step only after the client saw the previous one.
        if (ev.type === 'state' && ev.status === 'ready') {
          updateJob(store, '7', { status: 'running', progress: 0.25 });
          addJobEvent(store, '7', 'inputs', '2 inputs shared');
        } else if (ev.type === 'progress' && ev.phase === 'inputs') {
          addJobEvent(store, '7', 'compute', 'round 3');
          updateJob(store, '7', { progress: 0.75 });
        } else if (ev.type === 'state' && ev.progress === 0.75) {
          addJobEvent(store, '7', 'done', 'result attested');
          updateJob(store, '7', { status: 'succeeded', resultDigest: `0x${'d'.repeat(64)}` });
        }
      }
    })();
    await done;
    const log = listJobEvents(store, '7');
    const progress = seen.filter((e) => e.type === 'progress');
    deepEqual(
      progress.map((e) => [e.id, e.phase, e.detail]),
      log.map((e) => [e.id, e.phase, e.detail]),
      'every log entry, in order',
    );
    const states = seen.filter((e) => e.type === 'state');
    deepEqual(
      states.map((e) => e.status),
      ['ready', 'running', 'running', 'succeeded'].slice(0, states.length),
    );
    equal(states.at(-1)?.status, 'succeeded');
    equal(states.at(-1)?.progress, 1);
    deepEqual(seen.at(-1), { type: 'end', status: 'succeeded' });
    equal(seen.filter((e) => e.type === 'end').length, 1);

    // Resuming after the last entry seen gives only the state and the end.
    const again: JobStreamEvent[] = [];
    for await (const ev of api.watchJob('7', { after: log.at(-1)!.id })) again.push(ev);
    deepEqual(
      again.map((e) => e.type),
      ['state', 'end'],
    );
  });

  test('watchJob of an unknown job rejects with ERR_JOB_NOT_FOUND', async () => {
    const it = api.watchJob('404')[Symbol.asyncIterator]();
    await rejects(it.next(), isApiError('ERR_JOB_NOT_FOUND', 404));
  });

  test('aborting the signal stops watchJob, and leaving the loop closes the stream', async () => {
    recordJob(store, '8', 'running', { roles: ['compute'] });
    addJobEvent(store, '8', 'inputs', 'waiting');
    const c = new AbortController();
    const seen: string[] = [];
    await rejects(
      (async () => {
        for await (const ev of api.watchJob('8', { signal: c.signal })) {
          seen.push(ev.type);
          if (seen.length === 2) c.abort(new Error('user stopped watching'));
        }
      })(),
      /user stopped watching/,
    );
    deepEqual(seen, ['progress', 'state']);
    for await (const ev of api.watchJob('8')) {
      equal(ev.type, 'progress');
      break;
    }
    // Both streams are closed on the node: closing the app does not wait for them (a
    // still-open stream would keep app.close() waiting; the after() hook would time out).
  });
});
