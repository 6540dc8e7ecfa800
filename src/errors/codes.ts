/**
 * The registry of stable error codes. Every code is documented in docs/errors.md (a test checks
 * that), and `node` maps codes to HTTP statuses in one place. Each layer keeps its codes in its own
 * `codes-<layer>.ts` file; this module merges them.
 *
 * @module
 */
import { mpcErrorCodes } from './codes-mpc.js';
import { netErrorCodes } from './codes-net.js';
import { ledgerErrorCodes } from './codes-ledger.js';
import { nodeErrorCodes } from './codes-node.js';
import { jobErrorCodes } from './codes-jobs.js';
import { runnerErrorCodes } from './codes-runner.js';

/** Every code with a one-line description. */
export const errorCodes: Readonly<Record<ErrorCode, string>> = Object.freeze({
  ...mpcErrorCodes,
  ...netErrorCodes,
  ...ledgerErrorCodes,
  ...nodeErrorCodes,
  ...jobErrorCodes,
  ...runnerErrorCodes,
});

/** A stable, documented error code. */
export type ErrorCode =
  | keyof typeof mpcErrorCodes
  | keyof typeof netErrorCodes
  | keyof typeof ledgerErrorCodes
  | keyof typeof nodeErrorCodes
  | keyof typeof jobErrorCodes
  | keyof typeof runnerErrorCodes;
