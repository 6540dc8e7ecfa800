/**
 * The program sandbox: a program that reaches for the node (files, network, environment,
 * clock), runs without bound (CPU, memory, wall time) or tries to reveal a secret fails closed,
 * with a reason that names the program; and the built-ins run through it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MpcProtocolError } from '../../src/mpc/errors.js';
import { runProgramLocally, type LocalDataset } from '../../src/programs/api/testing.js';
import { paygap } from '../../src/programs/paygap.js';
import { sum } from '../../src/programs/sum.js';
import { LoadedProgram, loadProgram, type LoadOptions } from '../../src/programs/sandbox/load.js';
import { ProgramSandboxError } from '../../src/programs/sandbox/quickjs.js';

/** A bundle by hand (what bundleProgram would emit), with `body` as run's body. */
function bundle(body: string, extra = ''): Uint8Array {
  return new TextEncoder().encode(`${extra}
globalThis.__parleyProgram = globalThis.__parley.defineProgram({
  name: 'evil', version: '1.0.0', description: 'tries things', field: 'p127', params: {},
  input: () => ({ x: { kind: 'integer', bits: 32 } }),
  outputs: { out: { type: 'integer', description: 'a sum', to: 'recipients', length: 1 } },
  async run(mpc, inputs, params) { const x = inputs[0].integer('x'); ${body} },
});`);
}

const DATA: LocalDataset[] = [
  { owner: 'acme', columns: { x: { type: 'integer', bits: 32, values: [5n, 7n, -2n] } } },
];

async function run(code: Uint8Array, limits: LoadOptions = {}): Promise<unknown> {
  return runProgramLocally(code, DATA, {}, { parties: 3, t: 1, limits });
}

async function fails(code: Uint8Array, reason: RegExp, limits: LoadOptions = {}): Promise<void> {
  await assert.rejects(run(code, limits), (e: unknown) => {
    assert.ok(e instanceof ProgramSandboxError, `expected a sandbox error, got ${String(e)}`);
    assert.match(e.message, /^program evil: /);
    assert.match(e.message, reason);
    assert.equal(e.code, 'ERR_PROGRAM_SANDBOX');
    return true;
  });
}

test('a well-behaved program runs, and sees no bridge, clock or node globals', async () => {
  const probe = `
    for (const g of ['__host', '__hostAsync', 'require', 'process', 'fetch', 'Date', 'setTimeout', 'std', 'os', 'Buffer', 'WebSocket']) {
      if (typeof globalThis[g] !== 'undefined') throw new Error(g + ' is reachable');
    }
    return { out: x.sum() };`;
  assert.deepEqual(await run(bundle(probe)), { out: [10n] });
});

test('reading a file, the environment or a module fails closed, naming the program', async () => {
  await fails(
    bundle(`require('fs').readFileSync('/etc/passwd'); return { out: x.sum() };`),
    /require/,
  );
  await fails(bundle(`const home = process.env.HOME; return { out: x.sum() };`), /process/);
  await fails(bundle(`await import('node:fs'); return { out: x.sum() };`), /node:fs|module/i);
  assert.throws(
    () =>
      loadProgram(bundle(`return { out: x.sum() };`, `const fs = require('fs');`), {
        label: 'evil.js',
      }),
    /^ProgramSandboxError: program evil\.js: failed: 'require' is not defined/,
  );
});

test('opening a socket, reading the clock or drawing randomness fails closed', async () => {
  await fails(bundle(`await fetch('http://127.0.0.1:1/'); return { out: x.sum() };`), /fetch/);
  await fails(bundle(`new WebSocket('ws://127.0.0.1:1'); return { out: x.sum() };`), /WebSocket/);
  await fails(bundle(`Date.now(); return { out: x.sum() };`), /Date/);
  await fails(bundle(`Math.random(); return { out: x.sum() };`), /Math\.random is not available/);
});

test('a program that loops forever hits its CPU time limit, in run, in metadata and at load', async () => {
  await fails(bundle(`for (;;) {}`), /exceeded its CPU time limit of 0\.2 s/, {
    job: { cpuMs: 200 },
  });
  // An async loop between engine calls counts too (the time is summed over every entry).
  await fails(
    bundle(`let y = x; for (;;) { y = await y.mul(1); for (let i = 0; i < 1e5; i++) {} }`),
    /exceeded its CPU time limit of 0\.3 s/,
    { job: { cpuMs: 300 } },
  );
  const meta = new TextEncoder().encode(
    new TextDecoder()
      .decode(bundle('return {};'))
      .replace('input: () =>', 'input: () => { for (;;) {} },\n  _x: () =>'),
  );
  await fails(meta, /exceeded its CPU time limit of 0\.1 s/, { metadataCpuMs: 100 });
  assert.throws(
    () => loadProgram(bundle('return {};', 'for (;;) {}'), { metadataCpuMs: 100 }),
    /^ProgramSandboxError: program bundle: exceeded its CPU time limit of 0\.1 s/,
  );
});

