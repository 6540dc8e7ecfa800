/**
 * `parley job propose | list | show | watch | result | cancel`: jobs, through the REST API.
 * `watch` polls the job's progress log every ~500 ms, printing new entries as `[phase] detail`,
 * until the job ends: exit 0 if it succeeded, 1 otherwise. Ctrl-C stops watching, not the job.
 */
import { parse, UsageError, intOption } from '../args.js';
import type { ApiClient } from '../client.js';
import type { Job, JobStateEvent } from '../../sdk/index.js';
import { clientFor, COMMON_USAGE, commonOptions, idArg, json, many, table } from '../common.js';
import type { ProgramInfo } from './members.js';

export const JOB_USAGE: string = `Usage: parley job <command> [options]

Commands:
  propose --program <name> --input <datasetId>... --committee <member>... --reveal-to <member>...
          [--param name=value]... [--deadline <seconds>]
                    propose a job (members by name or address, see "parley members";
                    programs and their params, see "parley programs")
  list [--status S] jobs this node takes part in
  show <id>         one job: status, roles, program, params, parties, progress, outcome
  watch <id>        print progress until the job ends (exit 0 if it succeeded, 1 otherwise;
                    Ctrl-C stops watching only)
  result <id>       the outputs, for a recipient of the job
  cancel <id>       withdraw a job this node proposed that has not started

Options:
  --deadline <s>    seconds from now until the job must be done (default 3600)
${COMMON_USAGE}`;

const TERMINAL = ['succeeded', 'failed', 'rejected', 'cancelled'];

/** A job as the node's REST API describes it. */
export type JobInfo = Job;

function describe(j: JobInfo): string {
  const lines = [
    `job ${j.id}  ${j.status}${j.phase === null ? '' : ` (phase ${j.phase}, ${Math.round(j.progress * 100)}%)`}`,
    `  program:    ${j.program ?? j.programHash ?? 'unknown'}`,
    `  params:     ${j.params === null ? 'not known yet' : JSON.stringify(j.params)}`,
    `  our roles:  ${j.roles.join(', ') || 'none'}`,
  ];
  if (j.proposer !== null) lines.push(`  proposer:   ${j.proposer}`);
  if (j.spec !== null) {
    lines.push(
      `  inputs:     ${j.spec.inputs.map((d, i) => `${d} (owner ${j.spec!.inputOwners[i] ?? '?'})`).join('\n              ')}`,
      `  committee:  ${j.spec.committee.join(', ')}`,
      `  reveal to:  ${j.spec.recipients.join(', ')}`,
      `  deadline:   ${new Date(j.spec.deadline * 1000).toISOString()}`,
    );
  }
  lines.push(`  created:    ${j.createdAt}`);
  if (j.startedAt !== null) lines.push(`  started:    ${j.startedAt}`);
  if (j.finishedAt !== null) lines.push(`  finished:   ${j.finishedAt}`);
  if (j.resultDigest !== null)
    lines.push(
      `  result:     ${j.resultDigest}${j.hasResult ? ' (held here; "parley job result")' : ''}`,
    );
  if (j.status === 'succeeded' && j.spec !== null)
    lines.push(
      `  confirmed:  by every recipient before attesting (${j.spec.recipients.join(', ')})`,
    );
  const refusal = /^\w+: (recipient \S+ refused the result: .*)$/s.exec(j.errorReason ?? '');
  if (refusal !== null) lines.push(`  refused:    ${refusal[1]}`);
  if (j.errorReason !== null || j.errorCode !== null)
    lines.push(
      `  error:      ${j.errorReason ?? ''}${j.errorCode === null ? '' : ` [${j.errorCode}]`}`,
    );
  return lines.join('\n');
}

