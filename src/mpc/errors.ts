/**
 * Errors of the MPC engine and of its transport contract ({@link Channel}). Transports in `net`
 * throw these too, so a protocol sees one vocabulary whatever the transport.
 *
 * Messages name parties, steps and sizes, never payload bytes, shares or secrets.
 *
 * @module
 */
import { ParleyError } from '../errors/base.js';

/** Where a protocol was when something went wrong: the peer, the numeric step and its label. */
export interface PeerStep {
  readonly party: string;
  readonly step: number;
  readonly label?: string | undefined;
}

function at(p: PeerStep): string {
  return p.label === undefined ? `step ${p.step}` : `step ${p.step} (${p.label})`;
}

/** The committee, threshold or party list is unusable. */
export class MpcConfigError extends ParleyError {
  static override name = 'MpcConfigError';
  constructor(message: string, details?: Record<string, string | number>) {
    super(message, { code: 'ERR_MPC_CONFIG', ...(details === undefined ? {} : { details }) });
  }
}

/** A secret input does not fit its declared type or shape. Names the index, never the value. */
export class MpcInputError extends ParleyError {
  static override name = 'MpcInputError';
  constructor(message: string, details?: Record<string, string | number>) {
    super(message, { code: 'ERR_MPC_INPUT', ...(details === undefined ? {} : { details }) });
  }
}

/** A peer's message arrived but is unusable: wrong length, non-canonical element, duplicate. */
export class PeerMessageError extends ParleyError {
  static override name = 'PeerMessageError';
  constructor(p: PeerStep & { readonly reason: string }, options?: ErrorOptions) {
    super(`Party ${p.party} sent a bad message at ${at(p)}: ${p.reason}.`, {
      code: 'ERR_PEER_MESSAGE',
      details: { party: p.party, step: p.step, label: p.label, reason: p.reason },
      ...(options?.cause === undefined ? {} : { cause: options.cause }),
    });
  }
}

/** A peer's message did not arrive within the timeout. */
export class PeerTimeoutError extends ParleyError {
  static override name = 'PeerTimeoutError';
  constructor(p: PeerStep & { readonly timeoutMs: number }) {
    super(`No message from party ${p.party} at ${at(p)} within ${p.timeoutMs} ms.`, {
      code: 'ERR_PEER_TIMEOUT',
      details: { party: p.party, step: p.step, label: p.label, timeoutMs: p.timeoutMs },
    });
  }
}

/** A peer's connection ended (it crashed, quit or was cut off) before its message came. */
export class PeerClosedError extends ParleyError {
  static override name = 'PeerClosedError';
  constructor(p: PeerStep, options?: ErrorOptions) {
    super(`Party ${p.party} closed the connection before ${at(p)}.`, {
      code: 'ERR_PEER_CLOSED',
      details: { party: p.party, step: p.step, label: p.label },
      ...(options?.cause === undefined ? {} : { cause: options.cause }),
    });
  }
}

/** The computation was cancelled through its AbortSignal. */
export class AbortedError extends ParleyError {
  static override name = 'AbortedError';
  constructor(what: string, options?: ErrorOptions) {
    super(`${what} was aborted.`, {
      code: 'ERR_ABORTED',
      details: { what },
      ...(options?.cause === undefined ? {} : { cause: options.cause }),
    });
  }
}

/** A protocol precondition failed locally (e.g. mismatched vector lengths in a program). */
export class MpcProtocolError extends ParleyError {
  static override name = 'MpcProtocolError';
  constructor(message: string, details?: Record<string, string | number>) {
    super(message, { code: 'ERR_MPC_PROTOCOL', ...(details === undefined ? {} : { details }) });
  }
}

/**
 * The verification of the malicious-secure mode (`security: 'malicious'`, see
 * `runtime/verify.ts`) failed: some committee member deviated from the protocol, and no output
 * was delivered. The message says which check failed; `details.party` names a member only when
 * the evidence identifies it (e.g. unique decoding of an over-determined opening), never a guess.
 * Never carries shares or values.
 */
export class MpcVerificationError extends ParleyError {
  static override name = 'MpcVerificationError';
  constructor(check: string, party?: string) {
    super(
      party === undefined
        ? `MPC verification failed (${check}).`
        : `MPC verification failed (${check}): member ${party} deviated.`,
      {
        code: 'ERR_MPC_VERIFICATION',
        details: party === undefined ? { check } : { check, party },
      },
    );
  }
}
