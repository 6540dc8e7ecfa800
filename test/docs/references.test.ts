import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../../', import.meta.url).pathname;

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const rel = join(dir, name);
    return statSync(join(root, rel)).isDirectory() ? files(rel, ext) : ext.test(name) ? [rel] : [];
  });
}

test('every paper key cited in src/ and docs/ is resolved in docs/references.md', () => {
  const refs = readFileSync(join(root, 'docs/references.md'), 'utf8');
  const defined = new Set(
    [...refs.matchAll(/^- \*\*\[([A-Za-z]+\d{2})\]\*\*/gm)].map((m) => m[1]!),
  );
  assert.ok(defined.size >= 5, 'references.md defines its keys as "- **[Key99]** ..."');
  const cited = new Map<string, string>();
  for (const f of [...files('src', /\.ts$/), ...files('docs', /\.md$/)]) {
    for (const m of readFileSync(join(root, f), 'utf8').matchAll(/\[([A-Z][A-Za-z]*\d{2})\]/g)) {
      if (!cited.has(m[1]!)) cited.set(m[1]!, f);
    }
  }
  assert.ok(cited.size > 0);
  for (const [key, where] of cited) {
    assert.ok(defined.has(key), `[${key}] (cited in ${where}) is defined in docs/references.md`);
  }
});