/** `name=value` pairs typed by the program's parameter specs (as GET /v1/programs gives them). */
function paramsFrom(
  pairs: readonly string[],
  program: ProgramInfo | undefined,
): Record<string, number | string | boolean | number[] | string[]> {
  const out: Record<string, number | string | boolean | number[] | string[]> = {};
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    if (i <= 0) throw new UsageError(`--param takes name=value, got "${pair}".`, JOB_USAGE);
    const name = pair.slice(0, i);
    const text = pair.slice(i + 1);
    const type = program?.params[name]?.type;
    if (type === 'list') {
      // A JSON array, or items separated by commas (weights=1,2,3; candidates=ann,bob).
      const numbers = (program?.params[name] as { items?: string } | undefined)?.items === 'number';
      const t = text.trim();
      let items: unknown[];
      if (t.startsWith('[')) {
        try {
          const parsed: unknown = JSON.parse(t);
          if (!Array.isArray(parsed)) throw new Error('not an array');
          items = parsed;
        } catch {
          throw new UsageError(`--param ${name} must be a JSON array or a,b,c.`, JOB_USAGE);
        }
      } else items = t === '' ? [] : text.split(',').map((x) => x.trim());
      if (numbers) {
        const ns = items.map((x) => (typeof x === 'number' ? x : x === '' ? NaN : Number(x)));
        if (ns.some((n) => !Number.isFinite(n)))
          throw new UsageError(`--param ${name} must be a list of numbers.`, JOB_USAGE);
        out[name] = ns;
      } else out[name] = items.map(String);
    } else if (type === 'number') {
      const n = text.trim() === '' ? NaN : Number(text);
      if (!Number.isFinite(n)) throw new UsageError(`--param ${name} must be a number.`, JOB_USAGE);
      out[name] = n;
    } else if (type === 'boolean') {
      if (text !== 'true' && text !== 'false')
        throw new UsageError(`--param ${name} must be true or false.`, JOB_USAGE);
      out[name] = text === 'true';
    } else out[name] = text; // a string, or unknown to the node: it names the parameter
  }
  return out;
}

function formatValue(v: unknown): string {
  if (Array.isArray(v)) return v.map(formatValue).join(', ');
  if (typeof v === 'number')
    return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(12)));
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** A recipient's result as GET /v1/jobs/:id/result gives it. */
export interface JobResultInfo {
  jobId: string;
  program: string | null;
  resultDigest: string | null;
  outputs: Record<string, unknown>;
  /** Each output's row labels (input owners, groups, overall). */
  rows?: Record<string, string[]>;
  /** Each output's unit, where it has one. */
  units?: Record<string, string>;
  /** Each output's decimal scale, for values in stored units (cents: 2): shown as v / 10^scale. */
  scales?: Record<string, number>;
  /** Each output's values withheld by disclosure control (indices into its values). */
  suppressed?: Record<string, number[]>;
  /** The program's minimum group size, where it declares one. */
  minGroupSize?: number;
}

/**
 * A value in stored units shown in the column's units: an integer (number, bigint or digit
 * string) exactly with `scale` decimals (1680000000 → 16800000.00), a real to `scale` + 4
 * decimals.
 * @example
 * ```ts
 * scaledValue('1680000000', 2); // '16800000.00'
 * ```
 */
