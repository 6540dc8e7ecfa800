/** Error codes of the ledger client (src/ledger). See codes.ts. */
export const ledgerErrorCodes = {
  ERR_LEDGER_REVERT:
    'A contract refused the call with a named custom error (see details.errorName).',
} as const;
