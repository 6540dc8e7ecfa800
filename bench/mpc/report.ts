/**
 * Turns the parties' per-step measurements into the benchmark's output lines.
 *
 * Definitions (also stated in the README's Performance section):
 * - `seconds`: the maximum over parties of each party's wall time for the step.
 * - `ops_per_s`: n / seconds (for `sort`, values sorted per second; for `variance`, values
 *   summarised per second; for `input`, elements secret-shared per second).
 * - `rounds`: communication rounds of the step (the runtime's counter; equal on all members).
 * - `bytes_per_op`: payload bytes sent during the step by all parties together, divided by
 *   (parties × n): the average per party per element. Payload means shares only: no transport
 *   framing, TLS records or TCP/IP headers.
 * - `cpu_s`: CPU seconds (user + system) used during the step by all party processes together
 *   (with the memory transport, by the one process). Wall time on an idle machine with c cores
 *   is at least cpu_s / c; `seconds` far above that means waiting (round trips, other load).
 *
 * @module
 */
import { findOp } from './ops.js';
import type { PartyReport } from './session.js';

/** One output line of the benchmark. */
export interface BenchLine {
  readonly op: string;
  readonly n: number;
  readonly parties: number;
  readonly seconds: number;
  readonly ops_per_s: number;
  readonly rounds: number;
  readonly bytes_per_op: number;
  readonly [extra: string]: string | number;
}

/** Fields common to every line of a run. */
export interface RunInfo {
  readonly parties: number;
  readonly kernels: string;
  readonly transport: string;
  /** The runtimes' security level. */
  readonly security: string;
  /** Whether to add a `run` field (only when steps repeat). */
  readonly repeated: boolean;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Combines one step's reports from all parties into a line. */
export function combine(reports: readonly PartyReport[], info: RunInfo): BenchLine {
  const first = reports[0];
  if (first === undefined) throw new RangeError('combine: expected at least one report');
  const seconds = Math.max(...reports.map((r) => r.seconds));
  const rounds = Math.max(...reports.map((r) => r.rounds));
  const bytes = reports.reduce((s, r) => s + r.bytesSent, 0);
  const checked = reports.reduce((s, r) => s + r.checked, 0);
  // In one process every party's measurement covers the same process-wide CPU time.
  const cpu =
    info.transport === 'memory'
      ? Math.max(...reports.map((r) => r.cpuSeconds))
      : reports.reduce((s, r) => s + r.cpuSeconds, 0);
  const extra = findOp(first.op)?.extra ?? {};
  return {
    op: first.op,
    field: first.field,
    n: first.n,
    parties: info.parties,
    seconds: round(seconds, 6),
    ops_per_s: seconds > 0 ? Math.round(first.n / seconds) : 0,
    rounds,
    bytes_per_op: first.n > 0 ? round(bytes / (info.parties * first.n), 2) : 0,
    cpu_s: round(cpu, 3),
    ...extra,
    ...(first.op === 'input' ? {} : { checked }),
    kernels: info.kernels,
    transport: info.transport,
    security: info.security,
    ...(info.repeated ? { run: first.run } : {}),
  };
}

/**
 * Collects reports as parties send them and emits each step's line once every party reported
 * it, in the order steps complete.
 */
export class Collector {
  private readonly pending = new Map<string, PartyReport[]>();
  constructor(
    private readonly parties: number,
    private readonly info: () => RunInfo,
    private readonly emit: (line: BenchLine) => void,
  ) {}

  add(r: PartyReport): void {
    const key = `${r.op}:${r.field}:${r.n}:${r.run}`;
    const list = this.pending.get(key) ?? [];
    list.push(r);
    if (list.length < this.parties) {
      this.pending.set(key, list);
      return;
    }
    this.pending.delete(key);
    this.emit(combine(list, this.info()));
  }
}
