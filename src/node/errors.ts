/**
 * Errors of the node: configuration, identity, store, datasets and the REST API. Each class has one
 * stable code (src/errors/codes-node.ts, documented in docs/errors.md); `server/errors.ts` maps the
 * codes to HTTP statuses.
 *
 * Security: messages and details name fields, rows, columns and types, never a cell value, a key
 * or a token. They are sent to API clients as they are.
 *
 * @module
 */
import { ParleyError, type ErrorDetails } from '../errors/base.js';

/** A config field or key file is missing or invalid. `details.field` names it. */
export class NodeConfigError extends ParleyError {
  static override name = 'NodeConfigError';
  constructor(message: string, details: ErrorDetails = {}, options?: ErrorOptions) {
    super(message, { code: 'ERR_NODE_CONFIG', details, ...options });
  }
}

/** `parley init` found an identity (config or key files) it would overwrite. */
export class IdentityExistsError extends ParleyError {
  static override name = 'IdentityExistsError';
  constructor(path: string) {
    super(`An identity already exists at ${path}; refusing to overwrite it.`, {
      code: 'ERR_NODE_IDENTITY_EXISTS',
      details: { path },
    });
  }
}

/** The SQLite store could not be opened, migrated, read or written. */
export class StoreError extends ParleyError {
  static override name = 'StoreError';
  constructor(message: string, details: ErrorDetails = {}, options?: ErrorOptions) {
    super(message, { code: 'ERR_NODE_STORE', details, ...options });
  }
}

/** A ledger action was asked of a node without a configured ledger. */
export class NoLedgerError extends ParleyError {
  static override name = 'NoLedgerError';
  constructor() {
    super(
      'This node has no ledger configured (ledger.chainId and ledger.contracts in config.json).',
      {
        code: 'ERR_NODE_NO_LEDGER',
        details: { field: 'ledger.contracts' },
      },
    );
  }
}

/** Malformed CSV. `details.row` (1-based data row) or `details.line` (1-based line) says where. */
export class CsvError extends ParleyError {
  static override name = 'CsvError';
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, { code: 'ERR_DATASET_CSV', details });
  }
}

/** An invalid schema, or one that does not match the CSV header. `details.field` names it. */
export class DatasetSchemaError extends ParleyError {
  static override name = 'DatasetSchemaError';
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, { code: 'ERR_DATASET_SCHEMA', details });
  }
}

/** A cell that does not fit its column: `details` has row, line, column and expected type. */
export class DatasetValueError extends ParleyError {
  static override name = 'DatasetValueError';
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, { code: 'ERR_DATASET_VALUE', details });
  }
}

/** Catalog metadata (a published dataset's columns) that is malformed or lacks what checks need. */
export class CatalogMetadataError extends ParleyError {
  static override name = 'CatalogMetadataError';
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, { code: 'ERR_CATALOG_METADATA', details });
  }
}

/** No dataset with this id. */
export class DatasetNotFoundError extends ParleyError {
  static override name = 'DatasetNotFoundError';
  constructor(id: string) {
    super(`No dataset with id ${id}.`, { code: 'ERR_DATASET_NOT_FOUND', details: { id } });
  }
}

/** A dataset name is already taken. */
export class DatasetExistsError extends ParleyError {
  static override name = 'DatasetExistsError';
  constructor(name: string) {
    super(`A dataset named "${name}" already exists.`, {
      code: 'ERR_DATASET_EXISTS',
      details: { name },
    });
  }
}

/** Missing or wrong API token. The message never says which, nor echoes the token. */
export class ApiAuthError extends ParleyError {
  static override name = 'ApiAuthError';
  constructor() {
    super('Missing or invalid API token (send "Authorization: Bearer <token>").', {
      code: 'ERR_API_AUTH',
    });
  }
}

/**
 * A cookie-authenticated (console) request that changes state without the session's CSRF
 * token in `X-CSRF-Token`, or from another origin. The message never echoes a token.
 */
export class ApiCsrfError extends ParleyError {
  static override name = 'ApiCsrfError';
  constructor(reason: 'token' | 'origin') {
    super(
      reason === 'token'
        ? "Missing or invalid CSRF token: a console request that changes state must send the session's X-CSRF-Token header (GET /v1/session returns it)."
        : "The request comes from another origin than the node's own; the console only accepts requests from its own pages.",
      { code: 'ERR_API_CSRF', details: { reason } },
    );
  }
}

/** No Consortium proposal with this id. */
export class GovernanceNotFoundError extends ParleyError {
  static override name = 'GovernanceNotFoundError';
  constructor(id: string) {
    super(`No governance proposal ${id} in the Consortium.`, {
      code: 'ERR_GOVERNANCE_NOT_FOUND',
      details: { proposalId: id },
    });
  }
}

