import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  ENGINE_VERSION,
  bundleCodeHash,
  codeHashOfSource,
  programCodeHash,
  sourcePathOf,
} from '../../src/programs/hash.js';
import {
  ProgramRegistry,
  builtinPrograms,
  loadBuiltinPrograms,
} from '../../src/programs/registry.js';
import { mean } from '../../src/programs/mean.js';
import { sum } from '../../src/programs/sum.js';

/** src/programs/builtin/ of this checkout (found through the compiled registry's source map). */
async function programsDir(): Promise<string> {
  const reg = await sourcePathOf(new URL('../../src/programs/registry.js', import.meta.url));
  return join(reg, '..', 'builtin');
}

test('the code hash is found from the compiled module via its source map, and from the .ts', async () => {
  const js = new URL('../../src/programs/builtin/paygap.js', import.meta.url);
  const ts = await sourcePathOf(js);
  assert.match(ts, /src[\\/]programs[\\/]builtin[\\/]paygap\.ts$/);
  assert.ok(!ts.includes(`${join('dist', 'src')}`), 'the source, not the build output');
  const a = await programCodeHash('paygap', js);
  const b = await programCodeHash('paygap', new URL(`file://${ts}`));
  assert.equal(a, b);
  assert.match(a, /^0x[0-9a-f]{64}$/);
  assert.equal(a, await programCodeHash('paygap', js), 'stable');
});

