/**
 * Smoke test of the engine benchmark (`npm run bench:mpc`): the real thing (three party processes
 * over loopback TLS) at `--quick` sizes, every op. Checks the output format the README table is
 * generated from, and that a failing party fails the run with a message naming the party and the
 * op, leaving no process behind.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { OPS } from '../../bench/mpc/ops.js';

const BENCH = fileURLToPath(new URL('../../bench/mpc/bench.js', import.meta.url));

interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

function runBench(args: readonly string[]): Promise<Result> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BENCH, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    p.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout, stderr, seconds: (Date.now() - t0) / 1000 }));
  });
}

/** The party pids the coordinator announced on stderr. */
function partyPids(stderr: string): number[] {
  return [...stderr.matchAll(/party p\d is pid (\d+)/g)].map((m) => Number(m[1]));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function assertNoParties(stderr: string): void {
  const pids = partyPids(stderr);
  assert.equal(pids.length, 3, 'the coordinator announced three party processes');
  for (const pid of pids) assert.equal(alive(pid), false, `party process ${pid} is gone`);
}

describe('bench:mpc', () => {
  test('--quick over TLS prints env, input and one complete line per op and size', async () => {
    const r = await runBench(['--quick']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.seconds < 30, `took ${r.seconds} s`);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    // After env: per field (p127 first), its input phase, then that field's ops in plan order.
    const [env, ...rest] = lines;
    const fieldsInPlan = [...new Set(OPS.map((o) => o.field))].sort();
    assert.deepEqual(
      rest.filter((l) => l.op === 'input').map((l) => l.field),
      fieldsInPlan,
      'one input line per field',
    );
    const input = rest[0];
    const ops = rest.filter((l) => l.op !== 'input');
    assert.equal(env?.op, 'env');
    assert.equal(env?.transport, 'tls');
    assert.equal(env?.parties, 3);
    assert.match(String(env?.node), /^v\d+\./);
    assert.match(String(env?.kernels), /^(wasm|js)$/);
    assert.equal(input?.op, 'input');
    assert.deepEqual(
      ops.map((l) => `${String(l.op)}:${String(l.n)}`),
      fieldsInPlan.flatMap((f) =>
        OPS.filter((o) => o.field === f).flatMap((o) => o.quickSizes.map((n) => `${o.name}:${n}`)),
      ),
    );
    for (const l of lines.slice(1)) {
      const what = `line ${JSON.stringify(l)}`;
      assert.equal(l.parties, 3, what);
      for (const k of ['n', 'seconds', 'ops_per_s']) {
        assert.ok(typeof l[k] === 'number' && l[k] > 0, `${what}: ${k} > 0`);
      }
      // `sum` is local: no round, no byte. Every other op communicates.
      const local = l.op === 'sum';
      assert.ok(Number.isInteger(l.rounds), `${what}: rounds`);
      assert.equal(l.rounds === 0, local, `${what}: rounds ${local ? '= 0' : '>= 1'}`);
      assert.ok(typeof l.bytes_per_op === 'number', `${what}: bytes_per_op`);
      assert.equal(l.bytes_per_op === 0, local, `${what}: bytes_per_op ${local ? '= 0' : '> 0'}`);
      assert.equal(l.transport, 'tls', what);
      assert.equal(l.kernels, env?.kernels, what);
    }
    for (const l of ops) assert.ok((l.checked as number) > 0, `${l.op as string} was checked`);
    assertNoParties(r.stderr);
  });

  test('a party that throws fails the run, naming the party and the op', async () => {
    const r = await runBench(['--quick', '--ops', 'mul', '--fault', 'p2:mul:throw']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /FAILED: party p2 failed in op mul \(n = 1000\): .*injected fault/);
    assertNoParties(r.stderr);
  });

  test('a party that dies fails the run, naming the party and the op', async () => {
    const r = await runBench(['--quick', '--ops', 'mul', '--fault', 'p3:mul:exit']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /FAILED: party p3 \(op mul \(n = 1000\)\) exited with code 7/);
    assertNoParties(r.stderr);
  });

  // The timeout leaves room for startup on a loaded 2-core machine (several seconds there).
  test('a hung party is killed at the overall timeout, with every party named', async () => {
    const r = await runBench([
      '--quick',
      '--ops',
      'mul',
      '--fault',
      'p1:mul:hang',
      '--timeout',
      '15',
    ]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /FAILED: timed out after 15 s; p1: op mul \(n = 1000\)/);
    assertNoParties(r.stderr);
  });

  test('--transport memory runs the same ops in one process', async () => {
    const r = await runBench(['--quick', '--transport', 'memory', '--ops', 'mul,variance']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      lines.map((l) => [l.op, l.transport]),
      [
        ['env', 'memory'],
        ['input', 'memory'],
        ['mul', 'memory'],
        ['variance', 'memory'],
      ],
    );
  });

  test('--security malicious runs verified ops and says so on every line', async () => {
    const r = await runBench([
      '--quick',
      '--transport',
      'memory',
      '--security',
      'malicious',
      '--ops',
      'mul:1000,lt:100',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      lines.map((l) => [l.op, l.security]),
      [
        ['env', 'malicious'],
        ['input', 'malicious'],
        ['mul', 'malicious'],
        ['lt', 'malicious'],
      ],
    );
    // The verification's rounds are part of the op: more than the semi-honest single round.
    assert.ok((lines[2]!['rounds'] as number) > 1);
    const bad = await runBench(['--security', 'paranoid']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /expected --security semi-honest or malicious/);
  });

  test('rejects an unknown op with usage', async () => {
    const r = await runBench(['--ops', 'nosuch']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown op "nosuch"/);
  });
});
