/**
 * Datasets: this node's own data (import a CSV, publish its metadata to the Catalog, delete),
 * and the Catalog search over what every member published. Rows never leave the node: the
 * pages show metadata and schemas only.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { importProblemsOf } from 'parley/sdk';
import { api, type Schemas } from '../api';
import { ActionButton, ErrorBox, Field, Hash, PageTitle, Show, useLoad, when } from '../ui';

type DatasetInfo = Schemas['DatasetInfo'];

const columnsText = (d: DatasetInfo): string =>
  d.schema.columns
    .map((c) => `${c.name} (${c.type}${c.unit === undefined ? '' : `, ${c.unit}`})`)
    .join(', ');

/** Every problem of a refused import (bad cells, columns), as the node listed them. */
function ImportProblems({ error }: { error: unknown }): JSX.Element | null {
  const p = importProblemsOf(error);
  if (p === undefined) return null;
  const listed = p.errors.length;
  return (
    <table data-testid="import-errors" class="problems">
      <caption>
        {p.total} problem{p.total === 1 ? '' : 's'} in the file
        {p.total > listed ? ` (the first ${listed} are listed)` : ''}; fix them all and import
        again.
      </caption>
      <thead>
        <tr>
          <th scope="col">Row</th>
          <th scope="col">Line</th>
          <th scope="col">Column</th>
          <th scope="col">Problem</th>
        </tr>
      </thead>
      <tbody>
        {p.errors.map((e, k) => (
          <tr key={k}>
            <td>{e.row ?? '–'}</td>
            <td>{e.line ?? '–'}</td>
            <td>{e.column ?? '–'}</td>
            <td>{e.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ImportForm({ onDone }: { onDone: () => void }): JSX.Element {
  const [name, setName] = useState('');
  const [csv, setCsv] = useState('');
  const [schemaText, setSchemaText] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<DatasetInfo | null>(null);
  const submit = (e: Event): void => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setDone(null);
    let schema: DatasetInfo['schema'] | undefined;
    if (schemaText.trim() !== '') {
      try {
        schema = JSON.parse(schemaText) as DatasetInfo['schema'];
      } catch (err) {
        setBusy(false);
        setError(
          new Error(
            `Schema: not valid JSON (${err instanceof Error ? err.message : String(err)}).`,
          ),
        );
        return;
      }
    }
    api.importDataset({ name: name.trim(), csv, ...(schema === undefined ? {} : { schema }) }).then(
      (d) => {
        setBusy(false);
        setDone(d);
        setName('');
        setCsv('');
        onDone();
      },
      (err: unknown) => {
        setBusy(false);
        setError(err);
      },
    );
  };
  const pick = (e: Event): void => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (file === undefined) return;
    if (name === '') setName(file.name.replace(/\.csv$/i, '').replace(/[^A-Za-z0-9._-]/g, '-'));
    void file.text().then(setCsv);
  };
  return (
    <form onSubmit={submit} class="panel" aria-labelledby="h-import">
      <h2 id="h-import">Import a CSV</h2>
      <p class="muted">
        Every cell is checked before anything is stored; on errors nothing is stored and each bad
        cell is listed with its row, line and column.
      </p>
      <Field id="ds-name" label="Name" hint="Letters, digits, dot, dash, underscore.">
        <input
          id="ds-name"
          required
          pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,63}"
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
          aria-describedby="ds-name-hint"
        />
      </Field>
      <Field id="ds-file" label="CSV file">
        <input id="ds-file" type="file" accept=".csv,text/csv" onChange={pick} />
      </Field>
      <Field id="ds-csv" label="CSV text" hint="A header line, then one line per row.">
        <textarea
          id="ds-csv"
          rows={6}
          required
          value={csv}
          onInput={(e) => setCsv(e.currentTarget.value)}
          aria-describedby="ds-csv-hint"
        />
      </Field>
      <Field
        id="ds-schema"
        label="Schema (JSON, optional)"
        hint='{"columns":[{"name":"salary","type":"integer","bits":24,"unit":"EUR"}, …]}; empty: inferred from the CSV.'
      >
        <textarea
          id="ds-schema"
          rows={3}
          value={schemaText}
          onInput={(e) => setSchemaText(e.currentTarget.value)}
          aria-describedby="ds-schema-hint"
        />
      </Field>
      <button type="submit" class="primary" disabled={busy}>
        {busy ? 'Importing…' : 'Import'}
      </button>
      <ErrorBox error={error} title="Import refused: nothing was stored" />
      <ImportProblems error={error} />
      {done !== null && (
        <p role="status" class="ok">
          Imported “{done.name}”: {done.rowCount} rows.
        </p>
      )}
    </form>
  );
}

function PublishForm({ d, onDone }: { d: DatasetInfo; onDone: () => void }): JSX.Element {
  const [title, setTitle] = useState(d.name);
  const [description, setDescription] = useState('');
  const [open, setOpen] = useState(false);
  const id = d.id.slice(2, 10);
  if (!open)
    return (
      <button type="button" class="plain" onClick={() => setOpen(true)}>
        Publish…
      </button>
    );
  return (
    <div class="inline-form">
      <Field id={`pub-title-${id}`} label="Catalog title">
        <input
          id={`pub-title-${id}`}
          value={title}
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
      </Field>
      <Field id={`pub-desc-${id}`} label="Description">
        <input
          id={`pub-desc-${id}`}
          value={description}
          onInput={(e) => setDescription(e.currentTarget.value)}
        />
      </Field>
      <ActionButton
        kind="primary"
        label="Publish metadata"
        busyLabel="Publishing on chain…"
        action={async () => {
          await api.publishDataset(d.id, {
            title,
            ...(description === '' ? {} : { description }),
          });
          onDone();
        }}
      />
    </div>
  );
}

function DeleteButton({ d, onDone }: { d: DatasetInfo; onDone: () => void }): JSX.Element {
  const [confirm, setConfirm] = useState(false);
  if (!confirm)
    return (
      <button type="button" class="plain" onClick={() => setConfirm(true)}>
        Delete…
      </button>
    );
  return (
    <span class="confirm">
      <ActionButton
        kind="danger"
        label={`Delete “${d.name}” and its rows`}
        action={async () => {
          await api.deleteDataset(d.id);
          onDone();
        }}
      />
      <button type="button" class="plain" onClick={() => setConfirm(false)}>
        Keep
      </button>
    </span>
  );
}

export function DatasetsPage(): JSX.Element {
  const list = useLoad(() => api.listDatasets());
  return (
    <>
      <PageTitle>Datasets</PageTitle>
      <Show loaded={list}>
        {({ datasets }) =>
          datasets.length === 0 ? (
            <p class="muted">No datasets on this node yet.</p>
          ) : (
            <table data-testid="datasets">
              <caption class="sr-only">Datasets on this node</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Rows</th>
                  <th scope="col">Columns</th>
                  <th scope="col">Id</th>
                  <th scope="col">Catalog</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {datasets.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">{d.name}</th>
                    <td>{d.rowCount}</td>
                    <td>{columnsText(d)}</td>
                    <td>
                      <Hash value={d.id} />
                    </td>
                    <td>
                      {d.publishedAt === null ? (
                        <PublishForm d={d} onDone={list.reload} />
                      ) : (
                        `published ${when(d.publishedAt)}`
                      )}
                    </td>
                    <td>
                      <DeleteButton d={d} onDone={list.reload} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Show>
      <ImportForm onDone={list.reload} />
    </>
  );
}

export function CatalogPage(): JSX.Element {
  const [q, setQ] = useState('');
  const [owner, setOwner] = useState('');
  const [query, setQuery] = useState<{ q?: string; owner?: string }>({});
  const members = useLoad(() => api.listMembers());
  const results = useLoad(() => api.searchCatalog(query), [query]);
  const nameOf = (a: string): string =>
    members.data?.members.find((m) => m.address.toLowerCase() === a.toLowerCase())?.name ?? a;
  return (
    <>
      <PageTitle>Catalog</PageTitle>
      <form
        class="search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ ...(q === '' ? {} : { q }), ...(owner === '' ? {} : { owner }) });
        }}
      >
        <Field id="cat-q" label="Search titles, descriptions, tags and columns">
          <input id="cat-q" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </Field>
        <Field id="cat-owner" label="Owner">
          <select id="cat-owner" value={owner} onChange={(e) => setOwner(e.currentTarget.value)}>
            <option value="">Any member</option>
            {members.data?.members.map((m) => (
              <option key={m.address} value={m.name}>
                {m.name}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" class="primary">
          Search
        </button>
      </form>
      <Show loaded={results}>
        {({ datasets }) => (
          <table data-testid="catalog">
            <caption>
              {datasets.length} dataset{datasets.length === 1 ? '' : 's'} in the Catalog
            </caption>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Owner</th>
                <th scope="col">Rows</th>
                <th scope="col">Columns</th>
                <th scope="col">Id</th>
              </tr>
            </thead>
            <tbody>
              {datasets.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    {d.title}
                    {d.withdrawn && <span class="muted"> (withdrawn)</span>}
                    {d.description !== undefined && <div class="muted">{d.description}</div>}
                  </th>
                  <td>{nameOf(d.owner)}</td>
                  <td>{d.rowCount}</td>
                  <td>
                    {d.columns
                      .map(
                        (c) =>
                          `${c.name ?? ''}${c.unit === undefined || c.unit === '' ? '' : ` (${c.unit})`}`,
                      )
                      .join(', ')}
                  </td>
                  <td>
                    <Hash value={d.id} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Show>
    </>
  );
}
