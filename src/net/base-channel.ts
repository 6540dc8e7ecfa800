/**
 * The part of a {@link Channel} that every transport shares: argument checks, send-to-self,
 * the receive side ({@link Inbox}) and idempotent close. A transport supplies `transmit` (queue
 * bytes for one peer, never blocking) and `shutdown` (flush, then close its links).
 *
 * @module
 */
import { partyId, type Channel, type PartyId, type ReceiveOptions } from '../mpc/channel.js';
import { NetClosedError, NetConfigError, NetUnknownPeerError, NetUsageError } from './errors.js';
import { checkStep, checkTimeout, Inbox } from './inbox.js';

/** Checks a session's party list: valid ids, no duplicates, containing `self`. */
export function checkParties(fn: string, self: PartyId, parties: readonly PartyId[]): void {
  const seen = new Set<string>();
  for (const p of parties) {
    try {
      partyId(p);
    } catch (err: unknown) {
      throw new NetConfigError(`${fn}: invalid party id in the party list`, {
        reason: err instanceof Error ? err.message : 'invalid',
      });
    }
    if (seen.has(p)) throw new NetConfigError(`${fn}: party ${p} is listed twice`, { party: p });
    seen.add(p);
  }
  if (!seen.has(self)) {
    throw new NetConfigError(`${fn}: party ${self} is not in the party list`, { party: self });
  }
}

/** Base class of the transports' channels. */
export abstract class InboxChannel implements Channel {
  readonly self: PartyId;
  readonly parties: readonly PartyId[];
  readonly timeoutMs: number;
  protected readonly inbox: Inbox;
  private readonly members: ReadonlySet<PartyId>;
  private closing: Promise<void> | undefined;

  constructor(
    self: PartyId,
    parties: readonly PartyId[],
    timeoutMs: number,
    maxBufferedBytes: number = Infinity,
  ) {
    checkParties('channel', self, parties);
    checkTimeout('channel', timeoutMs);
    this.self = self;
    this.parties = Object.freeze([...parties]);
    this.timeoutMs = timeoutMs;
    this.members = new Set(parties);
    this.inbox = new Inbox(self, parties, maxBufferedBytes);
  }

  /** Whether `close()` has been called. */
  get closed(): boolean {
    return this.closing !== undefined;
  }

  send(to: PartyId, step: number, payload: Uint8Array): void {
    if (this.closing !== undefined) throw new NetClosedError({ what: 'send', party: this.self });
    if (!this.members.has(to)) {
      throw new NetUnknownPeerError({
        party: String(to),
        context: 'send: not a party of this session',
      });
    }
    checkStep('send', step);
    if (!(payload instanceof Uint8Array)) {
      throw new NetUsageError('send: expected payload to be a Uint8Array');
    }
    if (to === this.self) {
      // Asynchronous like a real link, so that ordering bugs show up in one-party tests too.
      setImmediate(() => this.inbox.deliver(this.self, step, payload));
      return;
    }
    this.transmit(to, step, payload);
  }

  receive(from: PartyId, step: number, options: ReceiveOptions = {}): Promise<Uint8Array> {
    try {
      checkStep('receive', step);
      if (options.timeoutMs !== undefined) checkTimeout('receive', options.timeoutMs);
    } catch (err: unknown) {
      return Promise.reject(
        err instanceof Error ? err : new NetUsageError('receive: invalid arguments'),
      );
    }
    return this.inbox.receive(from, step, options.timeoutMs ?? this.timeoutMs, options);
  }

  close(): Promise<void> {
    if (this.closing === undefined) {
      this.inbox.close();
      this.closing = this.shutdown();
    }
    return this.closing;
  }

  /** Queues `payload` for peer `to` (never `self`). Must not block and must not throw for a dead link. */
  protected abstract transmit(to: PartyId, step: number, payload: Uint8Array): void;
  /** Flushes queued messages, then closes every link. Called once. */
  protected abstract shutdown(): Promise<void>;
}
