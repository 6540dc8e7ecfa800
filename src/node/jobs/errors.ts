/**
 * Errors of job execution. Codes live in `src/errors/codes-jobs.ts`.
 *
 * Security: reasons and details name jobs, parties, phases and steps; never a share, a salt, a
 * key or a data value. A failure reason is also written on chain, where everyone reads it.
 *
 * @module
 */
import { ParleyError, type ErrorDetails } from '../../errors/base.js';

/** The phases of a job, in order, as progress events and failure reasons name them. */
export type JobPhase =
  'connecting' | 'inputs' | 'computing' | 'outputs' | 'attesting' | 'done' | 'failed';

/** The job cannot run on this node (not Running, not a party, unknown peer, params mismatch). */
export class JobConfigError extends ParleyError {
  static override name = 'JobConfigError';
  constructor(message: string, details: ErrorDetails = {}, options?: ErrorOptions) {
    super(message, { code: 'ERR_JOB_CONFIG', details, ...options });
  }
}

/** The job failed closed. `reason` is public (it is what goes on chain). */
export class JobFailedError extends ParleyError {
  static override name = 'JobFailedError';
  readonly reason: string;
  constructor(
    p: { jobId: bigint; phase: JobPhase; reason: string; onChain: boolean },
    options?: ErrorOptions,
  ) {
    super(`Job ${p.jobId} failed: ${p.reason}`, {
      code: 'ERR_JOB_FAILED',
      details: { jobId: p.jobId.toString(), phase: p.phase, reason: p.reason, onChain: p.onChain },
      ...options,
    });
    this.reason = p.reason;
  }
}

/** A recipient's output shares do not match the attested digest, or disagree with each other. */
export class JobDigestError extends ParleyError {
  static override name = 'JobDigestError';
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, { code: 'ERR_JOB_DIGEST', details });
  }
}

/**
 * A recipient refused the result (an output out of its type's range, or members' shares that
 * disagree or are malformed), so the committee does not attest it. `recipient` is the refusing
 * recipient; `local` is true on the recipient itself. The message names the recipient and the
 * output or member, never a value; it is what goes on chain.
 */
export class JobRefusedError extends ParleyError {
  static override name = 'JobRefusedError';
  readonly local: boolean;
  constructor(p: { recipient: string; what: string; local: boolean }, options?: ErrorOptions) {
    super(`recipient ${p.recipient} refused the result: ${p.what}`, {
      code: 'ERR_JOB_REFUSED',
      details: { recipient: p.recipient, what: p.what },
      ...options,
    });
    this.local = p.local;
  }
}

/**
 * An input owner's dataset does not fit the program (found on its plaintext, before any share
 * left it). The message is public and goes on chain: `input invalid at <owner>` for a defect of a
 * row (one row's fault is a fact about that row, so not even its column is named), `input invalid
 * at <owner>: column pay missing` for a defect of the whole dataset. `localMessage` names the
 * column and row, for the owner's operator only (its log and store); it never leaves the node.
 */
export class JobInputInvalidError extends ParleyError {
  static override name = 'JobInputInvalidError';
  readonly localMessage: string;
  constructor(p: { owner: string; what?: string; localMessage: string }, options?: ErrorOptions) {
    super(`input invalid at ${p.owner}${p.what === undefined ? '' : `: ${p.what}`}`, {
      code: 'ERR_JOB_INPUT_INVALID',
      details: { owner: p.owner, ...(p.what === undefined ? {} : { what: p.what }) },
      ...options,
    });
    this.localMessage = p.localMessage;
  }
}

/**
 * An input owner refused to share its inputs: the job breaks a committee rule of that owner
 * (threshold t = 0 with another party's input, or its policy's requirements, e.g. a minimum
 * committee size). Public: it goes on chain as `input refused at <owner>: <problems>`, in user
 * terms (members, counts and jurisdictions are public; no data).
 */
export class JobInputRefusedError extends ParleyError {
  static override name = 'JobInputRefusedError';
  constructor(p: { owner: string; problems: readonly string[] }, options?: ErrorOptions) {
    super(`input refused at ${p.owner}: ${p.problems.join('; ')}`, {
      code: 'ERR_JOB_INPUT_REFUSED',
      details: { owner: p.owner, problems: p.problems.map((message) => ({ message })) },
      ...options,
    });
  }
}
