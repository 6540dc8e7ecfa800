/**
 * The ledger event checkpoint (src/ledger/events.ts's {@link CheckpointStore}) kept in the store,
 * so that the node's own writes for a range of events and the checkpoint can share a transaction.
 *
 * @module
 */
import type { Checkpoint, CheckpointStore } from '../../ledger/events.js';
import { now, type Store } from './db.js';

/**
 * A {@link CheckpointStore} on the node's SQLite store (one row).
 * @example
 * ```ts
 * subscribeLedgerEvents(client, { checkpoint: new SqliteCheckpointStore(store), fromBlock, onEvents });
 * ```
 */
export class SqliteCheckpointStore implements CheckpointStore {
  readonly #store: Store;
  constructor(store: Store) {
    this.#store = store;
  }

  load(): Promise<Checkpoint | undefined> {
    try {
      const r = this.#store.get('SELECT * FROM ledger_checkpoint WHERE id = 1');
      return Promise.resolve(
        r === undefined
          ? undefined
          : {
              chainId: Number(r.chain_id),
              consortium: String(r.consortium),
              lastProcessedBlock: BigInt(String(r.last_block)),
            },
      );
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  save(checkpoint: Checkpoint): Promise<void> {
    try {
      this.#store.run(
        `INSERT INTO ledger_checkpoint (id, chain_id, consortium, last_block, updated_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET chain_id = excluded.chain_id, consortium = excluded.consortium,
           last_block = excluded.last_block, updated_at = excluded.updated_at`,
        [
          checkpoint.chainId,
          checkpoint.consortium,
          checkpoint.lastProcessedBlock.toString(),
          now(),
        ],
      );
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }
}
