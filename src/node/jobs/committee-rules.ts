/**
 * Committee rules: which committees may compute on whose inputs. Pure: no I/O; the callers (the
 * proposer's node in `POST /v1/jobs`, each owner's node when it decides on a job in
 * `runner/approvals.ts`, and each owner's node again before it shares, in the launcher) gather
 * the facts and act on the problems found here.
 *
 * 1. **The threshold rule** (everyone, always). The committee's Shamir threshold is
 *    t = ⌊(n − 1)/2⌋ for n members (see `./plan.ts`); with t = 0 a "share" is the value itself, so
 *    every member holds every input in the clear. A job may run with t = 0 only when that can
 *    show nobody anything it does not own: a committee of one member computing on its own
 *    datasets. Any other input needs n ≥ 3.
 * 2. **An owner's requirements** (`OwnerRequirements`, set in the owner's policy,
 *    `store/policy.ts`). Each requirement that fails yields one problem in user terms, naming the
 *    owner and the rule, e.g. `committee has 3 members; acme's policy requires at least 4`.
 *
 * Security: problems name members, counts and jurisdictions (all public on chain), never data.
 *
 * @module
 */

/** A member as the rules see it: name (for messages), chain address, jurisdiction (on chain). */
export interface RuleMember {
  readonly name: string;
  readonly address: string;
  /** Consortium's `jurisdiction` field; undefined when unknown (then a jurisdiction rule fails). */
  readonly jurisdiction?: string;
}

/** The public facts of a job that the rules read. */
export interface JobFacts {
  readonly committee: readonly RuleMember[];
  /** The owner of each input, in job order. */
  readonly owners: readonly RuleMember[];
  readonly requester: RuleMember;
  readonly recipients: readonly RuleMember[];
}

/**
 * What an owner requires of any job that uses its dataset (every field optional: absent means no
 * requirement). Kept as one flat record so later requirements are one more optional field.
 */
export interface OwnerRequirements {
  /** At least this many committee members. */
  readonly minCommittee?: number;
  /** At least this Shamir threshold t (t = ⌊(n − 1)/2⌋: t ≥ 1 needs 3 members, t ≥ 2 needs 5). */
  readonly minThreshold?: number;
  /** The requester (the job's proposer) is not on the committee. */
  readonly requesterNotOnCommittee?: boolean;
  /** No recipient of the job is on the committee. */
  readonly recipientsNotOnCommittee?: boolean;
  /** Every committee member's jurisdiction is one of these (as Consortium records it). */
  readonly jurisdictions?: readonly string[];
  /** The dataset is used only while it has at most this many rows. */
  readonly maxRows?: number;
  /** The job reveals at most this many output values in all (refused when that cannot be told). */
  readonly maxOutputs?: number;
  /** The dataset is used in at most this many jobs (counted by this node: the jobs it took part in). */
  readonly maxUses?: number;
}

/** What the owner's node knows about its dataset's use in this job, for the caps. */
export interface DatasetUse {
  readonly rows?: number;
  /** Output values the job reveals in all (undefined when not known yet). */
  readonly outputs?: number;
  /** Earlier jobs that used the dataset (not this one). */
  readonly uses?: number;
}

/**
 * Shamir threshold of a committee of `n` (the largest the runtime allows; `./plan.ts` uses the same).
 * @example
 * ```ts
 * committeeThreshold(3); // 1
 * ```
 */
