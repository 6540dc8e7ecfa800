/**
 * The MPC engine benchmark (`npm run bench:mpc`): three parties, each a separate process, over
 * mutually authenticated TLS on loopback. Prints one JSON object per line on stdout: first an
 * `env` line (Node version, kernels, transport, machine), then an `input` line (time to
 * secret-share every input), then one line per op and size, e.g.
 *
 *     {"op":"mul","n":1000000,"parties":3,"seconds":0.71,"ops_per_s":1408450,"rounds":1,"bytes_per_op":32,...}
 *
 * Field definitions are in `./report.ts` and the README's Performance section; `npm run
 * bench:table` turns the lines into the README table. Progress and errors go to stderr. Exits
 * non-zero, naming the party and the op, when any party fails, a result is wrong, or the overall
 * timeout passes.
 *
 * Usage: node dist/bench/mpc/bench.js [--ops mul,lt,sort:1000] [--quick] [--repeat k]
 *          [--transport tls|memory] [--security semi-honest|malicious] [--timeout seconds]
 *          [--cpu-prof dir]
 *
 * With `--security malicious` every runtime runs the malicious-secure mode and each op's timed
 * part includes its verification (`rt.verify()`); every line says `"security"`.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { kernels } from '../../src/mpc/field/kernels.js';
import { runCluster } from './cluster.js';
import type { FaultKind } from './ipc.js';
import { runLocal } from './local.js';
import { OPS, findOp } from './ops.js';
import { Collector, type BenchLine, type RunInfo } from './report.js';
import type { PlanItem } from './session.js';
import type { SecurityLevel } from '../../src/mpc/runtime/runtime.js';
import { tlsSetup } from './tls-setup.js';

const USAGE = `Usage: npm run bench:mpc -- [options]
  --ops LIST         ops to run, comma-separated; op or op:n (default: all, at full sizes)
                     ops: ${OPS.map((o) => o.name).join(', ')}
  --quick            small sizes (the CI smoke test)
  --repeat K         run every op K times, interleaved (default 1)
  --transport T      tls (default: 3 processes over loopback TLS) or memory (one process)
  --security S       semi-honest (default) or malicious (each op timed with its verification)
  --timeout S        overall limit in seconds (default 1800, or 120 with --quick)
  --cpu-prof DIR     write a CPU profile of every party process into DIR
  --fault P:OP:KIND  (tests) party P throws, exits or hangs as OP starts (tls only)
  --help`;

const PARTIES = ['p1', 'p2', 'p3'];
const T = 1;

interface Args {
  readonly plan: readonly PlanItem[];
  readonly quick: boolean;
  readonly repeat: number;
  readonly transport: 'tls' | 'memory';
  readonly security: SecurityLevel;
  readonly timeoutMs: number;
  readonly cpuProf: string | undefined;
  /** Test hook: `party:op:kind` makes that party fail as op starts (see `PartyConfig.fault`). */
  readonly fault: { party: string; op: string; kind: FaultKind } | undefined;
}

function usageError(message: string): never {
  console.error(`bench: ${message}\n${USAGE}`);
  process.exit(2);
}

function positiveInt(what: string, s: string): number {
  const x = Number(s);
  if (!Number.isSafeInteger(x) || x < 1) usageError(`expected ${what} to be a positive integer`);
  return x;
}

