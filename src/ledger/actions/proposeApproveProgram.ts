import { writeContract } from 'viem/actions';
import { consortiumAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { proposalOutcome, type ProposalOutcome } from '../internal/proposal.js';
import { transact, type ActionOptions, type WriteResult } from '../internal/transact.js';
import type { Bytes32 } from '../types.js';

export interface ProposeApproveProgramParameters extends ActionOptions {
  /** The code hash of a secure program. */
  readonly programHash: Bytes32;
}
export type ProposeApproveProgramReturnType = WriteResult & ProposalOutcome;
export type ProposeApproveProgramErrorType = ContractRevertError | LedgerRpcError;

/**
 * Proposes to approve a program hash, after which jobs may run that program.
 * Refusals: NotMember, ProgramAlreadyApproved.
 * @example
 * ```ts
 * await proposeApproveProgram(client, { programHash });
 * ```
 */
export async function proposeApproveProgram(
  client: LedgerClient,
  params: ProposeApproveProgramParameters,
): Promise<ProposeApproveProgramReturnType> {
  const w = await transact(
    client,
    { contract: 'Consortium', functionName: 'proposeApproveProgram' },
    (wallet) =>
      writeContract(wallet, {
        address: client.addresses.consortium,
        abi: consortiumAbi,
        functionName: 'proposeApproveProgram',
        args: [params.programHash],
      }),
    params,
  );
  return { ...w, ...proposalOutcome(client, w.receipt) };
}
