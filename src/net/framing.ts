/**
 * The wire format of a Parley link (one TLS connection per pair of parties per session), with
 * its encoders and a streaming, validating decoder.
 *
 * Everything a peer sends is parsed here field by field with explicit bounds; nothing is handed
 * to a generic deserializer. Any violation (unknown frame kind, bad magic or version, oversized
 * length, bytes after the end frame, a stream that ends inside a frame) raises
 * `PeerMessageError` naming the peer, and the link is faulted (fail closed): the transport drops
 * the connection and every receive from that peer fails.
 *
 * Wire format, all integers big-endian:
 *
 * ```
 * hello  (first frame in each direction; the dialer sends kind 'H', the acceptor answers 'A'
 *         once it has opened the same session)
 *   4  magic      "PRLY" (0x50 0x52 0x4c 0x59)
 *   1  version    1
 *   1  kind       0x48 'H' (hello) | 0x41 'A' (accept)
 *   2  bodyLen    length of the body, 3 + |session| + |from| + |to| + 32 <= 512
 *      body:
 *   1+n  session  n = 1..128 bytes of [A-Za-z0-9._:-]
 *   1+n  from     the sender's party id, n = 1..64 bytes of [A-Za-z0-9._-]
 *   1+n  to       the intended receiver's party id, same alphabet
 *   32   parties  SHA-256 of the session's party list, ids joined by '\n' (order matters)
 *
 * data   (after the hello, any number)
 *   1  kind       0x44 'D'
 *   4  step       u32
 *   4  length     u32, <= maxFrameBytes (configurable, default 256 MiB)
 *   length bytes  payload
 *
 * end    (optional, last frame: the sender closed its channel cleanly; nothing may follow)
 *   1  kind       0x45 'E'
 * ```
 *
 * The peer's identity is never taken from these bytes alone: `from` must match the party whose
 * pinned key the TLS handshake proved (checked in `tls.ts` before any data frame is accepted).
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { PeerMessageError } from '../mpc/errors.js';
import { MAX_STEP } from './inbox.js';

export const MAGIC: Uint8Array = Uint8Array.of(0x50, 0x52, 0x4c, 0x59);
export const VERSION = 1;
export const KIND_HELLO = 0x48;
export const KIND_ACCEPT = 0x41;
export const KIND_DATA = 0x44;
export const KIND_END = 0x45;
/** Length of a hello frame's fixed header (magic, version, kind, bodyLen). */
export const HELLO_HEADER_BYTES = 8;
/** Maximum hello body length. */
export const MAX_HELLO_BODY = 512;
/** Length of a data frame header (kind, step, length). */
export const DATA_HEADER_BYTES = 9;
/** Default and maximum of `maxFrameBytes`. */
export const DEFAULT_MAX_FRAME_BYTES: number = 256 * 1024 * 1024;
export const MAX_FRAME_BYTES_LIMIT = 0xffff_ffff;

/** Payloads up to this size get their buffer when the header arrives (see FrameDecoder). */
const EAGER_BYTES = 32 * 1024 * 1024;

/**
 * A fresh buffer of `n` bytes at offset 0 of its own ArrayBuffer, not zero-filled: callers must
 * overwrite every byte before exposing it (the decoder delivers a payload only when complete).
 */
function alloc(n: number): Uint8Array {
  if (n < 4096) return new Uint8Array(n);
  const b = Buffer.allocUnsafeSlow(n);
  return new Uint8Array(b.buffer, b.byteOffset, n);
}

const SESSION_RE = /^[A-Za-z0-9._:-]{1,128}$/;
const PARTY_RE = /^[A-Za-z0-9._-]{1,64}$/;

/** Whether `s` is a valid session id: 1..128 chars of [A-Za-z0-9._:-]. */
export function isSessionId(s: string): boolean {
  return SESSION_RE.test(s);
}

/** The first frame on a link, in either direction. */
export interface Hello {
  readonly kind: typeof KIND_HELLO | typeof KIND_ACCEPT;
  readonly session: string;
  readonly from: string;
  readonly to: string;
  /** SHA-256 of the party list, 32 bytes (see {@link partiesDigest}). */
  readonly parties: Uint8Array;
}

