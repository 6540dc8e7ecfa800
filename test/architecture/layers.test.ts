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

/** Every module specifier of `file`: static imports and exports, and dynamic `import('...')`. */
function specifiers(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [
    ...[...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'([^']+)'/g)].map((m) => m[1]!),
    ...[...text.matchAll(/(?:^|\n)\s*import\s+'([^']+)'/g)].map((m) => m[1]!),
    ...[...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]!),
  ];
}

/** Project-relative targets of the relative imports of `file` (e.g. 'src/mpc/channel.ts'). */
function imports(file: string): string[] {
  return specifiers(file)
    .filter((s) => s.startsWith('.'))
    .map((s) => normalize(relative(root, join(root, dirname(file), s))).replace(/\.js$/, '.ts'));
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
  // runProgramLocally (src/programs/api/testing.ts) runs a program on the in-process network.
  { from: 'src/programs', allowed: ['src/programs', 'src/mpc', 'src/errors', 'src/net/memory.ts'] },
  // The SDK runs in browsers too: itself and the error classes only.
  { from: 'src/sdk', allowed: ['src/sdk', 'src/errors'] },
  // The CLI talks to a node through the SDK only (init and node start live in src/bin).
  { from: 'src/cli', allowed: ['src/cli', 'src/sdk', 'src/errors'] },
];

/** Folders that must not import these (the node is wired in src/node; dev talks REST via the SDK). */
const forbidden: ReadonlyArray<{ from: string; denied: readonly string[] }> = [
  { from: 'src/node', denied: ['src/cli', 'src/bin'] },
  { from: 'src/node/dev', denied: ['src/node/server'] },
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

test('no module imports a folder it must not', () => {
  let checked = 0;
  for (const { from, denied } of forbidden) {
    for (const file of tsFiles(from)) {
      for (const target of imports(file)) {
        checked++;
        assert.ok(
          !denied.some((d) => target === d || target.startsWith(d + '/')),
          `${file} imports ${target}, which ${from} must not`,
        );
      }
    }
  }
  assert.ok(checked > 50, `checked ${checked} imports`);
});

test('src/sdk and the src/errors it bundles use no Node built-in and no package but openapi-fetch (they run in browsers)', () => {
  const files = [...tsFiles('src/sdk'), ...tsFiles('src/errors')];
  assert.ok(files.length >= 8, `found ${files.length} files`);
  for (const file of files) {
    for (const s of specifiers(file)) {
      if (s.startsWith('.')) continue;
      assert.equal(s, 'openapi-fetch', `${file} imports ${s}`);
    }
    const text = readFileSync(join(root, file), 'utf8');
    assert.ok(!/\bprocess\.|\bBuffer\b|\brequire\(/.test(text), `${file} uses a Node global`);
  }
});

test('src/node/dev and src/cli reach nodes only through the SDK (no fetch of their own)', () => {
  for (const file of [...tsFiles('src/node/dev'), ...tsFiles('src/cli')]) {
    const text = readFileSync(join(root, file), 'utf8');
    assert.ok(!/\bfetch\(/.test(text), `${file} calls fetch itself`);
  }
  assert.ok(
    tsFiles('src/node/dev').some((f) => imports(f).some((t) => t.startsWith('src/sdk/'))),
    'the launcher uses the SDK',
  );
});

test('the rule check sees a violation', () => {
  const bad = 'src/mpc/protocols/x.ts';
  const target = normalize(relative(root, join(root, dirname(bad), '../../net/tls.ts')));
  assert.equal(target, 'src/net/tls.ts');
  assert.ok(!['src/mpc', 'src/errors'].some((a) => target.startsWith(a + '/')));
});
