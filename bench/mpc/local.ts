/**
 * Runs a benchmark session with every party in this process over the memory transport: the
 * comparison run (`--transport memory`) that shows what the network and process boundary cost.
 * The parties share one thread, so a step's time is the time to run all of them.
 *
 * @module
 */
import { partyId } from '../../src/mpc/channel.js';
import { Runtime } from '../../src/mpc/runtime/runtime.js';
import type { PrimeField } from '../../src/mpc/field/prime-field.js';
import { type MemoryNetwork, memoryNetwork } from '../../src/net/memory.js';
import type { PartyReport, PlanItem } from './session.js';
import { runSession } from './session.js';

export interface LocalOptions {
  readonly parties: readonly string[];
  readonly t: number;
  readonly security?: 'semi-honest' | 'malicious';
  readonly plan: readonly PlanItem[];
  readonly timeoutMs: number;
  readonly report: (r: PartyReport) => void;
}

/**
 * Runs `plan` on all parties; rejects with the first party's error (prefixed with the party and
 * the op it was running), after aborting the others.
 */
export async function runLocal(options: LocalOptions): Promise<void> {
  const ids = options.parties.map(partyId);
  // One in-memory network (session) per field: a runtime's steps are per session.
  const nets = new Map<string, MemoryNetwork>();
  const netFor = (field: PrimeField): MemoryNetwork => {
    let net = nets.get(field.name);
    if (net === undefined) {
      net = memoryNetwork(ids, { timeoutMs: options.timeoutMs });
      nets.set(field.name, net);
    }
    return net;
  };
  const abort = new AbortController();
  try {
    await Promise.all(
      ids.map(async (self, i) => {
        let current = 'setup';
        const runtimeFor = (field: PrimeField): Promise<Runtime> =>
          Promise.resolve(
            new Runtime({
              channel: netFor(field).channels[i]!,
              committee: ids,
              t: options.t,
              signal: abort.signal,
              field,
              security: options.security ?? 'semi-honest',
            }),
          );
        try {
          await runSession(runtimeFor, options.plan, {
            begin: (op, n) => {
              current = n > 0 ? `${op} (n = ${n})` : op;
            },
            report: options.report,
          });
        } catch (err: unknown) {
          abort.abort();
          const msg = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
          throw new Error(`party ${self} failed in op ${current}: ${msg}`, { cause: err });
        }
      }),
    );
  } finally {
    await Promise.all([...nets.values()].map((net) => net.close()));
  }
}
