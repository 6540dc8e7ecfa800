import { describe, test } from 'node:test';
import { deepEqual, equal, ok, rejects, throws } from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../src/node/store/db.js';
import { migrations } from '../../src/node/store/migrations.js';
import {
  deleteDataset,
  getDataset,
  insertDataset,
  listDatasets,
  readDatasetRows,
} from '../../src/node/store/datasets.js';
import {
  decideInboxItem,
  listGrants,
  listInbox,
  recordGrantRequest,
  upsertGrant,
  type GrantInput,
} from '../../src/node/store/grants.js';
import {
  listPolicy,
  listRequirements,
  matchPolicy,
  replacePolicy,
  requirementsFor,
} from '../../src/node/store/policy.js';
import {
  addJobEvent,
  createJob,
  getJob,
  getJobResult,
  listJobEvents,
  listJobs,
  recordJob,
  saveJobResult,
  updateJob,
} from '../../src/node/store/jobs.js';
import { SqliteCheckpointStore } from '../../src/node/store/checkpoint.js';
import { DatasetExistsError, StoreError } from '../../src/node/errors.js';
import type { DatasetSchema } from '../../src/node/datasets/schema.js';

const schema: DatasetSchema = { columns: [{ name: 'age', type: 'integer', bits: 8 }] };
const id = (n: number): `0x${string}` => `0x${n.toString(16).padStart(64, '0')}`;
/** One column of n cells, as insertDataset takes it. */
const rows = (n: number): { rowCount: number; columns: string[][] } => ({
  rowCount: n,
  columns: [Array.from({ length: n }, (_, i) => String(i % 100))],
});

async function withDir(fn: (dir: string) => Promise<void> | void): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-store-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function withStore(fn: (store: Store) => void): void {
  const store = openStore(':memory:');
  try {
    fn(store);
  } finally {
    store.close();
  }
}

void describe('store migrations', () => {
  test('migrate an empty database, then re-open it idempotently with its data', () =>
    withDir((dir) => {
      const path = join(dir, 'store.sqlite');
      const a = openStore(path);
      equal(a.schemaVersion(), migrations.length);
      insertDataset(a, { id: id(1), name: 'd', schema, ...rows(3), contentHash: id(9) });
      a.close();
      const b = openStore(path);
      try {
        equal(b.schemaVersion(), migrations.length);
        equal(b.all('SELECT * FROM schema_migrations').length, migrations.length);
        equal(listDatasets(b).length, 1);
        deepEqual(readDatasetRows(b, id(1)), [['0'], ['1'], ['2']]);
      } finally {
        b.close();
      }
    }));

  test('a later migration is applied to an older database; a failing one leaves the old version', () =>
    withDir((dir) => {
      const path = join(dir, 'store.sqlite');
      openStore(path, { migrations: migrations.slice(0, 1) }).close();
      const next = [
        ...migrations,
        { version: migrations.length + 1, name: 'extra', sql: 'CREATE TABLE extra (x INTEGER)' },
      ];
      const s = openStore(path, { migrations: next });
      equal(s.schemaVersion(), migrations.length + 1);
      s.close();
      const bad = [
        ...next,
        {
          version: next.length + 1,
          name: 'bad',
          sql: 'CREATE TABLE ok2 (x); CREATE TABLE broken (',
        },
      ];
      throws(() => openStore(path, { migrations: bad }), StoreError);
      const again = openStore(path, { migrations: next });
      try {
        equal(again.schemaVersion(), next.length);
        equal(again.get("SELECT name FROM sqlite_master WHERE name = 'ok2'"), undefined);
      } finally {
        again.close();
      }
    }));

  test('a database from a newer Parley is refused', () =>
    withDir((dir) => {
      const path = join(dir, 'store.sqlite');
      const next = [
        ...migrations,
        { version: migrations.length + 1, name: 'future', sql: 'SELECT 1' },
      ];
      openStore(path, { migrations: next }).close();
      throws(
        () => openStore(path),
        (err: unknown) => err instanceof StoreError && /newer/.test(err.message),
      );
    }));
});

