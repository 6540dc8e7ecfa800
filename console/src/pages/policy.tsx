/**
 * The approval policy: ordered rules, the first that matches a grant request or a job over our
 * data decides (approve or reject); with no match a person decides in the inbox. Edit the rules
 * here and save them all at once (PUT /v1/policy).
 */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox, PageTitle, useLoad } from '../ui';

interface Rule {
  action: 'approve' | 'reject';
  program: string;
  datasetId: string;
  requester: string;
  note: string;
}

export function PolicyPage(): JSX.Element {
  const policy = useLoad(() => api.getPolicy());
  const programs = useLoad(() => api.listPrograms());
  const members = useLoad(() => api.listMembers());
  const datasets = useLoad(() => api.listDatasets());
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (policy.data === undefined) return;
    setRules(
      policy.data.rules.map((r) => ({
        action: r.action,
        program: r.program ?? r.programHash ?? '',
        datasetId: r.datasetId ?? '',
        requester: r.requester ?? '',
        note: r.note ?? '',
      })),
    );
  }, [policy.data]);
  const nameOf = (a: string): string =>
    members.data?.members.find((m) => m.address.toLowerCase() === a.toLowerCase())?.name ?? a;
  if (policy.error !== undefined)
    return <ErrorBox error={policy.error} title="Could not load the policy" />;
  if (rules === null)
    return (
      <p class="muted" role="status">
        Loading…
      </p>
    );
  const update = (i: number, patch: Partial<Rule>): void => {
    setSaved(false);
    setRules(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  };
  const move = (i: number, d: -1 | 1): void => {
    const next = [...rules];
    const [r] = next.splice(i, 1);
    next.splice(i + d, 0, r!);
    setSaved(false);
    setRules(next);
  };
  const save = (e: Event): void => {
    e.preventDefault();
    setError(undefined);
    api
      .setPolicy({
        rules: rules.map((r) => ({
          action: r.action,
          ...(r.program === '' ? {} : { program: r.program }),
          ...(r.datasetId === '' ? {} : { datasetId: r.datasetId }),
          ...(r.requester === '' ? {} : { requester: r.requester }),
          ...(r.note === '' ? {} : { note: r.note }),
        })),
      })
      .then(
        () => {
          setSaved(true);
          policy.reload();
        },
        (err: unknown) => setError(err),
      );
  };
  return (
    <>
      <PageTitle>Policy</PageTitle>
      <p>
        Rules are tried in order; the first that matches decides. An empty field matches anything.
        Requests no rule matches wait in the <a href="#/inbox">inbox</a>.
      </p>
      <form onSubmit={save}>
        <table data-testid="policy">
          <caption class="sr-only">Approval rules, in order</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Decision</th>
              <th scope="col">Program</th>
              <th scope="col">Dataset</th>
              <th scope="col">Requester</th>
              <th scope="col">Note</th>
              <th scope="col">Order</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r, i) => (
              <tr key={i}>
                <th scope="row">{i + 1}</th>
                <td>
                  <select
                    aria-label={`Rule ${i + 1} decision`}
                    value={r.action}
                    onChange={(e) => update(i, { action: e.currentTarget.value as Rule['action'] })}
                  >
                    <option value="approve">approve</option>
                    <option value="reject">reject</option>
                  </select>
                </td>
                <td>
                  <select
                    aria-label={`Rule ${i + 1} program`}
                    value={r.program}
                    onChange={(e) => update(i, { program: e.currentTarget.value })}
                  >
                    <option value="">any program</option>
                    {programs.data?.programs.map((p) => (
                      <option key={p.name} value={p.name}>
                        {p.name}
                      </option>
                    ))}
                    {r.program !== '' &&
                      !(programs.data?.programs ?? []).some((p) => p.name === r.program) && (
                        <option value={r.program}>{r.program}</option>
                      )}
                  </select>
                </td>
                <td>
                  <select
                    aria-label={`Rule ${i + 1} dataset`}
                    value={r.datasetId}
                    onChange={(e) => update(i, { datasetId: e.currentTarget.value })}
                  >
                    <option value="">any of our datasets</option>
                    {datasets.data?.datasets.map((d) => (
                      <option key={d.id} value={d.id}>
                        {d.name}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <select
                    aria-label={`Rule ${i + 1} requester`}
                    value={r.requester}
                    onChange={(e) => update(i, { requester: e.currentTarget.value })}
                  >
                    <option value="">any member</option>
                    {members.data?.members.map((m) => (
                      <option key={m.address} value={m.address.toLowerCase()}>
                        {m.name}
                      </option>
                    ))}
                    {r.requester !== '' &&
                      !(members.data?.members ?? []).some(
                        (m) => m.address.toLowerCase() === r.requester,
                      ) && <option value={r.requester}>{nameOf(r.requester)}</option>}
                  </select>
                </td>
                <td>
                  <input
                    aria-label={`Rule ${i + 1} note`}
                    value={r.note}
                    maxLength={500}
                    onInput={(e) => update(i, { note: e.currentTarget.value })}
                  />
                </td>
                <td class="buttons">
                  <button
                    type="button"
                    class="plain"
                    aria-label={`Move rule ${i + 1} up`}
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    class="plain"
                    aria-label={`Move rule ${i + 1} down`}
                    disabled={i === rules.length - 1}
                    onClick={() => move(i, 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    class="plain"
                    aria-label={`Remove rule ${i + 1}`}
                    onClick={() => {
                      setSaved(false);
                      setRules(rules.filter((_, j) => j !== i));
                    }}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div class="buttons">
          <button
            type="button"
            class="plain"
            onClick={() => {
              setSaved(false);
              setRules([
                ...rules,
                { action: 'approve', program: '', datasetId: '', requester: '', note: '' },
              ]);
            }}
          >
            Add a rule
          </button>
          <button type="submit" class="primary">
            Save policy
          </button>
        </div>
      </form>
      <ErrorBox error={error} title="The policy was not saved" />
      {saved && (
        <p role="status" class="ok">
          Policy saved.
        </p>
      )}
    </>
  );
}
