/**
 * The audit trail as a stream: decoded events of the five ledger contracts, delivered in chain
 * order, with the last processed block kept in a {@link CheckpointStore}. After a restart the
 * subscription first catches up from the checkpoint with `eth_getLogs` (in ranges of at most
 * `maxBlockRange` blocks), then follows new blocks by polling the same way. Polling `eth_getLogs`
 * rather than installing filters means nothing is lost when the chain node restarts either.
 *
 * Delivery is at least once: the checkpoint is saved after `onEvents` returns, so a crash between
 * the two replays that range. Handlers must be idempotent (e.g. key on transactionHash+logIndex).
 * With `confirmations: 0` (right for QBFT, which is final) events are delivered as soon as mined;
 * on chains that reorganize, set `confirmations` to the depth you trust.
 *
 * @module
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseEventLogs, type Abi, type Log, type ParseEventLogsReturnType } from 'viem';
import { getBlockNumber, getLogs } from 'viem/actions';
import type { catalogAbi, consortiumAbi, grantsAbi, jobsAbi, pinsAbi } from './abi.js';
import { ledgerAbis, type LedgerContractName } from './abi.js';
import type { LedgerClient } from './client.js';
import { CheckpointError, toLedgerError } from './errors.js';

type Decoded<abi extends Abi, name extends LedgerContractName> = ParseEventLogsReturnType<
  abi,
  undefined,
  true
>[number] & { readonly contract: name };

/** A decoded ledger event; narrow on `contract` and `eventName` to get typed `args`. */
export type LedgerEvent =
  | Decoded<typeof consortiumAbi, 'consortium'>
  | Decoded<typeof catalogAbi, 'catalog'>
  | Decoded<typeof grantsAbi, 'grants'>
  | Decoded<typeof jobsAbi, 'jobs'>
  | Decoded<typeof pinsAbi, 'pins'>;

/** What a checkpoint records: which chain and deployment, and the last fully processed block. */
export interface Checkpoint {
  readonly chainId: number;
  /** The Consortium address identifies the deployment. */
  readonly consortium: string;
  readonly lastProcessedBlock: bigint;
}

/** Where a subscription keeps its progress. */
export interface CheckpointStore {
  load(): Promise<Checkpoint | undefined>;
  save(checkpoint: Checkpoint): Promise<void>;
}

/** A checkpoint kept in memory (tests, or a process that always replays from `fromBlock`). */
export class MemoryCheckpointStore implements CheckpointStore {
  #value: Checkpoint | undefined;
  load(): Promise<Checkpoint | undefined> {
    return Promise.resolve(this.#value);
  }
  save(checkpoint: Checkpoint): Promise<void> {
    this.#value = checkpoint;
    return Promise.resolve();
  }
}

/**
 * A checkpoint in a small JSON file, replaced atomically (write to a temporary file, then rename)
 * so a crash never leaves a half-written checkpoint.
 * @example
 * ```ts
 * const store = new JsonFileCheckpointStore('.parley-dev/org1/ledger-checkpoint.json');
 * ```
 */
export class JsonFileCheckpointStore implements CheckpointStore {
  readonly path: string;
  constructor(path: string) {
    this.path = path;
  }

