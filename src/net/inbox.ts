/**
 * The receive side shared by every transport: matches incoming messages to `receive(from, step)`
 * calls whatever order they arrive in, and turns timeouts, closed links, duplicate or malformed
 * messages and aborts into the errors the {@link Channel} contract names.
 *
 * Adversary: a peer may send anything, in any order, any number of times. Its bytes are opaque
 * here (the protocol layer validates payloads); this module only guarantees that each
 * `(from, step)` yields at most one message and that a peer who sends a second one is faulted:
 * every pending and later receive from it rejects with `PeerMessageError`. Fail closed: a faulted
 * peer's already-buffered messages are dropped too.
 *
 * A peer whose link closes cleanly still has its buffered messages delivered (a party may send
 * its last message and quit); only receives with nothing buffered reject with `PeerClosedError`.
 *
 * @module
 */
import type { PartyId, ReceiveOptions } from '../mpc/channel.js';
import {
  AbortedError,
  PeerClosedError,
  PeerMessageError,
  PeerTimeoutError,
} from '../mpc/errors.js';
import { NetClosedError, NetUnknownPeerError, NetUsageError } from './errors.js';

/** Largest step: steps are unsigned 32-bit integers on the wire. */
export const MAX_STEP = 0xffff_ffff;
/** Largest timeout Node's timers accept (2^31 - 1 ms, about 24.8 days). */
export const MAX_TIMEOUT_MS = 0x7fff_ffff;

/** Throws `NetUsageError` unless `step` is an integer in 0..2^32-1. */
export function checkStep(fn: string, step: number): void {
  if (!Number.isInteger(step) || step < 0 || step > MAX_STEP) {
    throw new NetUsageError(`${fn}: expected step in 0..${MAX_STEP}, got ${String(step)}`);
  }
}

/** Throws `NetUsageError` unless `ms` is an integer in 1..2^31-1. */
export function checkTimeout(fn: string, ms: number): void {
  if (!Number.isInteger(ms) || ms < 1 || ms > MAX_TIMEOUT_MS) {
    throw new NetUsageError(`${fn}: expected timeoutMs in 1..${MAX_TIMEOUT_MS}, got ${String(ms)}`);
  }
}

interface Waiter {
  readonly resolve: (payload: Uint8Array) => void;
  readonly reject: (err: Error) => void;
  readonly label: string | undefined;
}

/** One peer's buffered messages and pending receives, for one party in one session. */
class PeerInbox {
  private readonly messages = new Map<number, Uint8Array>();
  private readonly waiters = new Map<number, Waiter>();
  /** Steps already handed to the caller: a second message for one of these is a duplicate. */
  private readonly consumed = new Set<number>();
  private closedCause: { cause: unknown } | undefined;
  private fault: { reason: string; cause: unknown } | undefined;

  /** Payload bytes buffered (arrived, not yet received). */
  private bufferedBytes = 0;

  constructor(
    readonly party: PartyId,
    private readonly maxBufferedBytes: number,
  ) {}

  get faulted(): boolean {
    return this.fault !== undefined;
  }
  get closed(): boolean {
    return this.closedCause !== undefined;
  }

  deliver(step: number, payload: Uint8Array): void {
    if (this.fault !== undefined || this.closedCause !== undefined) return;
    if (this.consumed.has(step) || this.messages.has(step)) {
      this.setFault(`second message for step ${step}`, undefined);
      return;
    }
    const w = this.waiters.get(step);
    if (w !== undefined) {
      this.waiters.delete(step);
      this.consumed.add(step);
      w.resolve(payload);
    } else {
      if (this.bufferedBytes + payload.length > this.maxBufferedBytes) {
        this.setFault(
          `sent more than ${this.maxBufferedBytes} bytes ahead of the receiver`,
          undefined,
        );
        return;
      }
      this.messages.set(step, payload);
      this.bufferedBytes += payload.length;
    }
  }

  setFault(reason: string, cause: unknown): void {
    if (this.fault !== undefined) return;
    this.fault = { reason, cause };
    this.messages.clear();
    this.bufferedBytes = 0;
    for (const [step, w] of this.waiters) w.reject(this.faultError(step, w.label));
    this.waiters.clear();
  }

  setClosed(cause: unknown): void {
    if (this.closedCause !== undefined || this.fault !== undefined) return;
    this.closedCause = { cause };
    for (const [step, w] of this.waiters) w.reject(this.closedError(step, w.label));
    this.waiters.clear();
  }

  /** Rejects every pending receive with `err(step, label)` (used when the local channel closes). */
  rejectAll(err: (step: number, label: string | undefined) => Error): void {
    for (const [step, w] of this.waiters) w.reject(err(step, w.label));
    this.waiters.clear();
    this.messages.clear();
    this.bufferedBytes = 0;
  }

