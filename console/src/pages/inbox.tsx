/**
 * The approval inbox: each request for this node's data shown as what the owner approves: the
 * program (name, code hash, and its source with the hash recomputed on this node), the params,
 * the inputs and their owners, the committee that computes and the recipients who learn the
 * outputs. Approve or reject with a note (a rejection's note is written on chain).
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, programSource, type Schemas } from '../api';
import { ActionButton, Badge, ErrorBox, Field, Hash, PageTitle, Show, useLoad, when } from '../ui';

type InboxItem = Schemas['InboxItem'];

function Source({ name }: { name: string }): JSX.Element {
  const [open, setOpen] = useState(false);
  const src = useLoad(() => (open ? programSource(name) : Promise.resolve(null)), [open]);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Program source ({name})</summary>
      {open && (
        <Show loaded={src}>
          {(s) =>
            s === null ? null : (
              <>
                <p>
                  {s.matches ? <Badge value="hash_matches" /> : <Badge value="hash_differs" />} The
                  code hash recomputed from <code>src/programs/{s.path}</code> and the files it
                  imports is <Hash value={s.recomputedHash} />.
                </p>
                <pre class="source" tabIndex={0} aria-label={`Source of ${name}`}>
                  {s.source}
                </pre>
              </>
            )
          }
        </Show>
      )}
    </details>
  );
}

function JobRequest({ id, nameOf }: { id: string; nameOf: (a: string) => string }): JSX.Element {
  const job = useLoad(() => api.getJob(id), [id]);
  return (
    <Show loaded={job}>
      {(j) => (
        <dl class="kv">
          <dt>Program</dt>
          <dd>
            {j.program ?? 'not in this node’s registry'} <Hash value={j.programHash} full />
            {j.program !== null && <Source name={j.program} />}
          </dd>
          <dt>Proposed by</dt>
          <dd>{j.proposer === null ? '—' : nameOf(j.proposer)}</dd>
          <dt>Params</dt>
          <dd>
            {j.params === null || Object.keys(j.params).length === 0 ? (
              'none'
            ) : (
              <table class="compact">
                <caption class="sr-only">Params</caption>
                <tbody>
                  {Object.entries(j.params).map(([k, v]) => (
                    <tr key={k}>
                      <th scope="row">{k}</th>
                      <td>
                        <code>{JSON.stringify(v)}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </dd>
          {j.spec !== null && (
            <>
              <dt>Inputs</dt>
              <dd>
                <ul>
                  {j.spec.inputs?.map((d, i) => (
                    <li key={d}>
                      <Hash value={d} /> owned by {nameOf(j.spec?.inputOwners?.[i] ?? '')}
                    </li>
                  ))}
                </ul>
              </dd>
              <dt>Committee (computes)</dt>
              <dd data-testid="committee">{j.spec.committee?.map(nameOf).join(', ')}</dd>
              <dt>Recipients (learn the outputs)</dt>
              <dd data-testid="recipients">{j.spec.recipients?.map(nameOf).join(', ')}</dd>
              <dt>Security</dt>
              <dd>
                semi-honest with an honest majority of the committee (the one level jobs run at
                today)
              </dd>
              <dt>Deadline</dt>
              <dd>
                {j.spec.deadline === undefined
                  ? '—'
                  : when(new Date(j.spec.deadline * 1000).toISOString())}
              </dd>
            </>
          )}
        </dl>
      )}
    </Show>
  );
}

function GrantRequest({ id, nameOf }: { id: string; nameOf: (a: string) => string }): JSX.Element {
  const grant = useLoad(() => api.getGrant(id), [id]);
  return (
    <Show loaded={grant}>
      {(g) => (
        <dl class="kv">
          <dt>Requested by</dt>
          <dd>{nameOf(g.requester)}</dd>
          <dt>Dataset</dt>
          <dd>
            <Hash value={g.datasetId} full />
          </dd>
          <dt>Purpose</dt>
          <dd>{g.purpose}</dd>
          <dt>Programs</dt>
          <dd>
            {g.programHashes.map((h, i) => (
              <div key={h}>
                {g.programs[i] ?? 'unknown program'} <Hash value={h} />
              </div>
            ))}
          </dd>
        </dl>
      )}
    </Show>
  );
}

function Item({
  item,
  nameOf,
  onDone,
}: {
  item: InboxItem;
  nameOf: (a: string) => string;
  onDone: () => void;
}): JSX.Element {
  const [note, setNote] = useState('');
  const noteId = `note-${item.id}`;
  const body = note.trim() === '' ? {} : { reason: note.trim() };
  return (
    <article
      class="panel"
      aria-labelledby={`item-${item.id}`}
      data-testid={`inbox-item-${item.id}`}
    >
      <h2 id={`item-${item.id}`}>
        {item.kind === 'job' ? `Job ${item.ref}` : `Grant ${item.ref}`} <Badge value={item.state} />
      </h2>
      <p>{item.summary}</p>
      {item.kind === 'job' ? (
        <JobRequest id={item.ref} nameOf={nameOf} />
      ) : (
        <GrantRequest id={item.ref} nameOf={nameOf} />
      )}
      {item.state === 'pending' ? (
        <div class="inline-form">
          <Field id={noteId} label="Note (a rejection’s note is written on chain)">
            <input
              id={noteId}
              value={note}
              maxLength={1000}
              onInput={(e) => setNote(e.currentTarget.value)}
            />
          </Field>
          <ActionButton
            kind="primary"
            label="Approve"
            busyLabel="Approving on chain…"
            action={async () => {
              await api.approveInbox(String(item.id), body);
              onDone();
            }}
          />
          <ActionButton
            kind="danger"
            label="Reject"
            busyLabel="Rejecting on chain…"
            action={async () => {
              await api.rejectInbox(String(item.id), body);
              onDone();
            }}
          />
        </div>
      ) : (
        <p class="muted">
          {item.state} {item.decidedBy === null ? '' : `by ${item.decidedBy}`}{' '}
          {when(item.decidedAt)}
          {item.reason !== null && `: ${item.reason}`}
        </p>
      )}
    </article>
  );
}

export function InboxPage(): JSX.Element {
  const [state, setState] = useState<'pending' | 'all'>('pending');
  const items = useLoad(
    () => api.listInbox(state === 'pending' ? { state: 'pending' } : {}),
    [state],
  );
  const members = useLoad(() => api.listMembers());
  const nameOf = (a: string): string =>
    members.data?.members.find((m) => m.address.toLowerCase() === a.toLowerCase())?.name ?? a;
  return (
    <>
      <PageTitle>Inbox</PageTitle>
      <Field id="inbox-state" label="Show">
        <select
          id="inbox-state"
          value={state}
          onChange={(e) => setState(e.currentTarget.value as 'pending' | 'all')}
        >
          <option value="pending">Waiting for a decision</option>
          <option value="all">All, with past decisions</option>
        </select>
      </Field>
      <button type="button" class="plain" onClick={items.reload}>
        Refresh
      </button>
      <ErrorBox error={members.error} title="Members could not be read" />
      <Show loaded={items}>
        {({ items: list }) =>
          list.length === 0 ? (
            <p class="muted" role="status">
              Nothing waiting for a decision.
            </p>
          ) : (
            <>
              {list.map((i) => (
                <Item key={i.id} item={i} nameOf={nameOf} onDone={items.reload} />
              ))}
            </>
          )
        }
      </Show>
    </>
  );
}
