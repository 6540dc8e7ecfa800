/**
 * An in-memory transport: every party of a session in one process, for tests and single-process
 * simulation (like js-libp2p's `transport-memory` or mpyc's `-M` flag). Links are reliable,
 * ordered per (sender, receiver) pair, and asynchronous: `send` never delivers synchronously, so
 * a protocol that depends on delivery order or forgets to await shows up in tests.
 *
 * Payloads are handed over without copying; per the {@link Channel} contract the sender must not
 * modify a payload after `send`.
 *
 * Fault injection ({@link MemoryFault}) reproduces what a faulty or malicious peer or network can
 * do: drop, duplicate, delay, reorder, truncate a message, or corrupt its frame header (which a
 * real transport reports as `PeerMessageError`). {@link MemoryNetwork.crash} simulates a party
 * that dies: its in-flight messages are lost and its peers' receives from it fail with
 * `PeerClosedError` (messages it delivered before dying stay receivable, as over TCP).
 *
 * @module
 */
import type { Channel, PartyId } from '../mpc/channel.js';
import { InboxChannel, checkParties } from './base-channel.js';
import { NetConfigError, NetUnknownPeerError } from './errors.js';
import { checkTimeout } from './inbox.js';

/** What a fault predicate sees of a message (never its bytes). */
export interface MessageInfo {
  readonly from: PartyId;
  readonly to: PartyId;
  readonly step: number;
  /** Payload length in bytes. */
  readonly bytes: number;
}

/**
 * What happens to a message that matches a fault:
 * - `drop`: never delivered (the receiver times out).
 * - `duplicate`: delivered twice (the receiver's matching receive fails with `PeerMessageError`).
 * - `delay`: delivered after `delayMs`; later messages on the link may overtake it.
 * - `reorder`: held back until the next message on the same link has been delivered (or until
 *   `delayMs` passes), so the two arrive swapped. Matching by step makes this invisible to callers.
 * - `truncate`: delivered with only its first `keepBytes` bytes (default: half). The transport
 *   cannot see this; the protocol's payload validation must.
 * - `corrupt-length`: the frame's length field is corrupt, which a real transport detects: the
 *   receiver's link to the sender faults and its receives from the sender fail with
 *   `PeerMessageError`.
 */
export type MemoryFaultAction =
  'drop' | 'duplicate' | 'delay' | 'reorder' | 'truncate' | 'corrupt-length';

/** A fault applied to the messages `match` selects. The first matching fault with uses left wins. */
export interface MemoryFault {
  readonly match: (m: MessageInfo) => boolean;
  readonly action: MemoryFaultAction;
  /** How many matching messages it applies to (default: all). */
  readonly times?: number;
  /** For `delay` (default 50) and `reorder` (maximum hold, default 50), in milliseconds. */
  readonly delayMs?: number;
  /** For `truncate`: how many leading bytes survive (default: half the payload, rounded down). */
  readonly keepBytes?: number;
}

export interface MemoryNetworkOptions {
  /** Default receive timeout of every channel, in milliseconds (default 10 000). */
  readonly timeoutMs?: number;
  /** Faults active from the start; more can be added with {@link MemoryNetwork.inject}. */
  readonly faults?: readonly MemoryFault[];
}

/** Counts of messages and payload bytes sent between distinct parties (send-to-self excluded). */
export interface MemoryNetworkStats {
  readonly messages: number;
  readonly bytes: number;
}

export interface MemoryNetwork {
  readonly parties: readonly PartyId[];
  /** One channel per party, in `parties` order. */
  readonly channels: readonly Channel[];
  /** The channel of `party`. Throws `NetUnknownPeerError` for a party outside the network. */
  channel(party: PartyId): Channel;
  /** Adds a fault for messages sent from now on. */
  inject(fault: MemoryFault): void;
  /**
   * Kills `party` abruptly: its in-flight messages are lost, its own channel is closed, and its
   * peers' pending and future receives from it (with nothing buffered) fail with `PeerClosedError`.
   */
  crash(party: PartyId): void;
  /** Messages and bytes sent so far between distinct parties. */
  stats(): MemoryNetworkStats;
  /** Closes every channel (flushing in-flight messages). */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_DELAY_MS = 50;

class MemoryChannel extends InboxChannel {
  constructor(
    private readonly net: Hub,
    self: PartyId,
    parties: readonly PartyId[],
    timeoutMs: number,
  ) {
    super(self, parties, timeoutMs);
  }