/**
 * SHA-256 of `parties` joined by '\n': both ends of a link must agree on the party list.
 * @example
 * ```ts
 * partiesDigest(['a', 'b']); // 32 bytes; differs from partiesDigest(['b', 'a'])
 * ```
 */
export function partiesDigest(parties: readonly string[]): Uint8Array {
  return new Uint8Array(createHash('sha256').update(parties.join('\n')).digest());
}

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/**
 * Encodes a hello or accept frame (see the module doc for the layout).
 * @throws {RangeError} if a field does not fit its alphabet or length.
 * @example
 * ```ts
 * const bytes = encodeHello({ kind: KIND_HELLO, session: 'job-1', from: 'a', to: 'b',
 *   parties: partiesDigest(['a', 'b']) });
 * ```
 */
export function encodeHello(h: Hello): Uint8Array {
  if (!SESSION_RE.test(h.session)) throw new RangeError('encodeHello: invalid session id');
  if (!PARTY_RE.test(h.from) || !PARTY_RE.test(h.to)) {
    throw new RangeError('encodeHello: invalid party id');
  }
  if (h.parties.length !== 32) throw new RangeError('encodeHello: expected a 32-byte digest');
  const fields = [ascii(h.session), ascii(h.from), ascii(h.to)];
  const bodyLen = fields.reduce((s, f) => s + 1 + f.length, 0) + 32;
  const out = new Uint8Array(HELLO_HEADER_BYTES + bodyLen);
  const dv = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[4] = VERSION;
  out[5] = h.kind;
  dv.setUint16(6, bodyLen);
  let o = HELLO_HEADER_BYTES;
  for (const f of fields) {
    out[o++] = f.length;
    out.set(f, o);
    o += f.length;
  }
  out.set(h.parties, o);
  return out;
}

/**
 * Encodes a data frame header; the payload follows it unchanged on the wire.
 * @example
 * ```ts
 * socket.write(encodeDataHeader(7, payload.length));
 * socket.write(payload);
 * ```
 * @throws {RangeError} if `step` or `length` is not a u32.
 */
export function encodeDataHeader(step: number, length: number): Uint8Array {
  if (!Number.isInteger(step) || step < 0 || step > MAX_STEP) {
    throw new RangeError('encodeDataHeader: expected step in 0..2^32-1, got ' + String(step));
  }
  if (!Number.isInteger(length) || length < 0 || length > MAX_FRAME_BYTES_LIMIT) {
    throw new RangeError('encodeDataHeader: expected length in 0..2^32-1, got ' + String(length));
  }
  const out = new Uint8Array(DATA_HEADER_BYTES);
  const dv = new DataView(out.buffer);
  out[0] = KIND_DATA;
  dv.setUint32(1, step);
  dv.setUint32(5, length);
  return out;
}

/** The end frame. */
export function encodeEnd(): Uint8Array {
  return Uint8Array.of(KIND_END);
}

/** Receives what a {@link FrameDecoder} decodes. */
export interface FrameHandler {
  hello(h: Hello): void;
  data(step: number, payload: Uint8Array): void;
  end(): void;
}

type State = 'hello' | 'frames' | 'ended' | 'failed';

/**
 * A streaming decoder for one direction of one link. Feed it the bytes as they arrive with
 * {@link FrameDecoder.push}; it calls the handler for each complete frame and throws
 * `PeerMessageError` (naming `peer`) at the first invalid byte, after which it accepts nothing.
 *
 * The first frame must be a hello of kind `expect`. After the hello the decoder stops (`held`)
 * until {@link FrameDecoder.release}: the transport checks the peer's identity and session
 * first, so no data frame is parsed before that check.
 *
 * @example
 * ```ts
 * const dec = new FrameDecoder('bob', KIND_HELLO, 1 << 20, {
 *   hello: (h) => { checkIdentity(h); dec.release(); },
 *   data: (step, payload) => inbox.deliver('bob', step, payload),
 *   end: () => {},
 * });
 * socket.on('data', (chunk) => dec.push(chunk)); // throws PeerMessageError on bad input
 * socket.on('end', () => dec.finish());
 * ```
 *
 * Cost: every payload is copied exactly once, from the input chunks into one exactly sized
 * buffer at offset 0 that the receiver owns. Payloads up to 32 MiB get that buffer when their
 * header arrives and are filled chunk by chunk; larger ones are gathered (no copy) and copied
 * when complete, so memory grows only with bytes actually received.
 */
