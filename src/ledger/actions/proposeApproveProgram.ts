import { writeContract } from 'viem/actions';
import { consortiumAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { proposalOutcome, type ProposalOutcome } from '../internal/proposal.js';
import { transact, type ActionOptions, type WriteResult } from '../internal/transact.js';
import type { Hex } from 'viem';
import type { Bytes32 } from '../types.js';

export interface ProposeApproveProgramParameters extends ActionOptions {
  /** The code hash of the program's bundle (src/programs/hash.ts `bundleCodeHash`). */
  readonly programHash: Bytes32;
  /** The program's name (informational; nodes take the name from the loaded bundle). */
  readonly name: string;
  /** The program's version (informational). */
  readonly version: string;
  /** The bundle nodes run, published in the ProgramPublished event (not stored). */
  readonly bundle: Hex;
  /** The sources members read: UTF-8 JSON `{ path: text }`, hex-encoded. */
  readonly sources: Hex;
}
export type ProposeApproveProgramReturnType = WriteResult & ProposalOutcome;
export type ProposeApproveProgramErrorType = ContractRevertError | LedgerRpcError;

/**
 * Proposes to approve a program and publishes its bundle and sources (event ProgramPublished),
 * after which, once the vote passes, jobs may run that program.
 * Refusals: NotMember, ProgramAlreadyApproved, EmptyProgramBundle.
 * @example
 * ```ts
 * await proposeApproveProgram(client, { programHash, name, version, bundle, sources });
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
        args: [params.programHash, params.name, params.version, params.bundle, params.sources],
      }),
    params,
  );
  return { ...w, ...proposalOutcome(client, w.receipt) };
}