  arrive(from: PartyId, step: number, payload: Uint8Array): void {
    this.inbox.deliver(from, step, payload);
  }
  linkFault(from: PartyId, reason: string): void {
    this.inbox.fault(from, reason);
  }
  linkClosed(from: PartyId): void {
    this.inbox.peerClosed(from);
  }

  protected transmit(to: PartyId, step: number, payload: Uint8Array): void {
    this.net.transmit(this.self, to, step, payload);
  }

  protected async shutdown(): Promise<void> {
    await this.net.flushed(this.self);
    this.net.departed(this.self);
  }
}

interface ActiveFault {
  readonly fault: MemoryFault;
  remaining: number;
}

class Hub {
  readonly channels = new Map<PartyId, MemoryChannel>();
  private readonly faults: ActiveFault[] = [];
  private readonly queue: (() => void)[] = [];
  private scheduled = false;
  private readonly held = new Map<string, (() => void)[]>();
  private readonly inflight = new Map<PartyId, number>();
  private readonly flushWaiters = new Map<PartyId, (() => void)[]>();
  private readonly gone = new Set<PartyId>();
  private readonly crashed = new Set<PartyId>();
  messages = 0;
  bytes = 0;

  inject(fault: MemoryFault): void {
    if (typeof fault.match !== 'function') {
      throw new NetConfigError('memoryNetwork: a fault needs a match function');
    }
    const times = fault.times ?? Infinity;
    if (!(times >= 0)) throw new NetConfigError('memoryNetwork: fault.times must be >= 0');
    this.faults.push({ fault, remaining: times });
  }

  transmit(from: PartyId, to: PartyId, step: number, payload: Uint8Array): void {
    this.messages += 1;
    this.bytes += payload.length;
    const info: MessageInfo = { from, to, step, bytes: payload.length };
    const active = this.faults.find((f) => f.remaining > 0 && f.fault.match(info));
    if (active !== undefined) active.remaining -= 1;
    const fault = active?.fault;
    const link = `${from}\n${to}`;
    const deliver = (p: Uint8Array) => (): void => {
      if (this.crashed.has(from)) return;
      this.channels.get(to)?.arrive(from, step, p);
    };
    switch (fault?.action) {
      case undefined:
        this.later(from, deliver(payload));
        break;
      case 'drop':
        break;
      case 'duplicate':
        this.later(from, deliver(payload));
        this.later(from, deliver(payload));
        break;
      case 'delay':
        this.begin(from);
        setTimeout(() => {
          this.end(from);
          deliver(payload)();
        }, fault.delayMs ?? DEFAULT_DELAY_MS);
        break;
      case 'truncate': {
        const keep = Math.min(payload.length, fault.keepBytes ?? Math.floor(payload.length / 2));
        this.later(from, deliver(payload.subarray(0, keep)));
        break;
      }
      case 'corrupt-length':
        this.later(from, () => {
          if (this.crashed.has(from)) return;
          this.channels.get(to)?.linkFault(from, `frame length field corrupt at step ${step}`);
        });
        break;
      case 'reorder': {
        // Held until the next message on this link is queued, or until the hold times out.
        this.begin(from);
        let released = false;
        const release = (): void => {
          if (released) return;
          released = true;
          clearTimeout(timer);
          this.later(from, deliver(payload));
          this.end(from);
        };
        const timer = setTimeout(() => {
          const list = this.held.get(link);
          if (list !== undefined) {
            const i = list.indexOf(release);
            if (i >= 0) list.splice(i, 1);
          }
          release();
        }, fault.delayMs ?? DEFAULT_DELAY_MS);
        const list = this.held.get(link) ?? [];
        list.push(release);
        this.held.set(link, list);
        return; // do not release other held messages before this one
      }
    }
    const heldHere = this.held.get(link);
    if (heldHere !== undefined) {
      this.held.delete(link);
      for (const release of heldHere) release();
    }
  }

