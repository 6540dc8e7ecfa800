/**
 * Decisions on inbox items: approving or rejecting a grant request for one of our datasets, or a
 * job that uses our datasets. The policy (automatic) and the organization's users (REST API,
 * `parley inbox`) decide through this one module, so both follow the same order:
 *
 * 1. the decision goes on chain first (approveGrant / rejectGrant, approveJob with the job's spec
 *    hash / rejectJob);
 * 2. only once the transaction is mined is the inbox item marked decided, together with the
 *    grant's or job's local status, in one store transaction.
 *
 * So a failed transaction leaves the item pending (nothing half-written), and a decision is never
 * recorded locally that the chain does not hold. A decided item is never decided again.
 *
 * @module
 */
import type { Address } from 'viem';
import { approveGrant } from '../ledger/actions/approveGrant.js';
import { approveJob } from '../ledger/actions/approveJob.js';
import { rejectGrant } from '../ledger/actions/rejectGrant.js';
import { rejectJob } from '../ledger/actions/rejectJob.js';
import type { LedgerClient } from '../ledger/client.js';
import { InboxDecidedError, InboxNotFoundError } from './errors.js';
import type { Store } from './store/db.js';
import {
  decideInboxItem,
  getGrant,
  getInboxItem,
  upsertGrant,
  type InboxItem,
} from './store/grants.js';
import { getJob, updateJob } from './store/jobs.js';

export interface DecisionContext {
  readonly store: Store;
  /** A ledger client with this node's account. */
  readonly ledger: LedgerClient;
}

export interface Decision {
  readonly approve: boolean;
  /** Public text; sent on chain with a rejection. */
  readonly reason?: string;
  readonly by: 'policy' | 'user';
}

/** The reason written on chain when none is given. */
const DEFAULT_REJECT_REASON = 'rejected by the data owner';

/**
 * Approves or rejects a pending inbox item, on chain and then in the store.
 * @throws {InboxNotFoundError} if there is no such item.
 * @throws {InboxDecidedError} if it was already decided.
 * @throws {ContractRevertError} | {LedgerRpcError} if the chain refuses (the item stays pending).
 * @example
 * ```ts
 * await decide({ store, ledger }, 3, { approve: true, by: 'user' });
 * ```
 */
export async function decide(
  ctx: DecisionContext,
  itemId: number,
  decision: Decision,
): Promise<InboxItem> {
  const item = getInboxItem(ctx.store, itemId);
  if (item === undefined) throw new InboxNotFoundError(itemId);
  if (item.state !== 'pending') throw new InboxDecidedError(itemId, item.state);
  const reason = decision.reason ?? (decision.approve ? undefined : DEFAULT_REJECT_REASON);
  if (item.kind === 'grant') {
    const grantId = BigInt(item.ref);
    if (decision.approve) await approveGrant(ctx.ledger, { grantId });
    else await rejectGrant(ctx.ledger, { grantId, reason: reason! });
  } else {
    const jobId = BigInt(item.ref);
    const job = getJob(ctx.store, item.ref);
    if (decision.approve) {
      const specHash = job?.spec?.specHash;
      if (specHash === undefined) throw new InboxNotFoundError(itemId);
      await approveJob(ctx.ledger, { jobId, specHash: specHash as Address });
    } else await rejectJob(ctx.ledger, { jobId, reason: reason! });
  }
  return ctx.store.transaction(() => {
    const state = decision.approve ? 'approved' : 'rejected';
    const done = decideInboxItem(ctx.store, itemId, {
      state,
      decidedBy: decision.by,
      ...(reason === undefined ? {} : { reason }),
    });
    if (done === undefined) throw new InboxDecidedError(itemId, 'decided');
    if (item.kind === 'grant') {
      const g = getGrant(ctx.store, item.ref);
      if (g !== undefined) upsertGrant(ctx.store, { ...g, status: state });
    } else if (!decision.approve) {
      updateJob(ctx.store, item.ref, { status: 'rejected', errorReason: reason! });
    }
    return done;
  });
}
