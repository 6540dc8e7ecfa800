/**
 * The TLS transport: one endpoint per party (a listening socket plus outgoing links), and one
 * {@link Channel} per session over mutually authenticated TLS 1.3 links between separate OS
 * processes.
 *
 * Adversary: anyone who can reach the port (unauthenticated), and other parties of a session
 * (authenticated, possibly malicious). Confidentiality and integrity of the links come from
 * TLS 1.3 (AES-128-GCM preferred). Authentication comes from key pinning, not from a CA: each
 * party's certificate is self-signed and a peer is accepted only if the SHA-256 fingerprint of
 * its SubjectPublicKeyInfo equals the fingerprint pinned for that party (see `x509.ts`).
 *
 * Pin check, before any application byte is read:
 * - The dialer checks the server certificate against the pin of the party it dialed.
 * - The acceptor requires a client certificate, looks its fingerprint up among the pinned keys
 *   and refuses it otherwise (`ERR_NET_PEER_KEY` when the certificate names a configured party,
 *   `ERR_NET_UNKNOWN_PEER` when it names nobody we know). Only then does it parse the hello
 *   (strictly, see `framing.ts`), whose `from` must be the party the key belongs to; data frames
 *   are parsed only after the hello is accepted.
 *
 * Links: one TLS connection per pair of parties per session; the party whose id sorts first
 * (JavaScript string order) dials. The dialer sends a hello; the acceptor answers with an accept
 * frame once it has opened the same session with the same party list. `openChannel` resolves
 * when all links of the session are up and rejects after `connectTimeoutMs` naming a missing
 * party. Several sessions run concurrently on one endpoint.
 *
 * Failure: a link that ends makes receives from that peer with nothing buffered reject with
 * `PeerClosedError`; a framing violation (truncated, oversized or malformed frame, duplicate
 * message) drops the link and makes every receive from that peer reject with `PeerMessageError`.
 * A broken link is never re-established within a session (fail closed).
 *
 * @module
 */
import { createServer, connect, type TLSSocket, type Server } from 'node:tls';
import type { AddressInfo, Socket } from 'node:net';
import { partyId, type AbortOptions, type Channel, type PartyId } from '../mpc/channel.js';
import { AbortedError, type PeerMessageError } from '../mpc/errors.js';
import type { ParleyError } from '../errors/base.js';
import { InboxChannel, checkParties } from './base-channel.js';
import { Link, type LinkOwner } from './link.js';
import {
  NetClosedError,
  NetConfigError,
  NetConnectError,
  NetHandshakeError,
  NetPeerKeyError,
  NetUnknownPeerError,
  NetUsageError,
} from './errors.js';
import {
  DEFAULT_MAX_FRAME_BYTES,
  KIND_ACCEPT,
  KIND_HELLO,
  MAX_FRAME_BYTES_LIMIT,
  encodeHello,
  isSessionId,
  partiesDigest,
  type Hello,
} from './framing.js';
import { checkTimeout } from './inbox.js';
import { FINGERPRINT_RE, certificateFingerprint, keyFingerprint } from './x509.js';

/** A peer an endpoint may talk to: where it listens and the fingerprint pinned for its key. */
export interface TlsPeer {
  readonly id: PartyId;
  readonly host: string;
  readonly port: number;
  /** SHA-256 of the peer's SubjectPublicKeyInfo DER, 64 lowercase hex chars. */
  readonly fingerprint: string;
}

export interface TlsEndpointOptions {
  /** This party. */
  readonly self: PartyId;
  /** This party's private key, PEM (secret: never logged). */
  readonly key: string;
  /** This party's certificate, PEM; its key must match `key`. */
  readonly cert: string;
  /** Where to listen; port 0 picks a free port (see {@link TlsEndpoint.port}). */
  readonly listen: { readonly host: string; readonly port: number };
  /** Every party this endpoint may share a session with (not including `self`). */
  readonly peers: readonly TlsPeer[];
  /** Default receive timeout of the channels, in ms (default 30 000). */
  readonly timeoutMs?: number;
  /** How long `openChannel` waits for all links, and a handshake may take, in ms (default 10 000). */
  readonly connectTimeoutMs?: number;
  /** Largest accepted (and sendable) payload, in bytes (default 256 MiB, at most 2^32-1). */
  readonly maxFrameBytes?: number;
  /**
   * Per peer and session, how many payload bytes may arrive ahead of their receive (default
   * 1 GiB, at least `maxFrameBytes`). A peer that sends more is faulted (`PeerMessageError`).
   */
  readonly maxBufferedBytes?: number;
  /** Called for every refused incoming connection (for logging; errors hold no secrets). */
  readonly onRefused?: (err: ParleyError) => void;
}