  receive(step: number, timeoutMs: number, options: ReceiveOptions): Promise<Uint8Array> {
    const label = options.label;
    if (this.fault !== undefined) return Promise.reject(this.faultError(step, label));
    if (this.consumed.has(step)) {
      return Promise.reject(
        new NetUsageError(`receive: step ${step} from party ${this.party} was already received`, {
          party: this.party,
          step,
        }),
      );
    }
    const buffered = this.messages.get(step);
    if (buffered !== undefined) {
      this.messages.delete(step);
      this.bufferedBytes -= buffered.length;
      this.consumed.add(step);
      return Promise.resolve(buffered);
    }
    if (this.waiters.has(step)) {
      return Promise.reject(
        new NetUsageError(
          `receive: a receive of step ${step} from party ${this.party} is pending`,
          {
            party: this.party,
            step,
          },
        ),
      );
    }
    if (this.closedCause !== undefined) return Promise.reject(this.closedError(step, label));
    const signal = options.signal;
    if (signal?.aborted === true) {
      return Promise.reject(this.abortError(step, label, signal));
    }
    return new Promise<Uint8Array>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const timer = setTimeout(() => {
        if (this.waiters.get(step) !== waiter) return;
        this.waiters.delete(step);
        done();
        reject(new PeerTimeoutError({ party: this.party, step, label, timeoutMs }));
      }, timeoutMs);
      const onAbort = (): void => {
        if (this.waiters.get(step) !== waiter) return;
        this.waiters.delete(step);
        done();
        reject(this.abortError(step, label, signal));
      };
      const waiter: Waiter = {
        label,
        resolve: (payload) => {
          done();
          resolve(payload);
        },
        reject: (err) => {
          done();
          reject(err);
        },
      };
      this.waiters.set(step, waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private faultError(step: number, label: string | undefined): PeerMessageError {
    const f = this.fault ?? { reason: 'faulted', cause: undefined };
    return new PeerMessageError(
      { party: this.party, step, label, reason: f.reason },
      f.cause === undefined ? undefined : { cause: f.cause },
    );
  }

  private closedError(step: number, label: string | undefined): PeerClosedError {
    const c = this.closedCause?.cause;
    return new PeerClosedError(
      { party: this.party, step, label },
      c === undefined ? {} : { cause: c },
    );
  }

  private abortError(step: number, label: string | undefined, signal?: AbortSignal): AbortedError {
    const what = `receive from party ${this.party} at step ${step}${label === undefined ? '' : ` (${label})`}`;
    const reason: unknown = signal?.reason;
    return new AbortedError(what, reason === undefined ? {} : { cause: reason });
  }
}

/**
 * All of one party's per-peer inboxes for one session, including one for `self` (send-to-self).
 * Transports call {@link Inbox.deliver}, {@link Inbox.fault} and {@link Inbox.peerClosed};
 * the channel calls {@link Inbox.receive} and {@link Inbox.close}.
 */
export class Inbox {
  private readonly peers = new Map<PartyId, PeerInbox>();
  private closed = false;

  /**
   * @param maxBufferedBytes - per peer, how many payload bytes may wait for their receive; a
   *   peer that sends more is faulted (fail closed, instead of exhausting memory).
   */
  constructor(
    readonly self: PartyId,
    parties: readonly PartyId[],
    maxBufferedBytes: number = Infinity,
  ) {
    for (const p of parties) this.peers.set(p, new PeerInbox(p, maxBufferedBytes));
  }

  /** Hands a message from `from` to the matching receive, or buffers it. Ignored after close. */
  deliver(from: PartyId, step: number, payload: Uint8Array): void {
    if (this.closed) return;
    this.peers.get(from)?.deliver(step, payload);
  }

  /** Marks `from` as faulted: every pending and later receive from it rejects with `reason`. */
  fault(from: PartyId, reason: string, cause?: unknown): void {
    this.peers.get(from)?.setFault(reason, cause);
  }

  /** The link to `from` ended: receives with nothing buffered reject with `PeerClosedError`. */
  peerClosed(from: PartyId, cause?: unknown): void {
    this.peers.get(from)?.setClosed(cause);
  }

  /** Whether the link to `from` has ended or faulted. */
  isDown(from: PartyId): boolean {
    const p = this.peers.get(from);
    return p === undefined || p.closed || p.faulted;
  }

  receive(
    from: PartyId,
    step: number,
    timeoutMs: number,
    options: ReceiveOptions,
  ): Promise<Uint8Array> {
    if (this.closed) {
      return Promise.reject(new NetClosedError({ what: 'receive', party: this.self }));
    }
    const peer = this.peers.get(from);
    if (peer === undefined) {
      return Promise.reject(
        new NetUnknownPeerError({
          party: String(from),
          context: 'receive: not a party of this session',
        }),
      );
    }
    return peer.receive(step, timeoutMs, options);
  }

  /** Rejects every pending receive with `NetClosedError` and drops buffered messages. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.peers.values()) {
      p.rejectAll(() => new NetClosedError({ what: 'receive', party: this.self }));
    }
  }
}
