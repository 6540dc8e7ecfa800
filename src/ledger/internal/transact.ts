/**
 * The one path every ledger write and read goes through: send, wait for the receipt, and turn
 * any failure into a Parley error with the contract's custom error decoded.
 *
 * @module
 */
import {
  parseEventLogs,
  type Abi,
  type Account,
  type ContractEventName,
  type Hash,
  type Log,
  type ParseEventLogsReturnType,
  type TransactionReceipt,
} from 'viem';
import { call, getTransaction, waitForTransactionReceipt } from 'viem/actions';
import type { ParleyError } from '../../errors/base.js';
import type { LedgerClient, LedgerWalletClient } from '../client.js';
import {
  LedgerNoAccountError,
  TransactionRevertedError,
  toLedgerError,
  type LedgerCallContext,
} from '../errors.js';

/** Options every action accepts. */
export interface ActionOptions {
  readonly signal?: AbortSignal;
}

/** What every write action returns at least. */
export interface WriteResult {
  readonly hash: Hash;
  readonly receipt: TransactionReceipt;
}

/**
 * Sends one transaction with `send`, waits for its receipt and checks its status.
 * @throws {ContractRevertError} if the contract refuses (detected at gas estimation).
 * @throws {TransactionRevertedError} if it was mined but reverted.
 */
export async function transact(
  client: LedgerClient,
  ctx: LedgerCallContext,
  send: (wallet: LedgerWalletClient, account: Account) => Promise<Hash>,
  options: ActionOptions = {},
): Promise<WriteResult> {
  options.signal?.throwIfAborted();
  const wallet = client.walletClient;
  if (wallet === undefined) throw new LedgerNoAccountError(ctx);
  let hash: Hash;
  try {
    hash = await send(wallet, wallet.account);
  } catch (err) {
    throw toLedgerError(err, ctx);
  }
  options.signal?.throwIfAborted();
  let receipt: TransactionReceipt;
  try {
    receipt = await waitForTransactionReceipt(client.publicClient, { hash });
  } catch (err) {
    throw toLedgerError(err, ctx);
  }
  if (receipt.status !== 'success') throw await explainRevert(client, ctx, receipt);
  return { hash, receipt };
}

/** Runs a read, mapping failures (including named refusals such as `JobNotFound`). */
export async function read<T>(
  ctx: LedgerCallContext,
  call: () => Promise<T>,
  options: ActionOptions = {},
): Promise<T> {
  options.signal?.throwIfAborted();
  try {
    return await call();
  } catch (err) {
    throw toLedgerError(err, ctx);
  }
}

/** The first `eventName` event that `address` emitted in `receipt`. */
export function findEvent<const abi extends Abi, eventName extends ContractEventName<abi>>(
  receipt: TransactionReceipt,
  abi: abi,
  eventName: eventName,
  address: `0x${string}`,
): ParseEventLogsReturnType<abi, eventName, true>[number] {
  const logs: Log[] = receipt.logs.filter((l) => l.address.toLowerCase() === address.toLowerCase());
  const parsed = parseEventLogs({ abi, logs, eventName });
  const first = parsed[0];
  if (first === undefined) {
    throw new TransactionRevertedError({
      contract: address,
      functionName: `expected event ${String(eventName)}`,
      hash: receipt.transactionHash,
    });
  }
  return first;
}

/**
 * A mined transaction reverted although gas estimation passed: the state changed in between, or
 * it ran out of gas. Replays it on the parent block to recover the named error if there is one.
 */
async function explainRevert(
  client: LedgerClient,
  ctx: LedgerCallContext,
  receipt: TransactionReceipt,
): Promise<ParleyError> {
  const hash = receipt.transactionHash;
  let gasLimit: number | undefined;
  try {
    const tx = await getTransaction(client.publicClient, { hash });
    gasLimit = Number(tx.gas);
    await call(client.publicClient, {
      account: tx.from,
      to: tx.to,
      data: tx.input,
      gas: tx.gas,
      blockNumber: receipt.blockNumber - 1n,
    });
  } catch (err) {
    const mapped = toLedgerError(err, ctx);
    if (mapped.code === 'ERR_LEDGER_REVERT') return mapped;
  }
  return new TransactionRevertedError({
    ...ctx,
    hash,
    gasUsed: Number(receipt.gasUsed),
    ...(gasLimit === undefined ? {} : { gasLimit }),
  });
}
