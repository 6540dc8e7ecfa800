/**
 * The member directory the runner keeps: Consortium's member records (`getMembers`) turned into
 * executor peers (`jobPeersFromMembers`), re-read after every MemberAdded / MemberUpdated /
 * MemberRemoved event. Each refresh pins every other member on the node's TLS endpoint with the
 * key fingerprint Consortium lists for it, and nothing else (the executor pins a job's parties
 * again from the same records when it connects). A removed member is unpinned (`removePeer`), so
 * its key is refused from then on; it is no longer in the directory, so a job naming it fails
 * before connecting and no session ever includes it.
 *
 * The refresh also checks this node's own record: the member name must be the node's name (the
 * party id the others use for it) and the TLS fingerprint the node's key, or every job fails at
 * connecting; a mismatch is reported through `onProblem` (`ERR_RUNNER_IDENTITY`).
 *
 * @module
 */
import { isAddressEqual } from 'viem';
import { getMembers } from '../../ledger/actions/getMembers.js';
import type { LedgerClient } from '../../ledger/client.js';
import type { PartyId } from '../../mpc/channel.js';
import type { TlsEndpoint } from '../../net/tls.js';
import { fingerprintOf, jobPeersFromMembers } from '../jobs/directory.js';
import type { JobPeer, JobSelf } from '../jobs/plan.js';
import { RunnerIdentityError } from './errors.js';

export interface MemberDirectoryOptions {
  readonly ledger: LedgerClient;
  readonly self: JobSelf;
  /** The node's TLS endpoint, or undefined (then nothing is pinned). */
  readonly endpoint?: TlsEndpoint;
  /** Reports a pin that could not be set or a problem with this node's own record. */
  readonly onProblem?: (err: Error) => void;
}

/** Consortium's members as executor peers, refreshed on demand. */
export class MemberDirectory {
  readonly #o: MemberDirectoryOptions;
  #peers: readonly JobPeer[] = [];
  #stale = true;
  #loading: Promise<readonly JobPeer[]> | undefined;
  /** Bumped by every invalidate(); a load serves only the generation it started in. */
  #generation = 0;
  #loadingGeneration = -1;

  constructor(options: MemberDirectoryOptions) {
    this.#o = options;
  }

  /** Marks the directory out of date (a member event was seen); the next read refreshes it. */
  invalidate(): void {
    this.#stale = true;
    this.#generation++;
  }

  /** The current peers, refreshing first if a member event was seen since the last read. */
  async peers(): Promise<readonly JobPeer[]> {
    if (!this.#stale) return this.#peers;
    return this.refresh();
  }

  /** Re-reads Consortium and pins every other member's key on the endpoint. */
  refresh(): Promise<readonly JobPeer[]> {
    // A load that started before the latest member event may have read the old list: start a
    // new one after it rather than serve it.
    if (this.#loading !== undefined && this.#loadingGeneration === this.#generation) {
      return this.#loading;
    }
    const generation = this.#generation;
    const load = (this.#loading ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.#load())
      .finally(() => {
        if (this.#loading === load) this.#loading = undefined;
      });
    this.#loading = load;
    this.#loadingGeneration = generation;
    return load;
  }

  async #load(): Promise<readonly JobPeer[]> {
    this.#stale = false;
    let members;
    try {
      members = await getMembers(this.#o.ledger);
    } catch (err) {
      this.#stale = true;
      throw err;
    }
    const peers = jobPeersFromMembers(members);
    const { self, endpoint } = this.#o;
    const mine = members.find((m) => isAddressEqual(m.account, self.address));
    if (mine === undefined) {
      this.#o.onProblem?.(
        new RunnerIdentityError(
          `This node's account ${self.address} is not a consortium member; it takes part in no job.`,
          { address: self.address },
        ),
      );
    } else {
      if (mine.name !== self.name) {
        this.#o.onProblem?.(
          new RunnerIdentityError(
            `This node is named ${self.name} but its member record says ${mine.name}; the other parties will not reach it under its name.`,
            { name: self.name, registered: mine.name },
          ),
        );
      }
      if (endpoint !== undefined && fingerprintOf(mine.tlsPublicKey) !== endpoint.fingerprint) {
        this.#o.onProblem?.(
          new RunnerIdentityError(
            `The TLS key of this node (${self.name}) is not the one its member record pins; the other parties will refuse its connections.`,
            { name: self.name },
          ),
        );
      }
    }
    if (endpoint !== undefined) {
      // A member that left (or was renamed) is unpinned: its key is no longer accepted.
      const listed = new Set(peers.map((p) => p.name));
      for (const p of this.#peers) {
        if (!listed.has(p.name)) endpoint.removePeer(p.name as PartyId);
      }
      for (const p of peers) {
        if (isAddressEqual(p.address, self.address) || p.name === self.name) continue;
        try {
          endpoint.setPeer({
            id: p.name as PartyId,
            host: p.host,
            port: p.port,
            fingerprint: p.fingerprint,
          });
        } catch (err) {
          this.#o.onProblem?.(err instanceof Error ? err : new Error(String(err)));
        }
      }
    }
    this.#peers = Object.freeze(peers);
    return this.#peers;
  }
}
