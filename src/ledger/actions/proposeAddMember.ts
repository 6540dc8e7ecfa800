import { writeContract } from 'viem/actions';
import type { Address } from 'viem';
import { consortiumAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { proposalOutcome, type ProposalOutcome } from '../internal/proposal.js';
import { transact, type ActionOptions, type WriteResult } from '../internal/transact.js';
import type { MemberInfo } from '../types.js';

export interface ProposeAddMemberParameters extends ActionOptions {
  /** The new member's chain address. */
  readonly account: Address;
  readonly info: MemberInfo;
}
export type ProposeAddMemberReturnType = WriteResult & ProposalOutcome;
export type ProposeAddMemberErrorType = ContractRevertError | LedgerRpcError;

/**
 * Proposes to admit a member; the caller's vote is counted at once.
 * Refusals: NotMember (caller), ZeroAddress, AlreadyMember.
 * @example
 * ```ts
 * const { proposalId } = await proposeAddMember(client, { account, info });
 * ```
 */
export async function proposeAddMember(
  client: LedgerClient,
  params: ProposeAddMemberParameters,
): Promise<ProposeAddMemberReturnType> {
  const w = await transact(
    client,
    { contract: 'Consortium', functionName: 'proposeAddMember' },
    (wallet) =>
      writeContract(wallet, {
        address: client.addresses.consortium,
        abi: consortiumAbi,
        functionName: 'proposeAddMember',
        args: [params.account, params.info],
      }),
    params,
  );
  return { ...w, ...proposalOutcome(client, w.receipt) };
}
