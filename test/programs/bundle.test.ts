import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { BUILTIN_PROGRAMS, builtinBundleUrl } from '../../src/programs/builtin-load.js';
import { ProgramBundleError, bundleProgram } from '../../src/programs/bundle.js';

const HELPER = 'export const double = (x: number): number => 2 * x;\n';
const INDEX = `import { defineProgram } from 'parley/program';
import { double } from './lib/helper.js';
interface Meta { readonly n: number }
const meta: Meta = { n: double(21) };
export default defineProgram({ name: 'demo', version: '1.0.0', n: meta.n });
`;

async function writeProgram(dir: string, index = INDEX): Promise<void> {
  await mkdir(join(dir, 'lib'), { recursive: true });
  await writeFile(join(dir, 'lib', 'helper.ts'), HELPER);
  await writeFile(join(dir, 'index.ts'), index);
}

test('bundleProgram: one IIFE reading parley/program from globalThis.__parley, same bytes wherever the files lie', async () => {
  const a = await mkdtemp(join(tmpdir(), 'parley-bundle-a-'));
  const b = await mkdtemp(join(tmpdir(), 'parley-bundle-b-'));
  try {
    await writeProgram(a);
    await writeProgram(join(b, 'nested', 'deeper'));
    const one = await bundleProgram(a);
    const two = await bundleProgram(join(a, 'index.ts'));
    const three = await bundleProgram(join(b, 'nested', 'deeper'));
    assert.deepEqual(one.bundle, two.bundle, 'dir and entry file give the same bytes');
    assert.deepEqual(one.bundle, three.bundle, 'another directory gives the same bytes');
    assert.deepEqual(Object.keys(one.sources), ['index.ts', 'lib/helper.ts']);
    assert.equal(one.sources['lib/helper.ts'], HELPER);
    const code = new TextDecoder().decode(one.bundle);
    assert.ok(!code.includes(a) && !code.includes(tmpdir()), 'no absolute path in the bundle');
    assert.ok(!/\bimport\b|\brequire\b/.test(code), 'no imports left');
    assert.ok(!code.includes('interface'), 'types are stripped');
    // Run it as the sandbox would: a script with __parley on the global object.
    const g = createContext({ __parley: { defineProgram: (d: unknown) => ({ defined: d }) } });
    runInContext(code, g);
    assert.deepEqual(JSON.parse(JSON.stringify(runInContext('globalThis.__parleyProgram', g))), {
      defined: { name: 'demo', version: '1.0.0', n: 42 },
    });
    // One byte of source changes the bundle.
    await writeFile(join(a, 'lib', 'helper.ts'), HELPER.replace('2 * x', '3 * x'));
    const four = await bundleProgram(a);
    assert.notDeepEqual(four.bundle, one.bundle);
  } finally {
    await rm(a, { recursive: true, force: true });
    await rm(b, { recursive: true, force: true });
  }
});

test('bundleProgram refuses node modules, unresolved packages, no default export and syntax errors, naming the program', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'parley-bundle-bad-'));
  try {
    const cases: [string, RegExp][] = [
      [
        `import { readFileSync } from 'node:fs';\nexport default readFileSync('/etc/passwd');\n`,
        /imports "node:fs".*only its own files/,
      ],
      [`import fs from 'fs';\nexport default fs;\n`, /fs/],
      [`import x from 'left-pad-not-here';\nexport default x;\n`, /left-pad-not-here/],
      [`export const p = 1;\n`, /no default export/],
      [`export default {\n`, /bad\.ts/],
    ];
    for (const [source, reason] of cases) {
      const file = join(dir, 'bad.ts');
      await writeFile(file, source);
      await assert.rejects(bundleProgram(file), (e: unknown) => {
        assert.ok(e instanceof ProgramBundleError, String(e));
        assert.match(e.message, /^program .*bad\.ts: /);
        assert.match(e.message, reason);
        return true;
      });
    }
    await assert.rejects(bundleProgram(join(dir, 'missing')), /no such file/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the built-in bundles that npm run build wrote are what bundleProgram makes of their sources', async () => {
  for (const name of BUILTIN_PROGRAMS) {
    const src = fileURLToPath(new URL(`../../../src/programs/builtin/${name}.ts`, import.meta.url));
    const { bundle, sources } = await bundleProgram(src);
    assert.deepEqual(new Uint8Array(await readFile(builtinBundleUrl(name))), bundle, name);
    assert.ok(`${name}.ts` in sources, name);
    assert.ok(!Object.keys(sources).some((f) => f.includes('..')), 'only files of builtin/');
  }
});