export interface OpenChannelOptions extends AbortOptions {
  /** The session (computation) id, 1..128 chars of [A-Za-z0-9._:-]; the same at every party. */
  readonly session: string;
  /** Every party of the session including `self`, in the same order at every party. */
  readonly parties: readonly PartyId[];
  /** Default receive timeout of this channel, in ms (default: the endpoint's). */
  readonly timeoutMs?: number;
}

export interface TlsEndpoint {
  readonly self: PartyId;
  /** This party's key fingerprint (what peers pin). */
  readonly fingerprint: string;
  /** The listening address, with the actual port when listening on port 0. */
  readonly host: string;
  readonly port: number;
  /**
   * Opens this party's channel for `session` once links to all other `parties` are up.
   * Rejects with `NetConnectError` (or the refusal that explains it, e.g. `NetPeerKeyError`)
   * naming a party not reached within `connectTimeoutMs`, `AbortedError` on abort.
   */
  openChannel(options: OpenChannelOptions): Promise<Channel>;
  /** Adds a peer or replaces its address and pinned key (applies to links opened later). */
  setPeer(peer: TlsPeer): void;
  /**
   * Forgets a peer and its pinned key: later connections with that key are refused
   * (`ERR_NET_UNKNOWN_PEER`) and sessions naming it cannot be opened. Links already up in open
   * sessions are left to end with their session. Returns false if the peer was not known.
   */
  removePeer(id: PartyId): boolean;
  /** Closes every channel (flushing), then stops listening. Idempotent. */
  close(): Promise<void>;
  /** Drops every link at once without flushing, and stops listening (fatal errors, tests). */
  destroy(): void;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BUFFERED = 1024 * 1024 * 1024;
const CIPHERS = 'TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256';
const MAX_PARKED = 1024;
/** Open connections (authenticated or not) the listener accepts at once. */
const MAX_CONNECTIONS = 4096;
const MAX_REFUSALS = 64;

class TlsChannel extends InboxChannel implements LinkOwner {
  readonly links = new Map<PartyId, Link>();
  readonly digest: Uint8Array;

  constructor(
    private readonly endpoint: Endpoint,
    readonly session: string,
    self: PartyId,
    parties: readonly PartyId[],
    timeoutMs: number,
    private readonly maxFrameBytes: number,
    maxBufferedBytes: number,
  ) {
    super(self, parties, timeoutMs, maxBufferedBytes);
    this.digest = partiesDigest(parties);
  }

  attach(peer: PartyId, link: Link): void {
    this.links.set(peer, link);
    link.attach(this);
  }

  arrive(from: PartyId, step: number, payload: Uint8Array): void {
    this.inbox.deliver(from, step, payload);
  }

  peerFault(from: PartyId, err: PeerMessageError): void {
    const reason = err.details['reason'];
    this.inbox.fault(from, typeof reason === 'string' ? reason : 'bad frame', err);
  }

  peerLost(from: PartyId, cause: unknown): void {
    this.inbox.peerClosed(from, cause);
  }

  protected transmit(to: PartyId, step: number, payload: Uint8Array): void {
    if (payload.length > this.maxFrameBytes) {
      throw new NetUsageError(
        `send: payload of ${payload.length} bytes exceeds maxFrameBytes (${this.maxFrameBytes})`,
        { party: to, step },
      );
    }
    this.links.get(to)?.sendData(step, payload);
  }

  protected async shutdown(): Promise<void> {
    await Promise.all([...this.links.values()].map((l) => l.end(this.timeoutMs)));
    this.endpoint.forget(this);
  }

