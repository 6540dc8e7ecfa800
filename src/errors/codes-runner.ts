/** Error codes of the node runner (src/node/runner): following the ledger and running jobs. See codes.ts. */
export const runnerErrorCodes = {
  ERR_RUNNER_PARAMS:
    "A job's public params are not published on chain (no JobParams event), do not parse, do not fit the program, or do not hash to the job's paramsHash; the node cannot run or approve it.",
  ERR_RUNNER_DATASET:
    "An input dataset of this node is missing from its store, or a stored cell does not fit the dataset's schema; the dataset, column and row are named, never the value.",
  ERR_RUNNER_IDENTITY:
    "This node's member record on chain does not match the node: another member name, another TLS key fingerprint, or no record for its account.",
} as const;
