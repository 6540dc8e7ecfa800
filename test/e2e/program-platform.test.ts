/**
 * Acceptance of issue 9's program platform, end to end: a program written outside src/ (a
 * weighted sum over the input datasets, in two files) is added with `parley program add` (the
 * real CLI process), approved by a governance vote of the members, loaded by four separate node
 * processes with no restart, and run by them; a node restarted afterwards still runs it; its hash
 * changes when one byte of its bundle changes; and a node whose stored bundle was changed refuses
 * it (listing names the program and both hashes) and fails a job that needs it, closed.
 *
 * The weights are one list parameter (one integer per input dataset, in input order), checked
 * against its declared limits at proposal.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { watchJob } from '../../src/node/dev/paygap-demo.js';
import {
  CLI_MAIN,
  DEFAULT_COMPANIES,
  DEFAULT_REGULATOR,
  startLocalConsortium,
  type LocalConsortium,
} from '../../src/node/dev/consortium.js';
import { openStore } from '../../src/node/store/db.js';
import { bundleProgram } from '../../src/programs/bundle.js';
import { bundleCodeHash } from '../../src/programs/hash.js';
import type { ParleyClient } from '../../src/sdk/index.js';

const run = promisify(execFile);
const COMPANIES = DEFAULT_COMPANIES;
const REG = DEFAULT_REGULATOR;

const WEIGHTS_TS = `import type { ParamSpec } from 'parley/program';

/** One integer weight per input dataset, in input order, each in [-1000, 1000]. */
export const weightsParam: ParamSpec = {
  type: 'list',
  items: 'number',
  integer: true,
  min: -1000,
  max: 1000,
  minLength: 1,
  maxLength: 4,
  description: 'one integer weight per input dataset, in input order',
};
`;

const INDEX_TS = `import { ProgramParamError, defineProgram, type SecretInt } from 'parley/program';
import { weightsParam } from './weights.js';

