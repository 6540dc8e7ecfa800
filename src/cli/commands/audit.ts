/** `parley audit [--job <id>]`: jobs' audit trails rebuilt from the chain; exit 1 if not verified. */
import { parse } from '../args.js';
import type { AuditTrail } from '../../sdk/index.js';
import { clientFor, COMMON_USAGE, commonOptions, json } from '../common.js';
import { UsageError } from '../args.js';

export const AUDIT_USAGE: string = `Usage: parley audit [--job <id>] [options]

Rebuilds each job's trail from ledger events only (not from this node's records): proposer,
program, params checked against the on-chain hash, input approvals and grants, committee,
recipients, start, result digest with every committee signature recovered and checked,
failure or rejection, timings. Exit 0 if every trail verifies, 1 otherwise.

Options:
  --job <id>        only this job (default: every job on the ledger)
${COMMON_USAGE}`;

function describe(t: AuditTrail): string {
  const l = [`job ${t.jobId}  ${t.status}  ${t.verified ? 'VERIFIED' : 'NOT VERIFIED'}`];
  if (t.program !== undefined)
    l.push(`  program:    ${t.program.name ?? '(unknown to this node)'} ${t.program.hash}`);
  if (t.proposer !== undefined)
    l.push(`  proposed:   by ${t.proposer} at ${t.proposed?.at ?? '?'}`);
  if (t.params !== undefined)
    l.push(
      `  params:     ${t.params.published ? `${JSON.stringify(t.params.values)} (${t.params.matchesHash ? 'match' : 'DO NOT match'} paramsHash)` : 'NOT published'}`,
    );
  for (const i of t.inputs ?? [])
    l.push(
      `  input:      ${i.datasetId} owner ${i.owner ?? '?'}, ${i.coveredBy === null ? 'NOT covered' : i.coveredBy === 'grant' ? `grant ${i.grantId ?? '?'}` : i.coveredBy}`,
    );
  for (const a of t.approvals ?? []) l.push(`  approved:   by ${a.owner} at ${a.at}`);
  if (t.committee !== undefined) l.push(`  committee:  ${t.committee.join(', ')}`);
  if (t.recipients !== undefined) l.push(`  reveal to:  ${t.recipients.join(', ')}`);
  if (t.started) l.push(`  started:    by ${t.started.by} at ${t.started.at}`);
  if (t.result) {
    l.push(`  result:     ${t.result.digest} at ${t.result.at}`);
    for (const s of t.result.signatures)
      l.push(`  signature:  ${s.signer ?? '(unrecoverable)'} ${s.valid ? 'ok' : 'INVALID'}`);
  }
  if (t.status === 'succeeded' && t.confirmedBy !== undefined)
    l.push(`  confirmed:  by every recipient before attesting (${t.confirmedBy.join(', ')})`);
  if (t.failure) l.push(`  failed:     by ${t.failure.by} at ${t.failure.at}: ${t.failure.reason}`);
  if (t.refusal) l.push(`  refused:    by recipient ${t.refusal.recipient}: ${t.refusal.what}`);
  if (t.rejection)
    l.push(`  rejected:   by ${t.rejection.owner} at ${t.rejection.at}: ${t.rejection.reason}`);
  if (t.cancelled) l.push(`  cancelled:  at ${t.cancelled.at}`);
  if (t.timings?.durationSeconds !== null && t.timings?.durationSeconds !== undefined)
    l.push(`  duration:   ${t.timings.durationSeconds} s`);
  for (const p of t.problems) l.push(`  problem:    ${p}`);
  return l.join('\n');
}

export async function auditCommand(
  args: readonly string[],
  out: (s: string) => void,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const done = (s: string): number => {
    out(s);
    return 0;
  };
  const p = parse(args, { ...commonOptions, job: { type: 'string' } }, AUDIT_USAGE);
  if (p.help) return done(AUDIT_USAGE);
  const job = p.values.job;
  if (job !== undefined && (typeof job !== 'string' || !/^[1-9][0-9]{0,19}$/.test(job)))
    throw new UsageError('--job must be a job id (a positive integer).', AUDIT_USAGE);
  const api = await clientFor(p.values, env);
  const report = await api.audit(typeof job === 'string' ? { job } : {});
  if (p.values.json === true) out(json(report));
  else {
    const body = report.jobs.map(describe);
    if (report.jobs.length === 0) body.push(report.problems.join('\n') || 'No jobs on the ledger.');
    body.push(
      report.verified
        ? `All ${report.jobs.length} job(s) verified.`
        : `Not verified: ${report.problems.length} problem(s).`,
    );
    out(body.join('\n\n'));
  }
  return report.verified ? 0 : 1;
}
