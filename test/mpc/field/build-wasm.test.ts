// The committed wasm modules (Fp127 and Fp255 kernels) must be exactly what the current
// AssemblyScript sources compile to (asc output is deterministic), so reviewers can audit the
// sources instead of the bytes.
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
import {
  FP255_WASM_BASE64,
  FP255_WASM_SHA256,
  FP255_WASM_SOURCE_SHA256,
} from '../../../src/mpc/field/wasm/fp255-wasm.generated.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const sha256 = (x: string | Uint8Array): string => createHash('sha256').update(x).digest('hex');

test('the generated modules embed the hashes of the current AssemblyScript sources', () => {
  for (const [name, sourceSha, binarySha, base64] of [
    ['fp127', FP127_WASM_SOURCE_SHA256, FP127_WASM_SHA256, FP127_WASM_BASE64],
    ['fp255', FP255_WASM_SOURCE_SHA256, FP255_WASM_SHA256, FP255_WASM_BASE64],
  ] as const) {
    const source = readFileSync(`${ROOT}src/mpc/field/wasm/${name}.as.ts`, 'utf8');
    assert.equal(sourceSha, sha256(source), `${name}: run \`npm run build:wasm\``);
    assert.equal(binarySha, sha256(Buffer.from(base64, 'base64')), name);
  }
});

test('rebuilding the wasm reproduces both committed modules byte for byte', () => {
  const r = spawnSync(process.execPath, ['scripts/build-wasm.js', '--check'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr + r.stdout);
});
