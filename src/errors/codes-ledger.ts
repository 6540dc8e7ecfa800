/** Error codes of the ledger client (src/ledger). See codes.ts. */
export const ledgerErrorCodes = {
  ERR_LEDGER_REVERT:
    'A contract refused the call with a named custom error (see details.errorName).',
  ERR_LEDGER_TX_REVERTED:
    'A transaction was mined but reverted without a decodable custom error (e.g. out of gas).',
  ERR_LEDGER_RPC: 'The chain node could not be reached or answered with an error.',
  ERR_LEDGER_NO_ACCOUNT: 'A write was attempted with a ledger client that has no account.',
  ERR_LEDGER_CONFIG: 'A ledger or deployment configuration is missing or invalid.',
  ERR_LEDGER_DEPLOY: 'Deploying the ledger contracts failed or produced unexpected addresses.',
  ERR_LEDGER_ANVIL: 'The local anvil chain could not be found, started or stopped.',
  ERR_LEDGER_CHECKPOINT: 'The event checkpoint file could not be read or written.',
} as const;
