/**
 * The SDK's text/event-stream parser against a reference reading of whole streams: any split
 * of the bytes into chunks (across CRLF pairs and multi-byte UTF-8 characters) gives the same
 * events; CR, LF and CRLF line ends, comments, multi-line data and ids follow the HTML
 * standard's interpretation.
 */
import { test } from 'node:test';
import { deepEqual } from 'node:assert/strict';
import fc from 'fast-check';
import { parseEventStream, type ServerSentEvent } from '../../src/sdk/index.js';

function streamOf(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(c) {
      for (const ch of chunks) c.enqueue(ch);
      c.close();
    },
  });
}

async function parse(chunks: readonly Uint8Array[]): Promise<ServerSentEvent[]> {
  const out: ServerSentEvent[] = [];
  for await (const ev of parseEventStream(streamOf(chunks))) out.push(ev);
  return out;
}

/** Splits `bytes` at the given cut points. */
function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of [...at, bytes.length]) {
    out.push(bytes.slice(prev, c));
    prev = c;
  }
  return out;
}

interface Ev {
  event?: string;
  data: string[];
  id?: string;
  comment?: string;
}

/** Serializes events with the given line end; the reference result is built alongside. */
function serialize(evs: readonly Ev[], eol: string): { text: string; expected: ServerSentEvent[] } {
  let text = '';
  let id: string | undefined;
  const expected: ServerSentEvent[] = [];
  for (const e of evs) {
    if (e.comment !== undefined) text += `:${e.comment}${eol}`;
    if (e.id !== undefined) {
      text += `id: ${e.id}${eol}`;
      id = e.id;
    }
    if (e.event !== undefined) text += `event: ${e.event}${eol}`;
    for (const d of e.data) text += `data: ${d}${eol}`;
    text += eol;
    if (e.data.length > 0)
      expected.push({ event: e.event ?? 'message', data: e.data.join('\n'), id });
  }
  return { text, expected };
}

// Field values: no line breaks; include multi-byte characters and a leading space.
const value = fc.string({ unit: fc.constantFrom('a', 'é', '€', '😀', ' ', ':', '{', '"') });
const evArb: fc.Arbitrary<Ev> = fc.record(
  {
    event: fc.constantFrom('progress', 'state', 'end'),
    data: fc.array(value, { maxLength: 3 }),
    id: fc.stringMatching(/^[0-9]{1,6}$/),
    comment: value,
  },
  { requiredKeys: ['data'] },
);

test('any chunking of a stream gives the events of the whole stream', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(evArb, { maxLength: 8 }),
      fc.constantFrom('\n', '\r\n', '\r'),
      fc.array(fc.nat(), { maxLength: 12 }),
      async (evs, eol, cuts) => {
        const { text, expected } = serialize(evs, eol);
        const bytes = new TextEncoder().encode(text);
        deepEqual(await parse(split(bytes, cuts)), expected);
      },
    ),
    { numRuns: 300 },
  );
});

test('edge cases: empty stream, no final blank line, data without space, bare field names', async () => {
  const enc = (s: string): Uint8Array[] => [new TextEncoder().encode(s)];
  deepEqual(await parse([]), []);
  deepEqual(await parse(enc('')), []);
  // An event without its terminating blank line is not dispatched (the stream ended mid-event).
  deepEqual(await parse(enc('data: x\n')), []);
  deepEqual(await parse(enc('data:x\n\n')), [{ event: 'message', data: 'x', id: undefined }]);
  deepEqual(await parse(enc('data\n\n')), [{ event: 'message', data: '', id: undefined }]);
  deepEqual(await parse(enc('event: end\n\n')), [], 'no data: nothing dispatched');
  deepEqual(await parse(enc(': heartbeat\n\n: heartbeat\n\n')), []);
  deepEqual(await parse(enc('id: 7\ndata: a\n\ndata: b\n\n')), [
    { event: 'message', data: 'a', id: '7' },
    { event: 'message', data: 'b', id: '7' },
  ]);
  deepEqual(await parse(enc('data:  two spaces\n\n')), [
    { event: 'message', data: ' two spaces', id: undefined },
  ]);
});
