/**
 * Smoke test of `npm run bench:jobs`: the real thing (four node processes on anvil, TLS between
 * them) at tiny sizes, every job. Checks the output format (one JSON line per job with `job`,
 * `rows`, `parties`, `seconds`, `checked` and the per-phase times) and that every result matched
 * its exact plaintext reference; no figures are checked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCH = fileURLToPath(new URL('../../bench/jobs/bench.js', import.meta.url));

test('bench:jobs at tiny sizes prints one checked JSON line per job', async () => {
  const env = {
    ...process.env,
    BENCH_JOBS: 'all',
    BENCH_PAYGAP_ROWS: '300',
    BENCH_STATS_ROWS: '1000',
  };
  const { code, stdout, stderr } = await new Promise<{
    code: number | null;
    stdout: string;
    stderr: string;
  }>((resolve, reject) => {
    const p = spawn(process.execPath, [BENCH], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    p.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    p.on('error', reject);
    p.on('close', (c) => resolve({ code: c, stdout: out, stderr: err }));
  });
  const lines = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(
    lines.map((l) => l['job']),
    ['paygap', 'sum', 'mean', 'variance', 'stddev'],
  );
  for (const l of lines) {
    assert.equal(l['checked'], true, JSON.stringify(l));
    assert.equal(l['parties'], 3);
    assert.equal(l['rows'], l['job'] === 'paygap' ? 900 : 1000);
    assert.ok(typeof l['seconds'] === 'number' && l['seconds'] > 0);
    const phases = l['phases'] as Record<string, number>;
    assert.ok(phases['computing']! <= phases['done']!, JSON.stringify(phases));
  }
  assert.equal(code, 0, stderr.slice(-2000));
});
