/**
 * The console talks to its node through the REST API only (docs/architecture.md): its sources
 * import each other, Preact, and the SDK's browser entry `parley/sdk`, nothing of the node, the
 * ledger or the MPC engine, and no `node:` module.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { test } from 'node:test';

const root = new URL('../../../', import.meta.url).pathname;
const ALLOWED_PACKAGES = new Set(['preact', 'preact/hooks', 'parley/sdk']);

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) return sources(rel);
    return /\.tsx?$/.test(name) ? [rel] : [];
  });
}

const specifiersOf = (text: string): string[] =>
  [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s(?:[^'";]*?\sfrom\s+)?'([^']+)'/g)].map(
    (m) => m[1]!,
  );
const specifiers = (file: string): string[] => specifiersOf(readFileSync(join(root, file), 'utf8'));

test('console sources import only the console, Preact and parley/sdk', () => {
  const files = sources('console/src');
  assert.ok(files.length >= 10, `found ${files.length} console sources`);
  let checked = 0;
  for (const file of files) {
    for (const spec of specifiers(file)) {
      checked++;
      if (spec.startsWith('.')) {
        const target = normalize(relative(root, join(root, dirname(file), spec)));
        assert.ok(target.startsWith('console/src/'), `${file} imports ${target}`);
      } else assert.ok(ALLOWED_PACKAGES.has(spec), `${file} imports the package ${spec}`);
    }
  }
  assert.ok(checked > 30, `checked ${checked} imports`);
});

test('the import scan sees imports of every form, and not indexed types', () => {
  const text = [
    "import { a } from '../../src/node/server/app.js';",
    "import type { B } from 'viem';",
    "import './styles.css';",
    "export { c } from './c';",
    "export type S = components['schemas'];",
  ].join('\n');
  assert.deepEqual(specifiersOf(text), [
    '../../src/node/server/app.js',
    'viem',
    './styles.css',
    './c',
  ]);
});