void describe('store datasets', () => {
  test('insert, list, read rows, delete', () =>
    withStore((store) => {
      const rec = insertDataset(store, {
        id: id(1),
        name: 'a',
        schema,
        ...rows(1234),
        contentHash: id(7),
      });
      equal(rec.rowCount, 1234);
      deepEqual(rec.schema, schema);
      equal(rec.publishedAt, null);
      equal(readDatasetRows(store, id(1)).length, 1234);
      equal(readDatasetRows(store, id(1))[1233]![0], String(1233 % 100));
      throws(
        () =>
          insertDataset(store, { id: id(2), name: 'a', schema, ...rows(0), contentHash: id(7) }),
        DatasetExistsError,
      );
      ok(deleteDataset(store, id(1)));
      equal(getDataset(store, id(1)), undefined);
      equal(store.get('SELECT COUNT(*) AS n FROM dataset_cells')?.n, 0);
      equal(deleteDataset(store, id(1)), false);
    }));

  test('a failure in the middle of the rows leaves nothing half-written', () =>
    withStore((store) => {
      // Inject a failure on the third chunk, after the dataset row and two chunks of cells.
      store.exec(
        "CREATE TRIGGER fail_mid BEFORE INSERT ON dataset_cells WHEN NEW.chunk = 2 BEGIN SELECT RAISE(ABORT, 'injected'); END",
      );
      throws(
        () =>
          insertDataset(store, {
            id: id(1),
            name: 'a',
            schema,
            ...rows(10_000),
            contentHash: id(7),
          }),
        StoreError,
      );
      equal(listDatasets(store).length, 0);
      equal(store.get('SELECT COUNT(*) AS n FROM dataset_cells')?.n, 0);
      // The store is still usable.
      store.exec('DROP TRIGGER fail_mid');
      insertDataset(store, { id: id(1), name: 'a', schema, ...rows(10_000), contentHash: id(7) });
      equal(store.get('SELECT COUNT(*) AS n FROM dataset_cells')?.n, 3);
      equal(readDatasetRows(store, id(1))[9999]![0], String(9999 % 100));
    }));

  test('nested transactions roll back only the inner part when it is caught', () =>
    withStore((store) => {
      store.transaction(() => {
        insertDataset(store, {
          id: id(1),
          name: 'outer',
          schema,
          ...rows(2),
          contentHash: id(7),
        });
        try {
          store.transaction(() => {
            insertDataset(store, {
              id: id(2),
              name: 'inner',
              schema,
              ...rows(2),
              contentHash: id(7),
            });
            throw new Error('inner fails');
          });
        } catch {
          // expected
        }
      });
      deepEqual(
        listDatasets(store).map((d) => d.name),
        ['outer'],
      );
    }));
});

