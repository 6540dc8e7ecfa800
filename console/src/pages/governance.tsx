/**
 * Members and governance: the consortium's members (from the Consortium contract) and its
 * proposals with their votes, a vote button for open ones, and a form to propose a change. A
 * proposal takes effect when the votes of current members reach the threshold.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, governance, type ProposeBody } from '../api';
import { ActionButton, Badge, ErrorBox, Field, Hash, PageTitle, Show, useLoad, when } from '../ui';

type Kind = ProposeBody['kind'];

const KINDS: readonly (readonly [Kind, string])[] = [
  ['threshold', 'Change the governance threshold'],
  ['approve-program', 'Approve a program'],
  ['revoke-program', 'Revoke a program'],
  ['add-member', 'Admit a member'],
  ['update-member', 'Update a member'],
  ['remove-member', 'Remove a member'],
];

function ProposeForm({ onDone }: { onDone: () => void }): JSX.Element {
  const members = useLoad(() => api.listMembers());
  const programs = useLoad(() => api.listPrograms());
  const [kind, setKind] = useState<Kind>('threshold');
  const [f, setF] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(undefined);
  const [ok, setOk] = useState<string | null>(null);
  const set = (k: string) => (e: { currentTarget: { value: string } }) =>
    setF({ ...f, [k]: e.currentTarget.value });
  const text = (k: string, label: string, required = true): JSX.Element => (
    <Field id={`gov-${k}`} label={label}>
      <input id={`gov-${k}`} required={required} value={f[k] ?? ''} onInput={set(k)} />
    </Field>
  );
  const submit = (e: Event): void => {
    e.preventDefault();
    setError(undefined);
    setOk(null);
    const opt = (k: string): Record<string, string> =>
      f[k] === undefined || f[k] === '' ? {} : { [k]: f[k] };
    const body: ProposeBody =
      kind === 'threshold'
        ? { kind, threshold: Number(f.threshold) }
        : kind === 'approve-program' || kind === 'revoke-program'
          ? { kind, program: f.program ?? '' }
          : kind === 'remove-member'
            ? { kind, member: f.member ?? '' }
            : kind === 'update-member'
              ? {
                  kind,
                  member: f.member ?? '',
                  ...opt('name'),
                  ...opt('endpoint'),
                  ...opt('jurisdiction'),
                }
              : {
                  kind,
                  account: f.account ?? '',
                  name: f.name ?? '',
                  endpoint: f.endpoint ?? '',
                  tlsPublicKey: f.tlsPublicKey ?? '',
                  jurisdiction: f.jurisdiction ?? '',
                };
    governance.propose(body).then(
      (p) => {
        setOk(`Proposal ${p.id} created with this node's vote (${p.votes} of ${p.threshold}).`);
        onDone();
      },
      (err: unknown) => setError(err),
    );
  };
  return (
    <form class="panel" onSubmit={submit} aria-labelledby="h-gov-propose">
      <h2 id="h-gov-propose">Propose a change</h2>
      <Field id="gov-kind" label="Change">
        <select
          id="gov-kind"
          value={kind}
          onChange={(e) => {
            setKind(e.currentTarget.value as Kind);
            setF({});
          }}
        >
          {KINDS.map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      {kind === 'threshold' && (
        <Field id="gov-threshold" label="New threshold (votes needed)">
          <input
            id="gov-threshold"
            type="number"
            min={1}
            max={members.data?.members.length ?? 1000}
            required
            value={f.threshold ?? ''}
            onInput={set('threshold')}
          />
        </Field>
      )}
      {(kind === 'approve-program' || kind === 'revoke-program') && (
        <Field id="gov-program" label="Program (name or code hash)">
          <input
            id="gov-program"
            list="gov-programs"
            required
            value={f.program ?? ''}
            onInput={set('program')}
          />
          <datalist id="gov-programs">
            {programs.data?.programs.map((p) => (
              <option key={p.name} value={p.name} />
            ))}
          </datalist>
        </Field>
      )}
      {(kind === 'remove-member' || kind === 'update-member') && (
        <Field id="gov-member" label="Member">
          <select id="gov-member" required value={f.member ?? ''} onChange={set('member')}>
            <option value="">Choose a member</option>
            {members.data?.members.map((m) => (
              <option key={m.address} value={m.name}>
                {m.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      {kind === 'add-member' && (
        <>
          {text('account', 'Chain address (0x…)')}
          {text('name', 'Name')}
          {text('endpoint', 'MPC endpoint (host:port)')}
          {text('tlsPublicKey', 'TLS public key (0x hex, DER SubjectPublicKeyInfo)')}
          {text('jurisdiction', 'Jurisdiction (e.g. DE)')}
        </>
      )}
      {kind === 'update-member' && (
        <>
          {text('name', 'New name (empty: unchanged)', false)}
          {text('endpoint', 'New endpoint (empty: unchanged)', false)}
          {text('jurisdiction', 'New jurisdiction (empty: unchanged)', false)}
        </>
      )}
      <button type="submit" class="primary">
        Propose
      </button>
      <ErrorBox error={error} title="The proposal was refused" />
      {ok !== null && (
        <p role="status" class="ok">
          {ok}
        </p>
      )}
    </form>
  );
}

export function GovernancePage(): JSX.Element {
  const members = useLoad(() => api.listMembers());
  const gov = useLoad(() => governance.list());
  return (
    <>
      <PageTitle>Members and governance</PageTitle>
      <section aria-labelledby="h-members">
        <h2 id="h-members">Members</h2>
        <Show loaded={members}>
          {({ members: list }) => (
            <table>
              <caption class="sr-only">Consortium members</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Chain address</th>
                  <th scope="col">Endpoint</th>
                  <th scope="col">Jurisdiction</th>
                  <th scope="col">TLS key</th>
                </tr>
              </thead>
              <tbody>
                {list.map((m) => (
                  <tr key={m.address}>
                    <th scope="row">
                      {m.name}
                      {m.self && <span class="muted"> (this node)</span>}
                    </th>
                    <td>
                      <Hash value={m.address} />
                    </td>
                    <td>
                      <code>{m.endpoint}</code>
                    </td>
                    <td>{m.jurisdiction}</td>
                    <td>
                      <Hash value={m.tlsFingerprint} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Show>
      </section>
      <section aria-labelledby="h-proposals">
        <h2 id="h-proposals">Proposals</h2>
        <Show loaded={gov}>
          {(g) => (
            <>
              <p>
                A proposal takes effect with {g.threshold} of {g.memberCount} members’ votes.
              </p>
              {g.proposals.length === 0 ? (
                <p class="muted">No proposals yet.</p>
              ) : (
                <table data-testid="proposals">
                  <caption class="sr-only">Governance proposals, newest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col">Change</th>
                      <th scope="col">Proposed by</th>
                      <th scope="col">Status</th>
                      <th scope="col">Votes</th>
                      <th scope="col">Expires</th>
                      <th scope="col">Vote</th>
                    </tr>
                  </thead>
                  <tbody>
                    {g.proposals.map((p) => (
                      <tr key={p.id} data-testid={`proposal-${p.id}`}>
                        <th scope="row">{p.id}</th>
                        <td title={p.summary}>
                          {p.summary.replace(
                            /0x[0-9a-fA-F]{64}/g,
                            (h) => `${h.slice(0, 10)}…${h.slice(-6)}`,
                          )}
                        </td>
                        <td>{p.proposerName ?? <Hash value={p.proposer} />}</td>
                        <td>
                          <Badge value={p.status} />
                        </td>
                        <td data-testid={`votes-${p.id}`}>
                          {p.votes} of {p.threshold}
                          <div class="muted">
                            {p.voters.map((v) => v.name ?? v.address).join(', ')}
                          </div>
                        </td>
                        <td>{when(p.expiresAt)}</td>
                        <td>
                          {p.status !== 'open' ? (
                            '—'
                          ) : p.votedBySelf ? (
                            <span class="muted">voted</span>
                          ) : (
                            <ActionButton
                              kind="primary"
                              label={`Vote for proposal ${p.id}`}
                              busyLabel="Voting on chain…"
                              action={async () => {
                                await governance.vote(p.id);
                                gov.reload();
                              }}
                            />
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          )}
        </Show>
      </section>
      <ProposeForm onDone={gov.reload} />
    </>
  );
}
