/**
 * One TLS connection to one peer in one session, as used by `tls.ts`: a validating decoder
 * ({@link FrameDecoder}) on the read side and a bounded write queue on the write side.
 *
 * Read side: nothing is decoded before the transport has checked the peer's pinned key (the
 * `data` listener is attached only afterwards), and after the hello the decoder is held until
 * the transport accepts the link ({@link Link.attach}). A framing violation destroys the socket
 * and faults the peer; an end of stream marks it closed.
 *
 * @module
 */
import type { TLSSocket } from 'node:tls';
import type { PartyId } from '../mpc/channel.js';
import { PeerMessageError } from '../mpc/errors.js';
import {
  FrameDecoder,
  encodeDataHeader,
  encodeEnd,
  type Hello,
  type KIND_ACCEPT,
  type KIND_HELLO,
} from './framing.js';

/** Queued frames smaller than this are coalesced (copied) into one write. */
const COALESCE_BYTES = 64 * 1024;
/** Larger payloads go to TLS in zero-copy slices of this size. */
const SLICE_BYTES = 256 * 1024;

/** What a link delivers to once attached (the session's channel). */
export interface LinkOwner {
  arrive(from: PartyId, step: number, payload: Uint8Array): void;
  peerFault(from: PartyId, err: PeerMessageError): void;
  peerLost(from: PartyId, cause: unknown): void;
}

/** One TLS connection to one peer in one session. */
export class Link {
  private readonly decoder: FrameDecoder;
  private owner: LinkOwner | undefined;
  private down = false;
  private readonly queue: Uint8Array[] = [];
  private queued = 0;
  private writing = false;
  private readonly drainWaiters: (() => void)[] = [];
  /** Called with the peer's hello/accept frame (the decoder is then held). */
  onHello: (h: Hello) => void = () => this.destroy();
  /** Called once if the link fails before it is attached to a channel. */
  onFailed: (err: unknown) => void = () => {};

  constructor(
    readonly socket: TLSSocket,
    readonly peer: PartyId,
    expect: typeof KIND_HELLO | typeof KIND_ACCEPT,
    maxFrameBytes: number,
  ) {
    this.decoder = new FrameDecoder(peer, expect, maxFrameBytes, {
      hello: (h) => this.onHello(h),
      data: (step, payload) => this.owner?.arrive(this.peer, step, payload),
      end: () => this.lost(undefined),
    });
    socket.on('data', (chunk: Buffer) => {
      try {
        this.decoder.push(chunk);
      } catch (err: unknown) {
        this.framingError(err);
      }
    });
    socket.on('end', () => {
      try {
        this.decoder.finish();
      } catch (err: unknown) {
        this.framingError(err);
        return;
      }
      this.lost(undefined);
    });
    socket.on('error', (err: Error) => this.lost(err));
    socket.on('close', () => this.lost(undefined));
  }

  get isDown(): boolean {
    return this.down;
  }

  /** Starts delivering data frames to `owner`, including any that arrived with the hello. */
  attach(owner: LinkOwner): void {
    this.owner = owner;
    this.onFailed = () => {};
    this.decoder.release();
    this.socket.resume();
  }

  write(bytes: Uint8Array): void {
    if (this.down || !this.socket.writable) return;
    this.queue.push(bytes);
    this.queued += bytes.length;
    if (!this.writing) this.pump();
  }

  sendData(step: number, payload: Uint8Array): void {
    if (this.down || !this.socket.writable) return; // the receive side reports the dead link
    this.write(encodeDataHeader(step, payload.length));
    if (payload.length > 0) this.write(payload);
  }

  /** Bytes queued here and not yet handed to TLS. */
  get pendingBytes(): number {
    return this.queued;
  }

  /**
   * Hands the queue to TLS one write at a time, waiting for each write to complete. Node's TLS
   * layer merges several buffered writes into one copied buffer, and encrypts a write as a whole
   * before sending any of it; one bounded write at a time avoids the copy, keeps Node's buffer
   * small (backpressure) and lets the peer decrypt slice n while we encrypt slice n+1. Small
   * frames queued together are coalesced into one write (one TLS record, one syscall).
   */
  private pump(): void {
    const head = this.queue[0];
    if (head === undefined || this.down || !this.socket.writable) {
      this.writing = false;
      if (this.queue.length === 0) {
        const waiters = this.drainWaiters.splice(0);
        for (const w of waiters) w();
      }
      return;
    }
    this.writing = true;
    let chunk: Uint8Array;
    if (head.length >= COALESCE_BYTES) {
      // Large: a zero-copy slice.
      chunk = head.length > SLICE_BYTES ? head.subarray(0, SLICE_BYTES) : head;
      this.consume(chunk.length);
    } else {
      // Small head: copy up to COALESCE_BYTES from the front of the queue into one buffer.
      const n = Math.min(this.queued, COALESCE_BYTES);
      chunk = new Uint8Array(n);
      let o = 0;
      while (o < n) {
        const b = this.queue[0] as Uint8Array;
        const k = Math.min(n - o, b.length);
        chunk.set(k === b.length ? b : b.subarray(0, k), o);
        o += k;
        this.consume(k);
      }
    }
    this.socket.write(chunk, (err?: Error | null) => {
      if (err !== undefined && err !== null) {
        // The socket's error/close handlers report the failure; nothing more will be sent.
        this.writing = false;
        this.dropQueue();
        return;
      }
      this.pump();
    });
  }

  private dropQueue(): void {
    this.queue.length = 0;
    this.queued = 0;
    if (!this.writing) {
      const waiters = this.drainWaiters.splice(0);
      for (const w of waiters) w();
    }
  }

  private consume(n: number): void {
    const head = this.queue[0] as Uint8Array;
    if (n === head.length) this.queue.shift();
    else this.queue[0] = head.subarray(n);
    this.queued -= n;
  }

  /** Resolves when everything queued has been handed to TLS (or the link is down). */
  private drained(): Promise<void> {
    if (!this.writing && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Sends the end frame, flushes, and waits (at most `timeoutMs`) for the socket to close. */
  end(timeoutMs: number): Promise<void> {
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.socket.destroy(), timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.write(encodeEnd());
      void this.drained().then(() => {
        if (this.socket.writable) this.socket.end();
        else this.socket.destroy();
      });
    });
  }

  destroy(err?: Error): void {
    this.socket.destroy(err);
  }

  private framingError(err: unknown): void {
    const e =
      err instanceof PeerMessageError
        ? err
        : new PeerMessageError({ party: this.peer, step: 0, reason: 'undecodable input' });
    if (this.down) return;
    this.down = true;
    this.dropQueue();
    this.socket.destroy();
    if (this.owner !== undefined) this.owner.peerFault(this.peer, e);
    else this.onFailed(e);
  }

  private lost(cause: unknown): void {
    if (this.down) return;
    this.down = true;
    this.dropQueue();
    if (this.owner !== undefined) this.owner.peerLost(this.peer, cause);
    else this.onFailed(cause ?? new Error('connection closed'));
  }
}
