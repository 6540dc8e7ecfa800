// Runs every compiled test file under dist/test with Node's built-in test runner.
// Node 20's `--test` does not expand globs itself, so the file list is built here.
// Usage: node scripts/run-tests.js [substring-filter...]
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = 'dist/test';
const filters = process.argv.slice(2);
/** @param {string} dir @returns {string[]} */
function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.test.js') ? [p] : [];
  });
}
const files = walk(root)
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.error('run-tests: no test files matched');
  process.exit(1);
}
// No test may hang the run: each test has a timeout, and the whole run a limit that keeps CI
// (20 minutes on 2 cores) honest. A file that keeps its event loop alive after its tests end
// (a leaked socket, timer or child) shows up here as a run that never finishes.
const RUN_LIMIT_MS = Number(process.env.PARLEY_TEST_RUN_LIMIT_MS ?? 18 * 60_000);
const r = spawnSync(
  process.execPath,
  ['--test', '--test-reporter=spec', '--test-timeout=300000', ...files],
  { stdio: 'inherit', timeout: RUN_LIMIT_MS, killSignal: 'SIGKILL' },
);
if (r.error !== undefined || r.signal !== null) {
  console.error(
    `run-tests: the test run did not finish within ${RUN_LIMIT_MS / 60_000} minutes ` +
      `(${r.error?.message ?? r.signal}); a test file probably leaks an open handle`,
  );
  process.exit(1);
}
process.exit(r.status ?? 1);
