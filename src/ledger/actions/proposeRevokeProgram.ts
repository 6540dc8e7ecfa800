import { writeContract } from 'viem/actions';
import { consortiumAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { proposalOutcome, type ProposalOutcome } from '../internal/proposal.js';
import { transact, type ActionOptions, type WriteResult } from '../internal/transact.js';
import type { Bytes32 } from '../types.js';

export interface ProposeRevokeProgramParameters extends ActionOptions {
  readonly programHash: Bytes32;
}
export type ProposeRevokeProgramReturnType = WriteResult & ProposalOutcome;
export type ProposeRevokeProgramErrorType = ContractRevertError | LedgerRpcError;

/**
 * Proposes to revoke an approved program hash; new jobs with it are then refused.
 * Refusals: NotMember, ProgramNotApproved.
 * @example
 * ```ts
 * await proposeRevokeProgram(client, { programHash });
 * ```
 */
export async function proposeRevokeProgram(
  client: LedgerClient,
  params: ProposeRevokeProgramParameters,
): Promise<ProposeRevokeProgramReturnType> {
  const w = await transact(
    client,
    { contract: 'Consortium', functionName: 'proposeRevokeProgram' },
    (wallet) =>
      writeContract(wallet, {
        address: client.addresses.consortium,
        abi: consortiumAbi,
        functionName: 'proposeRevokeProgram',
        args: [params.programHash],
      }),
    params,
  );
  return { ...w, ...proposalOutcome(client, w.receipt) };
}
