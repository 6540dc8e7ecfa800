/**
 * Grants from the ledger: after any Grants event the grant is read from chain (the truth, so a
 * replayed event never moves a grant backwards) and kept locally, `incoming` if this node owns
 * the dataset, `outgoing` if it is the grantee. A new request for one of our datasets gets an
 * inbox item (with the grant, in one transaction), then the policy decides with (the grant's
 * program hashes, dataset, requester = grantee): a matching `reject` or `approve` rule decides
 * through `decide(..., by: 'policy')`; no match leaves the item for a person.
 *
 * @module
 */
import { isAddressEqual } from 'viem';
import { getGrant as getChainGrant } from '../../ledger/actions/getGrant.js';
import { GrantStatus as ChainGrantStatus, type Grant } from '../../ledger/types.js';
import { decide } from '../decisions.js';
import {
  getGrant,
  recordGrantRequest,
  upsertGrant,
  type GrantInput,
  type GrantStatus,
} from '../store/grants.js';
import { listPolicy, matchPolicy } from '../store/policy.js';
import { describe, type RunnerContext } from './context.js';

function statusOf(g: Grant, nowSeconds: bigint): GrantStatus {
  switch (g.status) {
    case ChainGrantStatus.Approved:
      return g.expiresAt <= nowSeconds ? 'expired' : 'approved';
    case ChainGrantStatus.Rejected:
      return 'rejected';
    case ChainGrantStatus.Revoked:
      return 'revoked';
    default:
      return 'requested';
  }
}

/** Brings the local copy of grant `grantId` in line with the chain, deciding new requests. */
export async function syncGrant(ctx: RunnerContext, grantId: bigint): Promise<void> {
  const g = await getChainGrant(ctx.ledger, { grantId });
  const incoming = isAddressEqual(g.owner, ctx.self.address);
  if (!incoming && !isAddressEqual(g.grantee, ctx.self.address)) return;
  const now = BigInt(Math.floor(Date.now() / 1000));
  const input: GrantInput = {
    id: grantId.toString(),
    datasetId: g.datasetId,
    direction: incoming ? 'incoming' : 'outgoing',
    requester: g.grantee,
    purpose: g.purpose,
    programHashes: [...g.programHashes],
    expiry: Number(g.expiresAt),
    maxUses: g.maxUses,
    status: statusOf(g, now),
  };
  if (!incoming) {
    upsertGrant(ctx.store, input);
    return;
  }
  if (g.status !== ChainGrantStatus.Pending) {
    // Decided (by this node, through decide(), or by whatever else holds our key): mirror it.
    if (getGrant(ctx.store, input.id)?.status !== input.status) upsertGrant(ctx.store, input);
    return;
  }
  const { inbox } = recordGrantRequest(ctx.store, input);
  if (inbox.state !== 'pending') return;
  const rule = matchPolicy(listPolicy(ctx.store), {
    programHashes: input.programHashes,
    datasetId: input.datasetId,
    requester: input.requester,
  });
  if (rule === undefined) {
    ctx.log.info('grant request awaits a decision in the inbox', {
      grantId: input.id,
      inboxItem: inbox.id,
    });
    return;
  }
  const approve = rule.action === 'approve';
  try {
    await decide({ store: ctx.store, ledger: ctx.ledger }, inbox.id, {
      approve,
      ...(approve ? {} : { reason: rule.note ?? 'rejected by policy' }),
      by: 'policy',
    });
    ctx.log.info(`policy ${approve ? 'approved' : 'rejected'} a grant request`, {
      grantId: input.id,
    });
  } catch (err) {
    ctx.log.warn('policy decision on a grant failed', { grantId: input.id, ...describe(err) });
  }
}
