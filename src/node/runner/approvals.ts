/**
 * Approval decisions for this node's inputs to a job that awaits approval. Inputs already covered
 * (the proposer's own, and those of a valid grant we issued, which the contract counted at
 * proposal: their bits are set in `approvedMask`) need nothing. For the others, an inbox item is
 * opened and the policy decides through `decide(..., by: 'policy')`:
 *
 * - the job cannot run here (program not in the registry, params unusable, an input dataset not
 *   in the store, or one that does not fit the program's limits by its schema and row count:
 *   a missing column, a wrong type, a missing label, too many rows): rejected, with that reason
 *   (fail closed: approving it would only make the job fail later). The rows themselves are
 *   checked when the job runs, before anything is shared;
 * - the job breaks a committee rule (`../committee.ts`: threshold t = 0 with another party's
 *   input, or a requirement of this node's policy for one of its datasets): rejected, with the
 *   problems in user terms (`committee rules: committee has 3 members; acme's policy requires at
 *   least 4`), whoever would otherwise decide (the rules or a person);
 * - otherwise each uncovered input is matched against the rules with (program hash, dataset,
 *   requester = the proposer): any `reject` rejects (the rule's note is the reason), all `approve`
 *   approves; anything else leaves the item pending for a person (REST API / `parley inbox`).
 *
 * Idempotent: an item already decided is never decided again, so replayed events are harmless.
 *
 * @module
 */
import { artifactParamsOf } from '../jobs/artifacts.js';
import { isAddressEqual } from 'viem';
import type { Job } from '../../ledger/types.js';
import { JobStatus } from '../../ledger/types.js';
import { checkCatalogInput } from '../../programs/limits.js';
import { ParleyError } from '../../errors/base.js';
import { getDataset as getLedgerDataset } from '../../ledger/actions/getDataset.js';
import { getMembers } from '../../ledger/actions/getMembers.js';
import { committeeProblems } from '../committee.js';
import { decide } from '../decisions.js';
import { columnInfoOf } from '../jobs/catalog-inputs.js';
import { getDataset } from '../store/datasets.js';
import { addInboxItem } from '../store/grants.js';
import type { JobRecord } from '../store/jobs.js';
import { listPolicy, matchPolicy } from '../store/policy.js';
import { describe, type RunnerContext } from './context.js';
import { jobParams, programOf } from './job-state.js';

/** Indices of the job's inputs this node owns that are not covered yet. */
export function uncoveredInputs(job: Job, ctx: Pick<RunnerContext, 'self'>): number[] {
  return job.inputOwners.flatMap((owner, i) =>
    isAddressEqual(owner, ctx.self.address) && ((job.approvedMask >> BigInt(i)) & 1n) === 0n
      ? [i]
      : [],
  );
}

/** Why this node could not run `job`, or undefined. Public text. */
function cannotRun(
  ctx: RunnerContext,
  job: Job,
  record: JobRecord,
  mine: number[],
): string | undefined {
  const program = programOf(ctx.programs, job);
  if (program === undefined) return `program ${job.programHash} is not in this node's registry`;
  let params;
  try {
    params = jobParams(program, job, record);
  } catch {
    return 'the job has no usable params on chain (not published, or not matching its paramsHash)';
  }
  // A job that takes artifacts lists their source datasets for approval only: nothing of them
  // is read, so there is no schema to check (the executor checks the artifacts' lineage).
  const lineageOnly = artifactParamsOf(program.definition).length > 0;
  for (const i of lineageOnly ? [] : mine) {
    const d = getDataset(ctx.store, job.inputs[i]!);
    if (d === undefined) return `input ${i} (${job.inputs[i]}) is not held by this node`;
    try {
      checkCatalogInput(program.definition, params, i, {
        name: `input ${i}`,
        rows: d.rowCount,
        columns: d.schema.columns.map(columnInfoOf),
      });
    } catch (err: unknown) {
      const pub = err instanceof ParleyError ? err.details['public'] : undefined;
      return `input invalid at ${ctx.self.name}: ${typeof pub === 'string' ? pub : 'it does not fit the program'}`;
    }
  }
  return undefined;
}