void describe('store grants, inbox, policy, jobs, checkpoint', () => {
  const g: GrantInput = {
    id: '7',
    datasetId: id(1),
    direction: 'incoming',
    requester: '0x' + 'ab'.repeat(20),
    purpose: 'audit',
    programHashes: [id(5)],
    expiry: null,
    maxUses: 3,
    status: 'requested',
  };

  test('a grant request and its inbox item are stored together, idempotently', () =>
    withStore((store) => {
      const { grant, inbox } = recordGrantRequest(store, g);
      equal(grant.status, 'requested');
      equal(inbox.state, 'pending');
      recordGrantRequest(store, g); // replayed event
      equal(listInbox(store).length, 1);
      const decided = decideInboxItem(store, inbox.id, { state: 'approved', decidedBy: 'user' });
      equal(decided?.state, 'approved');
      equal(decideInboxItem(store, inbox.id, { state: 'rejected', decidedBy: 'user' }), undefined);
      upsertGrant(store, { ...g, status: 'approved' });
      equal(listGrants(store, { status: 'approved' }).length, 1);
      equal(listGrants(store, { direction: 'outgoing' }).length, 0);
      equal(listInbox(store, { state: 'pending' }).length, 0);
    }));

  test('a failing grant write leaves neither grant nor inbox item', () =>
    withStore((store) => {
      store.exec(
        "CREATE TRIGGER f BEFORE INSERT ON inbox BEGIN SELECT RAISE(ABORT, 'injected'); END",
      );
      throws(() => recordGrantRequest(store, g), StoreError);
      equal(listGrants(store).length, 0);
    }));

  test('policy: replaced as a whole, first matching rule decides', () =>
    withStore((store) => {
      replacePolicy(store, [
        { action: 'reject', requester: g.requester.toUpperCase().replace('0X', '0x') },
        { action: 'approve', programHash: id(5), note: 'stats program' },
      ]);
      const rules = listPolicy(store);
      equal(rules.length, 2);
      equal(
        matchPolicy(rules, { programHashes: [id(5)], datasetId: id(1), requester: g.requester })
          ?.action,
        'reject',
      );
      equal(
        matchPolicy(rules, { programHashes: [id(5)], datasetId: id(1), requester: '0x01' })?.action,
        'approve',
      );
      equal(
        matchPolicy(rules, { programHashes: [id(5), id(6)], datasetId: id(1), requester: '0x01' }),
        undefined,
      );
      // A failing replacement keeps the previous rules.
      throws(
        () => replacePolicy(store, [{ action: 'approve' }, { action: 'maybe' as 'approve' }]),
        StoreError,
      );
      equal(listPolicy(store).length, 2);
    }));

  test('policy requirements: stored as given, kept by a rules-only replacement, applied per dataset', () =>
    withStore((store) => {
      replacePolicy(
        store,
        [{ action: 'approve' }],
        [
          { datasetId: id(1).toUpperCase().replace('0X', '0x'), minCommittee: 4, note: 'big' },
          { jurisdictions: ['DE', 'FR'], requesterNotOnCommittee: true, maxUses: 3 },
        ],
      );
      const all = listRequirements(store);
      deepEqual(all, [
        { datasetId: id(1), minCommittee: 4, note: 'big' },
        { jurisdictions: ['DE', 'FR'], requesterNotOnCommittee: true, maxUses: 3 },
      ]);
      replacePolicy(store, []);
      equal(listRequirements(store).length, 2, 'a rules-only replacement keeps them');
      equal(requirementsFor(all, id(1)).length, 2);
      deepEqual(requirementsFor(all, id(2)), [all[1]]);
      replacePolicy(store, [], []);
      deepEqual(listRequirements(store), []);
    }));

  test('jobs: status transitions set timestamps; terminal jobs do not change', () =>
    withStore((store) => {
      createJob(store, { id: '1', status: 'ready', roles: ['input', 'compute'] });
      const running = updateJob(store, '1', { status: 'running', progress: 0.5 });
      ok(running?.startedAt !== null);
      const done = updateJob(store, '1', { status: 'succeeded', resultDigest: id(3) });
      equal(done?.progress, 1);
      ok(done?.finishedAt !== null);
      equal(updateJob(store, '1', { status: 'failed' }), undefined);
      equal(getJob(store, '1')?.status, 'succeeded');
      deepEqual(getJob(store, '1')?.roles, ['input', 'compute']);
      equal(listJobs(store, { status: 'succeeded' }).length, 1);
      createJob(store, { id: '2', status: 'ready', roles: [] });
      throws(() => updateJob(store, '2', { progress: 2 }), StoreError, 'progress is in 0..1');
    }));

  test('jobs: details are filled in once, roles merged; progress log; result set once', () =>
    withStore((store) => {
      const spec = {
        inputs: ['0x' + 'aa'.repeat(32)],
        inputOwners: ['0x' + '01'.repeat(20)],
        committee: ['0x' + '01'.repeat(20)],
        recipients: ['0x' + '02'.repeat(20)],
        deadline: 1_900_000_000,
        specHash: '0x' + 'bb'.repeat(32),
      };
      const a = recordJob(store, '9', 'awaiting_approval', { roles: ['input'], spec });
      deepEqual(a.spec, spec);
      equal(a.params, null);
      equal(a.hasResult, false);
      const b = recordJob(store, '9', 'ready', {
        roles: ['compute', 'input'],
        params: { threshold: 5 },
        program: 'paygap',
        spec: { ...spec, deadline: 1 },
      });
      deepEqual(b.roles, ['input', 'compute']);
      deepEqual(b.params, { threshold: 5 });
      equal(b.program, 'paygap');
      equal(b.spec?.deadline, 1_900_000_000, 'a known field is never overwritten');
      equal(b.status, 'awaiting_approval', 'recordJob does not move the status');
      const e1 = addJobEvent(store, '9', 'connecting');
      const e2 = addJobEvent(store, '9', 'inputs', '3 rows from acme');
      addJobEvent(store, '10', 'connecting');
      deepEqual(
        listJobEvents(store, '9').map((e) => [e.phase, e.detail]),
        [
          ['connecting', null],
          ['inputs', '3 rows from acme'],
        ],
      );
      deepEqual(
        listJobEvents(store, '9', e1.id).map((e) => e.id),
        [e2.id],
      );
      equal(getJob(store, '9')?.phase, 'inputs');
      equal(getJobResult(store, '9'), undefined);
      equal(saveJobResult(store, '9', { gap: [1.5] }), true);
      equal(saveJobResult(store, '9', { gap: [2] }), false);
      deepEqual(getJobResult(store, '9'), { gap: [1.5] });
      equal(getJob(store, '9')?.hasResult, true);
    }));

  test('the ledger checkpoint survives re-opening the store', () =>
    withDir(async (dir) => {
      const path = join(dir, 's.sqlite');
      const a = openStore(path);
      const cp = new SqliteCheckpointStore(a);
      equal(await cp.load(), undefined);
      await cp.save({
        chainId: 31337,
        consortium: '0x' + '12'.repeat(20),
        lastProcessedBlock: 2n ** 70n,
      });
      await cp.save({
        chainId: 31337,
        consortium: '0x' + '12'.repeat(20),
        lastProcessedBlock: 42n,
      });
      a.close();
      const b = openStore(path);
      try {
        deepEqual(await new SqliteCheckpointStore(b).load(), {
          chainId: 31337,
          consortium: '0x' + '12'.repeat(20),
          lastProcessedBlock: 42n,
        });
      } finally {
        b.close();
      }
      await rejects(new SqliteCheckpointStore(b).load());
    }));
});

