import { writeContract } from 'viem/actions';
import { consortiumAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { wasExecuted } from '../internal/proposal.js';
import { transact, type ActionOptions, type WriteResult } from '../internal/transact.js';

export interface VoteParameters extends ActionOptions {
  readonly proposalId: bigint;
}
export type VoteReturnType = WriteResult & {
  /** True when this vote reached the threshold and the proposal took effect. */
  readonly executed: boolean;
};
export type VoteErrorType = ContractRevertError | LedgerRpcError;

/**
 * Votes for a proposal; executes it when the votes of current members reach the threshold.
 * Refusals: NotMember, UnknownProposal, ProposalExpired, ProposalAlreadyExecuted, AlreadyVoted,
 * and the proposal's own preconditions (e.g. InvalidThreshold) if they no longer hold.
 * @example
 * ```ts
 * const { executed } = await vote(client, { proposalId });
 * ```
 */
export async function vote(client: LedgerClient, params: VoteParameters): Promise<VoteReturnType> {
  const w = await transact(
    client,
    { contract: 'Consortium', functionName: 'vote' },
    (wallet) =>
      writeContract(wallet, {
        address: client.addresses.consortium,
        abi: consortiumAbi,
        functionName: 'vote',
        args: [params.proposalId],
      }),
    params,
  );
  return { ...w, executed: wasExecuted(client, w.receipt) };
}
