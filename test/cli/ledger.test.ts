/**
 * The CLI's ledger commands (members, programs, grant, job, audit) run in-process (runCli)
 * against a real REST API listening on loopback, backed by anvil. The daemon's part (the
 * result a recipient keeps) is written to the store by hand.
 */
import { after, before, describe, test } from 'node:test';
import { deepEqual, equal, match, ok } from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Hex } from 'viem';
import { runCli } from '../../src/cli/main.js';
import { signJobResult } from '../../src/ledger/actions/signJobResult.js';
import { startJob } from '../../src/ledger/actions/startJob.js';
import { submitResult } from '../../src/ledger/actions/submitResult.js';
import { buildApp } from '../../src/node/server/app.js';
import { openStore, type Store } from '../../src/node/store/db.js';
import { saveJobResult, updateJob } from '../../src/node/store/jobs.js';
import { loadBuiltinPrograms } from '../../src/programs/registry.js';
import { approveProgram, client, h, setupLedger, type LedgerFixture } from '../ledger/fixtures.js';

const token = '7'.repeat(64);

void describe('parley ledger commands against a node API on anvil', () => {
  let fx: LedgerFixture;
  let store: Store;
  let app: FastifyInstance;
  let env: NodeJS.ProcessEnv;
  let dataset: string;

  const cli = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, {
      out: (s) => out.push(s),
      err: (s) => err.push(s),
      env,
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  before(async () => {
    fx = await setupLedger({ members: 2, threshold: 1n });
    const programs = await loadBuiltinPrograms();
    await approveProgram(fx, programs.get('sum').codeHash, 1);
    store = openStore(':memory:');
    app = await buildApp({
      store,
      identity: { name: 'org1', chainAddress: fx.addressOf(1), tlsFingerprint: 'a'.repeat(64) },
      apiToken: token,
      ledger: client(fx, 1),
      programs,
      fromBlock: fx.fromBlock,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
    env = { PARLEY_API_URL: `http://127.0.0.1:${port}`, PARLEY_TOKEN: token };
    const imp = await app.inject({
      method: 'POST',
      url: '/v1/datasets',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'pay', csv: 'pay\n10\n20\n' },
    });
    dataset = imp.json<{ id: string }>().id;
    await app.inject({
      method: 'POST',
      url: `/v1/datasets/${dataset}/publish`,
      headers: { authorization: `Bearer ${token}` },
      payload: { title: 'Pay' },
    });
  });
  after(async () => {
    await app.close();
    store.close();
    await fx.stop();
  });

  test('members and programs', async () => {
    const m = await cli('members');
    equal(m.code, 0, m.err);
    match(m.out, /^\*\s+Org 1\s+0x[0-9a-fA-F]{40}\s+FR/m);
    match(m.out, /^\s+Org 2\s+/m);
    const p = await cli('programs');
    equal(p.code, 0, p.err);
    match(p.out, /^paygap \S+ +0x[0-9a-f]{64}/m);
    match(p.out, /threshold: number/);
    const j = await cli('programs', '--json');
    // sum, mean, variance, stddev, paygap, auction, tally, escrow, escrow-sum
    equal((JSON.parse(j.out) as unknown[]).length, 9);
    const show = await cli('programs', 'show', 'paygap');
    equal(show.code, 0, show.err);
    match(show.out, /^paygap \S+ +0x[0-9a-f]{64}$/m);
    match(show.out, /^ {4}gender: category with labels "F", "M"$/m);
    match(show.out, /^ {4}salary: integer or decimal$/m);
    match(
      show.out,
      /^ {4}gapPercent \(fixed\) to recipients; one row per input \(its owner\), then overall$/m,
    );
    match(show.out, /^ {4}pass \(boolean\) to recipients; one row: overall$/m);
    match(show.out, /^ {4}rows: at least 1 per input; at most 1048576 in all$/m);
    match(
      show.out,
      /^ {4}salary: integer or decimal, exact stored integers from 0 to 1099511627775 \(for decimal\(2\), in cents: at least 0\.00 and at most 10995116277\.75\)$/m,
    );
    match(show.out, /^ {4}field: p255$/m);
    const sum = await cli('programs', 'show', 'sum');
    match(
      sum.out,
      /^ {4}column: integer or decimal, exact stored integers from -9223372036854775808 to 9223372036854775807 /m,
    );
    match(sum.out, /^ {4}field: p127$/m);
    const none = await cli('programs', 'show', 'nope');
    equal(none.code, 1);
    match(none.err, /ERR_PROGRAM_NOT_FOUND/);
  });

  test('propose, show, audit (unfinished: exit 1), finish on chain, result, watch, audit (exit 0)', async () => {
    const prop = await cli(
      'job',
      'propose',
      '--program',
      'sum',
      '--input',
      dataset,
      '--committee',
      'Org 1',
      '--reveal-to',
      'org 1',
      '--param',
      'column=pay',
      '--deadline',
      '600',
    );
    equal(prop.code, 0, `${prop.err}|${prop.out}`);
    const id = /Proposed job (\d+) \(ready\)/.exec(prop.out)?.[1];
    ok(id !== undefined, prop.out);
    match((await cli('job', 'show', id)).out, /params: +\{"column":"pay"\}/);
    match((await cli('job', 'list')).out, new RegExp(`^${id} +ready +sum`, 'm'));

    const early = await cli('audit', '--job', id);
    equal(early.code, 1);
    match(early.out, /NOT VERIFIED/);
    match(early.out, /the job has not finished \(ready\)/);

    const noResult = await cli('job', 'result', id);
    equal(noResult.code, 1);
    match(noResult.err, /ERR_JOB_NO_RESULT/);

    const jobId = BigInt(id);
    await startJob(client(fx, 1), { jobId });
    const resultDigest: Hex = h('sum 30');
    const signature = await signJobResult(client(fx, 1), { jobId, resultDigest });
    await submitResult(client(fx, 2), { jobId, resultDigest, signatures: [signature] });
    saveJobResult(store, id, { jobId: id, program: 'sum', resultDigest, outputs: { sum: [30] } });
    updateJob(store, id, { status: 'succeeded', resultDigest });

    const res = await cli('job', 'result', id);
    equal(res.code, 0, res.err);
    match(res.out, /^ {2}sum: 30$/m);
    deepEqual(JSON.parse((await cli('job', 'result', id, '--json')).out), {
      jobId: id,
      program: 'sum',
      resultDigest,
      outputs: { sum: [30] },
      rows: { sum: ['overall'] },
      units: {},
    });
    match(
      (await cli('job', 'show', id)).out,
      /^ {2}confirmed: +by every recipient before attesting/m,
    );
    const watch = await cli('job', 'watch', id);
    equal(watch.code, 0, watch.err);
    match(watch.out, /\[proposed\] .*\njob \d+ succeeded$/);

    const audit = await cli('audit', '--job', id);
    equal(audit.code, 0, audit.out);
    match(audit.out, /VERIFIED/);
    match(audit.out, /signature: +0x[0-9a-f]{40} ok/);
    match(audit.out, /All 1 job\(s\) verified\./);
  });

  test('grant request and list; errors name the program or the contract refusal', async () => {
    const r = await cli(
      'grant',
      'request',
      dataset,
      '--purpose',
      'test',
      '--program',
      'sum',
      '--max-uses',
      '2',
    );
    equal(r.code, 0, r.err);
    match(r.out, /Requested grant \d+/);
    match((await cli('grant', 'list', '--direction', 'outgoing')).out, /outgoing +requested/);
    const bad = await cli('grant', 'request', dataset, '--purpose', 'x', '--program', 'nosuch');
    equal(bad.code, 1);
    match(bad.err, /ERR_PROGRAM_NOT_FOUND/);
    const cancelDone = await cli('job', 'cancel', '1');
    equal(cancelDone.code, 1, cancelDone.out);
    match(cancelDone.err, /InvalidJobStatus.*\[ERR_LEDGER_REVERT\]/);
  });
});
