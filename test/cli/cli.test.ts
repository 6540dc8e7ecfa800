/**
 * The real `parley` binary (node dist/src/bin/parley.js) against a node started with
 * `parley node start` on a free loopback port.
 */
import { after, before, describe, test } from 'node:test';
import { deepEqual, equal, match, ok } from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/bin/parley.js', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function parley(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [MAIN, ...args],
      { env: { PATH: process.env.PATH, ...env }, timeout: 20_000 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

void describe('parley CLI against a running node', () => {
  let dir: string;
  let node: ChildProcess;
  let url: string;
  let token: string;
  let chainKey: string;
  let nodeOutput = '';
  let env: NodeJS.ProcessEnv;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-cli-'));
    const init = await parley([
      'init',
      '--name',
      'acme',
      '--dir',
      join(dir, 'acme'),
      '--api-port',
      '0',
    ]);
    equal(init.code, 0, init.stderr);
    token = (await readFile(join(dir, 'acme', 'keys', 'api.token'), 'utf8')).trim();
    chainKey = (await readFile(join(dir, 'acme', 'keys', 'chain.key'), 'utf8')).trim();
    ok(
      !init.stdout.includes(token) && !init.stdout.includes(chainKey.slice(2)),
      'init prints no secret',
    );
    ok(!init.stdout.includes('PRIVATE KEY'));
    match(init.stdout, /chain address: +0x[0-9a-fA-F]{40}/);
    match(init.stdout, /TLS fingerprint: +[0-9a-f]{64}/);

    node = spawn(
      process.execPath,
      [MAIN, 'node', 'start', '--config', join(dir, 'acme', 'config.json')],
      {
        env: { PATH: process.env.PATH },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('node did not start: ' + nodeOutput)),
        20_000,
      );
      node.stdout!.on('data', (b: Buffer) => {
        nodeOutput += b.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(nodeOutput);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      node.stderr!.on('data', (b: Buffer) => (nodeOutput += b.toString()));
      node.on('exit', (code) => reject(new Error(`node exited with ${code}: ${nodeOutput}`)));
    });
    // The config says port 0, so the CLI is told the real address; the token comes from the config.
    env = { PARLEY_API_URL: url, PARLEY_CONFIG: join(dir, 'acme', 'config.json') };
  });

  after(async () => {
    if (node.exitCode === null) node.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  test('import a CSV, list it, show it, delete it', async () => {
    const csv = join(dir, 'payroll.csv');
    await writeFile(
      csv,
      'age,pay,sex\r\n41,5200.50,f\r\n35,4100,m\r\n50,6100.25,f\r\n29,3900,m\r\n',
    );
    const imp = await parley(['dataset', 'import', csv, '--name', 'payroll'], env);
    equal(imp.code, 0, imp.stderr);
    match(imp.stdout, /Imported 4 rows/);
    match(imp.stdout, /pay: decimal \(scale 2\)/);
    const list = await parley(['dataset', 'list'], env);
    equal(list.code, 0, list.stderr);
    match(list.stdout, /payroll +4 +3 +0x[0-9a-f]{64}/);
    const json = await parley(['dataset', 'list', '--json'], env);
    const [ds] = JSON.parse(json.stdout) as { id: string; name: string }[];
    equal(ds?.name, 'payroll');
    const show = await parley(['dataset', 'show', ds.id], env);
    equal(show.code, 0, show.stderr);
    match(show.stdout, /sex: category \(2 labels\)/);
    ok(!show.stdout.includes('5200'), 'show prints no rows');
    const del = await parley(['dataset', 'delete', ds.id], env);
    equal(del.code, 0, del.stderr);
    equal((await parley(['dataset', 'show', ds.id], env)).code, 1);
  });

  test('a bad cell: exit 1, the error names row, column and code, nothing stored', async () => {
    const csv = join(dir, 'bad.csv');
    await writeFile(csv, 'age,id\n41,a\nforty,SECRET\n');
    const schema = join(dir, 'schema.json');
    await writeFile(
      schema,
      JSON.stringify({
        columns: [
          { name: 'age', type: 'integer', bits: 8 },
          { name: 'id', type: 'identifier' },
        ],
      }),
    );
    const r = await parley(['dataset', 'import', csv, '--name', 'bad', '--schema', schema], env);
    equal(r.code, 1);
    match(r.stderr, /Row 2 \(line 3\), column "age"/);
    match(r.stderr, /ERR_DATASET_VALUE/);
    ok(!r.stderr.includes('forty') && !r.stderr.includes('SECRET'));
    // Issue 8's bad files: a thousands separator, and a negative salary under min 0.
    const money = join(dir, 'money.csv');
    const moneySchema = join(dir, 'money.json');
    await writeFile(
      moneySchema,
      JSON.stringify({
        columns: [{ name: 'salary', type: 'decimal', scale: 2, min: 0, unit: 'EUR' }],
      }),
    );
    await writeFile(money, 'salary\n1.00\n"50,000.00"\n');
    const sep = await parley(
      ['dataset', 'import', money, '--name', 'm', '--schema', moneySchema],
      env,
    );
    equal(sep.code, 1);
    match(sep.stderr, /Row 2 \(line 3\), column "salary".*thousands separators are not allowed/);
    await writeFile(money, 'salary\n1.00\n-0.07\n');
    const neg = await parley(
      ['dataset', 'import', money, '--name', 'm', '--schema', moneySchema],
      env,
    );
    equal(neg.code, 1);
    match(neg.stderr, /Row 2 \(line 3\), column "salary".*at least 0\.00 EUR/);
    ok(!neg.stderr.includes('0.07'));
    const inferred = await parley(['dataset', 'import', money, '--name', 'm'], env);
    equal(inferred.code, 0, inferred.stderr);
    match(inferred.stdout, /salary: decimal \(scale 2\)/);
    const ds = JSON.parse((await parley(['dataset', 'list', '--json'], env)).stdout) as {
      id: string;
    }[];
    equal(ds.length, 1);
    equal((await parley(['dataset', 'delete', ds[0]!.id], env)).code, 0);
    const list = await parley(['dataset', 'list', '--json'], env);
    equal(list.stdout.trim(), '[]');
  });

  test('several bad cells: one line each, in file order, capped; nothing stored', async () => {
    const csv = join(dir, 'many.csv');
    await writeFile(csv, 'age,sex\n41,f\nforty,SECRETa\n35,m\n30,SECRETb\n');
    const schema = join(dir, 'many.json');
    await writeFile(
      schema,
      JSON.stringify({
        columns: [
          { name: 'age', type: 'integer', bits: 8 },
          { name: 'sex', type: 'category', labels: ['f', 'm'] },
        ],
      }),
    );
    const r = await parley(['dataset', 'import', csv, '--name', 'many', '--schema', schema], env);
    equal(r.code, 1);
    const lines = r.stderr.trim().split('\n');
    match(
      lines[0]!,
      /^error: Row 2 \(line 3\), column "age": .*\(and 2 more bad cells\)\..*\[ERR_DATASET_VALUE\]$/,
    );
    deepEqual(
      lines.slice(1).map((l) => l.replace(/:.*$/, '')),
      [
        '3 problems',
        '  row 2 (line 3), column "age"',
        '  row 2 (line 3), column "sex"',
        '  row 4 (line 5), column "sex"',
      ],
    );
    match(lines[3]!, /expected one of the labels "f", "m", got a label that is not declared$/);
    ok(!r.stderr.includes('forty') && !r.stderr.includes('SECRET'));
    // More than the node lists: the first 100 are printed, then how many more there are.
    const rows = Array.from({ length: 150 }, (_, i) => `${i % 2 === 0 ? 'x' : '1'},q`).join('\n');
    await writeFile(csv, `age,sex\n${rows}\n`);
    const capped = await parley(
      ['dataset', 'import', csv, '--name', 'many', '--schema', schema],
      env,
    );
    equal(capped.code, 1);
    const out = capped.stderr.trim().split('\n');
    equal(out[1], '225 problems, the first 100:');
    equal(out.filter((l) => l.startsWith('  row ')).length, 100);
    equal(out.at(-1), '  … and 125 more');
    equal((await parley(['dataset', 'list', '--json'], env)).stdout.trim(), '[]');
  });

  test('a wrong token is refused (exit 1, ERR_API_AUTH) and not printed', async () => {
    const r = await parley(['dataset', 'list'], { ...env, PARLEY_TOKEN: 'f'.repeat(64) });
    equal(r.code, 1);
    match(r.stderr, /ERR_API_AUTH/);
    ok(!r.stderr.includes('f'.repeat(64)) && !r.stderr.includes(token));
  });

  test('usage errors exit 2 and print the usage; --help exits 0', async () => {
    const r = await parley(['dataset', 'import', '--name', 'x'], env);
    equal(r.code, 2);
    match(r.stderr, /Usage: parley dataset import/);
    equal((await parley(['dataset', 'list', '--bogus'], env)).code, 2);
    equal((await parley(['frobnicate'])).code, 2);
    for (const args of [['--help'], ['node', 'start', '--help'], ['dataset', 'import', '--help']]) {
      const h = await parley(args);
      equal(h.code, 0, args.join(' '));
      match(h.stdout, /Usage: parley/);
    }
  });

  test('catalog and publish without a configured ledger: exit 1 with ERR_NODE_NO_LEDGER', async () => {
    const r = await parley(['catalog', 'payroll'], env);
    equal(r.code, 1);
    match(r.stderr, /ERR_NODE_NO_LEDGER/);
    const p = await parley(
      ['dataset', 'publish', '0x' + '1'.repeat(64), '--title', 'T', '--tag', 'a', '--tag', 'b'],
      env,
    );
    equal(p.code, 1);
    match(p.stderr, /ERR_NODE_NO_LEDGER|ERR_DATASET_NOT_FOUND/);
    equal(
      (await parley(['dataset', 'publish', '0x' + '1'.repeat(64)], env)).code,
      2,
      'missing --title',
    );
  });

  test('an unreachable node: exit 1 with ERR_API_UNREACHABLE', async () => {
    const r = await parley(['dataset', 'list'], { ...env, PARLEY_API_URL: 'http://127.0.0.1:9' });
    equal(r.code, 1);
    match(r.stderr, /ERR_API_UNREACHABLE/);
  });

  test('policy show and set through the REST API', async () => {
    const empty = await parley(['policy', 'show'], env);
    equal(empty.code, 0, empty.stderr);
    match(empty.stdout, /No rules/);
    const file = join(dir, 'policy.json');
    const hash = '0x' + 'ab'.repeat(32);
    await writeFile(
      file,
      JSON.stringify({
        rules: [
          { action: 'approve', program: hash, requester: '0x' + '11'.repeat(20), note: 'auditor' },
          { action: 'reject' },
        ],
      }),
    );
    const set = await parley(['policy', 'set', file], env);
    equal(set.code, 0, set.stderr);
    match(
      set.stdout,
      /Policy set\.\n1\. approve +program 0xabab.*requester 0x1111.*# auditor\n2\. reject +any program/,
    );
    const shown = await parley(['policy', 'show', '--json'], env);
    const { rules, requirements } = JSON.parse(shown.stdout) as {
      rules: { action: string; programHash?: string }[];
      requirements: unknown[];
    };
    equal(rules.length, 2);
    deepEqual(requirements, []);
    equal(rules[0]?.programHash, hash);
    await writeFile(
      file,
      JSON.stringify({ rules: [{ action: 'approve', program: 'no-such-program' }] }),
    );
    const bad = await parley(['policy', 'set', file], env);
    equal(bad.code, 1);
    match(bad.stderr, /ERR_POLICY/);
    await writeFile(file, '{ not json');
    const broken = await parley(['policy', 'set', file], env);
    equal(broken.code, 1);
    match(broken.stderr, /ERR_NODE_CONFIG/);
    // Requirements: shown in words; a rules-only file keeps them; a bad one names the field.
    const ds = '0x' + 'cd'.repeat(32);
    await writeFile(
      file,
      JSON.stringify({
        rules: [{ action: 'reject' }],
        requirements: [
          { minCommittee: 4, requesterNotOnCommittee: true, jurisdictions: ['DE', 'FR'] },
          { datasetId: ds, maxRows: 1000, maxOutputs: 20, maxUses: 3, note: 'payroll' },
        ],
      }),
    );
    const req = await parley(['policy', 'set', file], env);
    equal(req.code, 0, req.stderr);
    match(
      req.stdout,
      /^- every dataset: committee of at least 4, requester not on the committee, members from DE, FR$/m,
    );
    match(
      req.stdout,
      new RegExp(
        `^- dataset ${ds}: at most 1000 rows, at most 20 output values, at most 3 uses {2}# payroll$`,
        'm',
      ),
    );
    await writeFile(file, JSON.stringify({ rules: [] }));
    const kept = await parley(['policy', 'set', file], env);
    match(kept.stdout, /Requirements \(every job using the dataset must meet them\):/);
    await writeFile(file, JSON.stringify({ rules: [], requirements: [{ minCommittee: 0 }] }));
    const badReq = await parley(['policy', 'set', file], env);
    equal(badReq.code, 1);
    match(badReq.stderr, /ERR_API_VALIDATION/);
    match(badReq.stderr, /minCommittee/);
    await writeFile(file, JSON.stringify({ rules: [], requirements: [] }));
    const cleared = await parley(['policy', 'set', file], env);
    match(cleared.stdout, /No requirements: the threshold rule only/);
  });

  test('programs: a node without a ledger has no approved programs (they come from the chain)', async () => {
    const r = await parley(['programs'], env);
    equal(r.code, 0, r.stderr);
    match(r.stdout, /^This node has no programs\.$/m);
    const published = await parley(['program', 'list'], env);
    equal(published.code, 0, published.stderr);
    match(published.stdout, /No program was published on chain\./);
    const add = await parley(['program', 'add', join(dir, 'nosuch.ts')], env);
    equal(add.code, 1);
    match(add.stderr, /No such program file or directory/);
  });

  test('inbox, grants and jobs: empty lists; unknown ids exit 1 with the code', async () => {
    const inbox = await parley(['inbox'], env);
    equal(inbox.code, 0, inbox.stderr);
    match(inbox.stdout, /No pending items/);
    equal(
      (await parley(['inbox', 'list', '--state', 'approved', '--json'], env)).stdout.trim(),
      '[]',
    );
    match((await parley(['grant', 'list'], env)).stdout, /No grants/);
    match((await parley(['job', 'list'], env)).stdout, /No jobs/);
    match((await parley(['artifact', 'list'], env)).stdout, /No artifacts/);
    for (const [args, code] of [
      [['artifact', 'show', '42.model'], 'ERR_ARTIFACT_NOT_FOUND'],
      [['artifact', 'delete', '42.model'], 'ERR_ARTIFACT_NOT_FOUND'],
      [['job', 'show', '42'], 'ERR_JOB_NOT_FOUND'],
      [['job', 'result', '42'], 'ERR_JOB_NOT_FOUND'],
      [['job', 'watch', '42'], 'ERR_JOB_NOT_FOUND'],
      [['grant', 'show', '9'], 'ERR_GRANT_NOT_FOUND'],
      [['grant', 'revoke', '9', '--reason', 'done'], 'ERR_GRANT_NOT_FOUND'],
      [['inbox', 'approve', '3'], 'ERR_INBOX_NOT_FOUND'],
      [['members'], 'ERR_NODE_NO_LEDGER'],
      [
        [
          'job',
          'propose',
          '--program',
          'sum',
          '--input',
          '0x' + '1'.repeat(64),
          '--committee',
          'Org 1',
          '--reveal-to',
          'Org 1',
          '--param',
          'column=pay',
        ],
        // Without a ledger a node has no approved programs: they come from the chain.
        'ERR_PROGRAM_NOT_FOUND',
      ],
      [['audit'], 'ERR_NODE_NO_LEDGER'],
    ] as const) {
      const r = await parley([...args], env);
      equal(r.code, 1, args.join(' '));
      match(r.stderr, new RegExp(code), args.join(' '));
    }
  });

  test('usage errors of the new commands exit 2; their --help exits 0', async () => {
    for (const args of [
      ['job', 'propose', '--input', '0x' + '1'.repeat(64)],
      ['job', 'propose', '--program', 'sum', '--committee', 'Org 1', '--reveal-to', 'Org 1'],
      [
        'job',
        'propose',
        '--program',
        'sum',
        '--input',
        'd1',
        '--committee',
        'a',
        '--reveal-to',
        'b',
      ],
      ['job', 'show', 'abc'],
      ['job', 'watch'],
      ['job', 'frobnicate'],
      ['grant', 'request', '0x' + '1'.repeat(64), '--program', 'sum'],
      ['grant', 'show', '0'],
      ['inbox', 'reject'],
      ['inbox', 'list', '--state', 'later'],
      ['policy', 'set'],
      ['audit', '--job', 'x'],
      ['members', 'extra'],
      ['artifact', 'show', 'model'],
      ['artifact', 'delete'],
      ['artifact', 'frobnicate'],
    ]) {
      const r = await parley(args, env);
      equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      match(r.stderr, /Usage: parley/);
    }
    for (const args of [
      ['job', '--help'],
      ['grant'],
      ['inbox', '--help'],
      ['policy'],
      ['audit', '--help'],
      ['members', '--help'],
      ['programs', '--help'],
      ['artifact'],
    ]) {
      const h = await parley(args);
      equal(h.code, 0, args.join(' '));
      match(h.stdout, /Usage: parley/);
    }
  });

  test('SIGTERM stops the node gracefully (exit 0)', async () => {
    const exited = new Promise<number | null>((resolve) =>
      node.on('exit', (code) => resolve(code)),
    );
    node.kill('SIGTERM');
    equal(await exited, 0);
    match(nodeOutput, /shutting down/);
    ok(!nodeOutput.includes(token), 'the node never logs its token');
  });
});
