/**
 * buildProgram: what POST /v1/programs does with the files a client sends, before anything goes
 * on chain: paths are checked, the files bundle into the same bytes as on the author's disk, the
 * hash is the bundle's, the bundle loads in the real sandbox, and every refusal names the file
 * without the node's temporary directory.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { engineLoader } from '../../../src/node/programs/engine.js';
import { buildProgram } from '../../../src/node/programs/publish.js';
import { bundleProgram } from '../../../src/programs/bundle.js';
import { bundleCodeHash } from '../../../src/programs/hash.js';

const LIB = `export const scale = (n: number): number => n * 2;\n`;
const INDEX = `import { defineProgram } from 'parley/program';
import { scale } from './lib/scale.js';
export default defineProgram({
  name: 'doubled-sum',
  version: '0.3.0',
  description: 'Twice the sum of a column.',
  params: { column: { type: 'string', description: 'the column', pattern: /[a-z]{1,16}/ } },
  input: (p) => ({ [String(p['column'])]: { kind: 'integer', bits: 32 } }),
  outputs: { total: { type: 'integer', description: 'twice the sum', to: 'recipients', length: 1 } },
  run(_mpc, inputs, p) {
    const s = inputs[0]!.integer(String(p['column'])).sum();
    return Promise.resolve({ total: s.widen(s.bits + 2).mulPublic(scale(1)) });
  },
});
`;

const publishError = (re: RegExp) => (err: Error & { code?: string }) => {
  assert.equal(err.code, 'ERR_PROGRAM_PUBLISH', err.message);
  assert.match(err.message, re);
  assert.ok(!err.message.includes('parley-program-'), `no temporary path: ${err.message}`);
  return true;
};

test('the files bundle as on the author disk; the hash is the bundle hash; the sandbox loads it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'parley-author-'));
  try {
    await writeFile(join(dir, 'index.ts'), INDEX);
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, 'lib'));
    await writeFile(join(dir, 'lib', 'scale.ts'), LIB);
    const local = await bundleProgram(dir);
    const built = await buildProgram(
      { 'index.ts': INDEX, 'lib/scale.ts': LIB },
      'index.ts',
      engineLoader(),
    );
    assert.deepEqual(built.bundle, local.bundle);
    assert.deepEqual(built.sources, local.sources);
    assert.equal(built.hash, bundleCodeHash(local.bundle));
    assert.equal(built.name, 'doubled-sum');
    assert.equal(built.version, '0.3.0');
    assert.deepEqual(Object.keys(built.definition.outputs), ['total']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('unsafe paths, a missing entry, forbidden imports and non-programs are refused, naming the file', async () => {
  const load = engineLoader();
  for (const bad of ['../escape.ts', '/etc/x.ts', 'C:/x.ts', 'notes.txt', 'a/../../b.ts']) {
    await assert.rejects(
      buildProgram({ [bad]: INDEX, 'index.ts': INDEX }, 'index.ts', load),
      publishError(/expected a relative path inside the program's directory/),
      bad,
    );
  }
  await assert.rejects(
    buildProgram({ 'index.ts': INDEX }, 'main.ts', load),
    publishError(/entry file main\.ts is not among/),
  );
  await assert.rejects(buildProgram({}, 'index.ts', load), publishError(/1 to 200 files; got 0/));
  await assert.rejects(
    buildProgram(
      { 'index.ts': `import { readFileSync } from 'node:fs';\nexport default readFileSync;\n` },
      'index.ts',
      load,
    ),
    publishError(/index\.ts.*node:fs/),
  );
  await assert.rejects(
    buildProgram(
      { 'index.ts': `import { scale } from './lib/scale.js';\nexport default scale;\n` },
      'index.ts',
      load,
    ),
    publishError(/index\.ts/),
  );
  await assert.rejects(
    buildProgram({ 'index.ts': `export default { name: 'x' };\n` }, 'index.ts', load),
    publishError(/index\.ts: its bundle does not load as a program/),
  );
});