  async load(): Promise<Checkpoint | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if (err instanceof Error && 'code' in err && err.code === 'ENOENT') return undefined;
      throw new CheckpointError(
        'Cannot read the event checkpoint.',
        { path: this.path },
        { cause: err },
      );
    }
    try {
      const o = JSON.parse(text) as Record<string, unknown>;
      const { chainId, consortium, lastProcessedBlock } = o;
      if (
        typeof chainId !== 'number' ||
        typeof consortium !== 'string' ||
        typeof lastProcessedBlock !== 'string' ||
        !/^\d+$/.test(lastProcessedBlock)
      ) {
        throw new Error('unexpected shape');
      }
      return { chainId, consortium, lastProcessedBlock: BigInt(lastProcessedBlock) };
    } catch (err) {
      throw new CheckpointError(
        'The event checkpoint file is corrupt.',
        { path: this.path },
        { cause: err },
      );
    }
  }

  async save(checkpoint: Checkpoint): Promise<void> {
    const text = JSON.stringify({
      chainId: checkpoint.chainId,
      consortium: checkpoint.consortium,
      lastProcessedBlock: checkpoint.lastProcessedBlock.toString(),
    });
    const tmp = `${this.path}.${process.pid}.tmp`;
    try {
      await mkdir(dirname(this.path), { recursive: true });
      await writeFile(tmp, text + '\n');
      await rename(tmp, this.path);
    } catch (err) {
      throw new CheckpointError(
        'Cannot write the event checkpoint.',
        { path: this.path },
        { cause: err },
      );
    }
  }
}

export interface SubscribeLedgerEventsOptions {
  readonly checkpoint: CheckpointStore;
  /** First block to read when the checkpoint is empty: the deployment block. */
  readonly fromBlock: bigint;
  /** Called with each non-empty range's events in chain order; awaited before the checkpoint moves. */
  readonly onEvents: (
    events: readonly LedgerEvent[],
    range: { readonly fromBlock: bigint; readonly toBlock: bigint },
  ) => void | Promise<void>;
  /** Called on each failure; the subscription retries after `pollingInterval`. */
  readonly onError?: (err: unknown) => void;
  /** Milliseconds between polls; default: the client's polling interval. */
  readonly pollingInterval?: number;
  /** Most blocks per eth_getLogs call; default 2000 (many providers cap ranges). */
  readonly maxBlockRange?: bigint;
  /** Blocks to stay behind the head; default 0 (QBFT and anvil do not reorganize). */
  readonly confirmations?: bigint;
  /** Which contracts to watch; default all five. */
  readonly contracts?: readonly LedgerContractName[];
  readonly signal?: AbortSignal;
}

/** A running subscription. */
export interface LedgerSubscription {
  /** Resolves with the head block once the backlog since the checkpoint has been delivered. */
  readonly caughtUp: Promise<bigint>;
  /** The last block whose events were delivered and checkpointed, if any. */
  lastProcessedBlock(): bigint | undefined;
  /** Stops polling; resolves when the current range (if any) has finished. */
  stop(): Promise<void>;
}

const ALL: readonly LedgerContractName[] = ['consortium', 'catalog', 'grants', 'jobs', 'pins'];

/**
 * Subscribes to ledger events with catch-up from a persisted checkpoint.
 * A checkpoint from another chain or deployment is refused with `ERR_LEDGER_CHECKPOINT`
 * (via `caughtUp` and `onError`), rather than silently skipping or replaying events.
 * @example
 * ```ts
 * const sub = subscribeLedgerEvents(client, {
 *   checkpoint: new JsonFileCheckpointStore(path), fromBlock: deployBlock,
 *   onEvents: async (events) => { for (const e of events) await handle(e); },
 * });
 * await sub.caughtUp;
 * ```
 */
