import { writeContract } from 'viem/actions';
import { consortiumAbi } from '../abi.js';
import type { LedgerClient } from '../client.js';
import type { ContractRevertError, LedgerRpcError } from '../errors.js';
import { proposalOutcome, type ProposalOutcome } from '../internal/proposal.js';
import { transact, type ActionOptions, type WriteResult } from '../internal/transact.js';

export interface ProposeThresholdParameters extends ActionOptions {
  /** The new k of k-of-n, 1 <= k <= member count. */
  readonly threshold: bigint;
}
export type ProposeThresholdReturnType = WriteResult & ProposalOutcome;
export type ProposeThresholdErrorType = ContractRevertError | LedgerRpcError;

/**
 * Proposes a new governance threshold.
 * Refusals: NotMember, InvalidThreshold.
 * @example
 * ```ts
 * await proposeThreshold(client, { threshold: 3n });
 * ```
 */
export async function proposeThreshold(
  client: LedgerClient,
  params: ProposeThresholdParameters,
): Promise<ProposeThresholdReturnType> {
  const w = await transact(
    client,
    { contract: 'Consortium', functionName: 'proposeThreshold' },
    (wallet) =>
      writeContract(wallet, {
        address: client.addresses.consortium,
        abi: consortiumAbi,
        functionName: 'proposeThreshold',
        args: [params.threshold],
      }),
    params,
  );
  return { ...w, ...proposalOutcome(client, w.receipt) };
}
