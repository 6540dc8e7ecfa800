import { describe, test } from 'node:test';
import { deepEqual, equal, ok, throws } from 'node:assert/strict';
import fc from 'fast-check';
import {
  FrameDecoder,
  KIND_ACCEPT,
  KIND_HELLO,
  encodeDataHeader,
  encodeEnd,
  encodeHello,
  partiesDigest,
  type Hello,
} from '../../src/net/framing.js';

type Event =
  | { kind: 'hello'; hello: Hello }
  | { kind: 'data'; step: number; payload: Uint8Array }
  | { kind: 'end' };

function decoder(max = 1 << 20, expect: typeof KIND_HELLO | typeof KIND_ACCEPT = KIND_HELLO) {
  const events: Event[] = [];
  const d = new FrameDecoder('mallory', expect, max, {
    hello: (hello) => {
      events.push({ kind: 'hello', hello });
      d.release(); // tests accept every hello at once
    },
    data: (step, payload) => events.push({ kind: 'data', step, payload }),
    end: () => events.push({ kind: 'end' }),
  });
  return { d, events };
}

const hello: Hello = {
  kind: KIND_HELLO,
  session: 'job-1:x',
  from: 'alice',
  to: 'bob',
  parties: partiesDigest(['alice', 'bob']),
};

function frame(step: number, payload: Uint8Array): Uint8Array {
  return new Uint8Array([...encodeDataHeader(step, payload.length), ...payload]);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Asserts a PeerMessageError naming 'mallory' whose reason includes `text`. */
function bad(text: string, step?: number): (err: unknown) => boolean {
  return (err: unknown) => {
    const e = err as Error & { code?: unknown; details: Record<string, unknown> };
    equal(e.code, 'ERR_PEER_MESSAGE', String(err));
    equal(e.details['party'], 'mallory');
    ok(e.message.includes('mallory'));
    ok(
      String(e.details['reason']).includes(text),
      `${String(e.details['reason'])} includes ${text}`,
    );
    if (step !== undefined) equal(e.details['step'], step);
    return true;
  };
}

void describe('framing', () => {
  void test('hello, data and end frames round-trip', () => {
    const { d, events } = decoder();
    d.push(
      concat([
        encodeHello(hello),
        frame(7, Uint8Array.of(1, 2, 3)),
        frame(0xffffffff, new Uint8Array(0)),
        encodeEnd(),
      ]),
    );
    d.finish();
    deepEqual(events, [
      { kind: 'hello', hello },
      { kind: 'data', step: 7, payload: Uint8Array.of(1, 2, 3) },
      { kind: 'data', step: 0xffffffff, payload: new Uint8Array(0) },
      { kind: 'end' },
    ]);
  });

  void test('any split of the byte stream decodes to the same frames (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 0xffffffff }), fc.uint8Array({ maxLength: 300 })), {
          maxLength: 8,
        }),
        fc.array(fc.nat({ max: 400 }), { maxLength: 10 }),
        (frames, cuts) => {
          const stream = concat([encodeHello(hello), ...frames.map(([s, p]) => frame(s, p))]);
          const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort(
            (a, b) => a - b,
          );
          const { d, events } = decoder();
          let last = 0;
          for (const p of [...points, stream.length]) {
            d.push(stream.subarray(last, p));
            last = p;
          }
          d.finish();
          deepEqual(
            events.slice(1),
            frames.map(([step, payload]) => ({ kind: 'data', step, payload })),
          );
        },
      ),
    );
  });

  void test('byte-by-byte delivery of a large frame yields one owned, exact payload', () => {
    const { d, events } = decoder();
    const p = new Uint8Array(5000).map((_, i) => i & 0xff);
    const stream = concat([encodeHello(hello), frame(3, p)]);
    for (let i = 0; i < stream.length; i++) d.push(stream.subarray(i, i + 1));
    const e = events[1];
    ok(e?.kind === 'data');
    deepEqual(e.payload, p);
    equal(e.payload.byteOffset, 0);
    equal(e.payload.buffer.byteLength, 5000);
  });

  void test('a payload above 32 MiB (gathered, then copied once) arrives intact', () => {
    const { d, events } = decoder(64 << 20);
    const n = (32 << 20) + 3;
    d.push(concat([encodeHello(hello), encodeDataHeader(11, n)]));
    const chunk = new Uint8Array(1 << 20);
    let sent = 0;
    for (let i = 0; sent < n; i++) {
      const k = Math.min(chunk.length, n - sent);
      d.push(chunk.slice(0, k).fill(i & 0xff));
      sent += k;
      if (sent < n) equal(events.length, 1, 'nothing delivered before the frame is complete');
    }
    const e = events[1];
    ok(e?.kind === 'data');
    equal(e.step, 11);
    equal(e.payload.length, n);
    equal(e.payload.byteOffset, 0);
    equal(e.payload[0], 0);
    equal(e.payload[(5 << 20) + 7], 5);
    equal(e.payload[n - 1], 32);
  });

  void test('nothing after the hello is decoded until release()', () => {
    const events: string[] = [];
    const d = new FrameDecoder('mallory', KIND_HELLO, 1 << 20, {
      hello: () => events.push('hello'),
      data: (s) => events.push(`data ${s}`),
      end: () => events.push('end'),
    });
    d.push(concat([encodeHello(hello), frame(1, Uint8Array.of(1))]));
    deepEqual(events, ['hello']);
    ok(d.pending > 0);
    d.push(frame(2, Uint8Array.of(2)));
    deepEqual(events, ['hello']);
    d.release();
    deepEqual(events, ['hello', 'data 1', 'data 2']);
  });

  void test('rejects a bad magic, version or first-frame kind', () => {
    throws(() => decoder().d.push(Uint8Array.of(0x16, 3, 1)), bad('bad magic'));
    throws(
      () => decoder().d.push(new TextEncoder().encode('GET / HTTP/1.1\r\n')),
      bad('bad magic'),
    );
    const h = encodeHello(hello);
    const v2 = h.slice();
    v2[4] = 2;
    throws(() => decoder().d.push(v2), bad('unsupported protocol version 2'));
    throws(() => decoder(1000, KIND_ACCEPT).d.push(h), bad('expected an accept frame first'));
    throws(() => decoder().d.push(frame(1, Uint8Array.of(1))), bad('bad magic'));
  });

  void test('rejects malformed hello bodies', () => {
    const h = encodeHello(hello);
    const long = h.slice(0, 8);
    long[6] = 0xff;
    long[7] = 0xff;
    throws(() => decoder().d.push(long), bad('too long'));
    const badChar = h.slice();
    badChar[9] = 0x20; // a space in the session id
    throws(() => decoder().d.push(badChar), bad('invalid session'));
    const shortDigest = h.slice(0, h.length - 1);
    shortDigest[7] = (shortDigest[7] ?? 0) - 1;
    throws(() => decoder().d.push(shortDigest), bad('digest must be 32 bytes'));
    const overrun = h.slice();
    overrun[8] = 200; // session length beyond the body
    throws(() => decoder().d.push(overrun), bad('truncated session'));
  });

  void test('rejects an oversized frame from its header alone, naming the step', () => {
    const { d } = decoder(1024);
    d.push(encodeHello(hello));
    throws(() => d.push(encodeDataHeader(9, 1025)), bad('exceeds the limit of 1024', 9));
  });

  void test('rejects unknown frame kinds and bytes after the end frame', () => {
    const a = decoder();
    a.d.push(encodeHello(hello));
    throws(() => a.d.push(Uint8Array.of(0x00)), bad('unknown frame kind 0x0'));
    const b = decoder();
    b.d.push(concat([encodeHello(hello), encodeEnd()]));
    throws(() => b.d.push(Uint8Array.of(0x44)), bad('after the end frame'));
  });

  void test('a stream that ends inside a frame is truncation', () => {
    const a = decoder();
    a.d.push(concat([encodeHello(hello), encodeDataHeader(5, 10), Uint8Array.of(1, 2)]));
    throws(() => a.d.finish(), bad('stream ended inside a frame (2 of 10 payload bytes)', 5));
    const b = decoder();
    b.d.push(concat([encodeHello(hello), encodeDataHeader(5, 10).subarray(0, 4)]));
    throws(() => b.d.finish(), bad('inside a frame header'));
    const c = decoder();
    c.d.push(encodeHello(hello).subarray(0, 10));
    throws(() => c.d.finish(), bad('inside the hello'));
    const ok1 = decoder();
    ok1.d.push(concat([encodeHello(hello), frame(1, Uint8Array.of(1))]));
    ok1.d.finish(); // a clean end between frames is not an error
  });

  void test('after an error the decoder accepts nothing', () => {
    const { d, events } = decoder();
    d.push(encodeHello(hello));
    throws(() => d.push(Uint8Array.of(0x00)));
    d.push(frame(1, Uint8Array.of(1)));
    equal(events.length, 1);
  });

  void test('encoders refuse values that do not fit the format', () => {
    throws(() => encodeDataHeader(-1, 0), RangeError);
    throws(() => encodeDataHeader(2 ** 32, 0), RangeError);
    throws(() => encodeDataHeader(0, 2 ** 32), RangeError);
    throws(() => encodeHello({ ...hello, session: 'a b' }), RangeError);
    throws(() => encodeHello({ ...hello, from: '' }), RangeError);
    throws(() => encodeHello({ ...hello, parties: new Uint8Array(31) }), RangeError);
  });
});
