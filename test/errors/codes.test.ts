import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { errorCodes } from '../../src/errors/codes.js';
import { ParleyError } from '../../src/errors/base.js';

test('every error code is documented in docs/errors.md with a way to solve it', () => {
  const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  const rows = new Map<string, string[]>();
  for (const line of doc.split('\n')) {
    const m = /^\|\s*`?(ERR_[A-Z0-9_]+)`?\s*\|(.*)\|\s*$/.exec(line);
    if (m)
      rows.set(
        m[1]!,
        m[2]!.split('|').map((c) => c.trim()),
      );
  }
  for (const code of Object.keys(errorCodes)) {
    const row = rows.get(code);
    assert.ok(row, `${code} has a row in docs/errors.md`);
    assert.ok(
      row.length >= 2 && row.every((c) => c.length > 0),
      `${code} has a description and a fix`,
    );
  }
  for (const code of rows.keys()) assert.ok(code in errorCodes, `${code} in docs/errors.md exists`);
});

test('ParleyError keeps the subclass name, code, details and cause', () => {
  class SampleError extends ParleyError {
    static override name = 'SampleError';
  }
  const cause = new Error('root');
  const err = new SampleError('Something failed.', {
    code: 'ERR_MPC_CONFIG',
    details: { party: 'p1' },
    cause,
  });
  assert.equal(err.name, 'SampleError');
  assert.equal(err.code, 'ERR_MPC_CONFIG');
  assert.equal(err.details.party, 'p1');
  assert.equal(err.walk(), cause);
  assert.equal(
    err.walk((e) => e instanceof SampleError),
    err,
  );
  assert.equal(
    err.walk((e) => e instanceof TypeError),
    null,
  );
});
