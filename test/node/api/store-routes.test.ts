/**
 * REST routes answered from the store (which the daemon fills from ledger events): policy,
 * inbox, grants, jobs, progress log and results. The store is filled directly here; the
 * ledger-backed routes are in jobs.test.ts.
 */
import { after, before, describe, test } from 'node:test';
import { deepEqual, equal, match, ok } from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/node/server/app.js';
import { openStore, type Store } from '../../../src/node/store/db.js';
import { loadBuiltinPrograms, type ProgramRegistry } from '../../../src/programs/registry.js';
import { recordGrantRequest } from '../../../src/node/store/grants.js';
import { addJobEvent, recordJob, saveJobResult, updateJob } from '../../../src/node/store/jobs.js';

const token = 'd'.repeat(64);
const auth = { authorization: `Bearer ${token}` };
const self: `0x${string}` = `0x${'12'.repeat(20)}`;
const other = `0x${'34'.repeat(20)}`;
const identity = { name: 'acme', chainAddress: self, tlsFingerprint: 'f'.repeat(64) } as const;
const DS = `0x${'ab'.repeat(32)}`;

interface ErrorJson {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

void describe('REST routes from the store', () => {
  let store: Store;
  let app: FastifyInstance;
  let programs: ProgramRegistry;
  before(async () => {
    store = openStore(':memory:');
    programs = await loadBuiltinPrograms();
    app = await buildApp({ store, identity, apiToken: token, programs });
  });
  after(async () => {
    await app.close();
    store.close();
  });
  const get = (url: string) => app.inject({ url, headers: auth });
  const post = (url: string, payload: object = {}) =>
    app.inject({ method: 'POST', url, headers: auth, payload });

  test('GET /v1/programs lists the registry with hashes, params and input columns', async () => {
    const res = await get('/v1/programs');
    equal(res.statusCode, 200, res.body);
    const list = res.json<{
      programs: {
        name: string;
        hash: string;
        params: Record<string, { type: string }>;
        inputs: { column: string }[];
      }[];
    }>().programs;
    deepEqual(
      list.map((p) => p.name),
      ['auction', 'escrow', 'escrow-sum', 'mean', 'paygap', 'stddev', 'sum', 'tally', 'variance'],
    );
    const paygap = list.find((p) => p.name === 'paygap')!;
    equal(paygap.hash, programs.get('paygap').codeHash);
    equal(paygap.params.threshold?.type, 'number');
    ok(paygap.inputs.length >= 2, 'the input columns with default params');
  });

  test('policy: PUT resolves program names to hashes, GET shows both; bad rules name the field', async () => {
    const hash = programs.get('sum').codeHash;
    const put = await app.inject({
      method: 'PUT',
      url: '/v1/policy',
      headers: auth,
      payload: {
        rules: [
          { action: 'approve', program: 'paygap', requester: other, note: 'auditor' },
          { action: 'reject', program: hash, datasetId: DS },
        ],
      },
    });
    equal(put.statusCode, 200, put.body);
    const expected = [
      {
        action: 'approve',
        programHash: programs.get('paygap').codeHash.toLowerCase(),
        program: 'paygap',
        requester: other,
        note: 'auditor',
      },
      { action: 'reject', programHash: hash.toLowerCase(), program: 'sum', datasetId: DS },
    ];
    deepEqual(put.json<{ rules: unknown[] }>().rules, expected);
    deepEqual((await get('/v1/policy')).json<{ rules: unknown[] }>().rules, expected);

    const unknown = await app.inject({
      method: 'PUT',
      url: '/v1/policy',
      headers: auth,
      payload: { rules: [{ action: 'approve' }, { action: 'approve', program: 'nosuch' }] },
    });
    equal(unknown.statusCode, 400);
    equal(unknown.json<ErrorJson>().code, 'ERR_POLICY');
    equal(unknown.json<ErrorJson>().details?.field, 'rules.1.program');
    const badAction = await app.inject({
      method: 'PUT',
      url: '/v1/policy',
      headers: auth,
      payload: { rules: [{ action: 'maybe' }] },
    });
    equal(badAction.json<ErrorJson>().details?.field, 'body.rules.0.action');
    // A member name needs the Consortium: no ledger, 503; the old policy is kept.
    const byName = await app.inject({
      method: 'PUT',
      url: '/v1/policy',
      headers: auth,
      payload: { rules: [{ action: 'approve', requester: 'Org 2' }] },
    });
    equal(byName.statusCode, 503);
    equal(byName.json<ErrorJson>().code, 'ERR_NODE_NO_LEDGER');
    deepEqual((await get('/v1/policy')).json<{ rules: unknown[] }>().rules, expected);
    await app.inject({ method: 'PUT', url: '/v1/policy', headers: auth, payload: { rules: [] } });
  });

  test('inbox: items with a public summary; filters; unknown ids are 404', async () => {
    const sumHash = programs.get('sum').codeHash;
    recordGrantRequest(store, {
      id: '5',
      datasetId: DS,
      direction: 'incoming',
      requester: other,
      purpose: 'yearly statistics',
      programHashes: [sumHash],
      expiry: 2_000_000_000,
      maxUses: 2,
      status: 'requested',
    });
    const res = await get('/v1/inbox?state=pending');
    equal(res.statusCode, 200, res.body);
    const [item] = res.json<{
      items: { id: number; kind: string; ref: string; summary: string }[];
    }>().items;
    ok(item !== undefined);
    equal(item.kind, 'grant');
    equal(item.ref, '5');
    match(item.summary, new RegExp(`${other} requests dataset ${DS} for sum`));
    match(item.summary, /at most 2 job\(s\)/);
    match(item.summary, /Purpose: "yearly statistics"/);
    equal((await get('/v1/inbox?state=approved')).json<{ items: unknown[] }>().items.length, 0);
    equal((await get('/v1/inbox?state=later')).statusCode, 400);
    const nf = await post('/v1/inbox/999/approve');
    equal(nf.statusCode, 404);
    equal(nf.json<ErrorJson>().code, 'ERR_INBOX_NOT_FOUND');
    // The body ({ reason? }) is optional: none at all is not a validation error.
    const bare = await app.inject({ method: 'POST', url: '/v1/inbox/999/reject', headers: auth });
    equal(bare.json<ErrorJson>().code, 'ERR_INBOX_NOT_FOUND');
    // A real item, but no ledger to put the decision on: 503, and it stays pending.
    const off = await post(`/v1/inbox/${item.id}/reject`, { reason: 'no' });
    equal(off.statusCode, 503);
    equal((await get('/v1/inbox?state=pending')).json<{ items: unknown[] }>().items.length, 1);
  });

  test('grants: list, filter, show; unknown 404; owner actions only on incoming grants', async () => {
    recordGrantRequest(store, {
      id: '6',
      datasetId: DS,
      direction: 'outgoing',
      requester: self,
      purpose: 'ours',
      programHashes: [programs.get('mean').codeHash],
      expiry: null,
      maxUses: null,
      status: 'approved',
    });
    const all = (await get('/v1/grants')).json<{ grants: { id: string }[] }>().grants;
    deepEqual(
      all.map((g) => g.id),
      ['5', '6'],
    );
    const out = (await get('/v1/grants?direction=outgoing')).json<{
      grants: { id: string; programs: (string | null)[] }[];
    }>().grants;
    deepEqual(
      out.map((g) => [g.id, g.programs]),
      [['6', ['mean']]],
    );
    equal((await get('/v1/grants/5')).json<{ purpose: string }>().purpose, 'yearly statistics');
    const nf = await get('/v1/grants/77');
    equal(nf.statusCode, 404);
    equal(nf.json<ErrorJson>().code, 'ERR_GRANT_NOT_FOUND');
    equal((await get('/v1/grants/abc')).statusCode, 400);
    const notOurs = await post('/v1/grants/6/revoke', {});
    equal(notOurs.statusCode, 409);
    equal(notOurs.json<ErrorJson>().code, 'ERR_GRANT_NOT_INCOMING');
  });

  test('jobs: list, show, events after N, result for recipients only', async () => {
    const spec = {
      inputs: [DS],
      inputOwners: [other],
      committee: [self, other],
      recipients: [self],
      deadline: 2_000_000_000,
      specHash: `0x${'99'.repeat(32)}`,
    };
    recordJob(store, '3', 'running', {
      program: 'sum',
      programHash: programs.get('sum').codeHash,
      params: {},
      proposer: other,
      spec,
      roles: ['compute', 'recipient'],
    });
    recordJob(store, '4', 'awaiting_approval', {
      program: 'sum',
      proposer: other,
      spec: { ...spec, recipients: [other] },
      roles: ['compute'],
    });
    const e1 = addJobEvent(store, '3', 'connecting', '2 peers');
    addJobEvent(store, '3', 'compute', 'step 1 of 3');
    const list = (await get('/v1/jobs')).json<{ jobs: { id: string }[] }>().jobs;
    deepEqual(
      list.map((j) => j.id),
      ['3', '4'],
    );
    equal((await get('/v1/jobs?status=running')).json<{ jobs: unknown[] }>().jobs.length, 1);
    const show = (await get('/v1/jobs/3')).json<{
      status: string;
      phase: string;
      spec: typeof spec;
    }>();
    equal(show.status, 'running');
    equal(show.phase, 'compute');
    deepEqual(show.spec, spec);
    const ev = (await get(`/v1/jobs/3/events?after=${e1.id}`)).json<{
      events: { phase: string; detail: string }[];
      status: string;
    }>();
    deepEqual(
      ev.events.map((e) => [e.phase, e.detail]),
      [['compute', 'step 1 of 3']],
    );
    equal(ev.status, 'running');

    const early = await get('/v1/jobs/3/result');
    equal(early.statusCode, 409);
    equal(early.json<ErrorJson>().code, 'ERR_JOB_NO_RESULT');
    const notMine = await get('/v1/jobs/4/result');
    equal(notMine.statusCode, 403);
    equal(notMine.json<ErrorJson>().code, 'ERR_JOB_NOT_RECIPIENT');
    for (const url of ['/v1/jobs/42', '/v1/jobs/42/events', '/v1/jobs/42/result']) {
      const nf = await get(url);
      equal(nf.statusCode, 404, url);
      equal(nf.json<ErrorJson>().code, 'ERR_JOB_NOT_FOUND');
    }
    equal((await get('/v1/jobs/0')).statusCode, 400);

    saveJobResult(store, '3', {
      jobId: '3',
      program: 'sum',
      resultDigest: `0x${'77'.repeat(32)}`,
      outputs: { sum: [42] },
    });
    updateJob(store, '3', { status: 'succeeded', resultDigest: `0x${'77'.repeat(32)}` });
    const res = await get('/v1/jobs/3/result');
    equal(res.statusCode, 200, res.body);
    deepEqual(res.json(), {
      jobId: '3',
      program: 'sum',
      resultDigest: `0x${'77'.repeat(32)}`,
      outputs: { sum: [42] },
      rows: { sum: ['overall'] },
      units: {}, // no chain here: the catalog's unit is unknown, the result still comes
    });
  });

  test('ledger routes without a ledger answer 503 ERR_NODE_NO_LEDGER', async () => {
    for (const [method, url, payload] of [
      ['GET', '/v1/members', undefined],
      ['GET', '/v1/audit', undefined],
      ['POST', '/v1/grants', { datasetId: DS, purpose: 'x', programs: ['sum'] }],
      [
        'POST',
        '/v1/jobs',
        {
          program: 'sum',
          inputs: [DS],
          committee: ['Org 1'],
          recipients: ['Org 1'],
          params: { column: 'pay' },
        },
      ],
      ['POST', '/v1/jobs/4/cancel', undefined],
    ] as const) {
      const res = await app.inject({
        method,
        url,
        headers: auth,
        ...(payload === undefined ? {} : { payload }),
      });
      equal(res.statusCode, 503, `${method} ${url}: ${res.body}`);
      equal(res.json<ErrorJson>().code, 'ERR_NODE_NO_LEDGER');
    }
    const badParams = await post('/v1/jobs', {
      program: 'paygap',
      inputs: [DS],
      committee: ['Org 1'],
      recipients: ['Org 1'],
      params: { threshold: 'high' },
    });
    equal(badParams.statusCode, 400);
    equal(badParams.json<ErrorJson>().code, 'ERR_PROGRAM_PARAM');
    equal(badParams.json<ErrorJson>().details?.param, 'threshold');
    const unknownProgram = await post('/v1/jobs', {
      program: 'nosuch',
      inputs: [DS],
      committee: ['Org 1'],
      recipients: ['Org 1'],
    });
    equal(unknownProgram.statusCode, 400);
    equal(unknownProgram.json<ErrorJson>().code, 'ERR_PROGRAM_NOT_FOUND');
  });
});
