/**
 * Jobs: the list, a proposal form generated from the chosen program's declared params and input
 * columns (GET /v1/programs), and a job's page with live progress from the node's event stream
 * (Server-Sent Events through the SDK's watchJob: no reload, no polling) and, for a recipient,
 * the result as a labelled table with a chart and CSV/JSON downloads.
 */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, errorText, type Schemas } from '../api';
import {
  ActionButton,
  BarChart,
  Badge,
  ErrorBox,
  Field,
  Hash,
  PageTitle,
  Show,
  download,
  fmt,
  useLoad,
  when,
} from '../ui';

type Program = Schemas['Program'];
type Job = Schemas['Job'];
type Member = Schemas['Member'];
type ParamSpec = Program['params'][string];

const TERMINAL = new Set(['succeeded', 'failed', 'rejected', 'cancelled']);

function ParamInput({
  name,
  spec,
  value,
  onChange,
}: {
  name: string;
  spec: ParamSpec;
  value: string;
  onChange: (v: string) => void;
}): JSX.Element {
  const id = `param-${name}`;
  const limits = [
    spec.min !== undefined ? `min ${spec.min}` : '',
    spec.max !== undefined ? `max ${spec.max}` : '',
    spec.integer === true ? 'whole number' : '',
    spec.default !== undefined ? `default ${String(spec.default)}` : '',
    spec.type === 'list' ? 'items separated by commas' : '',
  ].filter((s) => s !== '');
  const hint = `${spec.description.replace(/\.$/, '')}${limits.length === 0 ? '.' : ` (${limits.join(', ')}).`}`;
  let control: JSX.Element;
  if (spec.type === 'boolean')
    control = (
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        aria-describedby={`${id}-hint`}
      >
        <option value="">(default)</option>
        <option value="true">yes</option>
        <option value="false">no</option>
      </select>
    );
  else if (spec.oneOf !== undefined)
    control = (
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        aria-describedby={`${id}-hint`}
      >
        <option value="">(default)</option>
        {spec.oneOf.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  else if (spec.type === 'number')
    control = (
      <input
        id={id}
        name={name}
        type="number"
        {...(spec.min === undefined ? {} : { min: spec.min })}
        {...(spec.max === undefined ? {} : { max: spec.max })}
        step={spec.integer === true ? 1 : 'any'}
        placeholder={spec.default === undefined ? '' : String(spec.default)}
        required={spec.default === undefined}
        value={value}
        onInput={(e) => onChange(e.currentTarget.value)}
        aria-describedby={`${id}-hint`}
      />
    );
  else
    control = (
      <input
        id={id}
        name={name}
        type="text"
        {...(spec.pattern === undefined ? {} : { pattern: spec.pattern })}
        placeholder={spec.default === undefined ? '' : String(spec.default)}
        required={spec.default === undefined}
        value={value}
        onInput={(e) => onChange(e.currentTarget.value)}
        aria-describedby={`${id}-hint`}
      />
    );
  return (
    <Field id={id} label={name} hint={hint}>
      {control}
    </Field>
  );
}

function MemberChecks({
  legend,
  members,
  chosen,
  onChange,
  name,
}: {
  legend: string;
  members: readonly Member[];
  chosen: string[];
  onChange: (v: string[]) => void;
  name: string;
}): JSX.Element {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {members.map((m) => (
        <label key={m.address} class="check">
          <input
            type="checkbox"
            name={name}
            value={m.name}
            checked={chosen.includes(m.name)}
            onChange={(e) =>
              onChange(
                e.currentTarget.checked ? [...chosen, m.name] : chosen.filter((x) => x !== m.name),
              )
            }
          />{' '}
          {m.name}
          {m.self ? ' (this node)' : ''}
        </label>
      ))}
    </fieldset>
  );
}

function ProposeForm(): JSX.Element {
  const programs = useLoad(() => api.listPrograms());
  const members = useLoad(() => api.listMembers());
  const catalog = useLoad(() => api.searchCatalog({}));
  const [programName, setProgramName] = useState('');
  const [params, setParams] = useState<Record<string, string>>({});
  const [inputs, setInputs] = useState<string[]>([]);
  const [committee, setCommittee] = useState<string[]>([]);
  const [recipients, setRecipients] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const program = programs.data?.programs.find((p) => p.name === programName);
  const nameOf = (a: string): string =>
    members.data?.members.find((m) => m.address.toLowerCase() === a.toLowerCase())?.name ?? a;

  const submit = (e: Event): void => {
    e.preventDefault();
    if (program === undefined) return;
    const values: Record<string, string | number | boolean | string[] | number[]> = {};
    for (const [k, spec] of Object.entries(program.params)) {
      const v = params[k] ?? '';
      if (v === '') continue;
      // A list: items separated by commas (the node checks each item and the length).
      const items = v.split(',').map((x) => x.trim());
      values[k] =
        spec.type === 'list'
          ? spec.items === 'number'
            ? items.map(Number)
            : items
          : spec.type === 'number'
            ? Number(v)
            : spec.type === 'boolean'
              ? v === 'true'
              : v;
    }
    setBusy(true);
    setError(undefined);
    api.proposeJob({ program: program.name, inputs, committee, recipients, params: values }).then(
      (job) => {
        location.hash = `#/jobs/${job.id}`;
      },
      (err: unknown) => {
        setBusy(false);
        setError(err);
      },
    );
  };

  return (
    <form class="panel" onSubmit={submit} aria-labelledby="h-propose">
      <h2 id="h-propose">Propose a job</h2>
      <Field id="job-program" label="Program">
        <select
          id="job-program"
          required
          value={programName}
          onChange={(e) => {
            setProgramName(e.currentTarget.value);
            setParams({});
          }}
        >
          <option value="">Choose a program</option>
          {programs.data?.programs.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name} {p.version}
            </option>
          ))}
        </select>
      </Field>
      {program !== undefined && (
        <>
          <p>
            {program.description} Code hash <Hash value={program.hash} />.
          </p>
          {program.inputs.length > 0 && (
            <p class="muted">
              Each input needs the columns{' '}
              {program.inputs
                .map(
                  (i) =>
                    `${i.column} (${i.kind === 'category' ? `one of ${(i.labels ?? []).join(', ')}` : `number${i.min === undefined ? '' : ` ${i.min}`}${i.max === undefined ? '' : `–${i.max}`}`})`,
                )
                .join(', ')}
              .
            </p>
          )}
          <fieldset>
            <legend>Params</legend>
            {Object.keys(program.params).length === 0 && (
              <p class="muted">This program has none.</p>
            )}
            {Object.entries(program.params).map(([k, spec]) => (
              <ParamInput
                key={k}
                name={k}
                spec={spec}
                value={params[k] ?? ''}
                onChange={(v) => setParams({ ...params, [k]: v })}
              />
            ))}
          </fieldset>
          <fieldset>
            <legend>Inputs (datasets in the Catalog)</legend>
            {catalog.data?.datasets
              .filter((d) => !d.withdrawn)
              .map((d) => (
                <label key={d.id} class="check">
                  <input
                    type="checkbox"
                    name="inputs"
                    value={d.id}
                    checked={inputs.includes(d.id)}
                    onChange={(e) =>
                      setInputs(
                        e.currentTarget.checked
                          ? [...inputs, d.id]
                          : inputs.filter((x) => x !== d.id),
                      )
                    }
                  />{' '}
                  {d.title}{' '}
                  <span class="muted">
                    ({nameOf(d.owner)}, {d.rowCount} rows)
                  </span>
                </label>
              ))}
          </fieldset>
          {members.data !== undefined && (
            <>
              <MemberChecks
                legend="Committee (the nodes that compute)"
                name="committee"
                members={members.data.members}
                chosen={committee}
                onChange={setCommittee}
              />
              <MemberChecks
                legend="Recipients (who learn the outputs)"
                name="recipients"
                members={members.data.members}
                chosen={recipients}
                onChange={setRecipients}
              />
            </>
          )}
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Proposing on chain…' : 'Propose'}
          </button>
        </>
      )}
      <ErrorBox error={error} title="The proposal was refused" />
    </form>
  );
}

