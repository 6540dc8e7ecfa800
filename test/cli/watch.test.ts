/** `parley job watch` against a scripted event stream: each line once, exit codes, Ctrl-C. */
import { test } from 'node:test';
import { deepEqual, equal } from 'node:assert/strict';
import type { ApiClient } from '../../src/cli/client.js';
import type { JobEndEvent, JobStateEvent, JobStreamEvent } from '../../src/sdk/index.js';
import { watchJob } from '../../src/cli/commands/job.js';

/**
 * A scripted event stream: each step's log entries, then its state; the stream ends after a
 * terminal state, or waits (until aborted) after the last step.
 */
function scripted(
  steps: { events: { id: number; phase: string; detail: string | null }[]; status: string }[],
  job: { errorReason: string | null; errorCode: string | null },
): Pick<ApiClient, 'watchJob'> & { watched: string[] } {
  const watched: string[] = [];
  return {
    watched,
    watchJob(id: string, options: { signal?: AbortSignal } = {}): AsyncIterable<JobStreamEvent> {
      watched.push(id);
      return (async function* () {
        let last = '';
        for (const s of steps) {
          for (const e of s.events)
            yield { type: 'progress', ...e, at: '2026-01-01T00:00:00Z' } as const;
          if (s.status !== last) {
            yield {
              type: 'state',
              status: s.status as JobStateEvent['status'],
              phase: null,
              progress: 0,
              hasResult: false,
              resultDigest: null,
              ...job,
            } as const;
            last = s.status;
          }
          if (['succeeded', 'failed', 'rejected', 'cancelled'].includes(s.status)) {
            yield { type: 'end', status: s.status as JobEndEvent['status'] } as const;
            return;
          }
        }
        // No end yet: wait until the watcher aborts, as a real stream does.
        await new Promise((_, reject) => {
          const signal = options.signal;
          if (signal === undefined) return;
          signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
        });
      })();
    },
  };
}

test('watch prints each entry once, then the end; exit 0 on success', async () => {
  const api = scripted(
    [
      { events: [{ id: 3, phase: 'connecting', detail: '2 peers' }], status: 'running' },
      { events: [], status: 'running' },
      {
        events: [
          { id: 4, phase: 'compute', detail: null },
          { id: 7, phase: 'done', detail: 'digest 0xab' },
        ],
        status: 'succeeded',
      },
    ],
    { errorReason: null, errorCode: null },
  );
  const lines: string[] = [];
  equal(await watchJob(api, '5', (s) => lines.push(s)), 0);
  deepEqual(lines, [
    '[connecting] 2 peers',
    'job 5: running',
    '[compute]',
    '[done] digest 0xab',
    'job 5 succeeded',
  ]);
  deepEqual(api.watched, ['5'], 'one stream, no polling');
});

test('a failed job exits 1 with its reason; an abort stops watching with 130', async () => {
  const failed = scripted([{ events: [], status: 'failed' }], {
    errorReason: 'party 2 timed out',
    errorCode: 'ERR_JOB_FAILED',
  });
  const lines: string[] = [];
  equal(await watchJob(failed, '6', (s) => lines.push(s)), 1);
  deepEqual(lines, ['job 6 failed: party 2 timed out [ERR_JOB_FAILED]']);

  const forever = scripted([{ events: [], status: 'awaiting_approval' }], {
    errorReason: null,
    errorCode: null,
  });
  const ac = new AbortController();
  const out: string[] = [];
  const done = watchJob(forever, '8', (s) => out.push(s), {
    signal: ac.signal,
  });
  setTimeout(() => ac.abort(), 20);
  equal(await done, 130);
  deepEqual(out, [
    'job 8: awaiting_approval',
    'Stopped watching job 8; it continues on the consortium.',
  ]);
});
