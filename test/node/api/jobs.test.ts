/**
 * Ledger-backed REST routes against one fresh anvil: two nodes' APIs (org 1 and org 2, each
 * with its own store). The daemon's part (recording what arrives from ledger events) is done
 * by hand here with the store functions it uses.
 */
import { after, before, describe, test } from 'node:test';
import { deepEqual, equal, match } from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { readContract } from 'viem/actions';
import { jobsAbi } from '../../../src/ledger/abi.js';
import { getJob as getLedgerJob } from '../../../src/ledger/actions/getJob.js';
import { getGrant as getLedgerGrant } from '../../../src/ledger/actions/getGrant.js';
import { GrantStatus, JobStatus } from '../../../src/ledger/types.js';
import { buildApp } from '../../../src/node/server/app.js';
import { openStore, type Store } from '../../../src/node/store/db.js';
import { addInboxItem, recordGrantRequest } from '../../../src/node/store/grants.js';
import { recordJob } from '../../../src/node/store/jobs.js';
import { loadBuiltinPrograms, type ProgramRegistry } from '../../../src/programs/registry.js';
import {
  approveProgram,
  client,
  memberInfo,
  setupLedger,
  type LedgerFixture,
} from '../../ledger/fixtures.js';

const token = 'e'.repeat(64);
const auth = { authorization: `Bearer ${token}` };

interface ErrorJson {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}
interface JobJson {
  id: string;
  status: string;
  roles: string[];
  program: string;
  params: Record<string, unknown>;
  spec: { inputOwners: string[]; committee: string[]; recipients: string[]; specHash: string };
}

