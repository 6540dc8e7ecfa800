import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../scripts/compile-contracts.js';
import { ledgerErrorCodes } from '../../src/errors/codes-ledger.js';
import { ledgerErrorsAbi } from '../../src/ledger/abi.js';

test('every ledger error code is documented in the Ledger section of docs/errors.md', () => {
  const text = readFileSync(join(repoRoot(), 'docs/errors.md'), 'utf8');
  const start = text.indexOf('\n## Ledger');
  assert.ok(start >= 0, 'docs/errors.md has a "## Ledger" section');
  const next = text.indexOf('\n## ', start + 1);
  const section = text.slice(start, next < 0 ? undefined : next);
  for (const code of Object.keys(ledgerErrorCodes)) {
    assert.match(section, new RegExp(`\\| \`${code}\` \\|`), `${code} is documented`);
  }
});

test('every contract custom error is documented in docs/ledger.md', () => {
  const text = readFileSync(join(repoRoot(), 'docs/ledger.md'), 'utf8');
  for (const item of ledgerErrorsAbi) {
    if (item.type !== 'error') continue;
    const signature = `\`${item.name}(${item.inputs.map((i) => i.name).join(', ')})\``;
    assert.ok(text.includes(signature), `${signature} is documented in docs/ledger.md`);
  }
});
