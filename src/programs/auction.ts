/**
 * The built-in `auction` program, loaded from its bundle into the sandbox (source:
 * `./builtin/auction.ts`, written against `parley/program`; see `./builtin-load.ts`).
 *
 * @module
 */
import { loadBuiltin } from './builtin-load.js';
import type { ProgramDefinition } from './types.js';
export { BID_BITS } from './builtin/auction.js';

/** The `auction` program. */
export const auction: ProgramDefinition = loadBuiltin('auction');
