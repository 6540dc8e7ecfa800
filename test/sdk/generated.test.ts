/**
 * The committed SDK types (src/sdk/generated/api.ts) are exactly what the generator makes from
 * the OpenAPI document a listening node serves, so CI fails when routes and SDK drift apart.
 */
import { test } from 'node:test';
import { equal, ok } from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/node/server/app.js';
import { openStore } from '../../src/node/store/db.js';
import { generateSdkTypes, SDK_TYPES_PATH } from '../../scripts/sdk-generate.js';

test('src/sdk/generated/api.ts equals a fresh generation from the live /openapi.json', async () => {
  const store = openStore(':memory:');
  const apiToken = 'g'.repeat(48);
  const app = await buildApp({
    store,
    apiToken,
    identity: {
      name: 'live',
      chainAddress: `0x${'ab'.repeat(20)}`,
      tlsFingerprint: 'c'.repeat(64),
    },
  });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/openapi.json`, {
      headers: { authorization: `Bearer ${apiToken}` },
    });
    equal(res.status, 200);
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    ok(doc.paths['/v1/jobs/{id}/events/stream'], 'the event stream is documented');
    const fresh = await generateSdkTypes(doc);
    const committed = await readFile(SDK_TYPES_PATH, 'utf8');
    equal(committed, fresh, 'src/sdk/generated/api.ts is out of date: run npm run sdk:generate');
  } finally {
    await app.close();
    store.close();
  }
});
