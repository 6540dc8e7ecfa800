/** Helpers shared by the TLS tests: identities and endpoints on loopback with port 0. */
import type { PartyId } from '../../src/mpc/channel.js';
import { tlsEndpoint, type TlsEndpoint, type TlsEndpointOptions } from '../../src/net/tls.js';
import { generateIdentity, type TlsIdentity } from '../../src/net/x509.js';

export const HOST = '127.0.0.1';

const cache = new Map<string, TlsIdentity>();
/** One identity per party name, generated once per test process. */
export function identity(party: string): TlsIdentity {
  let id = cache.get(party);
  if (id === undefined) {
    id = generateIdentity(party);
    cache.set(party, id);
  }
  return id;
}

export type EndpointOverrides = Partial<Omit<TlsEndpointOptions, 'self' | 'listen' | 'peers'>>;

/**
 * Starts one endpoint per party on 127.0.0.1:0 and tells every endpoint the others' addresses
 * and fingerprints.
 */
export async function endpoints(
  parties: readonly PartyId[],
  overrides: EndpointOverrides = {},
): Promise<TlsEndpoint[]> {
  const eps: TlsEndpoint[] = [];
  for (const p of parties) {
    const id = identity(p);
    eps.push(
      await tlsEndpoint({
        self: p,
        key: id.key,
        cert: id.cert,
        listen: { host: HOST, port: 0 },
        peers: [],
        connectTimeoutMs: 3000,
        ...overrides,
      }),
    );
  }
  for (const ep of eps) {
    for (const other of eps) {
      if (other === ep) continue;
      ep.setPeer({
        id: other.self,
        host: HOST,
        port: other.port,
        fingerprint: identity(other.self).fingerprint,
      });
    }
  }
  return eps;
}

let sessionCounter = 0;
export function freshSession(): string {
  sessionCounter += 1;
  return `test-${process.pid}-${sessionCounter}`;
}
