/**
 * Errors of the ledger client. Contract refusals become {@link ContractRevertError}, which names
 * the Solidity custom error and carries its decoded arguments, whichever contract raised it (a
 * refusal from Grants inside a Jobs call is decoded too). Everything else from viem is wrapped in
 * a {@link LedgerRpcError} with the original as `cause`.
 *
 * Security: messages and details contain contract names, function names, error names, addresses,
 * ids and hashes only. Private keys and RPC credentials never appear: RPC URLs are reduced to
 * their origin before they go into a message.
 *
 * @module
 */
import { BaseError, ContractFunctionRevertedError, decodeErrorResult, type Hex } from 'viem';
import { ParleyError, type ErrorDetails } from '../errors/base.js';
import { ledgerErrorsAbi } from './abi.js';

/** Which contract and function a ledger call addressed. */
export type LedgerCallContext = {
  readonly contract: string;
  readonly functionName: string;
};

/** JSON text of decoded arguments; bigints become decimal strings. */
export function formatErrorArgs(args: readonly unknown[]): string {
  return JSON.stringify(args, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/**
 * A contract refused the call with a named custom error, e.g. `GrantExhausted(7, 3)`.
 * @example
 * ```ts
 * try { await approveJob(client, { jobId, specHash }); }
 * catch (err) { if (err instanceof ContractRevertError && err.errorName === 'NotInputOwner') ... }
 * ```
 */
export class ContractRevertError extends ParleyError {
  static override name = 'ContractRevertError';
  /** The Solidity custom error's name, e.g. 'GrantExhausted'. */
  readonly errorName: string;
  /** The custom error's decoded arguments, in declaration order. */
  readonly args: readonly unknown[];

  constructor(
    p: LedgerCallContext & { errorName: string; args: readonly unknown[] },
    options?: ErrorOptions,
  ) {
    const argsText = formatErrorArgs(p.args);
    super(
      `${p.contract}.${p.functionName} was refused: ${p.errorName}(${argsText.slice(1, -1)}).`,
      {
        code: 'ERR_LEDGER_REVERT',
        details: {
          contract: p.contract,
          functionName: p.functionName,
          errorName: p.errorName,
          args: argsText,
        },
        ...options,
      },
    );
    this.errorName = p.errorName;
    this.args = Object.freeze([...p.args]);
  }
}

/** A transaction was mined with status 'reverted' and no decodable reason. */
export class TransactionRevertedError extends ParleyError {
  static override name = 'TransactionRevertedError';
  constructor(
    p: LedgerCallContext & { hash: Hex; gasUsed?: number; gasLimit?: number },
    options?: ErrorOptions,
  ) {
    super(`Transaction ${p.hash} (${p.contract}.${p.functionName}) reverted.`, {
      code: 'ERR_LEDGER_TX_REVERTED',
      details: p,
      ...options,
    });
  }
}

/** The chain node failed or could not be reached. `cause` holds viem's error. */
export class LedgerRpcError extends ParleyError {
  static override name = 'LedgerRpcError';
  constructor(p: LedgerCallContext & { reason: string }, options?: ErrorOptions) {
    super(`${p.contract}.${p.functionName} failed: ${p.reason}`, {
      code: 'ERR_LEDGER_RPC',
      details: p,
      ...options,
    });
  }
}

/** A write was attempted without an account. */
export class LedgerNoAccountError extends ParleyError {
  static override name = 'LedgerNoAccountError';
  constructor(p: LedgerCallContext) {
    super(`${p.contract}.${p.functionName} needs a ledger client with an account (privateKey).`, {
      code: 'ERR_LEDGER_NO_ACCOUNT',
      details: p,
    });
  }
}

/** A configuration value is missing or invalid. */
export class LedgerConfigError extends ParleyError {
  static override name = 'LedgerConfigError';
  constructor(message: string, details: ErrorDetails = {}, options?: ErrorOptions) {
    super(message, { code: 'ERR_LEDGER_CONFIG', details, ...options });
  }
}

/** Deployment failed. */
export class LedgerDeployError extends ParleyError {
  static override name = 'LedgerDeployError';
  constructor(message: string, details: ErrorDetails = {}, options?: ErrorOptions) {
    super(message, { code: 'ERR_LEDGER_DEPLOY', details, ...options });
  }
}

/** anvil could not be found, started or stopped. */
export class AnvilError extends ParleyError {
  static override name = 'AnvilError';
  constructor(message: string, details: ErrorDetails = {}, options?: ErrorOptions) {
    super(message, { code: 'ERR_LEDGER_ANVIL', details, ...options });
  }
}

/** The event checkpoint could not be read or written. */
export class CheckpointError extends ParleyError {
  static override name = 'CheckpointError';
  constructor(message: string, details: ErrorDetails = {}, options?: ErrorOptions) {
    super(message, { code: 'ERR_LEDGER_CHECKPOINT', details, ...options });
  }
}

/** Returns the revert data of a viem error, if it carries any. */
function revertData(err: unknown): Hex | undefined {
  if (!(err instanceof BaseError)) return undefined;
  const reverted = err.walk((e) => e instanceof ContractFunctionRevertedError);
  if (reverted instanceof ContractFunctionRevertedError && reverted.raw !== undefined) {
    return reverted.raw;
  }
  const withData = err.walk(
    (e) =>
      typeof e === 'object' &&
      e !== null &&
      'data' in e &&
      typeof e.data === 'string' &&
      e.data.startsWith('0x') &&
      e.data.length >= 10,
  );
  if (typeof withData === 'object' && withData !== null && 'data' in withData) {
    const data = withData.data;
    if (typeof data === 'string' && /^0x[0-9a-fA-F]*$/.test(data)) return data as Hex;
  }
  return undefined;
}

/**
 * Maps any error from a ledger call to a Parley error: a decoded {@link ContractRevertError}
 * when the revert data matches a ledger custom error, else a {@link LedgerRpcError}.
 * Parley errors pass through unchanged.
 */
export function toLedgerError(err: unknown, ctx: LedgerCallContext): ParleyError {
  if (err instanceof ParleyError) return err;
  const data = revertData(err);
  if (data !== undefined) {
    try {
      const decoded = decodeErrorResult({ abi: ledgerErrorsAbi, data });
      return new ContractRevertError(
        { ...ctx, errorName: decoded.errorName, args: decoded.args ?? [] },
        { cause: err },
      );
    } catch {
      // Not one of ours (e.g. a panic); fall through to the generic wrapper.
    }
  }
  const reason =
    err instanceof BaseError ? err.shortMessage : err instanceof Error ? err.message : String(err);
  return new LedgerRpcError({ ...ctx, reason: redactUrls(reason) }, { cause: err });
}

/** Reduces every URL in `text` to its origin, so paths or query strings with API keys never leak. */
export function redactUrls(text: string): string {
  return text.replace(/\b(https?|wss?):\/\/[^\s"'<>]+/g, (url) => {
    try {
      const u = new URL(url);
      return `${u.protocol}//${u.host}`;
    } catch {
      return '[url]';
    }
  });
}
