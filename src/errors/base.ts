/**
 * The one base class for Parley's errors above the arithmetic core, modelled on viem's `BaseError`:
 * a short message for people, structured `details` for programs, an ES2022 `cause`, a stable `code`
 * from {@link ErrorCode}, and `walk()` to find the root cause.
 *
 * Security: `details` and messages are logged and may be sent to API clients. They must never
 * contain a secret, a share, a key or a mask: only identifiers, counts, steps and public values.
 *
 * @module
 */
import type { ErrorCode } from './codes.js';

/** One loggable fact: a scalar. */
export type ErrorDetailValue = string | number | boolean | null;
/** One entry of a list in {@link ErrorDetails}, e.g. one bad cell `{ row, line, column, message }`. */
export type ErrorDetailEntry = Readonly<Record<string, ErrorDetailValue>>;
/**
 * Structured, loggable facts about an error: scalars, or lists of flat entries (e.g. every bad
 * cell of an import, `errors: [{ row, line, column, message }]`). Never put secret material here.
 */
export type ErrorDetails = Readonly<
  Record<string, ErrorDetailValue | undefined | readonly ErrorDetailEntry[]>
>;

export interface ParleyErrorOptions extends ErrorOptions {
  readonly code: ErrorCode;
  readonly details?: ErrorDetails;
}

/**
 * Base class of every Parley error above `mpc/field` and `mpc/sharing`.
 * @example
 * ```ts
 * class PeerTimeoutError extends ParleyError {
 *   static override name = 'PeerTimeoutError';
 *   constructor(p: { party: string; step: string }) {
 *     super(`No message from party ${p.party} at step ${p.step}.`, { code: 'ERR_PEER_TIMEOUT', details: p });
 *   }
 * }
 * ```
 */
export class ParleyError extends Error {
  static override name = 'ParleyError';
  readonly code: ErrorCode;
  readonly shortMessage: string;
  readonly details: ErrorDetails;

  constructor(shortMessage: string, options: ParleyErrorOptions) {
    super(shortMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.shortMessage = shortMessage;
    this.code = options.code;
    this.details = Object.freeze({ ...(options.details ?? {}) });
    // `name` follows the subclass's static name so callers can match on `err.name`.
    this.name = (new.target as { name: string }).name;
  }

  /** Follows the `cause` chain; returns the deepest error, or the first for which `fn` is true. */
  walk(fn?: (err: unknown) => boolean): unknown {
    return walkCause(this, fn);
  }
}

/** Follows `err`'s `cause` chain; the deepest error, or the first for which `fn` is true (else null). */
export function walkCause(err: unknown, fn?: (err: unknown) => boolean): unknown {
  for (;;) {
    if (fn?.(err) === true) return err;
    const next: unknown = err instanceof Error ? err.cause : undefined;
    if (next === undefined) return fn === undefined ? err : null;
    err = next;
  }
}