export default defineProgram({
  name: 'weighted-sum',
  version: '1.0.0',
  description: 'Sum over the input datasets of w_i times the sum of column in dataset i.',
  field: 'p127',
  params: {
    column: { type: 'string', description: 'The integer column.', pattern: /[a-z_]{1,32}/ },
    weights: weightsParam,
  },
  inputCount: { min: 1, max: 4 },
  input: (p) => ({ [String(p['column'])]: { kind: 'integer', bits: 40 } }),
  outputs: {
    total: { type: 'integer', description: 'The weighted sum.', to: 'recipients', length: 1 },
  },
  run(_mpc, inputs, params) {
    const weights = params['weights'] as readonly number[];
    if (weights.length !== inputs.length) {
      throw new ProgramParamError('weighted-sum', 'weights', 'one weight per input dataset');
    }
    const parts: SecretInt[] = inputs.map((input, i) => {
      const s = input.integer(String(params['column'])).sum();
      return s.widen(s.bits + 11).mulPublic(weights[i]!);
    });
    let total = parts[0]!;
    for (const p of parts.slice(1)) total = total.add(p);
    return Promise.resolve({ total });
  },
});
`;

/** Random integers in [-10^9, 10^9], as the CSV and as bigints. */
function randomColumn(rows: number): { csv: string; values: bigint[] } {
  const values = Array.from({ length: rows }, () =>
    BigInt(Math.floor((Math.random() * 2 - 1) * 1e9)),
  );
  return { csv: ['value', ...values.map(String)].join('\n') + '\n', values };
}

describe('program platform: a program the consortium adds itself', () => {
  let root: string;
  let progDir: string;
  let c: LocalConsortium;
  const api = new Map<string, ParleyClient>();
  const a = (n: string): ParleyClient => api.get(n)!;
  const data = new Map<string, { id: string; values: bigint[] }>();
  let hash = '';

  const cli = async (org: string, ...args: string[]): Promise<string> => {
    const { stdout } = await run(
      process.execPath,
      [CLI_MAIN, ...args, '--config', c.org(org).configPath],
      { env: { ...process.env, PARLEY_CONFIG: '' } },
    );
    return stdout;
  };

  /** Until every named node has the program loaded (it follows the chain on its own). */
  const loadedOn = async (names: readonly string[]): Promise<void> => {
    const end = Date.now() + 30_000;
    for (const n of names) {
      for (;;) {
        const { programs } = await a(n).listPublishedPrograms();
        if (programs.some((p) => p.hash === hash && p.loaded)) break;
        assert.ok(Date.now() < end, `${n} did not load the program`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };

  const weightedJob = async (
    weights: readonly number[],
    committee: readonly string[] = COMPANIES,
    owners: readonly string[] = COMPANIES,
  ): Promise<{ id: string; expected: bigint }> => {
    const job = await a(REG).proposeJob({
      program: 'weighted-sum',
      inputs: owners.map((co) => data.get(co)!.id),
      committee: [...committee],
      recipients: [REG],
      params: { column: 'value', weights: [...weights] },
    });
    const expected = owners.reduce(
      (t, co, i) => t + BigInt(weights[i]!) * data.get(co)!.values.reduce((s, v) => s + v, 0n),
      0n,
    );
    return { id: job.id, expected };
  };

  const resultOf = async (id: string): Promise<bigint> => {
    const r = await a(REG).jobResult(id);
    const v = (r.outputs as Record<string, unknown[]>)['total']![0];
    return BigInt(v as string | number);
  };

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'parley-e2e-programs-'));
    progDir = join(root, 'weighted-sum'); // outside src/
    await mkdir(progDir);
    await writeFile(join(progDir, 'index.ts'), INDEX_TS);
    await writeFile(join(progDir, 'weights.ts'), WEIGHTS_TS);
    c = await startLocalConsortium({
      root: join(root, 'run'),
      names: [...COMPANIES, REG],
      approve: [],
    });
    for (const n of c.names) api.set(n, await c.api(n));
  });

  after(async () => {
    await c?.close();
    await rm(root, { recursive: true, force: true });
  });

  test('parley program add publishes it and opens the proposal; a vote approves it; every node loads it with no restart', async () => {
    const out = await cli('acme', 'program', 'add', progDir);
    const m = /hash:\s+(0x[0-9a-f]{64})/.exec(out);
    const p = /proposal:\s+(\d+)/.exec(out);
    assert.ok(m !== null && p !== null, out);
    assert.match(out, /program weighted-sum 1\.0\.0/);
    hash = m[1]!;
    // The hash is the bundle's, as anyone rebuilds it from the files.
    assert.equal(bundleCodeHash((await bundleProgram(progDir)).bundle), hash);
    // Published, not approved: indexed everywhere, loaded nowhere, jobs refused.
    const listed = await a('globex').listPublishedPrograms();
    const before = listed.programs.find((x) => x.hash === hash);
    if (before !== undefined) {
      assert.equal(before.status, 'published');
      assert.equal(before.loaded, false);
    }
    await assert.rejects(a(REG).getProgram(hash), { code: 'ERR_PROGRAM_NOT_FOUND' });
    // What a voter sees: the program by name (from the published event) and its hash.
    const end = Date.now() + 30_000;
    for (;;) {
      const { data } = await a('globex').raw.GET('/v1/governance/proposals/{id}', {
        params: { path: { id: p[1]! } },
      });
      if (data?.summary === `Approve program weighted-sum (${hash}) for jobs.`) break;
      assert.ok(Date.now() < end, `summary: ${data?.summary ?? '?'}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // Threshold 3 of 4: acme's proposal counts, globex and initech vote (REST, their own keys).
    for (const n of ['globex', 'initech']) {
      const { response }: { response: Response } = await a(n).raw.POST(
        '/v1/governance/proposals/{id}/vote',
        { params: { path: { id: p[1]! } } },
      );
      assert.equal(response.status, 200, `${n}'s vote`);
    }
    await loadedOn(c.names);
    const shown = await cli('regulator', 'program', 'show', 'weighted-sum', '--verify');
    assert.match(shown, new RegExp(`verified: the published sources rebuild to ${hash}`));
    assert.match(shown, /--- index\.ts/);
    assert.match(shown, /--- weights\.ts/);
    assert.match(shown, /type: 'list'/);
    const list = await cli('initech', 'program', 'list');
    assert.match(list, /weighted-sum\s+1\.0\.0\s+0x[0-9a-f]{64}\s+approved\s+loaded/);
  });

  test('four node processes run it: the result equals the plaintext weighted sum', async () => {
    for (const [i, co] of COMPANIES.entries()) {
      const col = randomColumn(5 + i * 3);
      const ds = await a(co).importDataset({ name: `${co}-values`, csv: col.csv });
      await a(co).publishDataset(ds.id, { title: `${co} values` });
      data.set(co, { id: ds.id, values: col.values });
      await a(co).setPolicy({
        rules: [
          {
            action: 'approve',
            program: 'weighted-sum',
            requester: REG,
            note: 'weighted sums for the regulator',
          },
        ],
      });
    }
    const { id, expected } = await weightedJob([3, -2, 5]);
    assert.equal((await watchJob(a(REG), id, { timeoutMs: 120_000 })).status, 'succeeded');
    assert.equal(await resultOf(id), expected);
    // The list's declared limits hold at proposal, naming the item; nothing is proposed.
    await assert.rejects(weightedJob([3, 1001, 5]), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'ERR_PROGRAM_PARAM');
      assert.match(e.message, /weights\[1\]/);
      return true;
    });
  });

  test('a node restarted afterwards still runs it', async () => {
    await c.stopNode('globex');
    await c.startNode('globex');
    await loadedOn(['globex']);
    const { id, expected } = await weightedJob([-7, 1, 1000]);
    assert.equal((await watchJob(a(REG), id, { timeoutMs: 120_000 })).status, 'succeeded');
    assert.equal(await resultOf(id), expected);
  });

  test('one byte of the bundle changes the hash', async () => {
    const { bundle } = await bundleProgram(progDir);
    assert.equal(bundleCodeHash(bundle), hash);
    for (const i of [0, Math.floor(bundle.length / 2), bundle.length - 1]) {
      const b = bundle.slice();
      b[i] = b[i]! ^ 0x01;
      assert.notEqual(bundleCodeHash(b), hash, `byte ${i}`);
    }
  });

  test('a node whose stored bundle was changed refuses it, naming the program and both hashes; a job that needs it fails closed', async () => {
    await c.stopNode('initech');
    const store = openStore(join(c.org('initech').dir, 'store.sqlite'));
    let tampered = '';
    try {
      const row = store.get('SELECT bundle FROM programs WHERE hash = ?', [hash]);
      const bytes = (row!['bundle'] as Uint8Array).slice();
      const i = bytes.indexOf('*'.charCodeAt(0)) >= 0 ? bytes.indexOf('*'.charCodeAt(0)) : 10;
      bytes[i] = '+'.charCodeAt(0);
      tampered = bundleCodeHash(bytes);
      store.run('UPDATE programs SET bundle = ? WHERE hash = ?', [bytes, hash]);
    } finally {
      store.close();
    }
    await c.startNode('initech');
    const end = Date.now() + 30_000;
    let refusal: string | null = null;
    while (refusal === null) {
      const { programs } = await a('initech').listPublishedPrograms();
      const p = programs.find((x) => x.hash === hash)!;
      assert.equal(p.loaded, false);
      refusal = p.refusal;
      if (refusal === null) {
        assert.ok(Date.now() < end, 'initech did not report the refusal');
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    assert.match(refusal, /^Program weighted-sum: its stored bundle hashes to /);
    assert.ok(refusal.includes(hash) && refusal.includes(tampered), refusal);
    // initech on the committee (not an input owner): it refuses to run the job, so the job fails
    // on chain with its reason, before anything is shared.
    const { id } = await weightedJob([1, 1], COMPANIES, ['acme', 'globex']);
    const final = await watchJob(a(REG), id, { timeoutMs: 120_000 });
    assert.equal(final.status, 'failed');
    const reason = (await a(REG).audit({ job: id })).jobs[0]!.failure?.reason ?? '';
    assert.match(reason, /initech reports: Program weighted-sum: its stored bundle hashes to/);
    assert.ok(reason.includes(hash) && reason.includes(tampered), reason);
    // As an input owner, initech does not approve a job whose program it refuses.
    const owned = await weightedJob([1, 1, 1]);
    const st = (await watchJob(a(REG), owned.id, { timeoutMs: 120_000 })).status;
    assert.ok(st === 'rejected' || st === 'failed', st);
    // The other nodes still run it.
    for (const n of ['acme', 'globex', REG]) {
      const { programs } = await a(n).listPublishedPrograms();
      assert.equal(programs.find((x) => x.hash === hash)?.loaded, true, n);
    }
  });

  test('governance revokes it from the CLI: every node drops it; it can be proposed again by name', async () => {
    const out = await cli('acme', 'governance', 'propose', 'revoke-program', 'weighted-sum');
    const m = /^proposal (\d+) \(revoke-program, open\)/.exec(out);
    assert.ok(m !== null, out);
    for (const n of ['globex', REG]) {
      const { response }: { response: Response } = await a(n).raw.POST(
        '/v1/governance/proposals/{id}/vote',
        { params: { path: { id: m[1]! } } },
      );
      assert.equal(response.status, 200, `${n}'s vote`);
    }
    const end = Date.now() + 30_000;
    for (const n of ['acme', 'globex', REG]) {
      for (;;) {
        const p = (await a(n).listPublishedPrograms()).programs.find((x) => x.hash === hash)!;
        if (p.status === 'revoked' && !p.loaded) break;
        assert.ok(Date.now() < end, `${n} did not drop the program`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    await assert.rejects(weightedJob([1, 1, 1]), { code: 'ERR_PROGRAM_NOT_FOUND' });
    // The published bundle stays readable, and can be proposed again from any node that has it.
    const again = await cli('globex', 'governance', 'propose', 'approve-program', 'weighted-sum');
    assert.match(
      again,
      /^proposal \d+ \(approve-program, open\): Approve program weighted-sum \(0x/,
    );
  });
});
