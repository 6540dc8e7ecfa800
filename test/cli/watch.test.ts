/** `parley job watch`'s polling loop against a scripted API: new lines only, exit codes, Ctrl-C. */
import { test } from 'node:test';
import { deepEqual, equal } from 'node:assert/strict';
import type { ApiClient } from '../../src/cli/client.js';
import { watchJob } from '../../src/cli/commands/job.js';

function scripted(
  steps: { events: { id: number; phase: string; detail: string | null }[]; status: string }[],
  job: { errorReason: string | null; errorCode: string | null },
): ApiClient & { afters: string[] } {
  const afters: string[] = [];
  let i = 0;
  return {
    url: 'http://test',
    afters,
    request<T>(_method: string, path: string): Promise<T> {
      if (path.includes('/events')) {
        afters.push(new URL(path, 'http://x').searchParams.get('after') ?? '');
        const s = steps[Math.min(i++, steps.length - 1)]!;
        return Promise.resolve({
          events: s.events.map((e) => ({ ...e, at: '2026-01-01T00:00:00Z' })),
          status: s.status,
        } as T);
      }
      return Promise.resolve(job as T);
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
  equal(await watchJob(api, '5', (s) => lines.push(s), { intervalMs: 1 }), 0);
  deepEqual(lines, [
    '[connecting] 2 peers',
    'job 5: running',
    '[compute]',
    '[done] digest 0xab',
    'job 5 succeeded',
  ]);
  deepEqual(api.afters, ['0', '3', '3']);
});

test('a failed job exits 1 with its reason; an abort stops watching with 130', async () => {
  const failed = scripted([{ events: [], status: 'failed' }], {
    errorReason: 'party 2 timed out',
    errorCode: 'ERR_JOB_FAILED',
  });
  const lines: string[] = [];
  equal(await watchJob(failed, '6', (s) => lines.push(s), { intervalMs: 1 }), 1);
  deepEqual(lines, ['job 6 failed: party 2 timed out [ERR_JOB_FAILED]']);

  const forever = scripted([{ events: [], status: 'awaiting_approval' }], {
    errorReason: null,
    errorCode: null,
  });
  const ac = new AbortController();
  const out: string[] = [];
  const done = watchJob(forever, '8', (s) => out.push(s), {
    intervalMs: 10_000,
    signal: ac.signal,
  });
  setTimeout(() => ac.abort(), 20);
  equal(await done, 130);
  deepEqual(out, [
    'job 8: awaiting_approval',
    'Stopped watching job 8; it continues on the consortium.',
  ]);
});
