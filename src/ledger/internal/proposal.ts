/** Shared by the Consortium propose actions: the new proposal's id and whether it already passed. */
import type { TransactionReceipt } from 'viem';
import { consortiumAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import { findEvent } from './transact.js';
import { parseEventLogs } from 'viem';

export interface ProposalOutcome {
  readonly proposalId: bigint;
  /** True when the proposer's own vote reached the threshold and the change took effect. */
  readonly executed: boolean;
}

export function proposalOutcome(
  client: LedgerClient,
  receipt: TransactionReceipt,
): ProposalOutcome {
  const created = findEvent(receipt, consortiumAbi, 'ProposalCreated', client.addresses.consortium);
  return { proposalId: created.args.proposalId, executed: wasExecuted(client, receipt) };
}

export function wasExecuted(client: LedgerClient, receipt: TransactionReceipt): boolean {
  const address = client.addresses.consortium.toLowerCase();
  return (
    parseEventLogs({
      abi: consortiumAbi,
      eventName: 'ProposalExecuted',
      logs: receipt.logs.filter((l) => l.address.toLowerCase() === address),
    }).length > 0
  );
}
