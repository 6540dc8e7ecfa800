/**
 * The node's store: one SQLite database file, opened through `node-sqlite3-wasm` (SQLite compiled
 * to WebAssembly with a file-backed VFS: no native build, no install script). The API is
 * synchronous; a node is the only process that opens its store.
 *
 * Opening applies pending migrations (migrations.ts) in order, each in its own transaction, and
 * is idempotent. A database written by a newer Parley (a version above the last known migration)
 * is refused rather than used. A store file is created with mode 0600 whatever the umask, and a
 * store (or journal) that group or others may read or write is refused with the chmod to run.
 *
 * @module
 */
import { chmodSync, existsSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import type * as Sqlite from 'node-sqlite3-wasm';
import type { Database as SqliteDatabase, BindValues } from 'node-sqlite3-wasm';
import { StoreError } from '../errors.js';
import { migrations as allMigrations, type Migration } from './migrations.js';

/**
 * node-sqlite3-wasm compiles its WebAssembly synchronously when loaded. With V8's background
 * tier-up (Liftoff -> TurboFan) on, a Node 20 process that loaded it sometimes never exits: the
 * main thread waits on a futex for a compile job (seen in about 1 run in 4 of the store tests
 * on a loaded machine; never with --no-wasm-tier-up). So this one module is compiled with
 * tier-up off (Liftoff code), and the flag is restored at once for other WebAssembly (the MPC
 * kernels).
 */
function loadSqlite(): typeof Sqlite {
  setFlagsFromString('--no-wasm-tier-up');
  try {
    return createRequire(import.meta.url)('node-sqlite3-wasm') as typeof Sqlite;
  } finally {
    setFlagsFromString('--wasm-tier-up');
  }
}
const { Database } = loadSqlite();

export type Row = Record<string, number | bigint | string | Uint8Array | null>;

export interface OpenStoreOptions {
  /** Migrations to apply; default all (tests pass a prefix or extra ones). */
  readonly migrations?: readonly Migration[];
}

/** An open store. Close it when done: the WebAssembly heap is not garbage-collected. */
export class Store {
  readonly path: string;
  readonly #db: SqliteDatabase;
  #depth = 0;

  constructor(path: string, db: SqliteDatabase) {
    this.path = path;
    this.#db = db;
  }

  /** Runs one statement; returns the number of changed rows. */
  run(sql: string, values?: BindValues): number {
    return this.#wrap(sql, () => this.#db.run(sql, values).changes);
  }

  /** All rows of a query. */
  all(sql: string, values?: BindValues): Row[] {
    return this.#wrap(sql, () => this.#db.all(sql, values) as Row[]);
  }

  /** The first row of a query, or undefined. */
  get(sql: string, values?: BindValues): Row | undefined {
    return this.#wrap(sql, () => (this.#db.get(sql, values) as Row | null) ?? undefined);
  }

  /** Runs several statements (DDL), no parameters. */
  exec(sql: string): void {
    this.#wrap('exec', () => this.#db.exec(sql));
  }

  /**
   * Runs `fn` in a transaction: all of its writes or none. Nested calls use savepoints, so an
   * inner failure that the outer code catches undoes only the inner writes.
   */
  transaction<T>(fn: () => T): T {
    const depth = this.#depth;
    const sp = `sp${depth}`;
    this.exec(depth === 0 ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${sp}`);
    this.#depth++;
    try {
      const out = fn();
      if (out instanceof Promise) throw new TypeError('Store.transaction: fn must be synchronous');
      this.exec(depth === 0 ? 'COMMIT' : `RELEASE ${sp}`);
      return out;
    } catch (err) {
      this.#db.exec(depth === 0 ? 'ROLLBACK' : `ROLLBACK TO ${sp}; RELEASE ${sp}`);
      throw err;
    } finally {
      this.#depth = depth;
    }
  }

  /** The highest applied migration version (0 for an empty database). */
  schemaVersion(): number {
    const row = this.get('SELECT MAX(version) AS v FROM schema_migrations');
    return Number(row?.v ?? 0);
  }

  get isOpen(): boolean {
    return this.#db.isOpen;
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }

  #wrap<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof StoreError || err instanceof TypeError) throw err;
      // SQLite messages name tables and constraints, never bound values.
      const message = err instanceof Error ? err.message : 'unknown';
      throw new StoreError(
        `Store operation failed: ${message}`,
        { statement: what.slice(0, 60) },
        {
          cause: err,
        },
      );
    }
  }
}

/**
 * Opens (creating if needed) the store at `path` and applies pending migrations.
 * Use `':memory:'` for a throwaway store.
 * @example
 * ```ts
 * const store = openStore('/srv/parley/acme/store.sqlite');
 * try { listDatasets(store); } finally { store.close(); }
 * ```
 * @throws {StoreError} if the file cannot be opened, is readable by group or others, a migration
 *   fails, or the database is newer.
 */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  const file = path !== ':memory:';
  const created = file && !existsSync(path);
  if (file) {
    checkPrivate(path);
    claimStore(path);
  }
  let db: SqliteDatabase;
  try {
    db = new Database(path);
    // Whatever the umask: only the node's user reads its store (SQLite's journal files are
    // created with the database file's mode).
    if (created) chmodSync(path, 0o600);
  } catch (err) {
    throw new StoreError(`Cannot open the store at ${path}.`, { path }, { cause: err });
  }
  const store = new Store(path, db);
  try {
    store.exec('PRAGMA foreign_keys = ON');
    migrate(store, options.migrations ?? allMigrations);
  } catch (err) {
    store.close();
    throw err;
  }
  return store;
}

/**
 * Refuses a store whose file (or a journal of it) group or others may read or write: it holds
 * the node's datasets in the clear. The node never loosens or silently fixes modes: whoever
 * could read it may have, so the operator decides.
 * @throws {StoreError} naming the file, its mode and the chmod to run.
 */
export function checkPrivate(path: string): void {
  if (process.platform === 'win32') return;
  for (const p of [path, `${path}-journal`, `${path}-wal`, `${path}-shm`]) {
    let mode: number;
    try {
      mode = statSync(p).mode & 0o777;
    } catch {
      continue; // absent
    }
    if ((mode & 0o077) !== 0) {
      throw new StoreError(
        `The store file ${p} is readable or writable by group or others (mode ${mode.toString(8).padStart(4, '0')}); it holds the node's datasets. Run: chmod 600 ${p}`,
        { path: p, field: 'store.path', mode: mode.toString(8).padStart(4, '0') },
      );
    }
  }
}

