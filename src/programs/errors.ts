/**
 * Errors of secure programs: bad public parameters, inputs that do not fit a program's schema,
 * outputs that do not fit its spec, and unknown programs. Codes live in `src/errors/codes-jobs.ts`.
 *
 * Security: messages and details name parameters, columns, rows and types, never a data value.
 * (Public parameters are public, but messages still only name them.)
 *
 * @module
 */
import { ParleyError, type ErrorDetails } from '../errors/base.js';

/** A public parameter is missing, of the wrong type or out of range. `details.param` names it. */
export class ProgramParamError extends ParleyError {
  static override name = 'ProgramParamError';
  constructor(program: string, param: string, expected: string) {
    super(`${program}: parameter ${param}: expected ${expected}.`, {
      code: 'ERR_PROGRAM_PARAM',
      details: { program, param, expected },
    });
  }
}

/** An input dataset does not fit the program's input schema. Names the column and row only. */
export class ProgramInputError extends ParleyError {
  static override name = 'ProgramInputError';
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, { code: 'ERR_PROGRAM_INPUT', details });
  }
}

/** A program's outputs do not match its output spec (a bug in the program). */
export class ProgramOutputError extends ParleyError {
  static override name = 'ProgramOutputError';
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, { code: 'ERR_PROGRAM_OUTPUT', details });
  }
}

/** No program with this name or code hash is registered. */
export class ProgramNotFoundError extends ParleyError {
  static override name = 'ProgramNotFoundError';
  constructor(what: string) {
    super(`No program ${what} in the registry.`, {
      code: 'ERR_PROGRAM_NOT_FOUND',
      details: { program: what },
    });
  }
}

/**
 * A program's stored bundle does not hash to the code hash the consortium approved (the bytes
 * were changed after they were published, or by another engine version): the node refuses to
 * load or run it. Names the program and both hashes.
 */
export class ProgramHashMismatchError extends ParleyError {
  static override name = 'ProgramHashMismatchError';
  constructor(program: string, approved: string, actual: string) {
    super(
      `Program ${program}: its stored bundle hashes to ${actual}, not to the approved code hash ${approved}; refusing to load or run it.`,
      { code: 'ERR_PROGRAM_HASH_MISMATCH', details: { program, expected: approved, actual } },
    );
  }
}

/** A program cannot be published: its files do not bundle, or its bundle does not load. */
export class ProgramPublishError extends ParleyError {
  static override name = 'ProgramPublishError';
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, { code: 'ERR_PROGRAM_PUBLISH', details });
  }
}