test('a program that waits forever hits its wall time limit', async () => {
  await fails(bundle(`await new Promise(() => {});`), /exceeded its wall time limit of 0\.3 s/, {
    job: { wallMs: 300 },
  });
});

test('a program that allocates without bound hits its memory limit', async () => {
  await fails(
    bundle(`const a = []; for (;;) a.push(new Array(1e5).fill(7));`),
    /exceeded its memory limit of 32 MiB/,
    { job: { memoryBytes: 32 * 2 ** 20 } },
  );
  await fails(bundle(`const f = (n) => f(n + 1) + 1; f(0);`), /stack limit|stack overflow/);
});

test('a program cannot reveal an intermediate value: no method, no handle to poke at or forge', async () => {
  for (const m of [
    'open',
    'revealTo',
    'openNow',
    'revealNow',
    'share',
    'session',
    'runtime',
    'decode',
  ]) {
    await fails(
      bundle(`await x.sum().${m}('acme'); return { out: x.sum() };`),
      /not a function|undefined/,
    );
  }
  await fails(bundle(`mpc.open(x); return { out: x.sum() };`), /not a function/);
  // What a secret vector shows is public: its kind, length and bit bound.
  const shown = `
    const v = x.sum();
    const seen = JSON.stringify(v) + Object.getOwnPropertyNames(v).join() + String(v);
    if (seen !== '{"kind":"int","length":1,"bits":34}kind,length,bitssecret int[1]') throw new Error('shows ' + seen);
    return { out: v };`;
  assert.deepEqual(await run(bundle(shown)), { out: [10n] });
  // Forged handles: a plain object, a wrapper made by hand, a method called on another object.
  await fails(bundle(`return { out: x.add({ $h: 1 }) };`), /handles cannot be made by a program/);
  await fails(bundle(`return { out: x.add(JSON.parse('{"$h":1}')) };`), /handles cannot be made/);
  await fails(
    bundle(`return { out: Object.create(Object.getPrototypeOf(x)).sum() };`),
    /not a secret vector/,
  );
  await fails(
    bundle(`return { out: Object.getPrototypeOf(x).sum.call({ $h: 1 }) };`),
    /not a secret vector/,
  );
  await fails(
    bundle(`return { out: new (Object.getPrototypeOf(x).constructor)() };`),
    /made by the engine/,
  );
  await fails(bundle(`return { out: { $h: 1 } };`), /output out is not a secret vector/);
  // Types the field cannot hold are refused (p127 holds 126-bit integers).
  await fails(bundle(`return { out: x.sum().widen(200) };`), /does not fit field p127/);
  await fails(bundle(`return { out: mpc.constantInt(1, 127) };`), /does not fit field p127/);
  // Public operands are checked: finite numbers only.
  await fails(bundle(`return { out: x.add(NaN).sum() };`), /finite public number/);
});

test('a program that throws gets a clear reason; one the engine refuses keeps the engine reason', async () => {
  await fails(bundle(`throw new Error('no luck');`), /failed: Error: no luck/);
  await fails(bundle(`return { out: x.at(5) };`), /at: expected an index in -3\.\.2, got 5/);
  await assert.rejects(
    run(bundle(`return { out: x };`)),
    /evil: output out is secint\(32\)\[3\]; expected integer\[1\]/,
  );
  // An error of the engine that the program lets escape reaches the node with its class, as
  // an abort naming a party must (here: the lengths of a select do not match).
  await assert.rejects(
    run(
      bundle(`const b = await x.gt(0); return { out: (await b.select(x.slice(0, 2), 0)).sum() };`),
    ),
    (e: unknown) => {
      assert.ok(e instanceof MpcProtocolError, String(e));
      assert.match(e.message, /select/);
      return true;
    },
  );
});

test('the built-ins are bundles loaded into the sandbox, and give the reference results', async () => {
  assert.ok(sum instanceof LoadedProgram && paygap instanceof LoadedProgram);
  const data: LocalDataset[] = [
    { owner: 'acme', columns: { s: { type: 'decimal', scale: 2, values: [100n, 250n, -50n] } } },
    { owner: 'globex', columns: { s: { type: 'decimal', scale: 2, values: [2n ** 62n, 1n] } } },
  ];
  const out = await runProgramLocally(sum, data, { column: 's' }, { parties: 3, t: 1 });
  assert.deepEqual(out, { sum: [100n + 250n - 50n + 2n ** 62n + 1n] });
});