/** Whether process `pid` is alive (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err: unknown) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Recovers from a node that died inside a transaction. node-sqlite3-wasm locks the database by
 * creating the directory `<path>.lock` and removes it when the transaction ends, so a process
 * killed in between (SIGKILL, power loss) leaves it behind and every later open fails with
 * "database is locked". The store's opener records its pid in `<path>.pid`; when the lock
 * directory exists and that pid is no longer alive, the lock is stale and is removed (SQLite's
 * journal then rolls the unfinished transaction back as usual). A lock of a live process is
 * left alone. Then this process records itself as the opener, unless a live one already is.
 */
function claimStore(path: string): void {
  const pidFile = `${path}.pid`;
  let owner: number | undefined;
  try {
    const n = Number(readFileSync(pidFile, 'utf8').trim());
    if (Number.isSafeInteger(n) && n > 0) owner = n;
  } catch {
    owner = undefined;
  }
  const ownerAlive = owner !== undefined && owner !== process.pid && alive(owner);
  let lockExists = false;
  try {
    lockExists = statSync(`${path}.lock`).isDirectory();
  } catch {
    lockExists = false;
  }
  if (lockExists && !ownerAlive) {
    try {
      rmdirSync(`${path}.lock`);
    } catch (err: unknown) {
      throw new StoreError(
        `The store at ${path} is locked by a process that no longer runs, and the stale lock ${path}.lock cannot be removed; remove it by hand.`,
        { path },
        { cause: err },
      );
    }
  }
  if (!ownerAlive) {
    try {
      writeFileSync(pidFile, `${process.pid}\n`, { mode: 0o600 });
    } catch {
      // A read-only directory: the store itself will fail to open with a clear error.
    }
  }
}

function migrate(store: Store, migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new StoreError('Migrations must be numbered 1, 2, 3, ...');
  });
  store.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const current = store.schemaVersion();
  if (current > migrations.length) {
    throw new StoreError(
      `The store is at schema version ${current}, newer than this Parley knows (${migrations.length}); upgrade Parley.`,
      { path: store.path, version: current },
    );
  }
  for (const m of migrations.slice(current)) {
    try {
      store.transaction(() => {
        store.exec(m.sql);
        store.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
          m.version,
          m.name,
          new Date().toISOString(),
        ]);
      });
    } catch (err) {
      throw new StoreError(
        `Migration ${m.version} (${m.name}) failed.`,
        { version: m.version },
        {
          cause: err,
        },
      );
    }
  }
}

/** The current time as stored: ISO 8601 UTC. */
export const now = (): string => new Date().toISOString();
