/**
 * Coordinator side of the TLS benchmark setup: a fresh identity (ECDSA P-256 key pair and
 * self-signed certificate, `src/net/x509.ts`) per party, and the config each party process
 * receives over IPC. Fresh keys per run: the benchmark never touches real identities.
 *
 * Ports: each party listens on port 0 of 127.0.0.1, so the OS picks a free port with no race,
 * and reports it; the coordinator then sends every party its peers' addresses and pinned
 * fingerprints (see `ipc.ts`).
 *
 * @module
 */
import { generateIdentity } from '../../src/net/x509.js';
import type { PartyConfig, PeerConfig } from './ipc.js';
import type { PlanItem } from './session.js';

const HOST = '127.0.0.1';
/** Receive timeout inside a session: generous, since the slowest op's local work may be long. */
const CHANNEL_TIMEOUT_MS = 300_000;

export interface TlsSetupOptions {
  readonly parties: readonly string[];
  readonly t: number;
  readonly session: string;
  readonly plan: readonly PlanItem[];
}

export interface TlsSetup {
  /** One config per party, in `parties` order. */
  readonly configs: readonly PartyConfig[];
  /** The peers of party `self`, given every party's listening port. */
  peersOf(self: string, ports: ReadonlyMap<string, number>): PeerConfig[];
}

/** Generates identities and configs for a session of `parties`. */
export function tlsSetup(options: TlsSetupOptions): TlsSetup {
  const ids = options.parties.map((p) => generateIdentity(p));
  const configs: PartyConfig[] = options.parties.map((self, i) => ({
    type: 'config',
    self,
    parties: [...options.parties],
    t: options.t,
    session: options.session,
    key: ids[i]!.key,
    cert: ids[i]!.cert,
    listen: { host: HOST, port: 0 },
    plan: options.plan,
    timeoutMs: CHANNEL_TIMEOUT_MS,
  }));
  return {
    configs,
    peersOf(self, ports) {
      return options.parties.flatMap((id, j) => {
        if (id === self) return [];
        const port = ports.get(id);
        if (port === undefined) throw new Error(`tlsSetup: no port for party ${id}`);
        return [{ id, host: HOST, port, fingerprint: ids[j]!.fingerprint }];
      });
    },
  };
}