/**
 * The committee-rule problems of `job` for this node (the threshold rule and our policy's
 * requirements for our inputs), in user terms; empty when it may run.
 * @throws {LedgerRpcError} if the members cannot be read.
 */
export async function committeeRuleProblems(
  ctx: RunnerContext,
  job: Job,
  stage: 'decide' | 'share' = 'decide',
): Promise<string[]> {
  const program = programOf(ctx.programs, job)?.definition;
  // Every input's row count from the Catalog (public), for the output count of the caps; an
  // unreadable one leaves the count unknown (then a cap on outputs refuses).
  const rows = await Promise.all(
    job.inputs.map((datasetId) =>
      getLedgerDataset(ctx.ledger, { datasetId }).then(
        (d) => Number(d.rowCount),
        () => Number.NaN,
      ),
    ),
  );
  return committeeProblems({
    store: ctx.store,
    self: ctx.self,
    job: {
      jobId: job.id.toString(),
      inputs: job.inputs,
      inputOwners: job.inputOwners,
      committee: job.committee,
      recipients: job.recipients,
      proposer: job.proposer,
    },
    members: await getMembers(ctx.ledger),
    ...(program === undefined ? {} : { program }),
    rows,
    stage,
  });
}

/**
 * Opens the inbox item for `job` if this node has uncovered inputs, and lets the policy decide.
 * Returns what happened: 'none' (nothing to decide), 'pending', 'approved', 'rejected' or
 * 'closed' (the job ended before a decision).
 */
export async function decideJobInputs(
  ctx: RunnerContext,
  job: Job,
  record: JobRecord,
): Promise<'none' | 'pending' | 'approved' | 'rejected' | 'closed'> {
  if (job.status !== JobStatus.AwaitingApproval) return 'none';
  const mine = uncoveredInputs(job, ctx);
  if (mine.length === 0) return 'none';
  const item = addInboxItem(ctx.store, 'job', record.id);
  if (item.state !== 'pending') return item.state;
  const problem = cannotRun(ctx, job, record, mine);
  let decision: { approve: boolean; reason?: string } | undefined;
  let rules: string[];
  try {
    rules = problem === undefined ? await committeeRuleProblems(ctx, job) : [];
  } catch (err) {
    // The members cannot be read now: nothing is decided; a later event retries.
    ctx.log.warn('could not read the members to check the committee rules', {
      jobId: record.id,
      ...describe(err),
    });
    return 'pending';
  }
  if (problem !== undefined) {
    decision = { approve: false, reason: `cannot run here: ${problem}` };
  } else if (rules.length > 0) {
    decision = { approve: false, reason: `committee rules: ${rules.join('; ')}` };
  } else {
    const rules = listPolicy(ctx.store);
    const matches = mine.map((i) =>
      matchPolicy(rules, {
        programHashes: [job.programHash],
        datasetId: job.inputs[i]!,
        requester: job.proposer,
      }),
    );
    const reject = matches.find((m) => m?.action === 'reject');
    if (reject !== undefined) {
      decision = { approve: false, reason: reject.note ?? 'rejected by policy' };
    } else if (matches.every((m) => m?.action === 'approve')) {
      decision = { approve: true };
    }
  }
  if (decision === undefined) {
    ctx.log.info('job awaits a decision in the inbox', { jobId: record.id, inboxItem: item.id });
    return 'pending';
  }
  try {
    await decide({ store: ctx.store, ledger: ctx.ledger }, item.id, {
      ...decision,
      by: 'policy',
    });
  } catch (err) {
    // The chain refused (job cancelled, deadline passed, ...): the item stays pending.
    ctx.log.warn('policy decision on a job failed', { jobId: record.id, ...describe(err) });
    return 'pending';
  }
  ctx.log.info(`policy ${decision.approve ? 'approved' : 'rejected'} job inputs`, {
    jobId: record.id,
    ...(decision.reason === undefined ? {} : { reason: decision.reason }),
  });
  return decision.approve ? 'approved' : 'rejected';
}