test('the hash changes when the program or a framework file it imports changes, and only then', async () => {
  const src = await programsDir();
  const dir = await mkdtemp(join(tmpdir(), 'parley-hash-'));
  try {
    await cp(src, dir, { recursive: true });
    const hashOf = (name: string): Promise<string> =>
      codeHashOfSource(name, join(dir, `${name}.ts`), dir);
    const [sum0, paygap0] = [await hashOf('sum'), await hashOf('paygap')];
    assert.equal(
      sum0,
      await programCodeHash('sum', new URL('../../src/programs/builtin/sum.js', import.meta.url)),
      'a copy hashes like the original',
    );
    assert.notEqual(
      sum0,
      await codeHashOfSource('mean', join(dir, 'sum.ts'), dir),
      'the name is hashed',
    );

    // CRLF checkouts hash like LF ones.
    const paygapTs = join(dir, 'paygap.ts');
    const original = await readFile(paygapTs, 'utf8');
    await writeFile(paygapTs, original.replace(/\n/g, '\r\n'));
    assert.equal(await hashOf('paygap'), paygap0, 'line endings do not matter');

    // A change to paygap changes paygap's hash, not sum's (sum does not import it).
    await writeFile(
      paygapTs,
      original.replace('MAX_RATIO: number = 2 ** 17;', 'MAX_RATIO: number = 2 ** 16;'),
    );
    assert.notEqual(await hashOf('paygap'), paygap0);
    assert.equal(await hashOf('sum'), sum0);

    // A comment-only change is a change too: the hash pins the source text an auditor read.
    await writeFile(paygapTs, original + '\n// reviewed\n');
    assert.notEqual(await hashOf('paygap'), paygap0);
    await writeFile(paygapTs, original);
    assert.equal(await hashOf('paygap'), paygap0, 'restoring the file restores the hash');

    // labels.ts is imported by paygap, not by sum.
    const labelsTs = join(dir, 'labels.ts');
    const labels = await readFile(labelsTs, 'utf8');
    await writeFile(labelsTs, labels + '\n');
    assert.notEqual(await hashOf('paygap'), paygap0);
    assert.equal(await hashOf('sum'), sum0);
    await writeFile(labelsTs, labels);

    // stats-common.ts is imported by sum, not by paygap.
    const commonTs = join(dir, 'stats-common.ts');
    await writeFile(commonTs, (await readFile(commonTs, 'utf8')) + '\n');
    assert.notEqual(await hashOf('sum'), sum0);
    assert.equal(await hashOf('paygap'), paygap0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the registry finds built-in programs by name and code hash, and refuses others', async () => {
  const reg = await loadBuiltinPrograms();
  assert.deepEqual(
    reg.list().map((p) => p.definition.name),
    ['auction', 'escrow', 'escrow-sum', 'mean', 'paygap', 'stddev', 'sum', 'tally', 'variance'],
  );
  const hashes = new Set(reg.list().map((p) => p.codeHash));
  assert.equal(hashes.size, builtinPrograms.length, 'distinct hashes');
  const pg = reg.get('paygap');
  assert.equal(reg.byCodeHash(pg.codeHash), pg);
  assert.equal(reg.byCodeHash(pg.codeHash.toUpperCase().replace('0X', '0x') as `0x${string}`), pg);
  assert.throws(() => reg.byCodeHash(`0x${'00'.repeat(32)}`), { code: 'ERR_PROGRAM_NOT_FOUND' });
  assert.throws(() => reg.get('nope'), { code: 'ERR_PROGRAM_NOT_FOUND' });
  const r2 = new ProgramRegistry();
  const v1 = r2.add(sum, pg.codeHash);
  assert.throws(() => r2.add(mean, pg.codeHash), RangeError, 'a hash is registered once');
  // A second version of a name: both reachable by hash, the name resolves to the newer one.
  const v2 = r2.add(sum, `0x${'11'.repeat(32)}`);
  assert.equal(r2.get('sum'), v2);
  assert.equal(r2.byCodeHash(pg.codeHash), v1);
  assert.deepEqual(r2.list(), [v1, v2]);
  // Removing (a revocation) makes the hash unknown and the name fall back to the older version.
  assert.equal(r2.remove(v2.codeHash), true);
  assert.equal(r2.remove(v2.codeHash), false);
  assert.throws(() => r2.byCodeHash(v2.codeHash), { code: 'ERR_PROGRAM_NOT_FOUND' });
  assert.equal(r2.get('sum'), v1);
  r2.remove(v1.codeHash);
  assert.throws(() => r2.get('sum'), { code: 'ERR_PROGRAM_NOT_FOUND' });
  assert.deepEqual(r2.list(), []);
  assert.ok(
    fileURLToPath(new URL('../../src/programs/sum.js', import.meta.url)).endsWith('sum.js'),
  );
});

test('the bundle hash: SHA-256 over a tag, the engine version, the length and the bytes; any byte changes it', async () => {
  const bundle = new TextEncoder().encode('globalThis.__parleyProgram = (() => ({ n: 1 }))();\n');
  const h = bundleCodeHash(bundle);
  assert.match(h, /^0x[0-9a-f]{64}$/);
  assert.equal(bundleCodeHash(bundle.slice()), h, 'the bytes, not the array, are hashed');
  // The preimage as documented, recomputed independently.
  const { createHash } = await import('node:crypto');
  const pre = Buffer.concat([
    Buffer.from(`parley-program/2\n${ENGINE_VERSION}\n${bundle.length}\n`),
    Buffer.from(bundle),
  ]);
  assert.equal(h, '0x' + createHash('sha256').update(pre).digest('hex'));
  // Every single-byte change (each position, a random new value) changes the hash.
  const seen = new Set([h]);
  for (let i = 0; i < bundle.length; i++) {
    const b = bundle.slice();
    b[i] = (b[i]! + 1 + Math.floor(Math.random() * 255)) % 256;
    const hi = bundleCodeHash(b);
    assert.notEqual(hi, h, `byte ${i}`);
    seen.add(hi);
  }
  assert.equal(seen.size, bundle.length + 1, 'all distinct');
  // One byte more or less, and another engine, change it too.
  assert.notEqual(bundleCodeHash(bundle.slice(0, -1)), h);
  assert.notEqual(bundleCodeHash(new Uint8Array([...bundle, 0])), h);
  assert.notEqual(bundleCodeHash(bundle, ENGINE_VERSION + 'x'), h);
  assert.notEqual(bundleCodeHash(new Uint8Array()), bundleCodeHash(new Uint8Array([0])));
});

test('ENGINE_VERSION names the package version of this checkout', async () => {
  const pkg = JSON.parse(
    await readFile(fileURLToPath(new URL('../../../package.json', import.meta.url)), 'utf8'),
  ) as { version: string };
  assert.ok(ENGINE_VERSION.startsWith(`parley/${pkg.version};`), ENGINE_VERSION);
});
