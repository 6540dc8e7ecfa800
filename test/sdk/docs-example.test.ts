/**
 * The usage example of docs/sdk.md, run as written (imported as `parley/sdk` through the
 * package's exports map) against a real node, and its output checked.
 */
import { test } from 'node:test';
import { deepEqual, equal, ok } from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import ts from 'typescript';
import { buildApp } from '../../src/node/server/app.js';
import { openStore } from '../../src/node/store/db.js';
import { addJobEvent, recordJob, updateJob } from '../../src/node/store/jobs.js';

const docPath = new URL('../../../docs/sdk.md', import.meta.url);
// Inside the package, so that `parley/sdk` resolves through package.json's exports.
const scriptPath = new URL('./docs-example.run.mjs', import.meta.url);

test('the usage example of docs/sdk.md runs against a node and prints what it says', async () => {
  const doc = await readFile(docPath, 'utf8');
  const usage = doc.slice(doc.indexOf('## Usage'));
  const source = /```ts\n([\s\S]*?)```/.exec(usage)?.[1];
  ok(
    source !== undefined && source.includes("from 'parley/sdk'"),
    'the example imports parley/sdk',
  );
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  await writeFile(scriptPath, js);

  const store = openStore(':memory:');
  const apiToken = 'd'.repeat(64);
  const app = await buildApp({
    store,
    apiToken,
    identity: { name: 'docs', chainAddress: `0x${'3'.repeat(40)}`, tlsFingerprint: 'e'.repeat(64) },
  });
  // A job the example will watch: it ends while being watched.
  recordJob(store, '1', 'running', { roles: ['compute'], program: 'sum' });
  addJobEvent(store, '1', 'inputs', '2 inputs shared');
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    // The job ends once the example watches it (its stream request has arrived).
    app.server.on('request', (req: { url?: string }) => {
      if (req.url?.includes('/events/stream') !== true) return;
      setTimeout(() => {
        addJobEvent(store, '1', 'done', 'result attested');
        updateJob(store, '1', { status: 'succeeded' });
      }, 100);
    });
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        [scriptPath.pathname],
        {
          env: { PATH: process.env.PATH, PARLEY_API_URL: url, PARLEY_TOKEN: apiToken },
          timeout: 30_000,
        },
        (err, out, errOut) =>
          err === null ? resolve(out) : reject(new Error(`${err.message}\n${errOut}`)),
      );
    });
    const lines = stdout.trim().split('\n');
    equal(lines[0], `node docs (0x${'3'.repeat(40)}), 0 dataset(s)`);
    ok(/^imported 2 rows as 0x[0-9a-f]{64}$/.test(lines[1] ?? ''), lines[1]);
    equal(lines[2], 'getJob: ERR_JOB_NOT_FOUND (HTTP 404)');
    deepEqual(lines.slice(3), [
      'job 1 [inputs] 2 inputs shared',
      'job 1: running 0 %',
      'job 1 [done] result attested',
      'job 1: succeeded 100 %',
      'job 1 ended succeeded',
    ]);
    equal(store.all('SELECT id FROM datasets').length, 0, 'the example deleted its dataset');
  } finally {
    await app.close();
    store.close();
    await rm(scriptPath, { force: true });
  }
});