export class FrameDecoder {
  private readonly chunks: Uint8Array[] = [];
  private buffered = 0;
  private state: State = 'hello';
  private held = false;
  private releasing = false;
  /** Header of the data frame being gathered, or undefined between frames. */
  private frame:
    { step: number; length: number; target: Uint8Array | undefined; filled: number } | undefined;

  constructor(
    private peer: string,
    private readonly expect: typeof KIND_HELLO | typeof KIND_ACCEPT,
    private readonly maxFrameBytes: number,
    private readonly handler: FrameHandler,
  ) {}

  /** Sets the party name used in errors (once the peer's identity is known). */
  setPeer(peer: string): void {
    this.peer = peer;
  }

  /** Bytes received but not yet decoded. */
  get pending(): number {
    return this.buffered;
  }

  /** Appends `chunk` and decodes every complete frame in it (unless held). */
  push(chunk: Uint8Array): void {
    if (this.state === 'failed') return;
    if (chunk.length === 0) return;
    if (this.state === 'ended') this.fail(0, 'bytes after the end frame');
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    this.pump();
  }

  /** Resumes decoding after the hello. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    this.pump();
  }

  /** The stream ended: throws if it ended inside a frame (truncation). */
  finish(): void {
    if (this.state === 'failed' || this.state === 'ended') return;
    if (this.state === 'hello') {
      if (this.buffered > 0) this.fail(0, `stream ended inside the hello (${this.buffered} bytes)`);
      return;
    }
    if (this.frame !== undefined) {
      this.fail(
        this.frame.step,
        `stream ended inside a frame (${this.frame.filled + this.buffered} of ${this.frame.length} payload bytes)`,
      );
    }
    if (this.buffered > 0) {
      this.fail(0, `stream ended inside a frame header (${this.buffered} bytes)`);
    }
  }

  private fail(step: number, reason: string): never {
    this.state = 'failed';
    this.chunks.length = 0;
    this.buffered = 0;
    throw new PeerMessageError({ party: this.peer, step, label: 'framing', reason });
  }

  private pump(): void {
    if (this.releasing) return; // re-entrancy from a handler: the outer loop continues
    this.releasing = true;
    try {
      while (!this.held && this.state !== 'failed' && this.step()) {
        /* decode the next frame */
      }
    } finally {
      this.releasing = false;
    }
  }

  /** Decodes one frame if enough bytes are buffered; returns whether it made progress. */
  private step(): boolean {
    if (this.state === 'hello') return this.stepHello();
    if (this.state === 'ended') {
      if (this.buffered > 0) this.fail(0, 'bytes after the end frame');
      return false;
    }
    if (this.frame === undefined) {
      if (this.buffered === 0) return false;
      const kind = this.peekByte();
      if (kind === KIND_END) {
        this.take(1);
        this.state = 'ended';
        this.handler.end();
        return true;
      }
      if (kind !== KIND_DATA) this.fail(0, `unknown frame kind 0x${kind.toString(16)}`);
      if (this.buffered < DATA_HEADER_BYTES) return false;
      const h = this.take(DATA_HEADER_BYTES);
      const dv = new DataView(h.buffer, h.byteOffset, h.byteLength);
      const step = dv.getUint32(1);
      const length = dv.getUint32(5);
      if (length > this.maxFrameBytes) {
        this.fail(step, `frame of ${length} bytes exceeds the limit of ${this.maxFrameBytes}`);
      }
      // Up to EAGER_BYTES the payload buffer is allocated now and filled as chunks arrive
      // (each chunk is copied while still in cache); larger payloads are gathered and copied
      // once complete, so a peer cannot make us allocate more than it actually sends.
      this.frame = {
        step,
        length,
        target: length <= EAGER_BYTES ? alloc(length) : undefined,
        filled: 0,
      };
    }
    const f = this.frame;
    if (f.target !== undefined) {
      while (f.filled < f.length) {
        const c = this.chunks[0];
        if (c === undefined) return false;
        const k = Math.min(f.length - f.filled, c.length);
        f.target.set(k === c.length ? c : c.subarray(0, k), f.filled);
        f.filled += k;
        this.drop(k);
      }
      this.frame = undefined;
      this.handler.data(f.step, f.target);
      return true;
    }
    if (this.buffered < f.length) return false;
    this.frame = undefined;
    this.handler.data(f.step, this.takeOwned(f.length));
    return true;
  }

