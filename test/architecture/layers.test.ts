/**
 * The dependency direction of docs/architecture.md, enforced: each folder imports only what its
 * row allows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const root = new URL('../../../', import.meta.url).pathname;

function tsFiles(dir: string): string[] {
  const abs = join(root, dir);
  return readdirSync(abs).flatMap((name) => {
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) return tsFiles(rel);
    return name.endsWith('.ts') && !name.endsWith('.as.ts') ? [rel] : [];
  });
}

/** Project-relative targets of the relative imports of `file` (e.g. 'src/mpc/channel.ts'). */
function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'(\.[^']+)'/g)].map((m) =>
    normalize(relative(root, join(root, dirname(file), m[1]!))).replace(/\.js$/, '.ts'),
  );
}

const rules: ReadonlyArray<{ from: string; allowed: readonly string[] }> = [
  { from: 'src/errors', allowed: ['src/errors'] },
  { from: 'src/mpc/field', allowed: ['src/mpc/field'] },
  { from: 'src/mpc/sharing', allowed: ['src/mpc/field', 'src/mpc/sharing'] },
  { from: 'src/mpc', allowed: ['src/mpc', 'src/errors'] },
  {
    from: 'src/net',
    allowed: ['src/net', 'src/mpc/channel.ts', 'src/mpc/errors.ts', 'src/errors'],
  },
  { from: 'src/ledger', allowed: ['src/ledger', 'src/errors'] },
  { from: 'src/programs', allowed: ['src/programs', 'src/mpc', 'src/errors'] },
];

test('every module imports only the layers below it', () => {
  let checked = 0;
  for (const { from, allowed } of rules) {
    for (const file of tsFiles(from)) {
      for (const target of imports(file)) {
        checked++;
        assert.ok(
          allowed.some((a) => target === a || target.startsWith(a + '/')),
          `${file} imports ${target}, outside ${allowed.join(', ')}`,
        );
      }
    }
  }
  assert.ok(checked > 50, `checked ${checked} imports`);
});

test('the rule check sees a violation', () => {
  const bad = 'src/mpc/protocols/x.ts';
  const target = normalize(relative(root, join(root, dirname(bad), '../../net/tls.ts')));
  assert.equal(target, 'src/net/tls.ts');
  assert.ok(!['src/mpc', 'src/errors'].some((a) => target.startsWith(a + '/')));
});
