/**
 * Errors of the node runner. Codes live in `src/errors/codes-runner.ts`.
 *
 * Security: messages name jobs, datasets, columns, rows and members; never a data value, a key
 * or a share. A reason built from them may be written on chain (`failJob`, `rejectJob`).
 *
 * @module
 */
import { ParleyError, type ErrorDetails } from '../../errors/base.js';

/** The job's public params are not usable: not published, malformed, or not the hashed ones. */
export class RunnerParamsError extends ParleyError {
  static override name = 'RunnerParamsError';
  constructor(message: string, details: ErrorDetails = {}, options?: ErrorOptions) {
    super(message, { code: 'ERR_RUNNER_PARAMS', details, ...options });
  }
}

/** One of this node's input datasets is missing from the store or stored in a corrupt form. */
export class RunnerDatasetError extends ParleyError {
  static override name = 'RunnerDatasetError';
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, { code: 'ERR_RUNNER_DATASET', details });
  }
}

/** The node's member record on chain disagrees with the node (name, TLS key, or none). */
export class RunnerIdentityError extends ParleyError {
  static override name = 'RunnerIdentityError';
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, { code: 'ERR_RUNNER_IDENTITY', details });
  }
}
