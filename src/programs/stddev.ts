/**
 * The built-in `stddev` program, loaded from its bundle into the sandbox (source:
 * `./builtin/stddev.ts`, written against `parley/program`; see `./builtin-load.ts`).
 *
 * @module
 */
import { loadBuiltin } from './builtin-load.js';
import type { ProgramDefinition } from './types.js';

/** The `stddev` program. */
export const stddev: ProgramDefinition = loadBuiltin('stddev');
