/**
 * The built-in `paygap` program, loaded from its bundle into the sandbox (source:
 * `./builtin/paygap.ts`, written against `parley/program`; see `./builtin-load.ts`).
 *
 * @module
 */
import { loadBuiltin } from './builtin-load.js';
import type { ProgramDefinition } from './types.js';
export { MAX_RATIO, PAYGAP_MAX_ROWS, SALARY_BITS } from './builtin/paygap.js';

/** The `paygap` program. */
export const paygap: ProgramDefinition = loadBuiltin('paygap');
