/**
 * `parley governance`: propose (add-member, remove-member, threshold), list, show and vote, run
 * in-process (runCli) against two real node APIs on loopback backed by anvil (threshold 2 of 3,
 * so a proposal waits for the second member's vote).
 */
import { after, before, describe, test } from 'node:test';
import { equal, match, ok } from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createHash, X509Certificate } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { runCli } from '../../src/cli/main.js';
import { generateIdentity } from '../../src/net/x509.js';
import { getMembers } from '../../src/ledger/actions/getMembers.js';
import { buildApp } from '../../src/node/server/app.js';
import { openStore, type Store } from '../../src/node/store/db.js';
import { loadBuiltinPrograms } from '../../src/programs/registry.js';
import { client, setupLedger, type LedgerFixture } from '../ledger/fixtures.js';

const token = '5'.repeat(64);

void describe('parley governance against node APIs on anvil', () => {
  let fx: LedgerFixture;
  let dir: string;
  const stores: Store[] = [];
  const apps: FastifyInstance[] = [];
  const envs: NodeJS.ProcessEnv[] = [];

  const cli = async (
    n: 1 | 2,
    ...args: string[]
  ): Promise<{ code: number; out: string; err: string }> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, {
      out: (s) => out.push(s),
      err: (s) => err.push(s),
      env: envs[n - 1]!,
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-gov-'));
    fx = await setupLedger({ members: 3, threshold: 2n });
    const programs = await loadBuiltinPrograms();
    for (const n of [1, 2] as const) {
      const store = openStore(':memory:');
      stores.push(store);
      const app = await buildApp({
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
      });
      await app.listen({ host: '127.0.0.1', port: 0 });
      apps.push(app);
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      envs.push({ PARLEY_API_URL: `http://127.0.0.1:${port}`, PARLEY_TOKEN: token });
    }
  });
  after(async () => {
    for (const a of apps) await a.close();
    for (const s of stores) s.close();
    await fx.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('help names every kind; bad command lines are usage errors (exit 2) before any call', async () => {
    const help = await cli(1, 'governance', '--help');
    equal(help.code, 0);
    for (const k of [
      'add-member --account',
      'remove-member <member>',
      'threshold <votes>',
      'list',
      'show <id>',
      'vote <id>',
    ])
      ok(help.out.includes(k), k);
    const top = await cli(1, '--help');
    match(top.out, /governance +list, show, vote on and propose/);
    const kinds = [
      [['propose', 'threshold', 'zero'], /threshold must be an integer in 1\.\.1000, got "zero"/],
      [['propose', 'threshold', '0'], /threshold must be an integer in 1\.\.1000/],
      [['propose', 'add-member', '--name', 'X'], /Missing --account/],
      [
        [
          'propose',
          'add-member',
          '--account',
          '0x12',
          '--name',
          'X',
          '--endpoint',
          'h:1',
          '--jurisdiction',
          'DE',
          '--tls-fingerprint',
          'ab'.repeat(32),
        ],
        /--account must be a chain address/,
      ],
      [
        [
          'propose',
          'add-member',
          '--account',
          `0x${'1'.repeat(40)}`,
          '--name',
          'X',
          '--endpoint',
          'h:1',
          '--jurisdiction',
          'DE',
        ],
        /Give one of --tls-fingerprint and --tls-cert/,
      ],
      [['propose', 'remove-member'], /Name the member/],
      [
        ['propose', 'approve-everything'],
        /Unknown proposal kind: approve-everything \(one of add-member, remove-member, threshold/,
      ],
      [['show', 'x'], /proposal id must be a positive integer/],
      [['list', '--status', 'done'], /--status must be open, executed or expired/],
      [['frobnicate'], /Unknown command: governance frobnicate/],
    ] as const;
    for (const [args, re] of kinds) {
      const r = await cli(1, 'governance', ...args);
      equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      match(r.err, re);
    }
  });

  test('add a member with its certificate: open until a second vote, then a member with its jurisdiction', async () => {
    const id = generateIdentity('Org-4');
    const certFile = join(dir, 'org4.crt');
    await writeFile(certFile, id.cert);
    const account = fx.addressOf(4);
    const prop = await cli(
      1,
      'governance',
      'propose',
      'add-member',
      '--account',
      account,
      '--name',
      'Org-4',
      '--endpoint',
      'org4.example:7443',
      '--jurisdiction',
      'NL',
      '--tls-cert',
      certFile,
    );
    equal(prop.code, 0, prop.err);
    const pid =
      /^Proposal (\d+) opened\. It needs 1 more vote\(s\): "parley governance vote \1"/.exec(
        prop.out,
      )?.[1];
    ok(pid !== undefined, prop.out);
    match(prop.out, /Admit Org-4 \(0x[0-9a-fA-F]{40}, NL\) at org4\.example:7443\./);
    const spki = new X509Certificate(id.cert).publicKey.export({ type: 'spki', format: 'der' });
    ok(prop.out.includes(`TLS key 0x${createHash('sha256').update(spki).digest('hex')}`), prop.out);
    equal(
      id.fingerprint,
      createHash('sha256').update(spki).digest('hex'),
      'the fingerprint Consortium pins',
    );

    const list = await cli(2, 'governance', 'list', '--status', 'open');
    equal(list.code, 0, list.err);
    match(list.out, new RegExp(`^${pid}\\s+add-member\\s+open\\s+1/2\\s+Admit Org-4`, 'm'));
    const shown = await cli(2, 'governance', 'show', pid);
    match(shown.out, new RegExp(`^Proposal ${pid}: add-member, open$`, 'm'));
    match(shown.out, /^ {2}votes: 1 of 2 needed$/m);
    match(shown.out, /^ {4}Org 1$/m);

    const v = await cli(2, 'governance', 'vote', pid);
    equal(v.code, 0, v.err);
    match(
      v.out,
      new RegExp(`^Voted for proposal ${pid}\\.\\nProposal ${pid}: add-member, executed`),
    );
    const members = await getMembers(client(fx, 1));
    const added = members.find((m) => m.account.toLowerCase() === account.toLowerCase());
    equal(added?.jurisdiction, 'NL');
    equal(added?.name, 'Org-4');
    // Voting again is the chain's refusal, by name (exit 1).
    const again = await cli(2, 'governance', 'vote', pid);
    equal(again.code, 1);
    match(again.err, /ERR_LEDGER_REVERT/);
    const none = await cli(1, 'governance', 'show', '999');
    equal(none.code, 1);
    match(none.err, /ERR_GOVERNANCE_NOT_FOUND/);
  });

  test('threshold, then a removal that takes effect at once; --json prints the API answer', async () => {
    const t = await cli(1, 'governance', 'propose', 'threshold', '1', '--json');
    equal(t.code, 0, t.err);
    const p = JSON.parse(t.out) as { id: string; status: string; newThreshold: number };
    equal(p.status, 'open');
    equal(p.newThreshold, 1);
    equal((await cli(2, 'governance', 'vote', p.id)).code, 0);
    const r = await cli(1, 'governance', 'propose', 'remove-member', 'Org-4');
    equal(r.code, 0, r.err);
    match(r.out, /opened\. It took effect at once/);
    // Executed at once: Org-4 is no longer a member, so the summary names its address.
    match(r.out, new RegExp(`Remove ${fx.addressOf(4)} from the consortium\\.`, 'i'));
    const members = await getMembers(client(fx, 1));
    ok(!members.some((m) => m.name === 'Org-4'));
    const all = await cli(1, 'governance', 'list', '--json');
    const ps = JSON.parse(all.out) as { kind: string; status: string }[];
    equal(ps.filter((x) => x.status === 'executed').length, 3);
    const unknown = await cli(1, 'governance', 'propose', 'remove-member', 'Org 9');
    equal(unknown.code, 1);
    match(unknown.err, /ERR_MEMBER_UNKNOWN/);
  });
});
