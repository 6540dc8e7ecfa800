/**
 * The transport interface between the parties of one computation. Protocols in `mpc` talk only
 * through this interface; `net` implements it (in memory for tests, TLS between processes). This
 * module has no dependencies, like `@libp2p/interface`.
 *
 * Model. One `Channel` serves one computation (one session) for one party. Every party of the
 * session (committee members, input parties, output recipients) has a {@link PartyId}. Messages
 * are point-to-point, authenticated (the receiver knows who sent it) and confidential (only the
 * receiver reads it); the implementation provides that, e.g. mutually authenticated TLS with
 * pinned keys.
 *
 * Matching. Each message carries a numeric `step` chosen by the protocol (the round counter, as
 * mpyc's `pc`): `receive(from, step)` returns the one message that `from` sent with that `step`,
 * whatever order messages arrive in. For a given (sender, receiver, step) at most one message
 * may ever be sent; a second one is a protocol violation and makes the matching `receive` (or the
 * next receive from that peer) fail with `ERR_PEER_MESSAGE`.
 *
 * Failure. `receive` never hangs forever: it rejects after `timeoutMs` with `ERR_PEER_TIMEOUT`
 * naming the peer and the step, with `ERR_PEER_CLOSED` when the peer's connection ends, and with
 * `ERR_PEER_MESSAGE` when the peer's bytes cannot be framed. Errors never include payload bytes.
 *
 * @module
 */

/** Identifies a party within a session (an organization's member name, e.g. `'acme'`). */
export type PartyId = string & { readonly __brand: 'PartyId' };

/** Brands a string as a {@link PartyId}. Party ids are 1..64 chars of `[A-Za-z0-9._-]`. */
export function partyId(id: string): PartyId {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) {
    throw new RangeError(
      'partyId: expected 1..64 chars of [A-Za-z0-9._-], got ' + JSON.stringify(id),
    );
  }
  return id as PartyId;
}

/** Options that make an async operation cancellable (js-libp2p style). */
export interface AbortOptions {
  readonly signal?: AbortSignal;
}

export interface ReceiveOptions extends AbortOptions {
  /** Overrides the channel's default timeout for this receive, in milliseconds. */
  readonly timeoutMs?: number;
  /** Human-readable name of the step for error messages, e.g. `'mul'` or `'open'`. */
  readonly label?: string;
}

/**
 * One party's end of a session's point-to-point links to every other party.
 *
 * Steps are unsigned 32-bit integers. Payloads are opaque bytes; the protocol layer decodes them
 * with a validating parser (length and range checks) and never trusts their contents.
 */
export interface Channel {
  /** This party. */
  readonly self: PartyId;
  /** Every party of the session, including `self`, in a fixed order agreed by all. */
  readonly parties: readonly PartyId[];
  /** Default receive timeout in milliseconds. */
  readonly timeoutMs: number;

  /**
   * Queues `payload` for `to` under `step`. Does not wait for delivery; the implementation owns
   * `payload` after the call (the caller must not modify it). Sending to `self` is allowed and
   * delivers locally. Throws `ERR_NET_UNKNOWN_PEER` for a party outside the session and
   * `ERR_NET_CLOSED` after `close()`.
   */
  send(to: PartyId, step: number, payload: Uint8Array): void;

  /**
   * Resolves with the message `from` sent under `step`. Rejects with `ERR_PEER_TIMEOUT`,
   * `ERR_PEER_CLOSED`, `ERR_PEER_MESSAGE` or `ERR_ABORTED` as described in the module doc.
   * Each (from, step) may be received once.
   */
  receive(from: PartyId, step: number, options?: ReceiveOptions): Promise<Uint8Array>;

  /** Flushes queued messages, then closes every link. Idempotent. */
  close(): Promise<void>;
}
