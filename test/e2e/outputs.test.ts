/**
 * End to end: outputs with receivers through four node processes (`parley node start`) on
 * loopback with anvil, driven through their REST APIs only (as consortium.test.ts):
 * - auction: each bidder receives only whether it won (an `owners` output); the price is public,
 *   on chain with the committee's attestation, readable by a node that received nothing;
 * - tally: a list parameter (the candidates) and public counts labelled by candidate;
 * - escrow then escrow-sum: job 1 keeps a column secret-shared as an artifact on each committee
 *   member (it survives a restart of a member's node); job 2 takes it as its input, is refused
 *   at proposal with another committee, and reveals the right sum; deleting one member's shares
 *   makes the artifact unusable.
 * The per-output protocol, members outputs and artifacts are exercised over TLS and anvil in
 * test/node/jobs/outputs.test.ts (with test-only programs, which node processes do not load).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ParleyApiError, type ParleyClient } from '../../src/sdk/index.js';
import {
  DEFAULT_COMPANIES,
  DEFAULT_REGULATOR,
  startLocalConsortium,
  type LocalConsortium,
} from '../../src/node/dev/consortium.js';
import { waitForJobStatus } from '../../src/node/dev/paygap-demo.js';

const COMPANIES = DEFAULT_COMPANIES;
const REG = DEFAULT_REGULATOR;

describe('outputs with receivers: node processes on loopback', () => {
  let root: string;
  let c: LocalConsortium;
  const api = new Map<string, ParleyClient>();
  const a = (name: string): ParleyClient => api.get(name)!;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'parley-e2e-outputs-'));
    c = await startLocalConsortium({
      root,
      names: [...COMPANIES, REG],
      approve: ['auction', 'tally', 'escrow', 'escrow-sum'],
    });
    for (const n of c.names) api.set(n, await c.api(n));
    for (const co of COMPANIES) {
      await a(co).setPolicy({
        rules: [
          { action: 'approve', program: 'auction', requester: REG },
          { action: 'approve', program: 'tally', requester: REG },
          { action: 'approve', program: 'escrow', requester: REG },
          { action: 'approve', program: 'escrow-sum', requester: REG },
        ],
      });
    }
  });

  after(async () => {
    await c?.close();
    await rm(root, { recursive: true, force: true });
  });

  /** Imports and publishes a one-table CSV at `co`; returns the dataset id. */
  async function publish(co: string, name: string, csv: string, schema: object): Promise<string> {
    const ds = await a(co).importDataset({
      name,
      csv,
      schema: schema as NonNullable<Parameters<ParleyClient['importDataset']>[0]['schema']>,
    });
    await a(co).publishDataset(ds.id, { title: `${co} ${name}`, description: 'test', tags: [] });
    return ds.id;
  }

  test('auction: each bidder learns only whether it won; the price is public, on chain', async () => {
    const bids: Record<string, string> = { acme: '1200.50', globex: '1375.00', initech: '990.99' };
    const schema = {
      columns: [
        { name: 'bid', type: 'decimal', scale: 2, min: '0.00', max: '1000000.00', unit: 'EUR' },
      ],
    };
    const inputs: string[] = [];
    for (const co of COMPANIES) inputs.push(await publish(co, 'bid', `bid\n${bids[co]}\n`, schema));
    const job = await a(REG).proposeJob({
      program: 'auction',
      inputs,
      committee: [...COMPANIES],
      recipients: [REG],
    });
    const final = await waitForJobStatus(a(REG), job.id, ['succeeded', 'failed'], 120_000);
    assert.equal(final.status, 'succeeded', final.errorReason ?? '');
    for (const co of COMPANIES) {
      await waitForJobStatus(a(co), job.id, ['succeeded'], 30_000);
      const r = await a(co).jobResult(job.id);
      // Its own element of `won` only, labelled with its name; the public price as a member.
      assert.deepEqual(r.outputs['won'], [co === 'globex'], co);
      assert.deepEqual(r.rows?.['won'], [co], co);
      assert.deepEqual(r.outputs['price'], ['137500'], co);
      assert.equal(r.public, undefined, `${co} received its outputs itself`);
    }
    // The regulator received nothing privately: it reads the attested public output from chain.
    const pub = await a(REG).jobResult(job.id);
    assert.equal(pub.public, true);
    assert.deepEqual(Object.keys(pub.outputs), ['price']);
    assert.deepEqual(pub.outputs['price'], ['137500']);
    assert.equal(pub.scales?.['price'], 2, 'shown in EUR with 2 decimals');
    // The audit recovers every committee signature over (digest, public outputs).
    const audit = await a(REG).audit({ job: job.id });
    assert.equal(audit.jobs[0]?.verified, true, JSON.stringify(audit.problems));
  });

  test('tally: candidates as a list parameter; public counts per candidate', async () => {
    const ballots: Record<string, string[]> = {
      acme: ['ann', 'bob', 'ann', 'cy'],
      globex: ['bob', 'bob'],
      initech: ['ann', 'cy', 'cy'],
    };
    const schema = {
      columns: [{ name: 'vote', type: 'category', labels: ['ann', 'bob', 'cy', 'dee'] }],
    };
    const inputs: string[] = [];
    for (const co of COMPANIES)
      inputs.push(await publish(co, 'ballots', `vote\n${ballots[co]!.join('\n')}\n`, schema));
    // A list outside its limits is refused at proposal, naming the parameter.
    await assert.rejects(
      a(REG).proposeJob({
        program: 'tally',
        inputs,
        committee: [...COMPANIES],
        recipients: [REG],
        params: { candidates: ['ann'] },
      }),
      (e: unknown) => e instanceof ParleyApiError && /candidates/.test(e.message),
    );
    const candidates = ['cy', 'ann', 'dee'];
    const job = await a(REG).proposeJob({
      program: 'tally',
      inputs,
      committee: [...COMPANIES],
      recipients: [REG],
      params: { candidates },
    });
    const final = await waitForJobStatus(a(REG), job.id, ['succeeded', 'failed'], 120_000);
    assert.equal(final.status, 'succeeded', final.errorReason ?? '');
    const all = Object.values(ballots).flat();
    const want = candidates.map((k) => String(all.filter((v) => v === k).length));
    const r = await a(REG).jobResult(job.id);
    assert.equal(r.public, true);
    assert.deepEqual(r.outputs['votes'], want);
    assert.deepEqual(r.rows?.['votes'], candidates);
  });

  test('escrow then escrow-sum: an artifact made by job 1 is the input of job 2', async () => {
    const values: Record<string, number[]> = { acme: [5, -7, 11], globex: [100], initech: [3, 4] };
    const schema = { columns: [{ name: 'amount', type: 'integer' }] };
    const inputs: string[] = [];
    for (const co of COMPANIES)
      inputs.push(await publish(co, 'amounts', `amount\n${values[co]!.join('\n')}\n`, schema));
    const job1 = await a(REG).proposeJob({
      program: 'escrow',
      inputs,
      committee: [...COMPANIES],
      recipients: [REG],
      params: { column: 'amount' },
    });
    const f1 = await waitForJobStatus(a(REG), job1.id, ['succeeded', 'failed'], 120_000);
    assert.equal(f1.status, 'succeeded', f1.errorReason ?? '');
    const id = `${job1.id}.records`;
    for (const [k, co] of COMPANIES.entries()) {
      await waitForJobStatus(a(co), job1.id, ['succeeded'], 30_000);
      const art = await a(co).getArtifact(id);
      assert.deepEqual(art.committee, [...COMPANIES]);
      assert.equal(art.t, 1);
      assert.equal(art.index, k + 1);
      assert.equal(art.length, 6);
      assert.deepEqual(art.lineage.datasets, inputs);
      assert.deepEqual(art.lineage.owners, [...COMPANIES]);
      assert.ok((await a(co).listArtifacts()).artifacts.some((x) => x.id === id));
    }
    // Not on the committee: no shares.
    await assert.rejects(
      a(REG).getArtifact(id),
      (e: unknown) => e instanceof ParleyApiError && e.code === 'ERR_ARTIFACT_NOT_FOUND',
    );
    // The shares survive a restart of a member's node.
    await c.stopNode('globex');
    await c.startNode('globex');
    api.set('globex', await c.api('globex'));
    assert.equal((await a('globex').getArtifact(id)).index, 2);
    // Refused at proposal: another order of the committee, naming both.
    await assert.rejects(
      a(REG).proposeJob({
        program: 'escrow-sum',
        inputs,
        committee: ['globex', 'acme', 'initech'],
        recipients: [REG],
        params: { records: id },
      }),
      (e: unknown) =>
        e instanceof ParleyApiError &&
        e.code === 'ERR_ARTIFACT_INPUT' &&
        /held by the committee acme, globex, initech \(t = 1\)/.test(e.message) &&
        /committee is globex, acme, initech/.test(e.message),
    );
    const job2 = await a(REG).proposeJob({
      program: 'escrow-sum',
      inputs,
      committee: [...COMPANIES],
      recipients: [REG],
      params: { records: id },
    });
    const f2 = await waitForJobStatus(a(REG), job2.id, ['succeeded', 'failed'], 120_000);
    assert.equal(f2.status, 'succeeded', f2.errorReason ?? '');
    const want = Object.values(values)
      .flat()
      .reduce((x, y) => x + y, 0);
    const r = await a(REG).jobResult(job2.id);
    assert.deepEqual(r.outputs['sum'], [String(want)]);
    // One member deletes its shares: a further job on the artifact fails closed, naming it.
    const del = await a('initech').deleteArtifact(id);
    assert.equal(del.deleted, true);
    const job3 = await a(REG).proposeJob({
      program: 'escrow-sum',
      inputs,
      committee: [...COMPANIES],
      recipients: [REG],
      params: { records: id },
    });
    const f3 = await waitForJobStatus(a(REG), job3.id, ['succeeded', 'failed'], 120_000);
    assert.equal(f3.status, 'failed');
    assert.match(f3.errorReason ?? '', /initech/);
    assert.match(f3.errorReason ?? '', /artifact/i);
  });
});