void describe('job, grant, inbox and member routes against anvil', () => {
  let fx: LedgerFixture;
  let programs: ProgramRegistry;
  const stores: Store[] = [];
  const apps: FastifyInstance[] = [];
  let d1: string;
  let d2: string;

  const call = (n: 1 | 2, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    apps[n - 1]!.inject({
      method,
      url,
      headers: auth,
      ...(payload === undefined ? {} : { payload }),
    });

  async function dataset(n: 1 | 2, name: string): Promise<string> {
    const imp = await call(n, 'POST', '/v1/datasets', {
      name,
      csv: 'pay,sex\n10,F\n20,M\n30,F\n',
    });
    equal(imp.statusCode, 201, imp.body);
    const { id } = imp.json<{ id: string }>();
    const pub = await call(n, 'POST', `/v1/datasets/${id}/publish`, { title: name });
    equal(pub.statusCode, 200, pub.body);
    return id;
  }

  before(async () => {
    fx = await setupLedger({ members: 3, threshold: 1n });
    programs = await loadBuiltinPrograms();
    await approveProgram(fx, programs.get('sum').codeHash, 1);
    await approveProgram(fx, programs.get('paygap').codeHash, 1);
    for (const n of [1, 2] as const) {
      const store = openStore(':memory:');
      stores.push(store);
      apps.push(
        await buildApp({
          store,
          identity: {
            name: `org${n}`,
            chainAddress: fx.addressOf(n),
            tlsFingerprint: 'a'.repeat(64),
          },
          apiToken: token,
          ledger: client(fx, n),
          programs,
          fromBlock: fx.fromBlock,
        }),
      );
    }
    d1 = await dataset(1, 'd1');
    d2 = await dataset(2, 'd2');
  });
  after(async () => {
    for (const a of apps) await a.close();
    for (const s of stores) s.close();
    await fx.stop();
  });

  test('GET /v1/members lists the Consortium with names, fingerprints and self', async () => {
    const res = await call(1, 'GET', '/v1/members');
    equal(res.statusCode, 200, res.body);
    const members = res.json<{
      members: { address: string; name: string; tlsFingerprint: string; self: boolean }[];
    }>().members;
    deepEqual(
      members.map((m) => [m.name, m.self]),
      [
        ['Org 1', true],
        ['Org 2', false],
        ['Org 3', false],
      ],
    );
    equal(members[1]?.address, fx.addressOf(2));
    equal(members[0]?.tlsFingerprint, memberInfo(1).tlsPublicKey.slice(2));
  });

  test('grant request, approval through the owner, then a job that uses it is ready at once', async () => {
    const req = await call(1, 'POST', '/v1/grants', {
      datasetId: d2,
      purpose: 'totals for the annual report',
      programs: ['sum'],
    });
    equal(req.statusCode, 201, req.body);
    const g = req.json<{ id: string; direction: string; status: string; programs: string[] }>();
    deepEqual([g.direction, g.status, g.programs], ['outgoing', 'requested', ['sum']]);
    // Org 2's daemon records the GrantRequested event with its inbox item.
    const onChain = await getLedgerGrant(client(fx, 0), { grantId: BigInt(g.id) });
    recordGrantRequest(stores[1]!, {
      id: g.id,
      datasetId: d2,
      direction: 'incoming',
      requester: onChain.grantee,
      purpose: onChain.purpose,
      programHashes: [...onChain.programHashes],
      expiry: Number(onChain.expiresAt),
      maxUses: onChain.maxUses,
      status: 'requested',
    });
    const inbox = (await call(2, 'GET', '/v1/inbox?state=pending')).json<{
      items: { id: number; summary: string }[];
    }>().items;
    equal(inbox.length, 1);
    match(inbox[0]!.summary, /^Org 1 requests dataset "d2" .* for sum, at most 1 job\(s\)/);
    const notOwner = await call(1, 'POST', `/v1/grants/${g.id}/approve`, {});
    equal(notOwner.json<ErrorJson>().code, 'ERR_GRANT_NOT_INCOMING');
    const ok2 = await call(2, 'POST', `/v1/grants/${g.id}/approve`, {});
    equal(ok2.statusCode, 200, ok2.body);
    equal(ok2.json<{ status: string }>().status, 'approved');
    equal(
      (await getLedgerGrant(client(fx, 0), { grantId: BigInt(g.id) })).status,
      GrantStatus.Approved,
    );
    const decided = (await call(2, 'GET', '/v1/inbox?state=approved')).json<{
      items: { decidedBy: string }[];
    }>().items;
    equal(decided[0]?.decidedBy, 'user');

    // Org 1's local copy still says "requested"; the chain says usable, so the grant is used.
    const job = await call(1, 'POST', '/v1/jobs', {
      program: 'sum',
      inputs: [d1, d2],
      committee: ['Org 1', 'org 2', 'Org 3'],
      recipients: [fx.addressOf(1)],
      params: { column: 'pay' },
    });
    equal(job.statusCode, 201, job.body);
    const j = job.json<JobJson>();
    equal(j.status, 'ready');
    deepEqual(j.roles.sort(), ['compute', 'input', 'proposer', 'recipient']);
    deepEqual(j.params, { column: 'pay' });
    deepEqual(j.spec.inputOwners, [fx.addressOf(1), fx.addressOf(2)]);
    const chain = await getLedgerJob(client(fx, 0), { jobId: BigInt(j.id) });
    equal(chain.status, JobStatus.Ready);
    equal(chain.specHash, j.spec.specHash);
    const ev = (await call(1, 'GET', `/v1/jobs/${j.id}/events`)).json<{
      events: { phase: string; detail: string }[];
    }>();
    deepEqual(
      ev.events.map((e) => e.phase),
      ['proposed'],
    );
  });

  test('without a usable grant the job waits for the owner, who rejects it from the inbox', async () => {
    const res = await call(1, 'POST', '/v1/jobs', {
      program: 'sum',
      inputs: [d2, d1],
      committee: ['Org 1', 'Org 2', 'Org 3'],
      recipients: ['Org 2'],
      params: { column: 'pay' },
      deadlineSeconds: 600,
    });
    equal(res.statusCode, 201, res.body);
    const j = res.json<JobJson>();
    equal(j.status, 'awaiting_approval', 'the grant allowed one use only');
    deepEqual(j.roles.sort(), ['compute', 'input', 'proposer']);
    const noResult = await call(1, 'GET', `/v1/jobs/${j.id}/result`);
    equal(noResult.json<ErrorJson>().code, 'ERR_JOB_NOT_RECIPIENT');
    // Org 2's daemon records the job and asks its user.
    recordJob(stores[1]!, j.id, 'awaiting_approval', {
      program: 'sum',
      programHash: programs.get('sum').codeHash,
      params: j.params,
      proposer: fx.addressOf(1),
      spec: { ...j.spec, inputs: [d2, d1], deadline: 0 },
      roles: ['input', 'compute', 'recipient'],
    });
    const item = addInboxItem(stores[1]!, 'job', j.id);
    const [view] = (await call(2, 'GET', '/v1/inbox?state=pending')).json<{
      items: { id: number; summary: string }[];
    }>().items;
    equal(view?.id, item.id);
    match(
      view.summary,
      new RegExp(`^Job ${j.id}: sum, proposed by Org 1, over our dataset\\(s\\) "d2"`),
    );
    match(view.summary, /outputs revealed to Org 2/);
    const rej = await call(2, 'POST', `/v1/inbox/${item.id}/reject`, {
      reason: 'not this quarter',
    });
    equal(rej.statusCode, 200, rej.body);
    equal(rej.json<{ state: string }>().state, 'rejected');
    const chain = await getLedgerJob(client(fx, 0), { jobId: BigInt(j.id) });
    equal(chain.status, JobStatus.Rejected);
    equal(chain.reason, 'not this quarter');
    const again = await call(2, 'POST', `/v1/inbox/${item.id}/approve`, {});
    equal(again.statusCode, 409);
    equal(again.json<ErrorJson>().code, 'ERR_INBOX_DECIDED');
  });

  test('the owner revokes grants: an approved one, and a pending one (its inbox item closes)', async () => {
    const req = await call(1, 'POST', '/v1/grants', {
      datasetId: d2,
      purpose: 'second look',
      programs: [programs.get('sum').codeHash],
      maxUses: 3,
    });
    equal(req.statusCode, 201, req.body);
    const { id } = req.json<{ id: string }>();
    const onChain = await getLedgerGrant(client(fx, 0), { grantId: BigInt(id) });
    const { inbox } = recordGrantRequest(stores[1]!, {
      id,
      datasetId: d2,
      direction: 'incoming',
      requester: onChain.grantee,
      purpose: onChain.purpose,
      programHashes: [...onChain.programHashes],
      expiry: Number(onChain.expiresAt),
      maxUses: onChain.maxUses,
      status: 'requested',
    });
    const rev = await call(2, 'POST', `/v1/grants/${id}/revoke`, { reason: 'dataset retired' });
    equal(rev.statusCode, 200, rev.body);
    equal(rev.json<{ status: string }>().status, 'revoked');
    equal(
      (await getLedgerGrant(client(fx, 0), { grantId: BigInt(id) })).status,
      GrantStatus.Revoked,
    );
    const items = (await call(2, 'GET', '/v1/inbox')).json<{
      items: { id: number; state: string; reason: string | null }[];
    }>().items;
    deepEqual(
      items.filter((i) => i.id === inbox.id).map((i) => [i.state, i.reason]),
      [['rejected', 'revoked: dataset retired']],
    );
    const again = await call(2, 'POST', `/v1/grants/${id}/revoke`);
    equal(again.statusCode, 409);
    equal(again.json<ErrorJson>().details?.errorName, 'GrantAlreadyClosed');
  });

  test('the proposer cancels a job; the chain refuses a second cancel by name', async () => {
    const res = await call(1, 'POST', '/v1/jobs', {
      program: 'sum',
      inputs: [d2],
      committee: ['Org 2'],
      recipients: ['Org 1'],
      params: { column: 'pay' },
    });
    equal(res.statusCode, 201, res.body);
    const { id } = res.json<JobJson>();
    const c = await call(1, 'POST', `/v1/jobs/${id}/cancel`);
    equal(c.statusCode, 200, c.body);
    equal(c.json<JobJson>().status, 'cancelled');
    equal((await getLedgerJob(client(fx, 0), { jobId: BigInt(id) })).status, JobStatus.Cancelled);
    const twice = await call(1, 'POST', `/v1/jobs/${id}/cancel`);
    equal(twice.statusCode, 409);
    const body = twice.json<ErrorJson>();
    equal(body.code, 'ERR_LEDGER_REVERT');
    equal(body.details?.errorName, 'InvalidJobStatus');
    match(body.message, /InvalidJobStatus/);
  });

  test('proposal errors name the member, the input or the parameter', async () => {
    const base = {
      program: 'sum',
      inputs: [d1],
      committee: ['Org 1'],
      recipients: ['Org 1'],
      params: { column: 'pay' },
    };
    const who = await call(1, 'POST', '/v1/jobs', { ...base, committee: ['Org 1', 'Nobody Inc'] });
    equal(who.statusCode, 400);
    equal(who.json<ErrorJson>().code, 'ERR_MEMBER_UNKNOWN');
    equal(who.json<ErrorJson>().details?.field, 'committee[1]');
    const rcpt = await call(1, 'POST', '/v1/jobs', { ...base, recipients: [fx.addressOf(7)] });
    equal(rcpt.json<ErrorJson>().details?.field, 'recipients[0]');
    const missing = `0x${'5'.repeat(64)}`;
    const input = await call(1, 'POST', '/v1/jobs', { ...base, inputs: [d1, missing] });
    equal(input.statusCode, 400);
    equal(input.json<ErrorJson>().code, 'ERR_JOB_INPUT');
    equal(input.json<ErrorJson>().details?.input, missing);
    const param = await call(1, 'POST', '/v1/jobs', {
      ...base,
      params: { column: 'pay', extra: 1 },
    });
    equal(param.json<ErrorJson>().code, 'ERR_PROGRAM_PARAM');
    equal(param.json<ErrorJson>().details?.param, 'extra');
    const notApproved = await call(1, 'POST', '/v1/jobs', { ...base, program: 'mean' });
    equal(notApproved.statusCode, 409);
    equal(notApproved.json<ErrorJson>().details?.errorName, 'ProgramNotApproved');
  });

  test('checks at proposal: a missing column, a wrong type, too many rows are refused naming the dataset, column and limit; nothing goes on chain', async () => {
    const ledger = client(fx, 1);
    const jobCount = (): Promise<bigint> =>
      readContract(ledger.publicClient, {
        address: ledger.addresses.jobs,
        abi: jobsAbi,
        functionName: 'jobCount',
      });
    const before = await jobCount();
    const base = { inputs: [d1], committee: ['Org 1'], recipients: ['Org 1'] };
    const refused = async (body: object, re: RegExp): Promise<ErrorJson> => {
      const res = await call(1, 'POST', '/v1/jobs', { ...base, ...body });
      equal(res.statusCode, 400, res.body);
      const e = res.json<ErrorJson>();
      equal(e.code, 'ERR_PROGRAM_INPUT');
      match(e.message, re);
      match(e.message, /dataset "d1" \(0x[0-9a-f]{8}…\)/, 'the dataset is named');
      return e;
    };
    const missing = await refused(
      { program: 'sum', params: { column: 'salary' } },
      /has no column salary \(it has pay, sex\)/,
    );
    equal(missing.details?.column, 'salary');
    await refused(
      { program: 'sum', params: { column: 'sex' } },
      /column sex is category; sum needs integer or decimal/,
    );
    await refused(
      { program: 'paygap', params: { salaryColumn: 'sex', genderColumn: 'pay' } },
      /column pay is integer; paygap needs category/,
    );
    // Row limits at proposal (paygap: 2^20 rows in all) are checked by checkCatalogInputs, as
    // test/programs/limits.test.ts shows; importing a million rows here would be slow.
    // Declared bounds in the catalog: a salary up to 20,000,000,000.00 EUR does not fit paygap's
    // range (below 2^40 cents), nor variance's (below 2^31 cents).
    const typed = await call(1, 'POST', '/v1/datasets', {
      name: 'typed',
      csv: 'salary,gender\n52000.10,F\n61000.00,M\n',
      schema: {
        columns: [
          { name: 'salary', type: 'decimal', scale: 2, min: 0, max: '20000000000.00', unit: 'EUR' },
          { name: 'gender', type: 'category', labels: ['F', 'M'] },
        ],
      },
    });
    equal(typed.statusCode, 201, typed.body);
    const tid = typed.json<{ id: string }>().id;
    equal(
      (await call(1, 'POST', `/v1/datasets/${tid}/publish`, { title: 'typed' })).statusCode,
      200,
    );
    const range = await call(1, 'POST', '/v1/jobs', { ...base, inputs: [tid], program: 'paygap' });
    equal(range.statusCode, 400, range.body);
    equal(
      range.json<ErrorJson>().message,
      `paygap: dataset "typed" (${tid.slice(0, 10)}…): column salary must be at least 0.00 EUR and at most 10995116277.75 EUR; the catalog declares values up to 20000000000.00 EUR.`,
    );
    const v = await call(1, 'POST', '/v1/jobs', {
      ...base,
      inputs: [tid],
      program: 'variance',
      params: { column: 'salary' },
    });
    equal(v.statusCode, 400, v.body);
    match(
      v.json<ErrorJson>().message,
      /column salary must be at least -21474836\.48 EUR and at most 21474836\.47 EUR; the catalog declares values up to 20000000000\.00 EUR\.$/,
    );
    equal(await jobCount(), before, 'no job was proposed on chain');
  });

  test("committee rules at proposal: t = 0 on another party's input, and our own policy, are refused before anything goes on chain", async () => {
    const ledger = client(fx, 1);
    const jobCount = (): Promise<bigint> =>
      readContract(ledger.publicClient, {
        address: ledger.addresses.jobs,
        abi: jobsAbi,
        functionName: 'jobCount',
      });
    const before = await jobCount();
    const propose = (body: object): ReturnType<typeof call> =>
      call(1, 'POST', '/v1/jobs', {
        program: 'sum',
        inputs: [d1],
        recipients: ['Org 1'],
        params: { column: 'pay' },
        ...body,
      });
    // Two members: t = 0, each would hold d1 in the clear.
    const two = await propose({ committee: ['Org 1', 'Org 2'] });
    equal(two.statusCode, 400, two.body);
    const e2 = two.json<ErrorJson>();
    equal(e2.code, 'ERR_JOB_COMMITTEE');
    equal(e2.details?.rule, 'threshold');
    match(
      e2.message,
      /a committee of 2 has threshold t = 0: each member would see every input in the clear; a job with inputs of Org 1 needs a committee of at least 3 members/,
    );
    // One member on another party's data.
    const other = await propose({ inputs: [d2], committee: ['Org 1'] });
    equal(other.json<ErrorJson>().code, 'ERR_JOB_COMMITTEE');
    match(
      other.json<ErrorJson>().message,
      /Org 1 would see every input in the clear; a job with inputs of Org 2/,
    );
    // Our own policy for our own dataset: at least 4 members, and only from XX.
    const set = await call(1, 'PUT', '/v1/policy', {
      rules: [],
      requirements: [
        { datasetId: d1, minCommittee: 4 },
        { jurisdictions: ['XX'], note: 'home only' },
      ],
    });
    equal(set.statusCode, 200, set.body);
    const stored = set.json<{ requirements: { datasetId?: string; minCommittee?: number }[] }>();
    deepEqual(stored.requirements[0], { datasetId: d1.toLowerCase(), minCommittee: 4 });
    const policy = await propose({ committee: ['Org 1', 'Org 2', 'Org 3'] });
    equal(policy.statusCode, 400, policy.body);
    const ep = policy.json<ErrorJson>();
    equal(ep.code, 'ERR_JOB_COMMITTEE');
    equal(ep.details?.rule, 'policy');
    match(ep.message, /committee has 3 members; Org 1's policy requires at least 4/);
    match(ep.message, /outside XX; Org 1's policy requires members from XX/);
    // A rules-only PUT keeps the requirements; an explicit empty list clears them.
    const rulesOnly = await call(1, 'PUT', '/v1/policy', { rules: [] });
    equal(rulesOnly.json<{ requirements: unknown[] }>().requirements.length, 2);
    await call(1, 'PUT', '/v1/policy', { rules: [], requirements: [] });
    equal(await jobCount(), before, 'no job was proposed on chain');
    const fine = await propose({ committee: ['Org 1', 'Org 2', 'Org 3'] });
    equal(fine.statusCode, 201, fine.body);
    await call(1, 'POST', `/v1/jobs/${fine.json<JobJson>().id}/cancel`);
  });

  test('policy rules may name members; they are stored as addresses', async () => {
    const res = await apps[0]!.inject({
      method: 'PUT',
      url: '/v1/policy',
      headers: auth,
      payload: { rules: [{ action: 'approve', requester: 'Org 3', program: 'sum' }] },
    });
    equal(res.statusCode, 200, res.body);
    equal(
      res.json<{ rules: { requester: string }[] }>().rules[0]?.requester,
      fx.addressOf(3).toLowerCase(),
    );
    const bad = await apps[0]!.inject({
      method: 'PUT',
      url: '/v1/policy',
      headers: auth,
      payload: { rules: [{ action: 'approve', requester: 'Org 9' }] },
    });
    equal(bad.json<ErrorJson>().code, 'ERR_MEMBER_UNKNOWN');
    equal(bad.json<ErrorJson>().details?.field, 'rules.0.requester');
  });
});
