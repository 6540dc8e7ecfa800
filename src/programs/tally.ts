/**
 * The built-in `tally` program, loaded from its bundle into the sandbox (source:
 * `./builtin/tally.ts`, written against `parley/program`; see `./builtin-load.ts`).
 *
 * @module
 */
import { loadBuiltin } from './builtin-load.js';
import type { ProgramDefinition } from './types.js';

/** The `tally` program. */
export const tally: ProgramDefinition = loadBuiltin('tally');