export function scaledValue(v: unknown, scale: number): unknown {
  if (scale <= 0) return v;
  const digits =
    typeof v === 'bigint' || (typeof v === 'number' && Number.isSafeInteger(v))
      ? v.toString()
      : typeof v === 'string'
        ? v
        : undefined;
  if (digits !== undefined && /^-?\d+$/.test(digits)) {
    const neg = digits.startsWith('-');
    const a = (neg ? digits.slice(1) : digits).padStart(scale + 1, '0');
    return `${neg ? '-' : ''}${a.slice(0, -scale)}.${a.slice(-scale)}`;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return (v / 10 ** scale).toFixed(scale + 4);
  return v;
}

/**
 * A result as text: outputs with the same row labels form one table (a row per label: company,
 * group, overall; a column per output); an output of one row stands on its own line.
 * @example
 * ```ts
 * formatResult({ jobId: '7', program: 'sum', resultDigest: '0x…', outputs: { sum: [42] }, rows: { sum: ['overall'] } });
 * // 'job 7 (sum), result digest 0x…\n  sum: 42'
 * ```
 */
export function formatResult(r: JobResultInfo): string {
  const lines = [
    `job ${r.jobId}${r.program === null ? '' : ` (${r.program})`}, result digest ${r.resultDigest ?? 'unknown'}`,
  ];
  const groups = new Map<string, { labels: string[]; names: string[] }>();
  const single: string[] = [];
  const outputs: Record<string, unknown> = {};
  const withheld = `suppressed (fewer than ${r.minGroupSize ?? 'k'} rows)`;
  for (const [name, v] of Object.entries(r.outputs)) {
    const scale = r.scales?.[name] ?? 0;
    const hidden = new Set(r.suppressed?.[name] ?? []);
    outputs[name] = Array.isArray(v)
      ? v.map((x, i) => (hidden.has(i) ? withheld : scaledValue(x, scale)))
      : scaledValue(v, scale);
  }
  for (const [name, v] of Object.entries(outputs)) {
    const values = Array.isArray(v) ? (v as unknown[]) : [v];
    const labels = r.rows?.[name] ?? values.map((_, i) => String(i + 1));
    if (values.length <= 1 || labels.length !== values.length) {
      const at = labels.length === 1 && labels[0] !== 'overall' ? ` (${labels[0]})` : '';
      const unit = r.units?.[name] === undefined ? '' : ` ${r.units[name]}`;
      single.push(`  ${name}${at}: ${formatValue(values)}${unit}`);
      continue;
    }
    const key = JSON.stringify(labels);
    const g = groups.get(key) ?? { labels, names: [] };
    g.names.push(name);
    groups.set(key, g);
  }
  for (const g of groups.values()) {
    const body = g.labels.map((label, i) => [
      label,
      ...g.names.map((n) => formatValue((outputs[n] as unknown[])[i])),
    ]);
    lines.push(
      table(
        ['', ...g.names.map((n) => (r.units?.[n] === undefined ? n : `${n} (${r.units[n]})`))],
        body,
      )
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
    );
  }
  lines.push(...single);
  return lines.join('\n');
}

/**
 * Follows the job's event stream (the SDK's `watchJob`, Server-Sent Events) until the job ends
 * or `signal` aborts; resolves with the exit code (0 succeeded, 1 failed/rejected/cancelled,
 * 130 stopped watching).
 * @example
 * ```ts
 * process.exitCode = await watchJob(api, '7', console.log, { signal });
 * ```
 */
export async function watchJob(
  api: Pick<ApiClient, 'watchJob'>,
  id: string,
  out: (s: string) => void,
  options: { readonly signal?: AbortSignal } = {},
): Promise<number> {
  let printedStatus = '';
  let last: JobStateEvent | undefined;
  try {
    for await (const ev of api.watchJob(
      id,
      options.signal === undefined ? {} : { signal: options.signal },
    )) {
      if (ev.type === 'progress') {
        out(`[${ev.phase}]${ev.detail === null ? '' : ` ${ev.detail}`}`);
      } else if (ev.type === 'state') {
        last = ev;
        if (ev.status !== printedStatus) {
          if (!TERMINAL.includes(ev.status)) out(`job ${id}: ${ev.status}`);
          printedStatus = ev.status;
        }
      } else {
        const why =
          last === undefined || last.errorReason === null
            ? ''
            : `: ${last.errorReason}${last.errorCode === null ? '' : ` [${last.errorCode}]`}`;
        out(`job ${id} ${ev.status}${ev.status === 'succeeded' ? '' : why}`);
        return ev.status === 'succeeded' ? 0 : 1;
      }
    }
  } catch (err) {
    if (options.signal?.aborted !== true) throw err;
  }
  out(`Stopped watching job ${id}; it continues on the consortium.`);
  return 130;
}

export async function jobCommand(
  args: readonly string[],
  out: (s: string) => void,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const done = (s: string): number => {
    out(s);
    return 0;
  };
  const [sub, ...rest] = args;
  switch (sub) {
    case undefined:
    case '--help':
    case '-h':
      return done(JOB_USAGE);
    case 'propose': {
      const p = parse(
        rest,
        {
          ...commonOptions,
          program: { type: 'string' },
          input: { type: 'string', multiple: true },
          committee: { type: 'string', multiple: true },
          'reveal-to': { type: 'string', multiple: true },
          param: { type: 'string', multiple: true },
          deadline: { type: 'string' },
        },
        JOB_USAGE,
      );
      if (p.help) return done(JOB_USAGE);
      const program = p.values.program;
      if (typeof program !== 'string' || program === '')
        throw new UsageError('Missing --program.', JOB_USAGE);
      const inputs = many(p, 'input');
      const committee = many(p, 'committee');
      const recipients = many(p, 'reveal-to');
      if (inputs.length === 0) throw new UsageError('Missing --input.', JOB_USAGE);
      if (committee.length === 0) throw new UsageError('Missing --committee.', JOB_USAGE);
      if (recipients.length === 0) throw new UsageError('Missing --reveal-to.', JOB_USAGE);
      for (const d of inputs)
        if (!/^0x[0-9a-f]{64}$/.test(d))
          throw new UsageError(
            `--input ${d}: a dataset id is 0x + 64 hex digits (see "parley catalog").`,
            JOB_USAGE,
          );
      const deadlineSeconds = intOption(p, 'deadline', JOB_USAGE, 60, 30 * 86_400);
      const api = await clientFor(p.values, env);
      const pairs = many(p, 'param');
      let info: ProgramInfo | undefined;
      if (pairs.length > 0) {
        const { programs } = await api.listPrograms();
        info = programs.find((g) => g.name === program);
      }
      const j = await api.proposeJob({
        program,
        inputs,
        committee,
        recipients,
        ...(pairs.length === 0 ? {} : { params: paramsFrom(pairs, info) }),
        ...(deadlineSeconds === undefined ? {} : { deadlineSeconds }),
      });
      return done(
        p.values.json === true
          ? json(j)
          : `Proposed job ${j.id} (${j.status}). Follow it with "parley job watch ${j.id}".\n${describe(j)}`,
      );
    }
    case 'list': {
      const p = parse(rest, { ...commonOptions, status: { type: 'string' } }, JOB_USAGE);
      if (p.help) return done(JOB_USAGE);
      const api = await clientFor(p.values, env);
      // The node validates the status (ERR_API_VALIDATION names a wrong one).
      const { jobs } = await api.listJobs(
        typeof p.values.status === 'string' ? { status: p.values.status as Job['status'] } : {},
      );
      if (p.values.json === true) return done(json(jobs));
      if (jobs.length === 0) return done('No jobs.');
      return done(
        table(
          ['ID', 'STATUS', 'PROGRAM', 'ROLES', 'PHASE', 'CREATED'],
          jobs.map((j) => [
            j.id,
            j.status,
            j.program ?? j.programHash ?? '?',
            j.roles.join(','),
            j.phase ?? '',
            j.createdAt,
          ]),
        ),
      );
    }
    case 'show':
    case 'result':
    case 'cancel':
    case 'watch': {
      const p = parse(rest, commonOptions, JOB_USAGE, { min: 1, max: 1 });
      if (p.help) return done(JOB_USAGE);
      const id = idArg(p, 'job', JOB_USAGE);
      const api = await clientFor(p.values, env);
      if (sub === 'show') {
        const j = await api.getJob(id);
        return done(p.values.json === true ? json(j) : describe(j));
      }
      if (sub === 'cancel') {
        const j = await api.cancelJob(id);
        return done(p.values.json === true ? json(j) : `Cancelled job ${j.id}.`);
      }
      if (sub === 'result') {
        const r = await api.jobResult(id);
        if (p.values.json === true) return done(json(r));
        return done(formatResult(r));
      }
      const ac = new AbortController();
      const onSigint = (): void => ac.abort();
      process.once('SIGINT', onSigint);
      try {
        return await watchJob(api, id, out, { signal: ac.signal });
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
    }
    default:
      throw new UsageError(`Unknown command: job ${sub}`, JOB_USAGE);
  }
}
