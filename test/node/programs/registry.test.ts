/**
 * The node's program registry, fed with the Consortium's program events as the runner hands
 * them over: published bundles are stored, approved ones loaded (no restart), revoked ones
 * dropped; a restarted registry loads what the store holds as approved; a stored bundle whose
 * bytes were changed is refused, at load and at every lookup by hash, naming the program and
 * both hashes. The bundles are real (bundleProgram); the loader evaluates the bundle's script
 * and maps its definition onto the compiled-in `sum` program, standing in for the sandbox (which
 * has its own tests) so that this test is about the registry only.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { bytesToHex, stringToHex, type Hex } from 'viem';
import type { LedgerEvent } from '../../../src/ledger/events.js';
import { NodeProgramRegistry, type BundleLoader } from '../../../src/node/programs/registry.js';
import { getStoredProgram, listStoredPrograms } from '../../../src/node/programs/store.js';
import { openStore, type Store } from '../../../src/node/store/db.js';
import { bundleProgram } from '../../../src/programs/bundle.js';
import { bundleCodeHash } from '../../../src/programs/hash.js';
import { sum } from '../../../src/programs/sum.js';

const program = (
  name: string,
  version: string,
): string => `import { defineProgram } from 'parley/program';
export default defineProgram({ name: '${name}', version: '${version}' });
`;

/** Evaluates the bundle's script; its declared name and version on sum's body. */
const testLoader: BundleLoader = (bundle) => {
  const g: Record<string, unknown> = { __parley: { defineProgram: (d: unknown) => d } };
  runInNewContext(new TextDecoder().decode(bundle), g);
  const d = g['__parleyProgram'] as { name: string; version: string };
  return { ...sum, name: d.name, version: d.version };
};

let dir: string;
let store: Store;
const built = new Map<string, { bundle: Uint8Array; sources: Record<string, string>; hash: Hex }>();

const ev = (eventName: string, args: Record<string, unknown>): LedgerEvent =>
  ({ contract: 'consortium', eventName, args }) as unknown as LedgerEvent;
