/**
 * Turns the JSON lines of `npm run bench:mpc` into the README's performance table and rewrites
 * the README between `<!-- perf:start -->` and `<!-- perf:end -->` (nothing else is touched).
 *
 * Several runs may be concatenated (or one run with `--repeat`): lines of the same op, n and
 * transport are grouped, and the table shows the median and the minimum time. Lines that do not
 * start with `{` (npm's script banners) are skipped; a line that starts with `{` but is not a
 * valid benchmark object is an error, so a truncated file does not silently shrink the table.
 *
 * Usage: node dist/scripts/perf-table.js [files...] [--readme README.md] [--stdout]
 *        (reads stdin when no file is given; `--stdout` prints the section instead of writing)
 *
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export const START = '<!-- perf:start -->';
export const END = '<!-- perf:end -->';

/** A benchmark line as far as the table needs it. */
export interface PerfLine {
  readonly op: string;
  readonly n: number;
  readonly seconds: number;
  readonly ops_per_s: number;
  readonly rounds: number;
  readonly bytes_per_op: number;
  readonly transport: string;
  readonly kernels: string;
  readonly [extra: string]: unknown;
}

/** The `env` line of a run. */
export interface EnvLine {
  readonly op: 'env';
  readonly [field: string]: unknown;
}

export interface Parsed {
  readonly lines: readonly PerfLine[];
  readonly envs: readonly EnvLine[];
}

const NUMERIC = ['n', 'seconds', 'ops_per_s', 'rounds', 'bytes_per_op'] as const;

/**
 * Parses benchmark output. Skips blank lines and lines not starting with `{`.
 * @throws {SyntaxError} naming the line number of an unparsable or incomplete object.
 */
export function parseLines(text: string): Parsed {
  const lines: PerfLine[] = [];
  const envs: EnvLine[] = [];
  text.split('\n').forEach((raw, i) => {
    const s = raw.trim();
    if (!s.startsWith('{')) return;
    let o: unknown;
    try {
      o = JSON.parse(s);
    } catch {
      throw new SyntaxError(`perf-table: line ${i + 1} is not valid JSON`);
    }
    if (typeof o !== 'object' || o === null || Array.isArray(o)) {
      throw new SyntaxError(`perf-table: line ${i + 1} is not an object`);
    }
    const r = o as Record<string, unknown>;
    if (r.op === 'env') {
      envs.push(r as EnvLine);
      return;
    }
    if (typeof r.op !== 'string') throw new SyntaxError(`perf-table: line ${i + 1} has no op`);
    for (const k of NUMERIC) {
      if (typeof r[k] !== 'number' || !Number.isFinite(r[k])) {
        throw new SyntaxError(`perf-table: line ${i + 1} (${r.op}) has no numeric ${k}`);
      }
    }
    lines.push({
      ...r,
      transport: typeof r.transport === 'string' ? r.transport : 'tls',
      kernels: typeof r.kernels === 'string' ? r.kernels : 'unknown',
    } as PerfLine);
  });
  return { lines, envs };
}

