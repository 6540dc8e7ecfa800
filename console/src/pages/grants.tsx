/**
 * Grants: requests to use other members' datasets (outgoing) and theirs to use ours (incoming),
 * with approve, reject and revoke for incoming ones, and a form to request a grant.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, type Schemas } from '../api';
import { ActionButton, Badge, ErrorBox, Field, Hash, PageTitle, Show, useLoad } from '../ui';

type Grant = Schemas['Grant'];

function RequestForm({ onDone }: { onDone: () => void }): JSX.Element {
  const catalog = useLoad(() => api.searchCatalog({}));
  const programs = useLoad(() => api.listPrograms());
  const status = useLoad(() => api.status());
  const [datasetId, setDatasetId] = useState('');
  const [purpose, setPurpose] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [maxUses, setMaxUses] = useState('1');
  const [error, setError] = useState<unknown>(undefined);
  const [ok, setOk] = useState<string | null>(null);
  const self = status.data?.chainAddress.toLowerCase();
  const submit = (e: Event): void => {
    e.preventDefault();
    setError(undefined);
    setOk(null);
    api.requestGrant({ datasetId, purpose, programs: chosen, maxUses: Number(maxUses) }).then(
      (g) => {
        setOk(`Requested grant ${g.id}; the dataset's owner decides.`);
        onDone();
      },
      (err: unknown) => setError(err),
    );
  };
  return (
    <form class="panel" onSubmit={submit} aria-labelledby="h-req">
      <h2 id="h-req">Request a grant</h2>
      <Field id="gr-ds" label="Dataset (from the Catalog)">
        <select
          id="gr-ds"
          required
          value={datasetId}
          onChange={(e) => setDatasetId(e.currentTarget.value)}
        >
          <option value="">Choose a dataset</option>
          {catalog.data?.datasets
            .filter((d) => !d.withdrawn && d.owner.toLowerCase() !== self)
            .map((d) => (
              <option key={d.id} value={d.id}>
                {d.title}
              </option>
            ))}
        </select>
      </Field>
      <Field id="gr-purpose" label="Purpose (public, written on chain)">
        <input
          id="gr-purpose"
          required
          value={purpose}
          onInput={(e) => setPurpose(e.currentTarget.value)}
        />
      </Field>
      <fieldset>
        <legend>Programs the grant allows</legend>
        {programs.data?.programs.map((p) => (
          <label key={p.name} class="check">
            <input
              type="checkbox"
              checked={chosen.includes(p.name)}
              onChange={(e) =>
                setChosen(
                  e.currentTarget.checked
                    ? [...chosen, p.name]
                    : chosen.filter((x) => x !== p.name),
                )
              }
            />{' '}
            {p.name}
          </label>
        ))}
      </fieldset>
      <Field id="gr-uses" label="Jobs it covers at most">
        <input
          id="gr-uses"
          type="number"
          min={1}
          max={1000}
          value={maxUses}
          onInput={(e) => setMaxUses(e.currentTarget.value)}
        />
      </Field>
      <button type="submit" class="primary">
        Request
      </button>
      <ErrorBox error={error} />
      {ok !== null && (
        <p role="status" class="ok">
          {ok}
        </p>
      )}
    </form>
  );
}

function Actions({ g, onDone }: { g: Grant; onDone: () => void }): JSX.Element | null {
  const [reason, setReason] = useState('');
  if (g.direction !== 'incoming') return null;
  const body = reason === '' ? {} : { reason };
  const rid = `gr-reason-${g.id}`;
  if (g.status === 'requested')
    return (
      <div class="inline-form">
        <Field id={rid} label="Note">
          <input id={rid} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </Field>
        <ActionButton
          kind="primary"
          label="Approve"
          action={async () => {
            await api.approveGrant(g.id, body);
            onDone();
          }}
        />
        <ActionButton
          kind="danger"
          label="Reject"
          action={async () => {
            await api.rejectGrant(g.id, body);
            onDone();
          }}
        />
      </div>
    );
  if (g.status === 'approved')
    return (
      <div class="inline-form">
        <Field id={rid} label="Reason">
          <input id={rid} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </Field>
        <ActionButton
          kind="danger"
          label="Revoke"
          action={async () => {
            await api.revokeGrant(g.id, body);
            onDone();
          }}
        />
      </div>
    );
  return null;
}

export function GrantsPage(): JSX.Element {
  const grants = useLoad(() => api.listGrants());
  const members = useLoad(() => api.listMembers());
  const nameOf = (a: string): string =>
    members.data?.members.find((m) => m.address.toLowerCase() === a.toLowerCase())?.name ?? a;
  return (
    <>
      <PageTitle>Grants</PageTitle>
      <Show loaded={grants}>
        {({ grants: list }) =>
          list.length === 0 ? (
            <p class="muted">No grants yet.</p>
          ) : (
            <table>
              <caption class="sr-only">Grants</caption>
              <thead>
                <tr>
                  <th scope="col">Grant</th>
                  <th scope="col">Direction</th>
                  <th scope="col">Dataset</th>
                  <th scope="col">Grantee</th>
                  <th scope="col">Purpose</th>
                  <th scope="col">Programs</th>
                  <th scope="col">Limits</th>
                  <th scope="col">Status</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {list.map((g) => (
                  <tr key={g.id}>
                    <th scope="row">{g.id}</th>
                    <td>{g.direction}</td>
                    <td>
                      <Hash value={g.datasetId} />
                    </td>
                    <td>{nameOf(g.requester)}</td>
                    <td>{g.purpose}</td>
                    <td>{g.programs.map((p, i) => p ?? g.programHashes[i]).join(', ')}</td>
                    <td>
                      {g.maxUses === null ? 'any number of jobs' : `${g.maxUses} job(s)`}
                      {g.expiry !== null &&
                        `, until ${new Date(g.expiry * 1000).toLocaleDateString('en-GB')}`}
                    </td>
                    <td>
                      <Badge value={g.status} />
                    </td>
                    <td>
                      <Actions g={g} onDone={grants.reload} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Show>
      <RequestForm onDone={grants.reload} />
    </>
  );
}
