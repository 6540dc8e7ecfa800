/**
 * Overview: who this node is, the chain and the consortium's members with their pinned TLS keys,
 * pending decisions and the latest jobs.
 */
import type { JSX } from 'preact';
import { api, governance } from '../api';
import { Badge, Hash, PageTitle, Show, useLoad, when } from '../ui';

export function OverviewPage(): JSX.Element {
  const status = useLoad(() => api.status());
  const members = useLoad(() => api.listMembers());
  const gov = useLoad(() => governance.list());
  const inbox = useLoad(() => api.listInbox({ state: 'pending' }));
  const jobs = useLoad(() => api.listJobs());
  return (
    <>
      <PageTitle>Overview</PageTitle>
      <div class="cards">
        <section class="card" aria-labelledby="h-node">
          <h2 id="h-node">This node</h2>
          <Show loaded={status}>
            {(s) => (
              <dl class="kv">
                <dt>Organization</dt>
                <dd data-testid="node-name">{s.name}</dd>
                <dt>Chain account</dt>
                <dd>
                  <Hash value={s.chainAddress} full />
                </dd>
                <dt>TLS key (SHA-256)</dt>
                <dd>
                  <Hash value={s.tlsFingerprint} />
                </dd>
                <dt>Datasets</dt>
                <dd>{s.datasets}</dd>
                <dt>API version</dt>
                <dd>{s.version}</dd>
              </dl>
            )}
          </Show>
        </section>
        <section class="card" aria-labelledby="h-chain">
          <h2 id="h-chain">Consortium</h2>
          <Show loaded={gov}>
            {(g) => (
              <dl class="kv">
                <dt>Members</dt>
                <dd>{g.memberCount}</dd>
                <dt>Governance threshold</dt>
                <dd>
                  {g.threshold} of {g.memberCount} votes
                </dd>
                <dt>Open proposals</dt>
                <dd>
                  <a href="#/governance">{g.proposals.filter((p) => p.status === 'open').length}</a>
                </dd>
              </dl>
            )}
          </Show>
        </section>
        <section class="card" aria-labelledby="h-inbox">
          <h2 id="h-inbox">Waiting for you</h2>
          <Show loaded={inbox}>
            {(i) => (
              <p>
                <a href="#/inbox" data-testid="pending-count">
                  {i.items.length} pending request{i.items.length === 1 ? '' : 's'}
                </a>{' '}
                for this node’s data.
              </p>
            )}
          </Show>
        </section>
      </div>
      <section aria-labelledby="h-peers">
        <h2 id="h-peers">Peers and TLS</h2>
        <p class="muted">
          Nodes talk over mutually authenticated TLS; each peer’s key is pinned from its record in
          the Consortium contract.
        </p>
        <Show loaded={members}>
          {(m) => (
            <table>
              <caption class="sr-only">Consortium members and their TLS keys</caption>
              <thead>
                <tr>
                  <th scope="col">Member</th>
                  <th scope="col">MPC endpoint</th>
                  <th scope="col">Jurisdiction</th>
                  <th scope="col">TLS key</th>
                </tr>
              </thead>
              <tbody>
                {m.members.map((x) => (
                  <tr key={x.address}>
                    <th scope="row">
                      {x.name} {x.self && <span class="muted">(this node)</span>}
                    </th>
                    <td>
                      <code>{x.endpoint}</code>
                    </td>
                    <td>{x.jurisdiction}</td>
                    <td>
                      {x.tlsFingerprint === null ? (
                        <Badge value="no_key" />
                      ) : (
                        <>
                          <Badge value="pinned" /> <Hash value={x.tlsFingerprint} />
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Show>
      </section>
      <section aria-labelledby="h-activity">
        <h2 id="h-activity">Recent activity</h2>
        <Show loaded={jobs}>
          {(j) =>
            j.jobs.length === 0 ? (
              <p class="muted">No jobs yet.</p>
            ) : (
              <table>
                <caption class="sr-only">Latest jobs</caption>
                <thead>
                  <tr>
                    <th scope="col">Job</th>
                    <th scope="col">Program</th>
                    <th scope="col">Status</th>
                    <th scope="col">Our role</th>
                    <th scope="col">Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {[...j.jobs]
                    .sort((a, b) => ((b.updatedAt ?? '') < (a.updatedAt ?? '') ? -1 : 1))
                    .slice(0, 8)
                    .map((x) => (
                      <tr key={x.id}>
                        <th scope="row">
                          <a href={`#/jobs/${x.id}`}>Job {x.id}</a>
                        </th>
                        <td>{x.program ?? <Hash value={x.programHash} />}</td>
                        <td>
                          <Badge value={x.status} />
                        </td>
                        <td>{x.roles.join(', ')}</td>
                        <td>{when(x.updatedAt)}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            )
          }
        </Show>
      </section>
    </>
  );
}