/** A request that does not match its route schema. `details.field` names the field. */
export class ApiValidationError extends ParleyError {
  static override name = 'ApiValidationError';
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, { code: 'ERR_API_VALIDATION', details });
  }
}

/** No inbox item with this id. */
export class InboxNotFoundError extends ParleyError {
  static override name = 'InboxNotFoundError';
  constructor(id: number) {
    super(`No inbox item ${id}.`, { code: 'ERR_INBOX_NOT_FOUND', details: { id } });
  }
}

/** The inbox item was already approved or rejected; a decision is never changed. */
export class InboxDecidedError extends ParleyError {
  static override name = 'InboxDecidedError';
  constructor(id: number, state: string) {
    super(`Inbox item ${id} is already ${state}.`, {
      code: 'ERR_INBOX_DECIDED',
      details: { id, state },
    });
  }
}

/** No job with this id is known to this node. */
export class JobNotFoundError extends ParleyError {
  static override name = 'JobNotFoundError';
  constructor(id: string) {
    super(`No job ${id} on this node.`, { code: 'ERR_JOB_NOT_FOUND', details: { id } });
  }
}

/** This node is not a recipient of the job, so it holds no result to show. */
export class JobNotRecipientError extends ParleyError {
  static override name = 'JobNotRecipientError';
  constructor(id: string) {
    super(`This node is not a recipient of job ${id}; only recipients receive its outputs.`, {
      code: 'ERR_JOB_NOT_RECIPIENT',
      details: { id },
    });
  }
}

/** A recipient asked for a job's result before it holds the verified result. */
export class JobNoResultError extends ParleyError {
  static override name = 'JobNoResultError';
  constructor(id: string, status: string) {
    super(`Job ${id} has no result on this node yet (status ${status}).`, {
      code: 'ERR_JOB_NO_RESULT',
      details: { id, status },
    });
  }
}

/** A job input that cannot be used: not in the Catalog, or withdrawn. `details.input` names it. */
export class JobInputError extends ParleyError {
  static override name = 'JobInputError';
  constructor(input: string, problem: 'unknown' | 'withdrawn', options?: ErrorOptions) {
    super(
      problem === 'unknown'
        ? `Input ${input} is not in the Catalog; publish it first (parley dataset publish).`
        : `Input ${input} was withdrawn from the Catalog by its owner.`,
      { code: 'ERR_JOB_INPUT', details: { input, problem }, ...options },
    );
  }
}

/**
 * The job's committee breaks a committee rule (src/node/jobs/committee-rules.ts): threshold t = 0
 * with another party's input, or an owner's policy requirement. Nothing went on chain.
 * `details.problems` lists each problem in user terms (`{ message }`); `details.rule` is `threshold` or `policy`.
 */
export class JobCommitteeError extends ParleyError {
  static override name = 'JobCommitteeError';
  constructor(problems: readonly string[], rule: 'threshold' | 'policy') {
    super(`The job's committee breaks a committee rule: ${problems.join('; ')}.`, {
      code: 'ERR_JOB_COMMITTEE',
      details: { rule, problems: problems.map((message) => ({ message })) },
    });
  }
}

/** No grant with this id is known to this node. */
export class GrantNotFoundError extends ParleyError {
  static override name = 'GrantNotFoundError';
  constructor(id: string) {
    super(`No grant ${id} on this node.`, { code: 'ERR_GRANT_NOT_FOUND', details: { id } });
  }
}

/** Approve, reject or revoke of a grant this node does not own (our own outgoing request). */
export class GrantNotIncomingError extends ParleyError {
  static override name = 'GrantNotIncomingError';
  constructor(id: string, action: string) {
    super(`Grant ${id} is a request this node made; only the dataset's owner can ${action} it.`, {
      code: 'ERR_GRANT_NOT_INCOMING',
      details: { id, action },
    });
  }
}

/** A member name or address that is not a current Consortium member. `details.field` says where. */
export class MemberUnknownError extends ParleyError {
  static override name = 'MemberUnknownError';
  constructor(member: string, field: string) {
    super(`${field}: ${member} is not a member of the consortium.`, {
      code: 'ERR_MEMBER_UNKNOWN',
      details: { member, field },
    });
  }
}

/** A policy rule that cannot be used (unknown program or member). `details.field` names it. */
export class PolicyError extends ParleyError {
  static override name = 'PolicyError';
  constructor(message: string, field: string) {
    super(message, { code: 'ERR_POLICY', details: { field } });
  }
}