/** One row of the table: all runs of one (op, n, transport, field, security). */
export interface Row {
  readonly op: string;
  readonly n: number;
  readonly transport: string;
  /** The field the op computed in (`"field"` of its lines; p127 for lines that predate it). */
  readonly field: string;
  /** `"security"` of its lines; semi-honest for lines that predate it. */
  readonly security: string;
  readonly runs: number;
  readonly median: number;
  readonly min: number;
  /** n / median seconds. */
  readonly opsPerS: number;
  readonly rounds: number;
  readonly bytesPerOp: number;
  /** Median CPU seconds of all parties together, when the lines record it. */
  readonly cpu: number | undefined;
  readonly first: PerfLine;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const fieldOf = (l: PerfLine): string => (typeof l.field === 'string' ? l.field : 'p127');
const securityOf = (l: PerfLine): string =>
  typeof l.security === 'string' ? l.security : 'semi-honest';

/** Groups lines by (op, n, transport, field, security), in order of first appearance. */
export function aggregate(lines: readonly PerfLine[]): Row[] {
  const groups = new Map<string, PerfLine[]>();
  for (const l of lines) {
    const key = `${l.op}\u0000${l.n}\u0000${l.transport}\u0000${fieldOf(l)}\u0000${securityOf(l)}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [l]);
    else g.push(l);
  }
  return [...groups.values()].map((g) => {
    const first = g[0]!;
    const secs = g.map((l) => l.seconds);
    const med = median(secs);
    const cpus = g.map((l) => l.cpu_s).filter((x): x is number => typeof x === 'number');
    return {
      op: first.op,
      n: first.n,
      transport: first.transport,
      field: fieldOf(first),
      security: securityOf(first),
      runs: g.length,
      median: med,
      min: Math.min(...secs),
      opsPerS: med > 0 ? first.n / med : 0,
      rounds: first.rounds,
      bytesPerOp: first.bytes_per_op,
      cpu: cpus.length === 0 ? undefined : median(cpus),
      first,
    };
  });
}

/** A target from the issue: a minimum rate or a maximum time, for an op (and size). */
interface Target {
  readonly op: string;
  readonly n?: number;
  readonly minOpsPerS?: number;
  readonly maxSeconds?: number;
}

/** The engine's targets for 3 parties over loopback TLS on a 2-core machine. */
export const TARGETS: readonly Target[] = [
  { op: 'mul', minOpsPerS: 1_000_000 },
  { op: 'lt', minOpsPerS: 20_000 },
  { op: 'eq', minOpsPerS: 20_000 },
  { op: 'sort', n: 1000, maxSeconds: 3 },
  { op: 'variance', n: 100_000, maxSeconds: 0.2 },
];

/**
 * Figures published by others (not measured here), for scale: MPyC with NumPy, JIFF, and
 * MP-SPDZ's semi-honest Shamir protocol, as quoted in the benchmark issue.
 */
export const REFERENCES: Readonly<Record<string, string>> = {
  mul: 'MPyC 242,000/s · JIFF 3,200/s · MP-SPDZ 1.3–1.5 M/s',
  lt: 'MPyC 890/s · JIFF 13/s · MP-SPDZ ~6,500/s',
  eq: 'MPyC 915/s',
  'sort:1000': 'MPyC 27 s',
};

function fmtInt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}
function fmtSeconds(x: number): string {
  if (x >= 100) return x.toFixed(0);
  if (x >= 1) return x.toPrecision(3);
  return x < 0.001 ? x.toExponential(1) : x.toFixed(Math.min(6, 2 - Math.floor(Math.log10(x))));
}
function fmtBytes(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return x < 10 ? x.toFixed(2) : x.toFixed(1);
}

function targetOf(r: Row): { text: string; met: boolean } | undefined {
  const t = TARGETS.find((t) => t.op === r.op && (t.n === undefined || t.n === r.n));
  if (t === undefined) return undefined;
  if (t.minOpsPerS !== undefined) {
    return { text: `≥ ${fmtInt(t.minOpsPerS)}/s`, met: r.opsPerS >= t.minOpsPerS };
  }
  return { text: `≤ ${t.maxSeconds} s`, met: r.median <= t.maxSeconds! };
}

/** The range of the 1-minute load average recorded on the lines, if any. */
function describeLoad(lines: readonly PerfLine[]): string | undefined {
  const loads = lines.map((l) => l.load1).filter((x): x is number => typeof x === 'number');
  if (loads.length === 0) return undefined;
  const lo = Math.min(...loads);
  const hi = Math.max(...loads);
  return `1-minute load average ${lo === hi ? lo : `${lo}–${hi}`} during the runs`;
}

function describeEnv(envs: readonly EnvLine[]): string {
  const e = envs[0];
  if (e === undefined) return 'Environment not recorded.';
  const s = (k: string): string =>
    typeof e[k] === 'string' || typeof e[k] === 'number' ? String(e[k]) : '?';
  const parts = [
    `${s('parties')} parties (t = ${s('t')})`,
    `transport ${s('transport')}`,
    `kernels ${s('kernels')}`,
    `Node ${s('node')}`,
    `${s('cpus')} × ${s('cpu')}`,
  ];
  if (typeof e.date === 'string') parts.push(e.date.slice(0, 10));
  return parts.join(', ');
}

/** The Markdown that goes between the markers. */
export function renderSection(parsed: Parsed): string {
  const rows = aggregate(parsed.lines);
  const multi = rows.some((r) => r.runs > 1);
  const transports = new Set(rows.map((r) => r.transport));
  const fieldNames = new Set(rows.map((r) => r.field));
  const securities = new Set(rows.map((r) => r.security));
  const withCpu = rows.some((r) => r.cpu !== undefined);
  const head = [
    'op',
    'n',
    ...(transports.size > 1 ? ['transport'] : []),
    ...(fieldNames.size > 1 ? ['field'] : []),
    ...(securities.size > 1 ? ['security'] : []),
    multi ? 'seconds (median)' : 'seconds',
    ...(multi ? ['min', 'runs'] : []),
    'ops/s',
    'rounds',
    'bytes/op',
    ...(withCpu ? ['CPU s'] : []),
    'target',
    'others (published, not measured here)',
  ];
  const body = rows.map((r) => {
    const target = targetOf(r);
    return [
      r.op,
      fmtInt(r.n),
      ...(transports.size > 1 ? [r.transport] : []),
      ...(fieldNames.size > 1 ? [r.field] : []),
      ...(securities.size > 1 ? [r.security] : []),
      fmtSeconds(r.median),
      ...(multi ? [fmtSeconds(r.min), String(r.runs)] : []),
      fmtInt(r.opsPerS),
      String(r.rounds),
      fmtBytes(r.bytesPerOp),
      ...(withCpu ? [r.cpu === undefined ? '' : fmtSeconds(r.cpu)] : []),
      target === undefined ? '' : `${target.text} ${target.met ? '✅' : '❌'}`,
      REFERENCES[`${r.op}:${r.n}`] ?? REFERENCES[r.op] ?? '',
    ];
  });
  const table = [head, head.map(() => '---'), ...body].map((c) => `| ${c.join(' | ')} |`);
  return [
    `Generated by \`npm run bench:table\` from \`npm run bench:mpc\` output: ${[
      describeEnv(parsed.envs),
      describeLoad(parsed.lines),
    ]
      .filter((s) => s !== undefined)
      .join('; ')}.`,
    '',
    ...table,
    '',
  ].join('\n');
}

/**
 * `readme` with the text between the markers replaced by `section`.
 * @throws {Error} when the markers are missing, repeated or out of order.
 */
export function replaceSection(readme: string, section: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (
    a < 0 ||
    b < 0 ||
    b < a ||
    readme.indexOf(START, a + 1) >= 0 ||
    readme.indexOf(END, b + 1) >= 0
  ) {
    throw new Error(`perf-table: expected exactly one ${START} … ${END} pair in the README`);
  }
  return readme.slice(0, a + START.length) + '\n' + section + readme.slice(b);
}

function readStdin(): string {
  return readFileSync(0, 'utf8');
}

function main(): void {
  const { values, positionals } = parseArgs({
    options: {
      readme: { type: 'string', default: 'README.md' },
      stdout: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  const text =
    positionals.length === 0
      ? readStdin()
      : positionals.map((f) => readFileSync(f, 'utf8')).join('\n');
  const parsed = parseLines(text);
  if (parsed.lines.length === 0) throw new Error('perf-table: no benchmark lines in the input');
  const section = renderSection(parsed);
  if (values.stdout) {
    process.stdout.write(section);
    return;
  }
  const readme = readFileSync(values.readme, 'utf8');
  writeFileSync(values.readme, replaceSection(readme, section));
  console.error(`perf-table: wrote ${parsed.lines.length} lines into ${values.readme}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main();
  } catch (err: unknown) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
