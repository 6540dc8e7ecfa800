/**
 * Generates the SDK's types (src/sdk/generated/api.ts) from a node's OpenAPI document with
 * openapi-typescript, formatted with the project's Prettier settings.
 *
 * Usage: `npm run sdk:generate` (writes the file), or
 * `node dist/scripts/sdk-generate.js --check` (exits 1 if the committed file differs).
 * The document is taken from a node app built in memory (an in-memory store, no ledger): every
 * route is registered whatever the node's configuration, so the document is the same one a
 * running node serves. test/sdk/generated.test.ts checks the committed file against the
 * document of a listening node.
 *
 * @module
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import * as prettier from 'prettier';
import { buildApp } from '../src/node/server/app.js';
import { openStore } from '../src/node/store/db.js';

/** The generated file, in the source tree. */
export const SDK_TYPES_PATH: string = fileURLToPath(
  new URL('../../src/sdk/generated/api.ts', import.meta.url),
);

const HEADER = `/**
 * Types of the Parley node's REST API, generated from its OpenAPI document (GET /openapi.json)
 * by openapi-typescript. Do not edit: run \`npm run sdk:generate\`.
 *
 * @module
 */
`;

/**
 * The TypeScript source of the SDK's types for an OpenAPI document.
 * @example
 * ```ts
 * const source = await generateSdkTypes(await (await fetch(`${url}/openapi.json`, { headers })).json());
 * ```
 */
export async function generateSdkTypes(doc: unknown): Promise<string> {
  const ast = await openapiTS(doc as OpenAPI3, { silent: true, alphabetize: false });
  const source = HEADER + astToString(ast);
  const options = (await prettier.resolveConfig(SDK_TYPES_PATH)) ?? {};
  return await prettier.format(source, { ...options, filepath: SDK_TYPES_PATH });
}

/**
 * The OpenAPI document of a node app built in memory.
 * @example
 * ```ts
 * const doc = await localOpenApiDocument();
 * ```
 */
export async function localOpenApiDocument(): Promise<unknown> {
  const store = openStore(':memory:');
  const apiToken = 'sdk-generate-'.padEnd(32, '0');
  const app = await buildApp({
    store,
    apiToken,
    identity: { name: 'sdk', chainAddress: `0x${'0'.repeat(40)}`, tlsFingerprint: '0'.repeat(64) },
  });
  try {
    const res = await app.inject({
      url: '/openapi.json',
      headers: { authorization: `Bearer ${apiToken}` },
    });
    if (res.statusCode !== 200)
      throw new Error(`sdk-generate: /openapi.json answered ${res.statusCode}`);
    return res.json();
  } finally {
    await app.close();
    store.close();
  }
}

async function main(): Promise<void> {
  const source = await generateSdkTypes(await localOpenApiDocument());
  if (process.argv.includes('--check')) {
    const committed = await readFile(SDK_TYPES_PATH, 'utf8').catch(() => '');
    if (committed !== source) {
      console.error(`${SDK_TYPES_PATH} is out of date; run npm run sdk:generate`);
      process.exitCode = 1;
    }
    return;
  }
  await writeFile(SDK_TYPES_PATH, source);
  console.log(`wrote ${SDK_TYPES_PATH}`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
