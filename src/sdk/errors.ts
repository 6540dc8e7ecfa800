/**
 * Errors of the SDK, in the project's hierarchy (src/errors/base.ts): every failed call rejects
 * with a {@link ParleyApiError} whose `code` is one of docs/errors.md. When the node answered
 * with its error body (`{ code, message, details?, requestId }`), the error carries that code,
 * message, details and request id unchanged; an answer without a documented code is
 * `ERR_API_UNEXPECTED`, and no answer at all is `ERR_API_UNREACHABLE`. An aborted call rejects
 * with the signal's reason instead (an `AbortError`), as `fetch` does.
 *
 * Messages never contain the token: the Authorization header is not part of any error.
 *
 * @module
 */
import { ParleyError, type ErrorDetailEntry, type ErrorDetails } from '../errors/base.js';
import { errorCodes, type ErrorCode } from '../errors/codes.js';

/** What the node said, as given to {@link ParleyApiError}. */
export interface ParleyApiErrorParameters {
  readonly code: ErrorCode;
  readonly message: string;
  /** HTTP status; 0 when the node did not answer. */
  readonly status: number;
  readonly details?: ErrorDetails;
  /** The node's request id (its log has the details of a 5xx under this id). */
  readonly requestId?: string;
}

/**
 * A REST call that failed. `code` is documented in docs/errors.md; match on it (or on `name`).
 * @example
 * ```ts
 * try {
 *   await api.getJob('7');
 * } catch (err) {
 *   if (err instanceof ParleyApiError && err.code === 'ERR_JOB_NOT_FOUND') console.log('no job 7');
 *   else throw err;
 * }
 * ```
 */
export class ParleyApiError extends ParleyError {
  static override name = 'ParleyApiError';
  readonly status: number;
  readonly requestId: string | undefined;
  constructor(p: ParleyApiErrorParameters, options?: ErrorOptions) {
    super(p.message, { code: p.code, details: p.details ?? {}, ...options });
    this.status = p.status;
    this.requestId = p.requestId;
  }
}

/**
 * The node could not be reached (connection refused, DNS, TLS), or a job's event stream broke
 * off before the job ended. `details.url` is the node's origin.
 * @example
 * ```ts
 * new ParleyApiUnreachableError('http://127.0.0.1:7400', { cause: err });
 * ```
 */
export class ParleyApiUnreachableError extends ParleyApiError {
  static override name = 'ParleyApiUnreachableError';
  constructor(url: string, options?: ErrorOptions & { readonly reason?: string }) {
    super(
      {
        code: 'ERR_API_UNREACHABLE',
        status: 0,
        message:
          options?.reason ??
          `Cannot reach the Parley node at ${url}; is \`parley node start\` running?`,
        details: { url },
      },
      options,
    );
  }
}

/**
 * The node answered, but not with a documented answer: an error without a Parley error body, a
 * code this SDK does not know, or a success body that is not JSON.
 * @example
 * ```ts
 * new ParleyApiUnexpectedError({ status: 502, url: 'http://127.0.0.1:7400' });
 * ```
 */
export class ParleyApiUnexpectedError extends ParleyApiError {
  static override name = 'ParleyApiUnexpectedError';
  constructor(
    p: { readonly status: number; readonly url: string; readonly serverCode?: string },
    options?: ErrorOptions,
  ) {
    super(
      {
        code: 'ERR_API_UNEXPECTED',
        status: p.status,
        message:
          p.serverCode === undefined
            ? `The node at ${p.url} answered HTTP ${p.status} without a Parley error body.`
            : `The node at ${p.url} answered HTTP ${p.status} with an unknown code ${p.serverCode}.`,
        details: {
          status: p.status,
          url: p.url,
          ...(p.serverCode === undefined ? {} : { serverCode: p.serverCode }),
        },
      },
      options,
    );
  }
}

const isCode = (c: unknown): c is ErrorCode =>
  typeof c === 'string' && Object.hasOwn(errorCodes, c);

type Scalar = string | number | boolean | null;
const isScalar = (x: unknown): x is Scalar =>
  x === null || typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';

/** A list of flat entries (e.g. `details.errors` of an import), or undefined if it is not one. */
function entriesOf(v: unknown): ErrorDetailEntry[] | undefined {
  if (!Array.isArray(v) || v.length > 1000) return undefined;
  const out: ErrorDetailEntry[] = [];
  for (const e of v as unknown[]) {
    if (typeof e !== 'object' || e === null || Array.isArray(e)) return undefined;
    const entry: Record<string, Scalar> = {};
    for (const [k, x] of Object.entries(e as Record<string, unknown>))
      if (isScalar(x)) entry[k] = x;
    out.push(entry);
  }
  return out;
}

/** The details of an error body as the node sends them: scalars, and lists of flat entries. */
function detailsOf(v: unknown): ErrorDetails {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
  const out: Record<string, Scalar | readonly ErrorDetailEntry[]> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (isScalar(x)) out[k] = x;
    else {
      const list = entriesOf(x);
      if (list !== undefined) out[k] = list;
    }
  }
  return out;
}

/**
 * The error for a non-2xx answer with body `body` (already parsed JSON, or text if not JSON).
 * @example
 * ```ts
 * throw errorFromResponse(res.status, await res.json(), 'http://127.0.0.1:7400');
 * ```
 */
export function errorFromResponse(status: number, body: unknown, url: string): ParleyApiError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (!isCode(b.code) || typeof b.message !== 'string') {
    return new ParleyApiUnexpectedError({
      status,
      url,
      ...(typeof b.code === 'string' && typeof b.message === 'string'
        ? { serverCode: b.code.slice(0, 64) }
        : {}),
    });
  }
  return new ParleyApiError({
    code: b.code,
    message: b.message,
    status,
    details: detailsOf(b.details),
    ...(typeof b.requestId === 'string' ? { requestId: b.requestId } : {}),
  });
}

/**
 * One problem of a failed import: a bad cell (`row`, `line`, `column`), a row with the wrong
 * number of fields (`row`, `line`), or a column whose type cannot be inferred (`column`).
 */
export interface ImportProblem {
  /** 1-based data row (the header not counted); absent for a whole column. */
  readonly row?: number;
  /** 1-based line of the CSV text; absent for a whole column. */
  readonly line?: number;
  /** Absent for a whole row. */
  readonly column?: string;
  /** What was expected, in the column's units; never the cell's content. */
  readonly message: string;
}

/**
 * The problems an error lists in `details.errors` (every bad cell of a refused dataset import,
 * at most 100 in file order) and their `total`; undefined when it lists none.
 * @example
 * ```ts
 * try {
 *   await api.importDataset({ name: 'payroll', csv });
 * } catch (err) {
 *   for (const p of importProblemsOf(err)?.errors ?? []) console.log(p.row, p.column, p.message);
 * }
 * ```
 */
export function importProblemsOf(
  err: unknown,
): { readonly errors: readonly ImportProblem[]; readonly total: number } | undefined {
  if (!(err instanceof ParleyError)) return undefined;
  const list = err.details['errors'];
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const errors: ImportProblem[] = [];
  for (const e of list as readonly ErrorDetailEntry[]) {
    const { row, line, column, message } = e;
    if (typeof message !== 'string') continue;
    errors.push({
      ...(typeof row === 'number' ? { row } : {}),
      ...(typeof line === 'number' ? { line } : {}),
      ...(typeof column === 'string' ? { column } : {}),
      message,
    });
  }
  const total = err.details['total'];
  return {
    errors,
    total: typeof total === 'number' ? Math.max(total, errors.length) : errors.length,
  };
}
