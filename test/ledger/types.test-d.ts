/**
 * Type tests: misuse of the ledger client must not compile. Checked by `tsc` (this file is part
 * of the project); it has no runtime tests. Each `@ts-expect-error` fails the build if the line
 * below it ever starts to type-check.
 */
import type { Hex } from 'viem';
import { approveJob } from '../../src/ledger/actions/approveJob.js';
import { getJob } from '../../src/ledger/actions/getJob.js';
import { proposeJob } from '../../src/ledger/actions/proposeJob.js';
import { requestGrant } from '../../src/ledger/actions/requestGrant.js';
import type { LedgerClient } from '../../src/ledger/client.js';
import type { LedgerEvent } from '../../src/ledger/events.js';
import type { JobSpec } from '../../src/ledger/types.js';

export async function typeChecks(client: LedgerClient, spec: JobSpec, h: Hex): Promise<void> {
  const { jobId, specHash } = await proposeJob(client, { spec });
  const id: bigint = jobId;
  await approveJob(client, { jobId: id, specHash });
  // @ts-expect-error job ids are bigint, never number
  await approveJob(client, { jobId: 1, specHash });
  // @ts-expect-error the spec hash is required: owners approve an exact job
  await approveJob(client, { jobId });
  // @ts-expect-error a spec needs its grant ids (0n for none)
  await proposeJob(client, { spec: { ...spec, grantIds: undefined } });
  const badGrant = { datasetId: h, purpose: '', programHashes: [h], expiresAt: 1, maxUses: 1 };
  // @ts-expect-error expiresAt is a uint64 (bigint), not a number
  await requestGrant(client, badGrant);
  const job = await getJob(client, { jobId });
  const committee: readonly `0x${string}`[] = job.committee;
  void committee;
}

export function narrowEvents(e: LedgerEvent): bigint | undefined {
  if (e.contract === 'jobs' && e.eventName === 'JobSucceeded') {
    const digest: Hex = e.args.resultDigest;
    void digest;
    return e.args.jobId;
  }
  return undefined;
}
