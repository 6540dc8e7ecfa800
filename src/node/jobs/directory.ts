/**
 * The member directory the executor needs, from Consortium's member records: each member's name
 * (its party id), chain address, MPC endpoint and pinned TLS key fingerprint.
 *
 * Record formats read here: `endpoint` is `host:port`, `[v6-host]:port`, or a URL with an explicit
 * port (`tls://node.example.org:7443`); `tlsPublicKey` is either the 32-byte SHA-256 fingerprint
 * of the node's TLS SubjectPublicKeyInfo, or the SPKI DER itself (hashed here). A member whose
 * record does not parse is left out, so a job that needs it fails with `ERR_JOB_CONFIG` naming its
 * address.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { hexToBytes, type Address, type Hex } from 'viem';
import type { JobPeer } from './plan.js';

/** The fields of a Consortium member record the directory reads. */
export interface MemberRecord {
  readonly account: Address;
  readonly name: string;
  readonly endpoint: string;
  readonly tlsPublicKey: Hex;
}

/**
 * Parses `endpoint` into host and port, or undefined.
 * @example
 * ```ts
 * parseEndpoint('tls://127.0.0.1:7443'); // { host: '127.0.0.1', port: 7443 }
 * ```
 */
export function parseEndpoint(endpoint: string): { host: string; port: number } | undefined {
  let hostPort = endpoint.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(hostPort);
  if (scheme !== null) hostPort = hostPort.slice(scheme[0].length).replace(/\/.*$/, '');
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(hostPort);
  if (m === null) return undefined;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return undefined;
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

/**
 * The SPKI SHA-256 fingerprint (64 lowercase hex chars) a member record pins, or undefined.
 * @example
 * ```ts
 * fingerprintOf(`0x${identity.fingerprint}`) === identity.fingerprint; // true
 * ```
 */
export function fingerprintOf(tlsPublicKey: Hex): string | undefined {
  let bytes: Uint8Array;
  try {
    bytes = hexToBytes(tlsPublicKey);
  } catch {
    return undefined;
  }
  if (bytes.length === 32) return Buffer.from(bytes).toString('hex');
  if (bytes.length < 32) return undefined;
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The executor's directory from Consortium member records (`getMembers`); unusable records are
 * left out (see the module doc).
 * @example
 * ```ts
 * const peers = jobPeersFromMembers(await getMembers(ledger));
 * ```
 */
export function jobPeersFromMembers(members: readonly MemberRecord[]): JobPeer[] {
  return members.flatMap((m) => {
    const at = parseEndpoint(m.endpoint);
    const fingerprint = fingerprintOf(m.tlsPublicKey);
    if (at === undefined || fingerprint === undefined) return [];
    return [{ name: m.name, address: m.account, host: at.host, port: at.port, fingerprint }];
  });
}
