/**
 * The committee rules of `jobs/committee-rules.ts` applied with what this node knows: the
 * members' names and jurisdictions from Consortium (`getMembers`), and, for the inputs it owns,
 * its own policy's requirements (`store/policy.ts`), its datasets' row counts and the jobs it
 * already took part in. One function serves the three places that check a job:
 *
 * - the proposer's node, in `POST /v1/jobs`, before anything goes on chain (the threshold rule,
 *   and its own requirements for its own inputs: other owners' policies are private to them);
 * - each owner's node when it decides on the job (`runner/approvals.ts`): a violation rejects
 *   the job on chain with the problems as the reason, before the inbox sees it;
 * - each owner's node again right before it shares (inputs covered by a grant are never put to
 *   the owner's decision): the executor refuses and the job fails with the same text.
 *
 * @module
 */
import type { Member } from '../ledger/types.js';
import { outputLength } from '../programs/run.js';
import type { ProgramDefinition } from '../programs/types.js';
import {
  requirementProblems,
  thresholdProblem,
  type JobFacts,
  type RuleMember,
} from './jobs/committee-rules.js';
import type { Store } from './store/db.js';
import { getDataset } from './store/datasets.js';
import { listJobs } from './store/jobs.js';
import { listRequirements, requirementsFor } from './store/policy.js';

/** A job's parties and inputs by chain address, as the chain holds them (or the proposal will). */
export interface CommitteeJob {
  /** The job's id once it is on chain (excluded from the use count). */
  readonly jobId?: string;
  readonly inputs: readonly string[];
  readonly inputOwners: readonly string[];
  readonly committee: readonly string[];
  readonly recipients: readonly string[];
  readonly proposer: string;
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * The rules' view of `job`, with names and jurisdictions from Consortium's `members`.
 * @example
 * ```ts
 * const facts = jobFacts(job, await getMembers(ledger));
 * ```
 */
export function jobFacts(job: CommitteeJob, members: readonly Member[]): JobFacts {
  const of = (address: string): RuleMember => {
    const m = members.find((x) => same(x.account, address));
    return m === undefined
      ? { name: address, address }
      : { name: m.name, address, jurisdiction: m.jurisdiction };
  };
  return {
    committee: job.committee.map(of),
    owners: job.inputOwners.map(of),
    requester: of(job.proposer),
    recipients: job.recipients.map(of),
  };
}

/** How many output values a job of `program` with these input row counts reveals, if computable. */
function outputTotal(
  program: ProgramDefinition | undefined,
  rows: readonly number[],
): number | undefined {
  if (program === undefined) return undefined;
  try {
    return Object.keys(program.outputs).reduce(
      (n, name) => n + outputLength(program, name, { rows }),
      0,
    );
  } catch {
    return undefined;
  }
}

/**
 * Other jobs on this node that used `datasetId`: those that started running here (whatever their
 * outcome), and, with `ready`, those approved and waiting to run (at a decision, so that two
 * approvals cannot together exceed a cap; right before sharing, only the ones that ran count,
 * or two approved jobs would refuse each other).
 */
export function datasetUses(
  store: Store,
  datasetId: string,
  o: { readonly jobId?: string; readonly ready: boolean },
): number {
  return listJobs(store).filter(
    (j) =>
      j.id !== o.jobId &&
      (j.startedAt !== null || (o.ready && j.status === 'ready')) &&
      (j.spec?.inputs.some((d) => same(d, datasetId)) ?? false),
  ).length;
}

/**
 * Every committee-rule problem this node finds with `job` (empty: none): the threshold rule,
 * then its own requirements for each input it owns (`self`), deduplicated, in user terms.
 * `rows` are the inputs' row counts when known (the catalog's at proposal), else this node's
 * store gives its own datasets' counts.
 * @example
 * ```ts
 * const problems = committeeProblems({ store, self, job, members, program });
 * if (problems.length > 0) reject(problems.join('; '));
 * ```
 */
export function committeeProblems(o: {
  readonly store: Store;
  readonly self: { readonly name: string; readonly address: string };
  readonly job: CommitteeJob;
  readonly members: readonly Member[];
  readonly program?: ProgramDefinition;
  readonly rows?: readonly number[];
  /** Where the check runs: at proposal or decision ('decide', the default) or right before sharing ('share'). */
  readonly stage?: 'decide' | 'share';
}): string[] {
  const { job } = o;
  const facts = jobFacts(job, o.members);
  const out: string[] = [];
  const t0 = thresholdProblem(facts);
  if (t0 !== undefined) out.push(t0);
  const mine = job.inputOwners.flatMap((owner, i) => (same(owner, o.self.address) ? [i] : []));
  if (mine.length === 0) return out;
  const all = listRequirements(o.store);
  if (all.length === 0) return out;
  // Our own datasets' counts from the store; the others' as given (the Catalog's).
  const rows = job.inputs.map((d, i) => {
    const given = o.rows?.[i];
    return given !== undefined && Number.isFinite(given)
      ? given
      : (getDataset(o.store, d)?.rowCount ?? Number.NaN);
  });
  const outputs = rows.every(Number.isFinite) ? outputTotal(o.program, rows) : undefined;
  for (const i of mine) {
    const datasetId = job.inputs[i]!;
    const r = rows[i]!;
    const use = {
      ...(Number.isFinite(r) ? { rows: r } : {}),
      ...(outputs === undefined ? {} : { outputs }),
      uses: datasetUses(o.store, datasetId, {
        ...(job.jobId === undefined ? {} : { jobId: job.jobId }),
        ready: o.stage !== 'share',
      }),
    };
    for (const req of requirementsFor(all, datasetId)) {
      for (const p of requirementProblems(o.self.name, req, facts, use)) {
        if (!out.includes(p)) out.push(p);
      }
    }
  }
  return out;
}
