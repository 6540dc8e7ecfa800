/**
 * Runs a benchmark session with every party in this process over the memory transport: the
 * comparison run (`--transport memory`) that shows what the network and process boundary cost.
 * The parties share one thread, so a step's time is the time to run all of them.
 *
 * @module
 */
import { partyId } from '../../src/mpc/channel.js';
import { Runtime } from '../../src/mpc/runtime/runtime.js';
import { memoryNetwork } from '../../src/net/memory.js';
import type { PartyReport, PlanItem } from './session.js';
import { runSession } from './session.js';

export interface LocalOptions {
  readonly parties: readonly string[];
  readonly t: number;
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
  const net = memoryNetwork(ids, { timeoutMs: options.timeoutMs });
  const abort = new AbortController();
  try {
    await Promise.all(
      net.channels.map(async (channel) => {
        let current = 'setup';
        const rt = new Runtime({ channel, committee: ids, t: options.t, signal: abort.signal });
        try {
          await runSession(rt, options.plan, {
            begin: (op, n) => {
              current = n > 0 ? `${op} (n = ${n})` : op;
            },
            report: options.report,
          });
        } catch (err: unknown) {
          abort.abort();
          const msg = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
          throw new Error(`party ${channel.self} failed in op ${current}: ${msg}`, { cause: err });
        }
      }),
    );
  } finally {
    await net.close();
  }
}
