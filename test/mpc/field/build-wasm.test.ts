// The committed wasm module must be exactly what the current AssemblyScript source compiles to
// (asc output is deterministic), so reviewers can audit the source instead of the bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  FP127_WASM_BASE64,
  FP127_WASM_SHA256,
  FP127_WASM_SOURCE_SHA256,
} from '../../../src/mpc/field/wasm/fp127-wasm.generated.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const sha256 = (x: string | Uint8Array): string => createHash('sha256').update(x).digest('hex');

test('the generated module embeds the hash of the current AssemblyScript source', () => {
  const source = readFileSync(`${ROOT}src/mpc/field/wasm/fp127.as.ts`, 'utf8');
  assert.equal(FP127_WASM_SOURCE_SHA256, sha256(source), 'run `npm run build:wasm`');
  assert.equal(FP127_WASM_SHA256, sha256(Buffer.from(FP127_WASM_BASE64, 'base64')));
});

test('rebuilding the wasm reproduces the committed module byte for byte', () => {
  const r = spawnSync(process.execPath, ['scripts/build-wasm.js', '--check'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr + r.stdout);
});