  /** Resolves once every message `party` sent has been delivered or dropped. */
  flushed(party: PartyId): Promise<void> {
    if ((this.inflight.get(party) ?? 0) === 0 || this.crashed.has(party)) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.flushWaiters.get(party) ?? [];
      list.push(resolve);
      this.flushWaiters.set(party, list);
    });
  }

  /** `party` closed its channel: its peers see the link end. */
  departed(party: PartyId): void {
    if (this.gone.has(party)) return;
    this.gone.add(party);
    for (const [id, ch] of this.channels) if (id !== party) ch.linkClosed(party);
  }

  crash(party: PartyId): void {
    this.crashed.add(party);
    const waiters = this.flushWaiters.get(party) ?? [];
    this.flushWaiters.delete(party);
    for (const w of waiters) w();
    this.departed(party);
    void this.channels.get(party)?.close();
  }

  private begin(from: PartyId): void {
    this.inflight.set(from, (this.inflight.get(from) ?? 0) + 1);
  }

  private end(from: PartyId): void {
    const n = (this.inflight.get(from) ?? 1) - 1;
    this.inflight.set(from, n);
    if (n === 0) {
      const waiters = this.flushWaiters.get(from) ?? [];
      this.flushWaiters.delete(from);
      for (const w of waiters) w();
    }
  }

  private later(from: PartyId, fn: () => void): void {
    this.begin(from);
    this.queue.push(() => {
      fn();
      this.end(from);
    });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  private drain(): void {
    this.scheduled = false;
    const batch = this.queue.splice(0, this.queue.length);
    for (const fn of batch) fn();
  }
}

/**
 * Creates one connected {@link Channel} per party, all in this process.
 *
 * @example
 * ```ts
 * const net = memoryNetwork([partyId('a'), partyId('b')], { timeoutMs: 1000 });
 * const [a, b] = net.channels;
 * a.send(b.self, 1, new Uint8Array([42]));
 * const msg = await b.receive(a.self, 1); // Uint8Array [42]
 * await net.close();
 * ```
 * @throws {NetConfigError} for duplicate or invalid party ids, or an invalid timeout.
 */
export function memoryNetwork(
  parties: readonly PartyId[],
  options: MemoryNetworkOptions = {},
): MemoryNetwork {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  try {
    checkTimeout('memoryNetwork', timeoutMs);
  } catch {
    throw new NetConfigError('memoryNetwork: expected timeoutMs in 1..2^31-1', {
      timeoutMs: String(timeoutMs),
    });
  }
  if (parties.length === 0) throw new NetConfigError('memoryNetwork: expected at least one party');
  const first = parties[0] as PartyId;
  checkParties('memoryNetwork', first, parties);
  const hub = new Hub();
  for (const f of options.faults ?? []) hub.inject(f);
  const list: MemoryChannel[] = [];
  for (const p of parties) {
    const ch = new MemoryChannel(hub, p, parties, timeoutMs);
    hub.channels.set(p, ch);
    list.push(ch);
  }
  const frozen = Object.freeze([...parties]);
  return Object.freeze({
    parties: frozen,
    channels: Object.freeze<Channel[]>([...list]),
    channel(party: PartyId): Channel {
      const ch = hub.channels.get(party);
      if (ch === undefined) {
        throw new NetUnknownPeerError({ party: String(party), context: 'memoryNetwork.channel' });
      }
      return ch;
    },
    inject(fault: MemoryFault): void {
      hub.inject(fault);
    },
    crash(party: PartyId): void {
      if (!hub.channels.has(party)) {
        throw new NetUnknownPeerError({ party: String(party), context: 'memoryNetwork.crash' });
      }
      hub.crash(party);
    },
    stats(): MemoryNetworkStats {
      return { messages: hub.messages, bytes: hub.bytes };
    },
    async close(): Promise<void> {
      await Promise.all(list.map((c) => c.close()));
    },
  });
}
