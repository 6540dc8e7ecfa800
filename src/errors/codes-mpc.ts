/** Error codes of the MPC engine (src/mpc). See codes.ts. */
export const mpcErrorCodes = {
  ERR_MPC_CONFIG: 'Invalid committee, threshold or party configuration.',
  ERR_MPC_INPUT: 'A secret input is out of range for its type or has the wrong shape.',
  ERR_MPC_PROTOCOL: 'A protocol step received data it cannot use (wrong length, wrong type).',
  ERR_PEER_TIMEOUT: 'A peer did not send its message for a step within the timeout.',
  ERR_PEER_MESSAGE: 'A peer sent a malformed, truncated or duplicated message.',
  ERR_PEER_CLOSED: 'A peer closed the connection or crashed during a computation.',
  ERR_MPC_VERIFICATION:
    'The malicious-security check found that a committee member deviated from the protocol; no output was delivered.',
  ERR_ABORTED: 'The computation was cancelled through its AbortSignal.',
} as const;
