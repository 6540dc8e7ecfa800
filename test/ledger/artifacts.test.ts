import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { COMPILER_SETTINGS, compileContracts, repoRoot } from '../../scripts/compile-contracts.js';

test('committed ABI and bytecode modules match a fresh compile of contracts/*.sol', () => {
  const root = repoRoot();
  const generated = compileContracts(root);
  const paths = Object.keys(generated);
  assert.equal(paths.length, 5);
  for (const [rel, content] of Object.entries(generated)) {
    const committed = readFileSync(join(root, rel), 'utf8');
    assert.ok(
      committed === content,
      `${rel} is stale: run \`npm run build:contracts\` and commit the result`,
    );
  }
});

test('the compiler and EVM version are pinned', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  assert.match(pkg.dependencies['solc'] ?? '', /^\d+\.\d+\.\d+$/, 'solc is pinned exactly');
  assert.equal(COMPILER_SETTINGS.evmVersion, 'paris');
  const header = readFileSync(join(repoRoot(), 'src/ledger/generated/Jobs.ts'), 'utf8');
  assert.match(header, new RegExp(`solc ${pkg.dependencies['solc']}\\+commit`));
  assert.match(header, /evmVersion paris/);
});
