/**
 * Errors of the CLI's own inputs: the node's config file it reads for the API address and token,
 * and files named on the command line (schemas, policies). Code `ERR_NODE_CONFIG`, with
 * `details.field` and `details.path` naming what is wrong; never a file's content.
 *
 * @module
 */
import { ParleyError, type ErrorDetails } from '../errors/base.js';

/**
 * A file the CLI reads is missing, unreadable, not JSON, or has an invalid field.
 * @example
 * ```ts
 * throw new CliFileError(`The schema file ${path} is not valid JSON.`, { field: 'schema', path });
 * ```
 */
export class CliFileError extends ParleyError {
  static override name = 'CliFileError';
  constructor(message: string, details: ErrorDetails = {}, options?: ErrorOptions) {
    super(message, { code: 'ERR_NODE_CONFIG', details, ...options });
  }
}