export function JobsPage(): JSX.Element {
  const jobs = useLoad(() => api.listJobs());
  return (
    <>
      <PageTitle>Jobs</PageTitle>
      <Show loaded={jobs}>
        {({ jobs: list }) =>
          list.length === 0 ? (
            <p class="muted">No jobs yet.</p>
          ) : (
            <table data-testid="jobs">
              <caption class="sr-only">Jobs this node takes part in</caption>
              <thead>
                <tr>
                  <th scope="col">Job</th>
                  <th scope="col">Program</th>
                  <th scope="col">Status</th>
                  <th scope="col">Our role</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {[...list].reverse().map((j) => (
                  <tr key={j.id}>
                    <th scope="row">
                      <a href={`#/jobs/${j.id}`}>Job {j.id}</a>
                    </th>
                    <td>{j.program ?? <Hash value={j.programHash} />}</td>
                    <td>
                      <Badge value={j.status} />
                    </td>
                    <td>{j.roles.join(', ')}</td>
                    <td>{when(j.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Show>
      <ProposeForm />
    </>
  );
}

interface LogLine {
  readonly key: string;
  readonly at: string;
  readonly text: string;
}

/** Rows of a result: per input owner (then "all inputs") when an output has one value per input. */
function rowLabels(length: number, job: Job, nameOf: (a: string) => string): string[] {
  const owners = job.spec?.inputOwners ?? [];
  if (owners.length > 0 && length === owners.length + 1)
    return [...owners.map(nameOf), 'all inputs'];
  if (owners.length > 0 && length === owners.length) return owners.map(nameOf);
  return Array.from({ length }, (_, i) => `#${i + 1}`);
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

/**
 * An output value in the unit its result names: outputs in a decimal column's stored units (cents
 * for decimal(2)) are divided by 10^scale: exactly for integers the node sends as decimal strings
 * (a sum), as a number otherwise (a mean is a fixed-point value in cents).
 */
function inUnits(v: unknown, scale: number | undefined): unknown {
  if (scale === undefined || scale <= 0) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) {
    const neg = v.startsWith('-');
    const a = (neg ? v.slice(1) : v).padStart(scale + 1, '0');
    return `${neg ? '-' : ''}${a.slice(0, -scale)}.${a.slice(-scale)}`;
  }
  return typeof v === 'number' ? v / 10 ** scale : v;
}

function Result({
  job,
  nameOf,
  program,
}: {
  job: Job;
  nameOf: (a: string) => string;
  program: Program | undefined;
}): JSX.Element {
  const result = useLoad(() => api.jobResult(job.id), [job.id]);
  const [chartCol, setChartCol] = useState<string | null>(null);
  return (
    <Show loaded={result}>
      {(r) => {
        // In the order the program declares its outputs (the node's JSON has them sorted by name).
        const rank = (k: string): number => {
          const i = program?.outputs.findIndex((o) => o.name === k) ?? -1;
          return i < 0 ? Number.MAX_SAFE_INTEGER : i;
        };
        const outputs = Object.entries(r.outputs)
          .sort(([a], [b]) => rank(a) - rank(b))
          .map(([k, v]): [string, unknown] => [
            k,
            Array.isArray(v)
              ? v.map((x: unknown, i: number) =>
                  // Withheld by disclosure control: the value is a placeholder, never show it.
                  r.suppressed?.[k]?.includes(i) === true
                    ? `suppressed (fewer than ${r.minGroupSize ?? 'k'} rows)`
                    : inUnits(x, r.scales?.[k]),
                )
              : inUnits(v, r.scales?.[k]),
          ]);
        const unitOf = (k: string): string =>
          r.units?.[k] === undefined || r.units[k] === '' ? '' : ` [${r.units[k]}]`;
        const len = Math.max(1, ...outputs.map(([, v]) => asArray(v).length));
        const cols = outputs.filter(([, v]) => asArray(v).length === len && len > 1);
        const singles = outputs.filter(([, v]) => !(asArray(v).length === len && len > 1));
        // The node's labels where it gives them (an owner's own slices), else the job's.
        const given = r.rows?.[cols[0]?.[0] ?? ''];
        const labels = given?.length === len ? given : rowLabels(len, job, nameOf);
        const describe = (n: string): string | undefined =>
          program?.outputs.find((o) => o.name === n)?.description;
        const numeric = cols.filter(([, v]) =>
          asArray(v).every(
            (x) =>
              typeof x === 'number' ||
              (typeof x === 'string' && x !== '' && Number.isFinite(Number(x))),
          ),
        );
        const shown = chartCol ?? numeric[0]?.[0] ?? null;
        const csv = (): string => {
          const head = ['row', ...cols.map(([k]) => k + unitOf(k))];
          const lines = [head.join(',')];
          for (let i = 0; i < len; i++)
            lines.push(
              [labels[i], ...cols.map(([, v]) => String(asArray(v)[i]))]
                .map((c) => `"${String(c).replace(/"/g, '""')}"`)
                .join(','),
            );
          for (const [k, v] of singles)
            lines.push(`"${k}${unitOf(k)}","${asArray(v).map(String).join(' ')}"`);
          return lines.join('\n') + '\n';
        };
        return (
          <section aria-labelledby="h-result">
            <h2 id="h-result">Result</h2>
            <p class="muted">
              Digest <Hash value={r.resultDigest} />, attested on chain by the committee: see the{' '}
              <a href={`#/audit/${job.id}`}>audit trail</a>.
            </p>
            {cols.length > 0 && (
              <table data-testid="result-table">
                <caption>
                  Outputs of job {job.id}
                  {program === undefined ? '' : ` (${program.name})`}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Row</th>
                    {cols.map(([k]) => (
                      <th scope="col" key={k} title={describe(k)}>
                        {k}
                        {unitOf(k)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {labels.map((l, i) => (
                    <tr key={l}>
                      <th scope="row">{l}</th>
                      {cols.map(([k, v]) => (
                        <td key={k} class="num">
                          {fmt(asArray(v)[i])}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {singles.length > 0 && (
              <dl class="kv" data-testid="result-singles">
                {singles.map(([k, v]) => (
                  <div key={k}>
                    <dt title={describe(k)}>
                      {k}
                      {unitOf(k)}
                    </dt>
                    <dd>{asArray(v).map(fmt).join(', ')}</dd>
                  </div>
                ))}
              </dl>
            )}
            {cols.length > 0 && (
              <dl class="kv legend">
                {outputs.map(([k]) => (
                  <div key={k}>
                    <dt>{k}</dt>
                    <dd>{describe(k) ?? ''}</dd>
                  </div>
                ))}
              </dl>
            )}
            {shown !== null && (
              <>
                <Field id="chart-col" label="Chart">
                  <select
                    id="chart-col"
                    value={shown}
                    onChange={(e) => setChartCol(e.currentTarget.value)}
                  >
                    {numeric.map(([k]) => (
                      <option key={k} value={k}>
                        {k}
                      </option>
                    ))}
                  </select>
                </Field>
                <BarChart
                  title={shown}
                  labels={labels}
                  values={asArray(outputs.find(([k]) => k === shown)?.[1]).map(Number)}
                />
              </>
            )}
            <div class="buttons">
              <button
                type="button"
                class="plain"
                onClick={() => download(`job-${job.id}-result.csv`, 'text/csv', csv())}
              >
                Download CSV
              </button>
              <button
                type="button"
                class="plain"
                onClick={() =>
                  download(
                    `job-${job.id}-result.json`,
                    'application/json',
                    JSON.stringify(r, null, 2) + '\n',
                  )
                }
              >
                Download JSON
              </button>
            </div>
          </section>
        );
      }}
    </Show>
  );
}

export function JobPage({ id }: { id: string }): JSX.Element {
  const [job, setJob] = useState<Job | undefined>(undefined);
  const [loadError, setLoadError] = useState<unknown>(undefined);
  const [log, setLog] = useState<LogLine[]>([]);
  const [live, setLive] = useState<'connecting' | 'live' | 'ended' | 'broken'>('connecting');
  const [streamError, setStreamError] = useState<string | null>(null);
  const members = useLoad(() => api.listMembers());
  const programs = useLoad(() => api.listPrograms());
  const nameOf = (a: string): string =>
    members.data?.members.find((m) => m.address.toLowerCase() === a.toLowerCase())?.name ?? a;

  useEffect(() => {
    const ctl = new AbortController();
    api.getJob(id, { signal: ctl.signal }).then(setJob, (e: unknown) => {
      if (!ctl.signal.aborted) setLoadError(e);
    });
    void (async () => {
      try {
        setLive('live');
        for await (const ev of api.watchJob(id, { signal: ctl.signal })) {
          if (ev.type === 'progress')
            setLog((l) => [
              ...l,
              {
                key: `p${ev.id}`,
                at: ev.at,
                text: `${ev.phase}${ev.detail === null ? '' : `: ${ev.detail}`}`,
              },
            ]);
          else if (ev.type === 'state')
            setJob((j) =>
              j === undefined
                ? j
                : {
                    ...j,
                    status: ev.status,
                    phase: ev.phase,
                    progress: ev.progress,
                    hasResult: ev.hasResult,
                    resultDigest: ev.resultDigest,
                    errorCode: ev.errorCode,
                    errorReason: ev.errorReason,
                  },
            );
          else {
            setLive('ended');
            setJob(await api.getJob(id, { signal: ctl.signal }));
          }
        }
      } catch (err) {
        if (ctl.signal.aborted) return;
        setLive('broken');
        setStreamError(errorText(err));
      }
    })();
    return () => ctl.abort();
  }, [id]);

  if (loadError !== undefined)
    return <ErrorBox error={loadError} title={`Job ${id} could not be read`} />;
  if (job === undefined)
    return (
      <p class="muted" role="status">
        Loading job {id}…
      </p>
    );
  const program = programs.data?.programs.find((p) => p.name === job.program);
  const pct = Math.round((job.status === 'succeeded' ? 1 : (job.progress ?? 0)) * 100);
  const isRecipient = job.roles.includes('recipient');
  return (
    <>
      <PageTitle>
        Job {job.id}: {job.program ?? 'unknown program'}
      </PageTitle>
      <div class="status-line">
        <span data-testid="job-status">
          <Badge value={job.status} />
        </span>
        <div
          class="progress"
          role="progressbar"
          aria-label="Progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={pct}
        >
          <div class="progress-bar" style={{ width: `${pct}%` }} />
        </div>
        <span>{pct} %</span>
        <span class="muted">
          {live === 'live'
            ? 'live updates'
            : live === 'ended'
              ? 'job ended'
              : live === 'broken'
                ? `updates stopped: ${streamError ?? ''}`
                : ''}
        </span>
      </div>
      {job.errorReason !== null && job.errorReason !== undefined && (
        <p role="alert" class="error">
          {job.errorCode ?? ''} {job.errorReason}
        </p>
      )}
      <dl class="kv">
        <dt>Program hash</dt>
        <dd>
          <Hash value={job.programHash} full />
        </dd>
        <dt>Our roles</dt>
        <dd>{job.roles.join(', ')}</dd>
        <dt>Params</dt>
        <dd>
          <code>{JSON.stringify(job.params ?? {})}</code>
        </dd>
        <dt>Committee</dt>
        <dd>{job.spec?.committee?.map(nameOf).join(', ')}</dd>
        <dt>Recipients</dt>
        <dd>{job.spec?.recipients?.map(nameOf).join(', ')}</dd>
        <dt>Phase</dt>
        <dd data-testid="job-phase">{job.phase ?? '—'}</dd>
      </dl>
      {job.status === 'proposed' || job.status === 'awaiting_approval'
        ? job.roles.includes('proposer') && (
            <ActionButton
              kind="danger"
              label="Cancel job"
              action={async () => setJob(await api.cancelJob(job.id))}
            />
          )
        : null}
      <section aria-labelledby="h-log">
        <h2 id="h-log">Progress on this node</h2>
        <ol class="log" aria-live="polite" data-testid="job-log">
          {log.map((l) => (
            <li key={l.key}>
              <time>{when(l.at)}</time> {l.text}
            </li>
          ))}
        </ol>
      </section>
      {job.status === 'succeeded' && isRecipient && (
        <Result job={job} nameOf={nameOf} program={program} />
      )}
      {job.status === 'succeeded' && !isRecipient && (
        <p class="muted">This node is not a recipient: it holds no result.</p>
      )}
      {TERMINAL.has(job.status) && (
        <p>
          <a href={`#/audit/${job.id}`}>Open the audit trail of job {job.id}</a>
        </p>
      )}
    </>
  );
}