describe('store file modes', () => {
  test('a new store and its journal are 0600 whatever the umask', () =>
    withDir((dir) => {
      const old = process.umask(0);
      try {
        const path = join(dir, 'store.sqlite');
        const store = openStore(path);
        try {
          store.transaction(() => {
            store.run("INSERT INTO policy_rules (position, action) VALUES (0, 'approve')");
            equal(statSync(path).mode & 0o777, 0o600);
            if (existsSync(`${path}-journal`))
              equal(statSync(`${path}-journal`).mode & 0o777, 0o600);
          });
        } finally {
          store.close();
        }
        equal(statSync(path).mode & 0o777, 0o600);
      } finally {
        process.umask(old);
      }
    }));

  test('a store or journal readable by group or others is refused, naming the file and the chmod', () =>
    withDir((dir) => {
      const path = join(dir, 'store.sqlite');
      openStore(path).close();
      for (const [file, mode] of [
        [path, 0o644],
        [path, 0o660],
        [`${path}-wal`, 0o604],
      ] as const) {
        if (!existsSync(file)) writeFileSync(file, '', { mode: 0o600 });
        chmodSync(file, mode);
        throws(
          () => openStore(path),
          (err: unknown) => {
            ok(err instanceof StoreError);
            equal(err.details['path'], file);
            ok(err.message.includes(`Run: chmod 600 ${file}`), err.message);
            ok(err.message.includes(`mode 0${mode.toString(8)}`), err.message);
            return true;
          },
        );
        chmodSync(file, 0o600);
      }
      rmSync(`${path}-wal`);
      openStore(path).close();
    }));
});

describe('a store left locked by a killed node', () => {
  /** The pid of a process that has exited (a child that ran and ended). */
  const deadPid = (): number => {
    const r = spawnSync(process.execPath, ['-e', '']);
    equal(r.status, 0);
    return r.pid;
  };

  test('a lock directory whose opener is dead is removed, and the store opens', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-store-lock-'));
    try {
      const path = join(dir, 'store.sqlite');
      openStore(path).close();
      writeFileSync(`${path}.pid`, `${deadPid()}\n`);
      mkdirSync(`${path}.lock`);
      const store = openStore(path);
      try {
        equal(existsSync(`${path}.lock`), false, 'the stale lock is gone');
        equal(store.schemaVersion(), migrations.length);
        equal(readFileSync(`${path}.pid`, 'utf8').trim(), String(process.pid));
      } finally {
        store.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('the lock of a live opener is left alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-store-lock-'));
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const path = join(dir, 'store.sqlite');
      openStore(path).close();
      writeFileSync(`${path}.pid`, `${child.pid}\n`);
      mkdirSync(`${path}.lock`);
      try {
        openStore(path).close();
      } catch {
        // SQLite reports the database as locked: what a live lock means.
      }
      equal(existsSync(`${path}.lock`), true, 'a live lock is kept');
      equal(readFileSync(`${path}.pid`, 'utf8').trim(), String(child.pid));
    } finally {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