  private stepHello(): boolean {
    if (this.buffered < HELLO_HEADER_BYTES) {
      // Reject a wrong magic as early as possible.
      const head = this.peek(Math.min(this.buffered, 4));
      for (let i = 0; i < head.length; i++) {
        if (head[i] !== MAGIC[i]) this.fail(0, 'bad magic (not a Parley link)');
      }
      return false;
    }
    const h = this.peek(HELLO_HEADER_BYTES);
    for (let i = 0; i < 4; i++) {
      if (h[i] !== MAGIC[i]) this.fail(0, 'bad magic (not a Parley link)');
    }
    if (h[4] !== VERSION) this.fail(0, `unsupported protocol version ${h[4] ?? '?'}`);
    if (h[5] !== this.expect) {
      this.fail(0, `expected ${this.expect === KIND_HELLO ? 'a hello' : 'an accept'} frame first`);
    }
    const bodyLen = ((h[6] ?? 0) << 8) | (h[7] ?? 0);
    if (bodyLen > MAX_HELLO_BODY) this.fail(0, `hello body of ${bodyLen} bytes is too long`);
    if (this.buffered < HELLO_HEADER_BYTES + bodyLen) return false;
    this.take(HELLO_HEADER_BYTES);
    const body = this.take(bodyLen);
    let o = 0;
    const field = (name: string, re: RegExp): string => {
      const n = body[o];
      if (n === undefined || o + 1 + n > body.length) this.fail(0, `hello: truncated ${name}`);
      const bytes = body.subarray(o + 1, o + 1 + n);
      o += 1 + n;
      for (const b of bytes) if (b > 0x7e || b < 0x21) this.fail(0, `hello: invalid ${name}`);
      const s = String.fromCharCode(...bytes);
      if (!re.test(s)) this.fail(0, `hello: invalid ${name}`);
      return s;
    };
    const session = field('session', SESSION_RE);
    const from = field('from', PARTY_RE);
    const to = field('to', PARTY_RE);
    if (body.length - o !== 32) this.fail(0, 'hello: party-list digest must be 32 bytes');
    const parties = body.slice(o, o + 32);
    this.state = 'frames';
    this.held = true;
    this.handler.hello({ kind: this.expect, session, from, to, parties });
    return true;
  }

  private peekByte(): number {
    return this.chunks[0]?.[0] ?? 0;
  }

  /** The first `n` buffered bytes (n <= buffered), copied only if they straddle chunks. */
  private peek(n: number): Uint8Array {
    const first = this.chunks[0];
    if (first !== undefined && first.length >= n) return first.subarray(0, n);
    const out = new Uint8Array(n);
    let o = 0;
    for (const c of this.chunks) {
      if (o === n) break;
      const k = Math.min(n - o, c.length);
      out.set(c.subarray(0, k), o);
      o += k;
    }
    return out;
  }

  /** Removes and returns the first `n` buffered bytes; may alias the input chunks. */
  private take(n: number): Uint8Array {
    const out = this.peek(n);
    this.drop(n);
    return out;
  }

  /** Removes the first `n` bytes into a fresh, exactly sized buffer the caller owns. */
  private takeOwned(n: number): Uint8Array {
    const out = alloc(n);
    let o = 0;
    while (o < n) {
      const c = this.chunks[0];
      if (c === undefined) break;
      const k = Math.min(n - o, c.length);
      out.set(k === c.length ? c : c.subarray(0, k), o);
      o += k;
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    this.buffered -= n;
    return out;
  }

  private drop(n: number): void {
    let left = n;
    while (left > 0) {
      const c = this.chunks[0];
      if (c === undefined) break;
      if (c.length <= left) {
        this.chunks.shift();
        left -= c.length;
      } else {
        this.chunks[0] = c.subarray(left);
        left = 0;
      }
    }
    this.buffered -= n;
  }
}