export function committeeThreshold(n: number): number {
  return Math.max(0, Math.floor((n - 1) / 2));
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** `acme`, `acme and globex`, `acme, globex and initech`. */
function names(list: readonly string[]): string {
  const u = [...new Set(list)];
  return u.length <= 1 ? (u[0] ?? '') : `${u.slice(0, -1).join(', ')} and ${u.at(-1)!}`;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * The threshold rule (see the module doc): a problem in user terms, or undefined when the job may
 * run with its committee.
 * @example
 * ```ts
 * thresholdProblem(facts);
 * // 'a committee of 2 has threshold t = 0: each member would see every input in the clear; a job
 * //  with inputs of acme and globex needs a committee of at least 3 members'
 * ```
 */
export function thresholdProblem(f: JobFacts): string | undefined {
  const n = f.committee.length;
  if (committeeThreshold(n) > 0) return undefined;
  const only = f.committee[0];
  if (n === 1 && f.owners.every((o) => same(o.address, only!.address))) return undefined;
  const who = names(f.owners.map((o) => o.name));
  const seer = n === 1 ? `${only!.name} would see` : 'each member would see';
  return `a committee of ${n} has threshold t = 0: ${seer} every input in the clear; a job with inputs of ${who} needs a committee of at least 3 members`;
}

/**
 * The problems `owner`'s requirements find with a job, one user-terms sentence each (empty: none).
 * @example
 * ```ts
 * requirementProblems('acme', { minCommittee: 4 }, facts, {});
 * // ["committee has 3 members; acme's policy requires at least 4"]
 * ```
 */
export function requirementProblems(
  owner: string,
  r: OwnerRequirements,
  f: JobFacts,
  use: DatasetUse,
): string[] {
  const out: string[] = [];
  const n = f.committee.length;
  const policy = `${owner}'s policy`;
  if (r.minCommittee !== undefined && n < r.minCommittee) {
    out.push(`committee has ${plural(n, 'member')}; ${policy} requires at least ${r.minCommittee}`);
  }
  const t = committeeThreshold(n);
  if (r.minThreshold !== undefined && t < r.minThreshold) {
    out.push(
      `committee of ${n} has threshold t = ${t}; ${policy} requires t >= ${r.minThreshold} (at least ${2 * r.minThreshold + 1} members)`,
    );
  }
  if (
    r.requesterNotOnCommittee === true &&
    f.committee.some((c) => same(c.address, f.requester.address))
  ) {
    out.push(`the requester ${f.requester.name} is on the committee; ${policy} forbids it`);
  }
  if (r.recipientsNotOnCommittee === true) {
    const on = f.recipients.filter((x) => f.committee.some((c) => same(c.address, x.address)));
    if (on.length > 0) {
      out.push(
        `recipient${on.length === 1 ? '' : 's'} ${names(on.map((x) => x.name))} ${on.length === 1 ? 'is' : 'are'} on the committee; ${policy} forbids recipients on the committee`,
      );
    }
  }
  if (r.jurisdictions !== undefined) {
    const allowed = r.jurisdictions.map((j) => j.toLowerCase());
    const off = f.committee.filter(
      (c) => c.jurisdiction === undefined || !allowed.includes(c.jurisdiction.toLowerCase()),
    );
    if (off.length > 0) {
      const where = off
        .map(
          (c) =>
            `${c.name} (${c.jurisdiction === undefined ? 'jurisdiction unknown' : c.jurisdiction})`,
        )
        .join(', ');
      out.push(
        `committee member${off.length === 1 ? '' : 's'} ${where} ${off.length === 1 ? 'is' : 'are'} outside ${r.jurisdictions.join(', ')}; ${policy} requires members from ${r.jurisdictions.join(', ')}`,
      );
    }
  }
  if (r.maxRows !== undefined && use.rows !== undefined && use.rows > r.maxRows) {
    out.push(`the dataset has ${plural(use.rows, 'row')}; ${policy} allows at most ${r.maxRows}`);
  }
  if (r.maxOutputs !== undefined) {
    // Unknown (a program this node cannot size): refused, never assumed small.
    if (use.outputs === undefined) {
      out.push(
        `this node cannot tell how many output values the job reveals; ${policy} allows at most ${r.maxOutputs}`,
      );
    } else if (use.outputs > r.maxOutputs) {
      out.push(
        `the job reveals ${plural(use.outputs, 'output value')}; ${policy} allows at most ${r.maxOutputs}`,
      );
    }
  }
  if (r.maxUses !== undefined && use.uses !== undefined && use.uses >= r.maxUses) {
    out.push(
      `the dataset was already used in ${plural(use.uses, 'job')}; ${policy} allows at most ${r.maxUses}`,
    );
  }
  return out;
}