  /** Drops every link without flushing. */
  destroyLinks(): void {
    for (const l of this.links.values()) l.destroy();
  }
}

interface Parked {
  readonly link: Link;
  readonly hello: Hello;
  readonly timer: NodeJS.Timeout;
}

interface InboundWait {
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${err.message}` : err.message;
  }
  return 'connection failed';
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

class Endpoint implements TlsEndpoint {
  readonly self: PartyId;
  readonly fingerprint: string;
  readonly host: string;
  port: number;
  private readonly key: string;
  private readonly cert: string;
  private readonly peers = new Map<PartyId, TlsPeer>();
  private readonly byFingerprint = new Map<string, PartyId>();
  private readonly sessions = new Map<string, TlsChannel>();
  private readonly inbound = new Map<string, Map<PartyId, InboundWait>>();
  private readonly parked = new Map<string, Parked>();
  private readonly refusals = new Map<string, { at: number; err: ParleyError }>();
  private readonly sockets = new Set<TLSSocket>();
  private readonly rawSockets = new Set<Socket>();
  readonly timeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly maxFrameBytes: number;
  readonly maxBufferedBytes: number;
  private readonly onRefused: ((err: ParleyError) => void) | undefined;
  readonly server: Server;
  private closing: Promise<void> | undefined;
  /** Aborted when close() starts: pending openChannel calls fail with NetClosedError. */
  private readonly closer = new AbortController();
  private get closingSignal(): AbortSignal {
    return this.closer.signal;
  }

  constructor(o: TlsEndpointOptions) {
    try {
      partyId(o.self);
    } catch {
      throw new NetConfigError('tlsEndpoint: invalid self party id');
    }
    this.self = o.self;
    this.timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.connectTimeoutMs = o.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.maxFrameBytes = o.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    for (const [name, v] of [
      ['timeoutMs', this.timeoutMs],
      ['connectTimeoutMs', this.connectTimeoutMs],
    ] as const) {
      try {
        checkTimeout('tlsEndpoint', v);
      } catch {
        throw new NetConfigError(`tlsEndpoint: expected ${name} in 1..2^31-1`, { [name]: v });
      }
    }
    if (
      !Number.isInteger(this.maxFrameBytes) ||
      this.maxFrameBytes < 1 ||
      this.maxFrameBytes > MAX_FRAME_BYTES_LIMIT
    ) {
      throw new NetConfigError('tlsEndpoint: expected maxFrameBytes in 1..2^32-1', {
        maxFrameBytes: this.maxFrameBytes,
      });
    }
    this.maxBufferedBytes =
      o.maxBufferedBytes ?? Math.max(DEFAULT_MAX_BUFFERED, this.maxFrameBytes);
    if (!Number.isInteger(this.maxBufferedBytes) || this.maxBufferedBytes < this.maxFrameBytes) {
      throw new NetConfigError(
        'tlsEndpoint: expected an integer maxBufferedBytes >= maxFrameBytes',
        {
          maxBufferedBytes: this.maxBufferedBytes,
        },
      );
    }
    const port = o.listen.port;
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new NetConfigError('tlsEndpoint: expected listen.port in 0..65535', { port });
    }
    this.host = o.listen.host;
    this.port = port;
    this.key = o.key;
    this.cert = o.cert;
    let certFp: string;
    try {
      certFp = certificateFingerprint(o.cert);
      this.fingerprint = keyFingerprint(o.key);
    } catch {
      // The parser's message could quote key material: do not chain it.
      throw new NetConfigError('tlsEndpoint: key or cert is not a valid PEM key / certificate');
    }
    if (certFp !== this.fingerprint) {
      throw new NetConfigError('tlsEndpoint: cert does not belong to key');
    }
    for (const p of o.peers) this.setPeer(p);
    this.onRefused = o.onRefused;
    this.server = createServer(
      {
        key: this.key,
        cert: this.cert,
        requestCert: true,
        // CA validation is replaced by the explicit pin check in onSecureConnection.
        rejectUnauthorized: false,
        minVersion: 'TLSv1.3',
        ciphers: CIPHERS,
        honorCipherOrder: true,
        handshakeTimeout: this.connectTimeoutMs,
      },
      (socket) => this.onSecureConnection(socket),
    );
    this.server.on('tlsClientError', () => {
      /* failed handshakes (wrong protocol, timeout) just drop the connection */
    });
    // Raw connections, so that close() also ends handshakes in progress.
    this.server.on('connection', (raw: Socket) => {
      this.rawSockets.add(raw);
      raw.once('close', () => this.rawSockets.delete(raw));
    });
    this.server.maxConnections = MAX_CONNECTIONS;
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void =>
        reject(
          new NetConfigError(`tlsEndpoint: cannot listen on ${this.host}:${this.port}`, {
            reason: describe(err),
          }),
        );
      this.server.once('error', onError);
      this.server.listen({ host: this.host, port: this.port }, () => {
        this.server.off('error', onError);
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  setPeer(peer: TlsPeer): void {
    try {
      partyId(peer.id);
    } catch {
      throw new NetConfigError('tlsEndpoint: invalid peer id');
    }
    if (peer.id === this.self) {
      throw new NetConfigError(`tlsEndpoint: peer ${peer.id} is this party`, { party: peer.id });
    }
    if (!FINGERPRINT_RE.test(peer.fingerprint)) {
      throw new NetConfigError(
        `tlsEndpoint: fingerprint of peer ${peer.id} must be 64 lowercase hex chars`,
        { party: peer.id },
      );
    }
    if (!Number.isInteger(peer.port) || peer.port < 0 || peer.port > 65535) {
      throw new NetConfigError(`tlsEndpoint: port of peer ${peer.id} must be in 0..65535`, {
        party: peer.id,
      });
    }
    const owner = this.byFingerprint.get(peer.fingerprint);
    if (owner !== undefined && owner !== peer.id) {
      throw new NetConfigError(`tlsEndpoint: peers ${owner} and ${peer.id} share one key`, {
        party: peer.id,
      });
    }
    if (peer.fingerprint === this.fingerprint) {
      throw new NetConfigError(`tlsEndpoint: peer ${peer.id} has this party's key`, {
        party: peer.id,
      });
    }
    const old = this.peers.get(peer.id);
    if (old !== undefined) this.byFingerprint.delete(old.fingerprint);
    this.peers.set(peer.id, Object.freeze({ ...peer }));
    this.byFingerprint.set(peer.fingerprint, peer.id);
  }

  removePeer(id: PartyId): boolean {
    const old = this.peers.get(id);
    if (old === undefined) return false;
    this.peers.delete(id);
    this.byFingerprint.delete(old.fingerprint);
    return true;
  }

  async openChannel(o: OpenChannelOptions): Promise<Channel> {
    if (this.closing !== undefined)
      throw new NetClosedError({ what: 'openChannel', party: this.self });
    if (!isSessionId(o.session)) {
      throw new NetConfigError('openChannel: session must be 1..128 chars of [A-Za-z0-9._:-]');
    }
    checkParties('openChannel', this.self, o.parties);
    for (const p of o.parties) {
      if (p !== this.self && !this.peers.has(p)) {
        throw new NetUnknownPeerError({
          party: p,
          context: 'openChannel: no address or key for it',
        });
      }
    }
    if (this.sessions.has(o.session)) {
      throw new NetUsageError(`openChannel: session ${o.session} is already open`);
    }
    o.signal?.throwIfAborted();
    const timeoutMs = o.timeoutMs ?? this.timeoutMs;
    const ch = new TlsChannel(
      this,
      o.session,
      this.self,
      o.parties,
      timeoutMs,
      this.maxFrameBytes,
      this.maxBufferedBytes,
    );
    this.sessions.set(o.session, ch);
    const started = Date.now();
    const deadline = started + this.connectTimeoutMs;
    const ctl = new AbortController();
    const onAbort = (): void => ctl.abort();
    o.signal?.addEventListener('abort', onAbort, { once: true });
    this.closingSignal.addEventListener('abort', onAbort, { once: true });
    const waits = new Map<PartyId, InboundWait>();
    this.inbound.set(o.session, waits);
    const timers: NodeJS.Timeout[] = [];
    const ups: Promise<void>[] = [];
    for (const q of o.parties) {
      if (q === this.self) continue;
      if (this.self < q) {
        ups.push(this.dial(ch, q, deadline, ctl.signal));
      } else {
        ups.push(
          new Promise<void>((resolve, reject) => {
            waits.set(q, { resolve, reject });
            timers.push(
              setTimeout(() => {
                const r = this.refusals.get(q);
                reject(
                  r !== undefined && r.at >= started
                    ? r.err
                    : new NetConnectError({
                        party: q,
                        session: o.session,
                        reason: `no connection from it within ${this.connectTimeoutMs} ms (is it running, and has it opened this session?)`,
                      }),
                );
              }, this.connectTimeoutMs),
            );
          }),
        );
      }
    }
    const aborted = new Promise<never>((_, reject) => {
      const fail = (): void =>
        reject(
          this.closingSignal.aborted
            ? new NetClosedError({ what: `openChannel for session ${o.session}`, party: this.self })
            : new AbortedError(`openChannel for session ${o.session}`, {
                cause: o.signal?.reason as unknown,
              }),
        );
      if (ctl.signal.aborted) fail();
      else ctl.signal.addEventListener('abort', fail, { once: true });
    });
    // Links that arrived before this session was opened.
    for (const [key, p] of this.parked) {
      if (p.hello.session !== o.session) continue;
      this.parked.delete(key);
      clearTimeout(p.timer);
      this.adopt(ch, p.link, p.hello);
    }
    try {
      await Promise.race([Promise.all(ups), aborted]);
      return ch;
    } catch (err: unknown) {
      ctl.abort();
      ch.destroyLinks();
      void ch.close();
      this.forget(ch);
      throw err;
    } finally {
      for (const t of timers) clearTimeout(t);
      o.signal?.removeEventListener('abort', onAbort);
      this.closingSignal.removeEventListener('abort', onAbort);
      if (this.inbound.get(o.session) === waits) this.inbound.delete(o.session);
      aborted.catch(() => {});
    }
  }

  forget(ch: TlsChannel): void {
    if (this.sessions.get(ch.session) === ch) this.sessions.delete(ch.session);
  }

  private async dial(
    ch: TlsChannel,
    q: PartyId,
    deadline: number,
    signal: AbortSignal,
  ): Promise<void> {
    let backoff = 20;
    let last = 'no attempt was made';
    for (;;) {
      const left = deadline - Date.now();
      if (signal.aborted) return;
      if (left <= 0) {
        throw new NetConnectError({
          party: q,
          session: ch.session,
          reason: `no link within ${this.connectTimeoutMs} ms (last attempt: ${last})`,
        });
      }
      try {
        await this.dialOnce(ch, q, left, signal);
        return;
      } catch (err: unknown) {
        if (err instanceof NetPeerKeyError || err instanceof NetHandshakeError) throw err;
        last = describe(err);
      }
      await sleep(Math.min(backoff, Math.max(0, deadline - Date.now())), signal);
      backoff = Math.min(backoff * 2, 500);
    }
  }

  private dialOnce(
    ch: TlsChannel,
    q: PartyId,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<void> {
    const peer = this.peers.get(q);
    if (peer === undefined) {
      return Promise.reject(new NetUnknownPeerError({ party: q, context: 'dial' }));
    }
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const socket = connect({
        host: peer.host,
        port: peer.port,
        key: this.key,
        cert: this.cert,
        rejectUnauthorized: false, // replaced by the pin check below
        minVersion: 'TLSv1.3',
        ciphers: CIPHERS,
      });
      this.track(socket);
      const finish = (err: Error | undefined): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (err === undefined) resolve();
        else {
          socket.destroy();
          reject(err);
        }
      };
      const timer = setTimeout(
        () => finish(new Error(`no answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onAbort = (): void => finish(new Error('aborted'));
      signal.addEventListener('abort', onAbort, { once: true });
      socket.on('error', (err: Error) => finish(err));
      socket.once('close', () => finish(new Error('connection closed during the handshake')));
      socket.once('secureConnect', () => {
        const got = this.peerFingerprint(socket);
        if (got !== peer.fingerprint) {
          finish(new NetPeerKeyError({ party: q, expected: peer.fingerprint, got: got ?? 'none' }));
          return;
        }
        socket.setNoDelay(true);
        const link = new Link(socket, q, KIND_ACCEPT, this.maxFrameBytes);
        link.onFailed = (err: unknown) =>
          finish(
            err instanceof Error
              ? new Error(
                  `${describe(err)} before it accepted the session (it may not have opened it, or may not pin our key)`,
                )
              : new Error('closed before accepting'),
          );
        link.onHello = (h: Hello) => {
          const why =
            h.from !== q
              ? `accept frame claims to be from ${h.from}`
              : h.to !== this.self
                ? `accept frame addressed to ${h.to}`
                : h.session !== ch.session
                  ? 'accept frame for another session'
                  : !equalBytes(h.parties, ch.digest)
                    ? 'the party list differs'
                    : undefined;
          if (why !== undefined) {
            finish(new NetHandshakeError({ party: q, session: ch.session, reason: why }));
            return;
          }
          if (settled || ch.closed) {
            link.destroy();
            return;
          }
          finish(undefined);
          ch.attach(q, link);
        };
        link.write(
          encodeHello({
            kind: KIND_HELLO,
            session: ch.session,
            from: this.self,
            to: q,
            parties: ch.digest,
          }),
        );
      });
    });
  }

  private onSecureConnection(socket: TLSSocket): void {
    this.track(socket);
    socket.on('error', () => {
      /* reported through the link, or nothing to report */
    });
    if (this.closing !== undefined) {
      socket.destroy();
      return;
    }
    // Pin check before reading a single application byte.
    const fp = this.peerFingerprint(socket);
    const identity = fp === undefined ? undefined : this.byFingerprint.get(fp);
    if (identity === undefined) {
      const cn = this.peerCommonName(socket);
      const claimed = cn === undefined ? undefined : this.peers.get(cn as PartyId);
      if (claimed !== undefined && fp !== undefined) {
        this.refuse(
          socket,
          claimed.id,
          new NetPeerKeyError({ party: claimed.id, expected: claimed.fingerprint, got: fp }),
        );
      } else {
        this.refuse(
          socket,
          undefined,
          new NetUnknownPeerError({
            ...(fp === undefined ? {} : { fingerprint: fp }),
            ...(cn === undefined ? {} : { party: cn }),
            context:
              fp === undefined
                ? 'incoming connection without a certificate'
                : 'incoming connection',
          }),
        );
      }
      return;
    }
    socket.setNoDelay(true);
    const link = new Link(socket, identity, KIND_HELLO, this.maxFrameBytes);
    const helloTimer = setTimeout(() => link.destroy(), this.connectTimeoutMs);
    link.onFailed = () => clearTimeout(helloTimer);
    link.onHello = (h: Hello) => {
      clearTimeout(helloTimer);
      if (h.from !== identity) {
        const claimed = this.peers.get(h.from as PartyId);
        this.refuse(
          socket,
          claimed?.id,
          claimed !== undefined && fp !== undefined
            ? new NetPeerKeyError({ party: claimed.id, expected: claimed.fingerprint, got: fp })
            : new NetUnknownPeerError({ party: h.from, context: 'hello from an unknown party' }),
        );
        return;
      }
      if (h.to !== this.self) {
        this.refuse(
          socket,
          identity,
          new NetHandshakeError({
            party: identity,
            session: h.session,
            reason: `hello addressed to ${h.to}`,
          }),
        );
        return;
      }
      if (!(identity < this.self)) {
        this.refuse(
          socket,
          identity,
          new NetHandshakeError({
            party: identity,
            session: h.session,
            reason: 'it dialed, but the party whose id sorts first must dial',
          }),
        );
        return;
      }
      const ch = this.sessions.get(h.session);
      if (ch !== undefined) {
        this.adopt(ch, link, h);
        return;
      }
      // Session not opened here yet: hold the link (and its bytes, via TCP backpressure).
      socket.pause();
      const key = `${h.session}\n${identity}`;
      const old = this.parked.get(key);
      if (old !== undefined) {
        clearTimeout(old.timer);
        old.link.destroy();
      } else if (this.parked.size >= MAX_PARKED) {
        link.destroy();
        return;
      }
      const timer = setTimeout(() => {
        if (this.parked.get(key)?.link === link) this.parked.delete(key);
        link.destroy();
      }, this.connectTimeoutMs);
      this.parked.set(key, { link, hello: h, timer });
      link.onFailed = () => {
        if (this.parked.get(key)?.link === link) {
          clearTimeout(timer);
          this.parked.delete(key);
        }
      };
    };
  }

  private adopt(ch: TlsChannel, link: Link, h: Hello): void {
    const q = link.peer;
    const wait = this.inbound.get(ch.session)?.get(q);
    if (ch.closed || link.isDown) {
      link.destroy();
      return;
    }
    if (!ch.parties.includes(q)) {
      this.refuse(
        link.socket,
        q,
        new NetUnknownPeerError({ party: q, context: `not a party of session ${ch.session}` }),
      );
      return;
    }
    if (ch.links.has(q) || wait === undefined) {
      this.refuse(
        link.socket,
        q,
        new NetHandshakeError({
          party: q,
          session: ch.session,
          reason: 'a second link for the session',
        }),
      );
      return;
    }
    if (!equalBytes(h.parties, ch.digest)) {
      const err = new NetHandshakeError({
        party: q,
        session: ch.session,
        reason: 'its party list differs from ours',
      });
      this.refuse(link.socket, q, err);
      wait.reject(err); // authenticated peer: fail the open now
      return;
    }
    link.write(
      encodeHello({
        kind: KIND_ACCEPT,
        session: ch.session,
        from: this.self,
        to: q,
        parties: ch.digest,
      }),
    );
    ch.attach(q, link);
    wait.resolve();
  }

  private refuse(socket: TLSSocket, party: PartyId | undefined, err: ParleyError): void {
    socket.destroy();
    if (party !== undefined) {
      this.refusals.delete(party);
      this.refusals.set(party, { at: Date.now(), err });
      if (this.refusals.size > MAX_REFUSALS) {
        const first = this.refusals.keys().next();
        if (first.done !== true) this.refusals.delete(first.value);
      }
    }
    try {
      this.onRefused?.(err);
    } catch {
      /* a logging callback must not break the endpoint */
    }
  }

  private peerFingerprint(socket: TLSSocket): string | undefined {
    const cert = socket.getPeerCertificate();
    if (cert === null || typeof cert !== 'object' || !(cert.raw instanceof Uint8Array))
      return undefined;
    try {
      return certificateFingerprint(cert.raw);
    } catch {
      return undefined;
    }
  }

  private peerCommonName(socket: TLSSocket): string | undefined {
    const cn = socket.getPeerCertificate().subject?.CN;
    return typeof cn === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(cn) ? cn : undefined;
  }

  private track(socket: TLSSocket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  close(): Promise<void> {
    if (this.closing === undefined) {
      this.closer.abort();
      this.closing = (async () => {
        for (const p of this.parked.values()) {
          clearTimeout(p.timer);
          p.link.destroy();
        }
        this.parked.clear();
        const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
        await Promise.all([...this.sessions.values()].map((ch) => ch.close()));
        for (const s of this.sockets) s.destroy();
        for (const s of this.rawSockets) s.destroy();
        await closed;
      })();
    }
    return this.closing;
  }

  destroy(): void {
    for (const ch of this.sessions.values()) ch.destroyLinks();
    for (const s of this.sockets) s.destroy();
    for (const s of this.rawSockets) s.destroy();
    void this.close();
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return d === 0;
}

/**
 * Creates a party's TLS endpoint and starts listening.
 *
 * @example
 * ```ts
 * const id = generateIdentity('acme');
 * const ep = await tlsEndpoint({
 *   self: partyId('acme'), key: id.key, cert: id.cert,
 *   listen: { host: '127.0.0.1', port: 0 },
 *   peers: [{ id: partyId('bank'), host: '127.0.0.1', port: 7001, fingerprint: bankFingerprint }],
 * });
 * const ch = await ep.openChannel({ session: 'job-42', parties: [partyId('acme'), partyId('bank')] });
 * ch.send(partyId('bank'), 1, payload);
 * await ch.close();
 * await ep.close();
 * ```
 * @throws {NetConfigError} for invalid options, a key/cert mismatch, or a port already in use.
 */
export async function tlsEndpoint(options: TlsEndpointOptions): Promise<TlsEndpoint> {
  const ep = new Endpoint(options);
  await ep.listen();
  return ep;
}
