/**
 * Type tests of parley/sdk: misuse that must not compile. `tsc` fails the build if any
 * `@ts-expect-error` below stops being an error. This file is type-checked only, never run.
 */
/* eslint-disable @typescript-eslint/no-unsafe-assignment -- the lines under test do not type-check */
import type { JobStreamEvent, ParleyClient } from '../../src/sdk/index.js';

export async function sdkTypes(api: ParleyClient): Promise<void> {
  // @ts-expect-error a job id is a string (the ledger's decimal id), not a number
  await api.getJob(7);

  // @ts-expect-error a proposal needs inputs, committee and recipients
  await api.proposeJob({ program: 'sum' });

  await api.proposeJob({
    program: 'sum',
    inputs: ['0x…'],
    committee: ['acme'],
    recipients: ['acme'],
    // @ts-expect-error params are numbers, strings, booleans or lists of numbers or strings
    params: { column: [true] },
  });

  // @ts-expect-error a job status is one of the documented ones
  await api.listJobs({ status: 'done' });

  // @ts-expect-error the import body has no `rows` field (the CSV text goes in `csv`)
  await api.importDataset({ name: 'x', rows: [] });

  const job = await api.getJob('7');
  // @ts-expect-error a job's status is a union of literals, not any string
  const s: 'finished' = job.status;
  void s;

  for await (const ev of api.watchJob('7')) {
    // @ts-expect-error only progress events have a phase string that is never null
    const phase: string = ev.phase;
    void phase;
    if (ev.type === 'end') {
      // @ts-expect-error an end event has no progress
      void ev.progress;
    }
    const e: JobStreamEvent = ev;
    void e;
  }
}
