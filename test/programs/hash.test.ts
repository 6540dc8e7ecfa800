import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { codeHashOfSource, programCodeHash, sourcePathOf } from '../../src/programs/hash.js';
import {
  ProgramRegistry,
  builtinPrograms,
  loadBuiltinPrograms,
} from '../../src/programs/registry.js';
import { sum } from '../../src/programs/sum.js';

/** src/programs/ of this checkout (found through the compiled registry's source map). */
async function programsDir(): Promise<string> {
  const reg = await sourcePathOf(new URL('../../src/programs/registry.js', import.meta.url));
  return join(reg, '..');
}

test('the code hash is found from the compiled module via its source map, and from the .ts', async () => {
  const js = new URL('../../src/programs/paygap.js', import.meta.url);
  const ts = await sourcePathOf(js);
  assert.match(ts, /src[\\/]programs[\\/]paygap\.ts$/);
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
      await programCodeHash('sum', new URL('../../src/programs/sum.js', import.meta.url)),
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

    // A framework file every program imports (run.ts via nothing? types.ts via all) changes all.
    const typesTs = join(dir, 'types.ts');
    const types = await readFile(typesTs, 'utf8');
    await writeFile(
      typesTs,
      types.replace('readonly version: string;', 'readonly version: string; // x'),
    );
    assert.notEqual(await hashOf('sum'), sum0);
    assert.notEqual(await hashOf('paygap'), paygap0);
    await writeFile(typesTs, types);

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
  r2.add(sum, pg.codeHash);
  assert.throws(() => r2.add(sum, `0x${'11'.repeat(32)}`), RangeError);
  assert.ok(
    fileURLToPath(new URL('../../src/programs/sum.js', import.meta.url)).endsWith('sum.js'),
  );
});
