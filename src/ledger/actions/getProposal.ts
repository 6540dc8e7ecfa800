import { readContract } from 'viem/actions';
import { consortiumAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { read, type ActionOptions } from '../internal/transact.js';
import type { Proposal } from '../types.js';

export interface GetProposalParameters extends ActionOptions {
  readonly proposalId: bigint;
}
export type GetProposalReturnType = Proposal;
export type GetProposalErrorType = ContractRevertError | LedgerRpcError;

/**
 * Reads a proposal with its computed status (Open, Executed, Expired) and the votes of current members.
 * Refusals: UnknownProposal.
 * @example
 * ```ts
 * const p = await getProposal(client, { proposalId });
 * ```
 */
export function getProposal(
  client: LedgerClient,
  params: GetProposalParameters,
): Promise<GetProposalReturnType> {
  return read(
    { contract: 'Consortium', functionName: 'getProposal' },
    () =>
      readContract(client.publicClient, {
        address: client.addresses.consortium,
        abi: consortiumAbi,
        functionName: 'getProposal',
        args: [params.proposalId],
      }),
    params,
  );
}
