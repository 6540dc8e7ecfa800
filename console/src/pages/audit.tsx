/**
 * The audit trail of a job, rebuilt by the node from ledger events only (GET /v1/audit): who
 * proposed what, the params checked against their on-chain hash, each owner's approval, the
 * grants used, the committee, and the result digest with every committee signature recovered
 * and checked. A trail that does not check out is shown with its problems.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { Badge, Field, Hash, PageTitle, Show, useLoad, when } from '../ui';

interface Moment {
  block?: string;
  at?: string;
  tx?: string;
}
interface Signature {
  signer: string | null;
  inCommittee: boolean;
  valid: boolean;
}

const str = (v: unknown): string =>
  typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);

function MomentText({ m }: { m: Moment | null | undefined }): JSX.Element {
  if (m === null || m === undefined) return <span class="muted">—</span>;
  return (
    <>
      {when(m.at)} · block {m.block} · tx <Hash value={m.tx} />
    </>
  );
}

function Trail({ id }: { id: string }): JSX.Element {
  const report = useLoad(() => api.audit({ job: id }), [id]);
  const members = useLoad(() => api.listMembers());
  const nameOf = (a: unknown): string => {
    const s = str(a);
    return (
      members.data?.members.find((m) => m.address.toLowerCase() === s.toLowerCase())?.name ?? s
    );
  };
  return (
    <Show loaded={report}>
      {(r) => {
        const t = r.jobs[0];
        if (t === undefined) return <p role="alert">No job {id} on chain.</p>;
        const params = t.params as
          | { hash?: string; matchesHash?: boolean; values?: Record<string, unknown> | null }
          | undefined;
        const program = t.program as { hash?: string; name?: string | null } | undefined;
        const result = t.result as
          (Moment & { digest?: string; signatures?: Signature[] }) | null | undefined;
        const approvals = (t.approvals ?? []) as unknown as (Moment & { owner: string })[];
        const inputs = (t.inputs ?? []) as unknown as {
          datasetId: string;
          owner: string | null;
          coveredBy: string | null;
          grantId: string | null;
        }[];
        const sigs = result?.signatures ?? [];
        const failure = t.failure as (Moment & { by: string; reason: string }) | null | undefined;
        const rejection = t.rejection as
          (Moment & { owner: string; reason: string }) | null | undefined;
        return (
          <>
            <p data-testid="audit-verdict" class={t.verified ? 'ok' : 'error'} role="status">
              {t.verified ? <Badge value="verified" /> : <Badge value="not_verified" />}{' '}
              {t.verified ? 'Every check of this trail passes.' : 'This trail does not check out:'}
            </p>
            {t.problems.length > 0 && (
              <ul class="problems">
                {t.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )}
            <table class="audit" data-testid="audit-table">
              <caption>Job {t.jobId}: what the chain records</caption>
              <tbody>
                <tr>
                  <th scope="row">Status</th>
                  <td>
                    <Badge value={t.status} />
                  </td>
                </tr>
                <tr>
                  <th scope="row">Proposed</th>
                  <td>
                    by {nameOf(t.proposer)}, <MomentText m={t.proposed} />
                  </td>
                </tr>
                <tr>
                  <th scope="row">Program</th>
                  <td>
                    {program?.name ?? 'unknown to this node'} <Hash value={program?.hash} full />
                  </td>
                </tr>
                <tr>
                  <th scope="row">Spec hash</th>
                  <td>
                    <Hash value={t.specHash} />{' '}
                    {t.specHashMatches === true ? (
                      <Badge value="matches" />
                    ) : (
                      <Badge value="differs" />
                    )}
                  </td>
                </tr>
                <tr>
                  <th scope="row">Params</th>
                  <td>
                    <code>{JSON.stringify(params?.values ?? null)}</code>{' '}
                    {params?.matchesHash === true ? (
                      <Badge value="hash_matches" />
                    ) : (
                      <Badge value="hash_differs" />
                    )}
                  </td>
                </tr>
                <tr>
                  <th scope="row">Inputs</th>
                  <td>
                    <ul>
                      {inputs.map((i) => (
                        <li key={i.datasetId}>
                          <Hash value={i.datasetId} /> of {nameOf(i.owner)}: covered by{' '}
                          {i.coveredBy ?? 'nothing'}
                          {i.grantId === null ? '' : ` (grant ${i.grantId})`}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
                <tr>
                  <th scope="row">Approvals</th>
                  <td>
                    <ul>
                      {approvals.map((a) => (
                        <li key={a.tx}>
                          {nameOf(a.owner)}, <MomentText m={a} />
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
                <tr>
                  <th scope="row">Committee</th>
                  <td>{(t.committee ?? []).map(nameOf).join(', ')}</td>
                </tr>
                <tr>
                  <th scope="row">Recipients</th>
                  <td>{(t.recipients ?? []).map(nameOf).join(', ')}</td>
                </tr>
                <tr>
                  <th scope="row">Started</th>
                  <td>
                    <MomentText m={t.started} />
                  </td>
                </tr>
                {result !== null && result !== undefined && (
                  <tr>
                    <th scope="row">Result</th>
                    <td>
                      digest <Hash value={result.digest} full />, <MomentText m={result} />
                    </td>
                  </tr>
                )}
                {failure !== null && failure !== undefined && (
                  <tr>
                    <th scope="row">Failure</th>
                    <td>
                      reported by {nameOf(failure.by)}: {failure.reason}
                    </td>
                  </tr>
                )}
                {rejection !== null && rejection !== undefined && (
                  <tr>
                    <th scope="row">Rejection</th>
                    <td>
                      by {nameOf(rejection.owner)}: {rejection.reason}
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
            {sigs.length > 0 && (
              <table data-testid="signatures">
                <caption>
                  Committee signatures of the result digest, recovered from the submitResult
                  transaction
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Signer</th>
                    <th scope="col">In the committee</th>
                    <th scope="col">Check</th>
                  </tr>
                </thead>
                <tbody>
                  {sigs.map((s, i) => (
                    <tr key={i}>
                      <th scope="row">
                        {s.signer === null ? 'does not recover' : nameOf(s.signer)}
                      </th>
                      <td>{s.inCommittee ? 'yes' : 'no'}</td>
                      <td>{s.valid ? <Badge value="valid" /> : <Badge value="invalid" />}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        );
      }}
    </Show>
  );
}

export function AuditPage({ id }: { id: string | undefined }): JSX.Element {
  const [jobId, setJobId] = useState(id ?? '');
  const jobs = useLoad(() => api.listJobs());
  return (
    <>
      <PageTitle>Audit trail{id === undefined ? '' : ` of job ${id}`}</PageTitle>
      <form
        class="search"
        onSubmit={(e) => {
          e.preventDefault();
          if (jobId !== '') location.hash = `#/audit/${jobId}`;
        }}
      >
        <Field id="audit-job" label="Job">
          <select id="audit-job" value={jobId} onChange={(e) => setJobId(e.currentTarget.value)}>
            <option value="">Choose a job</option>
            {jobs.data?.jobs.map((j) => (
              <option key={j.id} value={j.id}>
                Job {j.id} ({j.program ?? 'unknown'}, {j.status})
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" class="primary">
          Check
        </button>
      </form>
      {id !== undefined && <Trail id={id} />}
    </>
  );
}
