/**
 * Errors of the network layer. Transports also throw the peer errors of `mpc/errors.ts`
 * (`PeerTimeoutError`, `PeerClosedError`, `PeerMessageError`, `AbortedError`) so that a protocol
 * sees one vocabulary whatever the transport; the classes here cover what only a network has:
 * connecting, key pinning, configuration and misuse of a channel.
 *
 * Messages and details name parties, sessions, addresses and public-key fingerprints (public
 * values), never payload bytes or private keys.
 *
 * @module
 */
import { ParleyError } from '../errors/base.js';

/** A link to `party` could not be established within the connect timeout. */
export class NetConnectError extends ParleyError {
  static override name = 'NetConnectError';
  constructor(p: { party: string; session?: string; reason: string }, options?: ErrorOptions) {
    super(
      `Could not connect to party ${p.party}` +
        (p.session === undefined ? '' : ` for session ${p.session}`) +
        `: ${p.reason}.`,
      {
        code: 'ERR_NET_CONNECT',
        details: { party: p.party, session: p.session, reason: p.reason },
        ...(options?.cause === undefined ? {} : { cause: options.cause }),
      },
    );
  }
}

/** `party` presented a public key whose fingerprint is not the one pinned for it. */
export class NetPeerKeyError extends ParleyError {
  static override name = 'NetPeerKeyError';
  constructor(p: { party: string; expected: string; got: string }) {
    super(
      `Party ${p.party} presented a TLS key that is not the one pinned for it ` +
        `(pinned ${p.expected.slice(0, 16)}…, got ${p.got.slice(0, 16)}…); connection refused.`,
      { code: 'ERR_NET_PEER_KEY', details: { party: p.party, expected: p.expected, got: p.got } },
    );
  }
}

/** A party (or a key fingerprint) that is not configured for this endpoint or session. */
export class NetUnknownPeerError extends ParleyError {
  static override name = 'NetUnknownPeerError';
  constructor(p: { party?: string; fingerprint?: string; context: string }) {
    const who =
      p.party !== undefined
        ? `party ${p.party}`
        : `a peer with key ${(p.fingerprint ?? '?').slice(0, 16)}…`;
    super(`Unknown ${who} (${p.context}).`, {
      code: 'ERR_NET_UNKNOWN_PEER',
      details: { party: p.party, fingerprint: p.fingerprint, context: p.context },
    });
  }
}

/** A channel or endpoint was used after `close()`. */
export class NetClosedError extends ParleyError {
  static override name = 'NetClosedError';
  constructor(p: { what: string; party?: string }) {
    super(`${p.what}: the channel of party ${p.party ?? '?'} is closed.`, {
      code: 'ERR_NET_CLOSED',
      details: { what: p.what, party: p.party },
    });
  }
}

/** A peer's handshake does not match this session (protocol version, session, party list). */
export class NetHandshakeError extends ParleyError {
  static override name = 'NetHandshakeError';
  constructor(p: { party: string; session?: string; reason: string }) {
    super(
      `Handshake with party ${p.party}` +
        (p.session === undefined ? '' : ` for session ${p.session}`) +
        ` failed: ${p.reason}.`,
      {
        code: 'ERR_NET_HANDSHAKE',
        details: { party: p.party, session: p.session, reason: p.reason },
      },
    );
  }
}

/** Options given to a transport are invalid. */
export class NetConfigError extends ParleyError {
  static override name = 'NetConfigError';
  constructor(message: string, details?: Record<string, string | number>) {
    super(message, { code: 'ERR_NET_CONFIG', ...(details === undefined ? {} : { details }) });
  }
}

/** A channel method was called in a way the {@link Channel} contract forbids. */
export class NetUsageError extends ParleyError {
  static override name = 'NetUsageError';
  constructor(message: string, details?: Record<string, string | number>) {
    super(message, { code: 'ERR_NET_USAGE', ...(details === undefined ? {} : { details }) });
  }
}
