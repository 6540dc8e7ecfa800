import { writeContract } from 'viem/actions';
import type { Address } from 'viem';
import { consortiumAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { proposalOutcome, type ProposalOutcome } from '../internal/proposal.js';
import { transact, type ActionOptions, type WriteResult } from '../internal/transact.js';

export interface ProposeRemoveMemberParameters extends ActionOptions {
  readonly account: Address;
}
export type ProposeRemoveMemberReturnType = WriteResult & ProposalOutcome;
export type ProposeRemoveMemberErrorType = ContractRevertError | LedgerRpcError;

/**
 * Proposes to remove a member. Once executed, the member loses every right at once, and its
 * votes on open proposals stop counting.
 * Refusals: NotMember (caller or target), InvalidThreshold (fewer members than the threshold).
 * @example
 * ```ts
 * await proposeRemoveMember(client, { account });
 * ```
 */
export async function proposeRemoveMember(
  client: LedgerClient,
  params: ProposeRemoveMemberParameters,
): Promise<ProposeRemoveMemberReturnType> {
  const w = await transact(
    client,
    { contract: 'Consortium', functionName: 'proposeRemoveMember' },
    (wallet) =>
      writeContract(wallet, {
        address: client.addresses.consortium,
        abi: consortiumAbi,
        functionName: 'proposeRemoveMember',
        args: [params.account],
      }),
    params,
  );
  return { ...w, ...proposalOutcome(client, w.receipt) };
}
