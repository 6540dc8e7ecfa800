/**
 * GET /v1/jobs/:id/events/stream on the wire (raw HTTP, no SDK): authentication, the event
 * format, heartbeats, resuming with Last-Event-ID, the end of a failed job, and open streams
 * ended when the app closes.
 */
import { after, before, describe, test } from 'node:test';
import { deepEqual, equal, match, ok } from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/node/server/app.js';
import { openStore, type Store } from '../../../src/node/store/db.js';
import { addJobEvent, recordJob, updateJob } from '../../../src/node/store/jobs.js';

const token = 'w'.repeat(64);
const identity = {
  name: 'acme',
  chainAddress: `0x${'45'.repeat(20)}`,
  tlsFingerprint: 'a'.repeat(64),
} as const;

/** Reads `res`'s body until `until(text)` holds or the stream ends; returns the text. */
async function readUntil(res: Response, until: (text: string) => boolean): Promise<string> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      if (until(text)) return text;
      const { done, value } = await reader.read();
      if (done) return text;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel();
  }
}

/** The `event:` names and parsed `data:` of a stream's text (comments and ids dropped). */
const eventsOf = (text: string): { event: string; data: Record<string, unknown> }[] =>
  text
    .split('\n\n')
    .filter((b) => b.includes('data: '))
    .map((b) => ({
      event: /^event: (.*)$/m.exec(b)?.[1] ?? 'message',
      data: JSON.parse(/^data: (.*)$/m.exec(b)![1]!) as Record<string, unknown>,
    }));

void describe('GET /v1/jobs/:id/events/stream', () => {
  let store: Store;
  let app: FastifyInstance;
  let url: string;
  const get = (path: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });

  before(async () => {
    store = openStore(':memory:');
    app = await buildApp({ store, identity, apiToken: token, eventStreamHeartbeatMs: 30 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await app.close();
    store.close();
  });

  test('needs the bearer token like every route', async () => {
    recordJob(store, '1', 'running', { roles: ['compute'] });
    const res = await fetch(`${url}/v1/jobs/1/events/stream`);
    equal(res.status, 401);
    equal(((await res.json()) as { code: string }).code, 'ERR_API_AUTH');
    const missing = await get('/v1/jobs/77/events/stream');
    equal(missing.status, 404);
    equal(((await missing.json()) as { code: string }).code, 'ERR_JOB_NOT_FOUND');
  });

  test('sends text/event-stream with ids on progress events, and heartbeats while idle', async () => {
    recordJob(store, '2', 'running', { roles: ['compute'] });
    const e1 = addJobEvent(store, '2', 'inputs', 'waiting for 2 inputs');
    const res = await get('/v1/jobs/2/events/stream');
    equal(res.status, 200);
    match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
    equal(res.headers.get('cache-control'), 'no-cache, no-transform');
    ok(res.headers.get('x-request-id'));
    const text = await readUntil(res, (t) => t.includes(': heartbeat\n\n'));
    ok(text.startsWith(`id: ${e1.id}\nevent: progress\ndata: `), text);
    deepEqual(
      eventsOf(text).map((e) => [e.event, e.data.type]),
      [
        ['progress', 'progress'],
        ['state', 'state'],
      ],
    );
    equal(eventsOf(text)[1]?.data.status, 'running');
  });

  test('resumes after Last-Event-ID, and a failed job ends with its error in the state', async () => {
    recordJob(store, '3', 'running', { roles: ['compute'] });
    const first = addJobEvent(store, '3', 'connecting', '3 peers');
    const second = addJobEvent(store, '3', 'failed', 'party 2 timed out');
    updateJob(store, '3', {
      status: 'failed',
      errorCode: 'ERR_JOB_FAILED',
      errorReason: 'party 2 timed out',
    });
    const res = await get('/v1/jobs/3/events/stream', { 'last-event-id': String(first.id) });
    const events = eventsOf(await readUntil(res, () => false));
    deepEqual(
      events.map((e) => e.event),
      ['progress', 'state', 'end'],
    );
    equal(events[0]?.data.id, second.id);
    equal(events[1]?.data.errorCode, 'ERR_JOB_FAILED');
    equal(events[1]?.data.errorReason, 'party 2 timed out');
    deepEqual(events[2]?.data, { type: 'end', status: 'failed' });
  });

  test('an open stream ends when the app closes', async () => {
    const store2 = openStore(':memory:');
    const app2 = await buildApp({ store: store2, identity, apiToken: token });
    await app2.listen({ host: '127.0.0.1', port: 0 });
    recordJob(store2, '4', 'running', { roles: ['compute'] });
    const res = await fetch(
      `http://127.0.0.1:${(app2.server.address() as AddressInfo).port}/v1/jobs/4/events/stream`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    const reading = readUntil(res, () => false);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await app2.close();
    const text = await reading;
    ok(Date.now() - t0 < 3000, 'close did not wait for the stream');
    deepEqual(
      eventsOf(text).map((e) => e.event),
      ['state'],
      'the stream ended without an end event (the job goes on)',
    );
    store2.close();
  });
});