const published = (name: string, proposalId: bigint, hash?: Hex): LedgerEvent => {
  const b = built.get(name)!;
  return ev('ProgramPublished', {
    programHash: hash ?? b.hash,
    proposalId,
    name: name.replace(/-v\d$/, ''),
    version: '1',
    bundle: bytesToHex(b.bundle),
    sources: stringToHex(JSON.stringify(b.sources)),
  });
};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-programs-'));
  for (const [key, name, version] of [
    ['wsum', 'wsum', '1'],
    ['wsum-v2', 'wsum', '2'],
    ['other', 'other', '1'],
  ] as const) {
    const file = join(dir, `${key}.ts`);
    await writeFile(file, program(name, version));
    const b = await bundleProgram(file);
    built.set(key, { ...b, hash: bundleCodeHash(b.bundle) });
  }
  store = openStore(join(dir, 'store.sqlite'));
});
after(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

test('published, approved (loaded at once), a restart loads it again, revoked (dropped)', () => {
  const errors: string[] = [];
  const log = { info: (): void => undefined, error: (m: string): void => void errors.push(m) };
  const reg = new NodeProgramRegistry(store, testLoader, log);
  const w = built.get('wsum')!;
  reg.onLedgerEvent(published('wsum', 1n));
  assert.equal(getStoredProgram(store, w.hash)?.status, 'published');
  assert.throws(
    () => reg.byCodeHash(w.hash),
    { code: 'ERR_PROGRAM_NOT_FOUND' },
    'not before the vote',
  );
  reg.onLedgerEvent(ev('ProgramApproved', { programHash: w.hash }));
  assert.equal(reg.byCodeHash(w.hash).definition.name, 'wsum');
  assert.equal(reg.get('wsum').codeHash, w.hash);
  assert.deepEqual(getStoredProgram(store, w.hash)?.sources, w.sources);

  // A second version: both run by hash, the name resolves to the newer one.
  const v2 = built.get('wsum-v2')!;
  reg.onLedgerEvent(published('wsum-v2', 2n));
  reg.onLedgerEvent(ev('ProgramApproved', { programHash: v2.hash }));
  assert.equal(reg.get('wsum').definition.version, '2');
  assert.equal(reg.byCodeHash(w.hash).definition.version, '1');

  // A restart: a new registry on the same store loads both, with no event.
  const again = new NodeProgramRegistry(store, testLoader);
  again.loadApproved();
  assert.equal(again.byCodeHash(w.hash).definition.name, 'wsum');
  assert.equal(again.get('wsum').codeHash, v2.hash);

  // Revoked: refused from then on; the name falls back to the older version.
  reg.onLedgerEvent(ev('ProgramRevoked', { programHash: v2.hash }));
  assert.throws(() => reg.byCodeHash(v2.hash), { code: 'ERR_PROGRAM_NOT_FOUND' });
  assert.equal(reg.get('wsum').codeHash, w.hash);
  assert.equal(getStoredProgram(store, v2.hash)?.status, 'revoked');
  const third = new NodeProgramRegistry(store, testLoader);
  third.loadApproved();
  assert.throws(() => third.byCodeHash(v2.hash), { code: 'ERR_PROGRAM_NOT_FOUND' });
  assert.deepEqual(errors, []);
});

test('a bundle published under a hash that is not its own is refused when approved', () => {
  const errors: string[] = [];
  const reg = new NodeProgramRegistry(store, testLoader, {
    info: () => undefined,
    error: (m) => void errors.push(m),
  });
  const o = built.get('other')!;
  const claimed: Hex = `0x${'ab'.repeat(32)}`;
  reg.onLedgerEvent(published('other', 3n, claimed));
  assert.match(errors[0] ?? '', /hashes to 0x[0-9a-f]{64}, not to the proposed code hash 0xabab/);
  reg.onLedgerEvent(ev('ProgramApproved', { programHash: claimed }));
  assert.throws(
    () => reg.byCodeHash(claimed),
    (err: Error & { code?: string }) => {
      assert.equal(err.code, 'ERR_PROGRAM_HASH_MISMATCH');
      assert.ok(
        err.message.includes('other') &&
          err.message.includes(claimed) &&
          err.message.includes(o.hash),
        err.message,
      );
      return true;
    },
  );
  assert.equal(reg.refusal(claimed)?.message.includes(o.hash), true);
});

test('a tampered stored bundle is refused before the next job and after a restart, naming the program and both hashes', () => {
  const reg = new NodeProgramRegistry(store, testLoader);
  reg.loadApproved();
  const w = built.get('wsum')!;
  assert.equal(reg.byCodeHash(w.hash).definition.name, 'wsum');
  // Change one byte of the stored bundle, as an attacker with the store file would.
  const bytes = w.bundle.slice();
  const i = bytes.indexOf('1'.charCodeAt(0), bytes.indexOf('version'.charCodeAt(0)));
  bytes[i >= 0 ? i : 0] = '7'.charCodeAt(0);
  store.run('UPDATE programs SET bundle = ? WHERE hash = ?', [bytes, w.hash]);
  const tampered = bundleCodeHash(bytes);
  assert.notEqual(tampered, w.hash);
  const mismatch = (err: Error & { code?: string; details?: Record<string, unknown> }): boolean => {
    assert.equal(err.code, 'ERR_PROGRAM_HASH_MISMATCH');
    assert.match(
      err.message,
      /^Program wsum: its stored bundle hashes to 0x[0-9a-f]{64}, not to the approved code hash 0x[0-9a-f]{64}; refusing/,
    );
    assert.ok(err.message.includes(tampered) && err.message.includes(w.hash));
    assert.deepEqual(err.details, { program: 'wsum', expected: w.hash, actual: tampered });
    return true;
  };
  assert.throws(() => reg.byCodeHash(w.hash), mismatch, 'the running node refuses the next job');
  const restarted = new NodeProgramRegistry(store, testLoader);
  restarted.loadApproved();
  assert.throws(() => restarted.byCodeHash(w.hash), mismatch, 'a restarted node does not load it');
  // Restoring the bytes restores the program (the check is on the bytes, every time).
  store.run('UPDATE programs SET bundle = ? WHERE hash = ?', [w.bundle, w.hash]);
  assert.equal(reg.byCodeHash(w.hash).definition.name, 'wsum');
  assert.ok(listStoredPrograms(store).length >= 3);
});
