/**
 * `watchJob`: a job's Server-Sent Events stream (GET /v1/jobs/{id}/events/stream) as an async
 * iterator of typed events. The parser follows the HTML Living Standard's event-stream
 * interpretation (lines end in LF, CR or CRLF; `data:` lines join with LF; comment lines start
 * with `:`; a blank line dispatches), for the fields this API sends (`event`, `data`, `id`).
 * Works wherever `fetch` streams a body (Node >= 20, browsers); `EventSource` is not used
 * because it cannot send the Authorization header.
 *
 * @module
 */
import type { components } from './generated/api.js';
import {
  errorFromResponse,
  ParleyApiUnexpectedError,
  ParleyApiUnreachableError,
} from './errors.js';

export type JobProgressEvent = components['schemas']['JobProgressEvent'];
export type JobStateEvent = components['schemas']['JobStateEvent'];
export type JobEndEvent = components['schemas']['JobEndEvent'];
/** One event of a job's stream; `type` tells which. */
export type JobStreamEvent = JobProgressEvent | JobStateEvent | JobEndEvent;

/** Options of `watchJob`. */
export interface WatchJobOptions {
  /** Stops the stream; the pending `next()` rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Only progress entries with a larger id (resume after the last one seen). */
  readonly after?: number;
}

/** What the client gives `watchJobEvents` (client.ts). */
export interface WatchTransport {
  readonly origin: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly send: (req: Request) => Promise<Response>;
  readonly credentials?: RequestInit['credentials'];
}

/** One dispatched server-sent event. */
export interface ServerSentEvent {
  readonly event: string;
  readonly data: string;
  readonly id: string | undefined;
}

/**
 * Splits a text/event-stream body into events, as chunks arrive.
 * @example
 * ```ts
 * for await (const ev of parseEventStream(res.body!)) console.log(ev.event, ev.data);
 * ```
 */
export async function* parseEventStream(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<ServerSentEvent, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      for (;;) {
        const m = /\r\n|\r|\n/.exec(buffer);
        // A lone CR at the end may be the first half of CRLF: wait for more input.
        if (m === null || (m[0] === '\r' && m.index === buffer.length - 1 && !done)) break;
        const line = buffer.slice(0, m.index);
        buffer = buffer.slice(m.index + m[0].length);
        if (line === '') {
          if (data.length > 0)
            yield { event: event === '' ? 'message' : event, data: data.join('\n'), id };
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value_ = colon < 0 ? '' : line.slice(colon + 1);
        if (value_.startsWith(' ')) value_ = value_.slice(1);
        if (field === 'event') event = value_;
        else if (field === 'data') data.push(value_);
        else if (field === 'id' && !value_.includes('\0')) id = value_;
      }
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}

const TYPES = new Set(['progress', 'state', 'end']);

/**
 * The events of job `id` (used by `ParleyClient.watchJob`).
 * @example
 * ```ts
 * for await (const ev of watchJobEvents(transport, '7', { signal })) console.log(ev.type);
 * ```
 */
export async function* watchJobEvents(
  t: WatchTransport,
  id: string,
  options: WatchJobOptions = {},
): AsyncGenerator<JobStreamEvent, void, undefined> {
  options.signal?.throwIfAborted();
  // Our own controller, so that leaving the loop early (return()) also closes the connection.
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const url = new URL(`${t.origin}/v1/jobs/${encodeURIComponent(id)}/events/stream`);
  if (options.after !== undefined) url.searchParams.set('after', String(options.after));
  try {
    const res = await t.send(
      new Request(url, {
        headers: { ...t.headers, accept: 'text/event-stream' },
        signal: controller.signal,
        ...(t.credentials === undefined ? {} : { credentials: t.credentials }),
      }),
    );
    if (!res.ok) {
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        /* not JSON: errorFromResponse makes it ERR_API_UNEXPECTED */
      }
      throw errorFromResponse(res.status, body, t.origin);
    }
    if (
      res.body === null ||
      !(res.headers.get('content-type') ?? '').startsWith('text/event-stream')
    ) {
      throw new ParleyApiUnexpectedError({ status: res.status, url: t.origin });
    }
    try {
      for await (const ev of parseEventStream(res.body)) {
        if (!TYPES.has(ev.event)) continue;
        let parsed: unknown;
        try {
          parsed = JSON.parse(ev.data);
        } catch (err) {
          throw new ParleyApiUnexpectedError({ status: res.status, url: t.origin }, { cause: err });
        }
        if (
          typeof parsed !== 'object' ||
          parsed === null ||
          (parsed as { type?: unknown }).type !== ev.event
        ) {
          throw new ParleyApiUnexpectedError({ status: res.status, url: t.origin });
        }
        const e = parsed as JobStreamEvent;
        yield e;
        if (e.type === 'end') return;
      }
    } catch (err) {
      if (controller.signal.aborted) throw controller.signal.reason;
      if (err instanceof ParleyApiUnexpectedError) throw err;
      throw new ParleyApiUnreachableError(t.origin, {
        cause: err,
        reason: `The event stream of job ${id} from ${t.origin} broke off.`,
      });
    }
    if (controller.signal.aborted) throw controller.signal.reason;
    throw new ParleyApiUnreachableError(t.origin, {
      reason: `The event stream of job ${id} from ${t.origin} ended before the job did.`,
    });
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    controller.abort();
  }
}
