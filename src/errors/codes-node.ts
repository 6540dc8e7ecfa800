/** Error codes of the node (src/node: config, store, datasets, REST API) and the CLI. See codes.ts. */
export const nodeErrorCodes = {
  ERR_NODE_CONFIG:
    'The node configuration or a key file is missing or invalid; the field is named.',
  ERR_NODE_IDENTITY_EXISTS: '`parley init` refused to overwrite an existing identity.',
  ERR_NODE_STORE: 'The node store (SQLite) could not be opened, migrated, read or written.',
  ERR_NODE_NO_LEDGER: 'The node has no ledger connection configured (contracts, chain id).',
  ERR_DATASET_CSV: 'The CSV text is malformed (quotes, field count); the row is named.',
  ERR_DATASET_SCHEMA: 'A dataset schema is invalid, or does not match the CSV header.',
  ERR_DATASET_VALUE: 'A cell does not fit its column type; the row, column and type are named.',
  ERR_DATASET_NOT_FOUND: 'No dataset with this id in the node store.',
  ERR_DATASET_EXISTS: 'A dataset with this name already exists in the node store.',
  ERR_CATALOG_METADATA:
    "A Catalog entry's column metadata is malformed or lacks what checks need (e.g. labels).",
  ERR_API_AUTH: 'The request has no API token, or not the right one.',
  ERR_API_VALIDATION: 'The request does not match the route schema; the field is named.',
  ERR_API_NOT_FOUND: 'No such route.',
  ERR_API_CSRF:
    'A console request signed in by cookie lacks the session CSRF token, or comes from another origin.',
  ERR_GOVERNANCE_NOT_FOUND: 'No governance proposal with this id in the Consortium.',
  ERR_API_PAYLOAD: 'The request body is too large or not in the declared content type.',
  ERR_API_UNREACHABLE:
    'A client (SDK, CLI, console) could not reach the node REST API, or lost its event stream.',
  ERR_API_UNEXPECTED:
    'The node answered with something that is not a documented answer (no error code, not JSON).',
  ERR_INBOX_NOT_FOUND: 'No inbox item with this id (or its job or grant is unknown to this node).',
  ERR_INBOX_DECIDED: 'The inbox item was already approved or rejected; decisions are final.',
  ERR_JOB_NOT_FOUND: 'No job with this id is known to this node.',
  ERR_JOB_NOT_RECIPIENT: 'This node is not a recipient of the job, so it holds no result.',
  ERR_JOB_NO_RESULT: 'The job has no verified result on this node yet.',
  ERR_ARTIFACT_NOT_FOUND: 'This node holds no shares of an artifact with this id.',
  ERR_ARTIFACT_INPUT:
    'An artifact named as a job input does not fit: unknown, another committee, or other inputs.',
  ERR_JOB_INPUT: 'A job input is not in the Catalog, or was withdrawn; the input is named.',
  ERR_JOB_COMMITTEE:
    "The job's committee breaks a committee rule (threshold t = 0 with another party's input, or an owner's policy).",
  ERR_GRANT_NOT_FOUND: 'No grant with this id is known to this node.',
  ERR_GRANT_NOT_INCOMING: "Only the dataset's owner approves, rejects or revokes a grant.",
  ERR_MEMBER_UNKNOWN: 'A committee member, recipient or requester is not a consortium member.',
  ERR_POLICY: 'A policy rule names an unknown program or member; the rule is named.',
  ERR_INTERNAL: 'An unexpected error; details are in the node log under the request id.',
} as const;
