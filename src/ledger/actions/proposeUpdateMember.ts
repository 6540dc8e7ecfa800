import { writeContract } from 'viem/actions';
import type { Address } from 'viem';
import { consortiumAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { proposalOutcome, type ProposalOutcome } from '../internal/proposal.js';
import { transact, type ActionOptions, type WriteResult } from '../internal/transact.js';
import type { MemberInfo } from '../types.js';

export interface ProposeUpdateMemberParameters extends ActionOptions {
  readonly account: Address;
  /** The member's new public facts: typically a rotated TLS key or a moved endpoint. */
  readonly info: MemberInfo;
}
export type ProposeUpdateMemberReturnType = WriteResult & ProposalOutcome;
export type ProposeUpdateMemberErrorType = ContractRevertError | LedgerRpcError;

/**
 * Proposes to rotate a member's TLS key or endpoint (its chain address stays its identity).
 * Refusals: NotMember (caller or target).
 * @example
 * ```ts
 * await proposeUpdateMember(client, { account, info: { ...info, tlsPublicKey: newKey } });
 * ```
 */
export async function proposeUpdateMember(
  client: LedgerClient,
  params: ProposeUpdateMemberParameters,
): Promise<ProposeUpdateMemberReturnType> {
  const w = await transact(
    client,
    { contract: 'Consortium', functionName: 'proposeUpdateMember' },
    (wallet) =>
      writeContract(wallet, {
        address: client.addresses.consortium,
        abi: consortiumAbi,
        functionName: 'proposeUpdateMember',
        args: [params.account, params.info],
      }),
    params,
  );
  return { ...w, ...proposalOutcome(client, w.receipt) };
}
