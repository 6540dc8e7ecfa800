/**
 * The built-in `sum` program, loaded from its bundle into the sandbox (source:
 * `./builtin/sum.ts`, written against `parley/program`; see `./builtin-load.ts`).
 *
 * @module
 */
import { loadBuiltin } from './builtin-load.js';
import type { ProgramDefinition } from './types.js';
export { SUM_MAX_ROWS } from './builtin/sum.js';

/** The `sum` program. */
export const sum: ProgramDefinition = loadBuiltin('sum');