export function subscribeLedgerEvents(
  client: LedgerClient,
  options: SubscribeLedgerEventsOptions,
): LedgerSubscription {
  const { publicClient, addresses } = client;
  const chainId = publicClient.chain.id;
  const contracts = options.contracts ?? ALL;
  const byAddress = new Map<string, LedgerContractName>(
    contracts.map((c) => [addresses[c].toLowerCase(), c]),
  );
  const interval = options.pollingInterval ?? publicClient.pollingInterval;
  const range = options.maxBlockRange ?? 2000n;
  const confirmations = options.confirmations ?? 0n;
  if (range < 1n) throw new CheckpointError('maxBlockRange must be at least 1.');

  let stopped = false;
  let last: bigint | undefined;
  let wake: (() => void) | undefined;
  let resolveCaughtUp!: (head: bigint) => void;
  let rejectCaughtUp!: (err: unknown) => void;
  const caughtUp = new Promise<bigint>((resolve, reject) => {
    resolveCaughtUp = resolve;
    rejectCaughtUp = reject;
  });
  // A caller that never awaits caughtUp must not get an unhandled rejection.
  caughtUp.catch(() => undefined);

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });

  const decode = (logs: Log[]): LedgerEvent[] => {
    const groups = new Map<LedgerContractName, Log[]>();
    for (const log of logs) {
      const c = byAddress.get(log.address.toLowerCase());
      if (c === undefined) continue;
      const g = groups.get(c) ?? [];
      g.push(log);
      groups.set(c, g);
    }
    const out: LedgerEvent[] = [];
    for (const [c, g] of groups) {
      for (const e of parseEventLogs({ abi: ledgerAbis[c], logs: g })) {
        out.push({ ...e, contract: c } as LedgerEvent);
      }
    }
    return out.sort((a, b) =>
      a.blockNumber !== b.blockNumber
        ? a.blockNumber < b.blockNumber
          ? -1
          : 1
        : a.logIndex - b.logIndex,
    );
  };

  const run = async (): Promise<void> => {
    let first = true;
    while (!stopped) {
      try {
        options.signal?.throwIfAborted();
        if (last === undefined) {
          const cp = await options.checkpoint.load();
          if (cp !== undefined) {
            if (
              cp.chainId !== chainId ||
              cp.consortium.toLowerCase() !== addresses.consortium.toLowerCase()
            ) {
              throw new CheckpointError(
                'The event checkpoint belongs to another chain or deployment.',
                { checkpointChainId: cp.chainId, chainId },
              );
            }
            last = cp.lastProcessedBlock;
          } else {
            last = options.fromBlock - 1n;
          }
        }
        let head: bigint;
        try {
          head = (await getBlockNumber(publicClient, { cacheTime: 0 })) - confirmations;
        } catch (err) {
          throw toLedgerError(err, { contract: 'chain', functionName: 'eth_blockNumber' });
        }
        let cursor: bigint = last;
        if (cursor > head + confirmations) {
          throw new CheckpointError(
            'The event checkpoint is ahead of the chain head: was the chain reset?',
            {
              lastProcessedBlock: cursor.toString(),
              head: head.toString(),
            },
          );
        }
        while (!stopped && cursor < head) {
          const fromBlock: bigint = cursor + 1n;
          const toBlock: bigint = fromBlock + range - 1n < head ? fromBlock + range - 1n : head;
          let logs: Log[];
          try {
            logs = await getLogs(publicClient, {
              address: [...byAddress.keys()] as `0x${string}`[],
              fromBlock,
              toBlock,
            });
          } catch (err) {
            throw toLedgerError(err, { contract: 'chain', functionName: 'eth_getLogs' });
          }
          const events = decode(logs);
          if (events.length > 0) await options.onEvents(events, { fromBlock, toBlock });
          await options.checkpoint.save({
            chainId,
            consortium: addresses.consortium,
            lastProcessedBlock: toBlock,
          });
          cursor = toBlock;
          last = toBlock;
        }
        if (first && !stopped) {
          first = false;
          resolveCaughtUp(head);
        }
      } catch (err) {
        options.onError?.(err);
        if (err instanceof CheckpointError || options.signal?.aborted === true) {
          stopped = true;
          rejectCaughtUp(err);
          return;
        }
      }
      if (!stopped) await sleep(interval);
    }
  };

  const done = run();
  const onAbort = (): void => {
    stopped = true;
    wake?.();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  return {
    caughtUp,
    lastProcessedBlock: () => (last !== undefined && last >= options.fromBlock ? last : undefined),
    stop: async () => {
      stopped = true;
      wake?.();
      options.signal?.removeEventListener('abort', onAbort);
      await done;
      rejectCaughtUp(new CheckpointError('The subscription stopped before it caught up.'));
    },
  };
}
