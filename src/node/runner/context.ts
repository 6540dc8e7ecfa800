/**
 * What the runner's parts share: the store, the ledger client with this node's account, the
 * program registry, this node's identity, the member directory and a logger.
 *
 * @module
 */
import type { LedgerClient } from '../../ledger/client.js';
import type { ProgramRegistry } from '../../programs/registry.js';
import type { JobSelf } from '../jobs/plan.js';
import type { Store } from '../store/db.js';
import type { MemberDirectory } from './members.js';

/** Log lines hold public facts only (ids, names, phases, reasons), never data or keys. */
export interface RunnerLog {
  info(message: string, details?: Readonly<Record<string, unknown>>): void;
  warn(message: string, details?: Readonly<Record<string, unknown>>): void;
  error(message: string, details?: Readonly<Record<string, unknown>>): void;
}

/** A logger that drops everything. */
export const silentLog: RunnerLog = Object.freeze({
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
});

export interface RunnerContext {
  readonly store: Store;
  readonly ledger: LedgerClient;
  readonly programs: ProgramRegistry;
  readonly self: JobSelf;
  readonly directory: MemberDirectory;
  readonly log: RunnerLog;
}

/** A loggable description of an error: its code and short message, or only its class name. */
export function describe(err: unknown): Record<string, unknown> {
  if (typeof err === 'object' && err !== null && 'code' in err && 'shortMessage' in err) {
    return { code: String(err.code), error: String(err.shortMessage) };
  }
  return { error: err instanceof Error ? err.name : 'unknown error' };
}