/** Parses argv; exits with usage on bad input. */
function parseCli(argv: readonly string[]): Args {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        ops: { type: 'string' },
        quick: { type: 'boolean', default: false },
        repeat: { type: 'string', default: '1' },
        transport: { type: 'string', default: 'tls' },
        security: { type: 'string', default: 'semi-honest' },
        timeout: { type: 'string' },
        'cpu-prof': { type: 'string' },
        fault: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (err: unknown) {
    usageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const quick = values.quick;
  const repeat = positiveInt('--repeat', values.repeat);
  const transport = values.transport;
  if (transport !== 'tls' && transport !== 'memory') {
    usageError(`expected --transport tls or memory, got ${JSON.stringify(transport)}`);
  }
  const security = values.security;
  if (security !== 'semi-honest' && security !== 'malicious') {
    usageError(`expected --security semi-honest or malicious, got ${JSON.stringify(security)}`);
  }
  const selected: { op: string; n: number }[] = [];
  const specs = values.ops?.split(',').filter((s) => s !== '') ?? OPS.map((o) => o.name);
  for (const spec of specs) {
    const [name = '', size] = spec.split(':');
    const op = findOp(name);
    if (op === undefined) usageError(`unknown op ${JSON.stringify(name)}`);
    const sizes =
      size !== undefined
        ? [positiveInt(`the size of ${name}`, size)]
        : quick
          ? op.quickSizes
          : op.sizes;
    for (const n of sizes) selected.push({ op: name, n });
  }
  const plan: PlanItem[] = [];
  for (let run = 0; run < repeat; run++) for (const s of selected) plan.push({ ...s, run });
  const timeoutS =
    values.timeout === undefined ? (quick ? 120 : 1800) : positiveInt('--timeout', values.timeout);
  let fault: Args['fault'];
  if (values.fault !== undefined) {
    const [party = '', op = '', kind = ''] = values.fault.split(':');
    if (!PARTIES.includes(party) || !['throw', 'exit', 'hang'].includes(kind)) {
      usageError('expected --fault party:op:throw|exit|hang');
    }
    fault = { party, op, kind: kind as FaultKind };
    if (transport === 'memory') usageError('--fault needs --transport tls');
  }
  return {
    fault,
    plan,
    quick,
    repeat,
    transport,
    security,
    timeoutMs: timeoutS * 1000,
    cpuProf: values['cpu-prof'],
  };
}

function print(line: object): void {
  process.stdout.write(JSON.stringify(line) + '\n');
}

async function main(): Promise<void> {
  const args = parseCli(process.argv.slice(2));
  let kernelName = 'unknown';
  let nodeVersion = process.version;
  const info = (): RunInfo => ({
    parties: PARTIES.length,
    kernels: kernelName,
    transport: args.transport,
    security: args.security,
    repeated: args.repeat > 1,
  });
  // The 1-minute load average as each line is printed: other processes on the machine make
  // figures noisy, and this says how noisy.
  const load1 = (): number => Math.round(loadavg()[0]! * 10) / 10;
  const collector = new Collector(PARTIES.length, info, (line: BenchLine) =>
    print({ ...line, load1: load1() }),
  );
  let envPrinted = false;
  const printEnv = (): void => {
    if (envPrinted) return;
    envPrinted = true;
    const cpu = cpus();
    print({
      op: 'env',
      node: nodeVersion,
      kernels: kernelName,
      transport: args.transport,
      parties: PARTIES.length,
      t: T,
      field: 'Fp127',
      security: args.security,
      cpus: cpu.length,
      cpu: cpu[0]?.model.trim() ?? 'unknown',
      mem_gb: Math.round(totalmem() / 2 ** 30),
      platform: `${process.platform}-${process.arch}`,
      quick: args.quick,
      repeat: args.repeat,
      date: new Date().toISOString(),
      load1: load1(),
    });
  };
  const started = Date.now();

  if (args.transport === 'memory') {
    kernelName = kernels().name;
    printEnv();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`timed out after ${args.timeoutMs / 1000} s`)),
        args.timeoutMs,
      );
    });
    try {
      await Promise.race([
        runLocal({
          parties: PARTIES,
          t: T,
          security: args.security,
          plan: args.plan,
          timeoutMs: 600_000,
          report: (r) => collector.add(r),
        }),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  } else {
    const session = 'bench-' + randomBytes(8).toString('hex');
    const fault = args.fault;
    const setup = tlsSetup({ parties: PARTIES, t: T, session, plan: args.plan });
    const configs = setup.configs.map((c) =>
      fault?.party === c.self
        ? { ...c, security: args.security, fault: { op: fault.op, kind: fault.kind } }
        : { ...c, security: args.security },
    );
    const kernelsSeen = new Set<string>();
    let readyCount = 0;
    await runCluster({
      configs,
      peersOf: (self, ports) => setup.peersOf(self, ports),
      timeoutMs: args.timeoutMs,
      execArgv: args.cpuProf === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', args.cpuProf],
      ready: (_party, r) => {
        kernelsSeen.add(r.kernels);
        nodeVersion = r.node;
        if (++readyCount === PARTIES.length) {
          kernelName = [...kernelsSeen].join('+');
          printEnv();
        }
      },
      report: (r) => collector.add(r),
    });
  }
  console.error(`bench: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench: FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
