/**
 * One party's side of a benchmark session, independent of the transport: share the inputs, then
 * time each op of the plan between barriers, and report what this party measured.
 *
 * Timing. Before each timed step all members pass a barrier (a one-element multiplication: with
 * n = 3, t = 1 every member sends to every other member and waits for both), so they start
 * together. Each party measures its own wall time from leaving the barrier to holding its output
 * shares; the coordinator reports the maximum over parties. Runtime counters (rounds, payload
 * bytes) are read right after the barrier and right after the op, so neither the barrier nor the
 * untimed correctness check is counted.
 *
 * Warm-up. Each distinct op first runs once, untimed, on a small instance with its own inputs
 * (shared in a separate, untimed input round), so the figures are for JIT-compiled code.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import { type FieldName, type PrimeField, fields } from '../../src/mpc/field/prime-field.js';
import type { PartyId } from '../../src/mpc/channel.js';
import { type FpVec, fpConcat, fpSlice, fpVec } from '../../src/mpc/field/vec.js';
import type { Runtime } from '../../src/mpc/runtime/runtime.js';
import { type BenchOp, type Generated, findOp } from './ops.js';

/** One timed step of the plan. `run` counts repetitions from 0. */
export interface PlanItem {
  readonly op: string;
  readonly n: number;
  readonly run: number;
}

/** What one party measured for one step (or for the input phase, op `'input'`). */
export interface PartyReport {
  readonly op: string;
  /** The field of the runtime the step ran in. */
  readonly field: FieldName;
  readonly n: number;
  readonly run: number;
  readonly seconds: number;
  /** Runtime rounds during the step (`input` counts its one io round). */
  readonly rounds: number;
  /** Payload bytes this party sent during the step. */
  readonly bytesSent: number;
  /**
   * CPU time (user + system, all threads) of this party's process during the step, in seconds.
   * Unlike wall time it barely depends on what else runs on the machine.
   */
  readonly cpuSeconds: number;
  /** Output elements opened and checked against the plaintext (party 1; 0 elsewhere). */
  readonly checked: number;
}

export interface SessionHooks {
  /**
   * Called as a step starts (before its barrier), so a supervisor can name the op on failure.
   * Awaited when it returns a promise (outside the timed part).
   */
  begin(op: string, n: number, run: number): void | Promise<void>;
  /** Called with this party's measurement of each step. */
  report(r: PartyReport): void;
}

/** Largest warm-up instance. */
const WARMUP_N = 256;

/** Thrown on party 1 when opened outputs disagree with the plaintext. */
export class WrongResultError extends Error {
  override name = 'WrongResultError';
}

function opOf(name: string): BenchOp {
  const op = findOp(name);
  if (op === undefined) throw new RangeError('bench: unknown op ' + JSON.stringify(name));
  return op;
}

/** CPU seconds (user + system) of this process since `start`. */
function cpuSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

/** All members pass this point before any leaves it (for n = 3, t = 1; see module doc). */
async function barrier(rt: Runtime): Promise<void> {
  const z = fpVec(rt.field, 1);
  await rt.mul(z, z, 'barrier');
}

interface Prepared {
  readonly item: PlanItem;
  readonly op: BenchOp;
  /** Party 1 only. */
  readonly generated: Generated | undefined;
}

/**
 * Shares the inputs of `items` from `inputParty` in one input round; returns, per item, its
 * input shares (null on a non-member) and the input step's report.
 */
async function shareInputs(
  rt: Runtime,
  inputParty: PartyId,
  items: readonly Prepared[],
): Promise<{
  shares: (readonly FpVec[])[];
  seconds: number;
  cpuSeconds: number;
  bytesSent: number;
  n: number;
}> {
  const total = items.reduce((s, p) => s + p.op.inputs * p.item.n, 0);
  let values: FpVec | number = total;
  if (rt.self === inputParty) values = fpConcat(items.flatMap((p) => p.generated!.inputs));
  await barrier(rt);
  const bytes0 = rt.stats.bytesSent;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const all = await rt.input(inputParty, values);
  const seconds = (performance.now() - t0) / 1000;
  const cpuSeconds = cpuSince(cpu0);
  const bytesSent = rt.stats.bytesSent - bytes0;
  if (all === null) throw new Error('bench: every party must be a committee member');
  const shares: (readonly FpVec[])[] = [];
  let o = 0;
  for (const p of items) {
    const vs: FpVec[] = [];
    for (let k = 0; k < p.op.inputs; k++) {
      vs.push(fpSlice(all, o, o + p.item.n));
      o += p.item.n;
    }
    shares.push(vs);
  }
  return { shares, seconds, cpuSeconds, bytesSent, n: total };
}

/** Runs `p` on `inputs`; returns this party's report. Throws WrongResultError on party 1. */
async function step(
  rt: Runtime,
  p: Prepared,
  inputs: readonly FpVec[],
  hooks: SessionHooks | undefined,
): Promise<PartyReport> {
  await hooks?.begin(p.item.op, p.item.n, p.item.run);
  const timed =
    p.op.prepare === undefined ? () => p.op.run(rt, inputs) : await p.op.prepare(rt, inputs);
  await barrier(rt);
  const rounds0 = rt.stats.rounds + rt.stats.verifyRounds;
  const bytes0 = rt.stats.bytesSent;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const outputs = await timed();
  // Malicious mode: the op is done when its result is verified (a no-op in semi-honest mode).
  await rt.verify();
  const seconds = (performance.now() - t0) / 1000;
  const cpuSeconds = cpuSince(cpu0);
  const rounds = rt.stats.rounds + rt.stats.verifyRounds - rounds0;
  const bytesSent = rt.stats.bytesSent - bytes0;
  // Untimed check: open a prefix of every output; party 1 compares with the plaintext.
  const opened: FpVec[] = [];
  for (const out of outputs) {
    const k = Math.min(out.length, p.op.checkLength(p.item.n));
    opened.push(await rt.open(fpSlice(out, 0, k), 'check'));
  }
  let checked = 0;
  if (p.generated !== undefined) {
    const reason = p.generated.check(opened);
    if (reason !== undefined) {
      throw new WrongResultError(
        `op ${p.item.op} (n = ${p.item.n}) produced a wrong result: ${reason}`,
      );
    }
    checked = opened.reduce((s, v) => s + v.length, 0);
  }
  return {
    op: p.item.op,
    field: rt.field.name,
    n: p.item.n,
    run: p.item.run,
    seconds,
    rounds,
    bytesSent,
    cpuSeconds,
    checked,
  };
}

/**
 * Runs the benchmark `plan` (every party of the session calls this with the same plan): the ops
 * of each field in a runtime of that field from `runtimeFor` (called once per field, in the order
 * the fields first appear in the plan; p127 first when the plan has both), each group with its
 * own warm-up and input phase. Party `committee[0]` is the input party. Reports go to
 * `hooks.report`: per field, the input phase (op `'input'`), then one per plan item.
 * @throws {WrongResultError} on party 1 when an op's opened outputs are wrong; whatever the
 *   runtime throws (peer timeouts name the peer and step).
 */
export async function runSession(
  runtimeFor: (field: PrimeField) => Promise<Runtime>,
  plan: readonly PlanItem[],
  hooks: SessionHooks,
): Promise<void> {
  const names = [...new Set(plan.map((item) => opOf(item.op).field))].sort();
  for (const name of names) {
    const rt = await runtimeFor(fields[name]);
    await runFieldSession(
      rt,
      plan.filter((item) => opOf(item.op).field === name),
      hooks,
    );
  }
}

async function runFieldSession(
  rt: Runtime,
  plan: readonly PlanItem[],
  hooks: SessionHooks,
): Promise<void> {
  const inputParty = rt.committee[0]!;
  const isInput = rt.self === inputParty;
  const prepare = (item: PlanItem): Prepared => {
    const op = opOf(item.op);
    return { item, op, generated: isInput ? op.generate(item.n) : undefined };
  };

  // Warm-up: each distinct op once on a small instance, untimed and unreported.
  const seen = new Set<string>();
  const warm: Prepared[] = [];
  for (const item of plan) {
    if (seen.has(item.op)) continue;
    seen.add(item.op);
    warm.push(prepare({ op: item.op, n: Math.min(item.n, WARMUP_N), run: -1 }));
  }
  if (warm.length > 0) {
    await hooks.begin('warmup', 0, 0);
    const { shares } = await shareInputs(rt, inputParty, warm);
    for (let i = 0; i < warm.length; i++) await step(rt, warm[i]!, shares[i]!, undefined);
  }

  // The timed input phase: the inputs of every distinct (op, n) in one round.
  const distinct = new Map<string, Prepared>();
  for (const item of plan) {
    const key = `${item.op}:${item.n}`;
    if (!distinct.has(key)) distinct.set(key, prepare({ op: item.op, n: item.n, run: 0 }));
  }
  const prepared = [...distinct.values()];
  await hooks.begin('input', 0, 0);
  const input = await shareInputs(rt, inputParty, prepared);
  hooks.report({
    op: 'input',
    field: rt.field.name,
    n: input.n,
    run: 0,
    seconds: input.seconds,
    rounds: 1,
    bytesSent: input.bytesSent,
    cpuSeconds: input.cpuSeconds,
    checked: 0,
  });
  const byKey = new Map<string, { p: Prepared; shares: readonly FpVec[] }>();
  prepared.forEach((p, i) =>
    byKey.set(`${p.item.op}:${p.item.n}`, { p, shares: input.shares[i]! }),
  );

  for (const item of plan) {
    const { p, shares } = byKey.get(`${item.op}:${item.n}`)!;
    hooks.report(await step(rt, { ...p, item }, shares, hooks));
  }
  await barrier(rt);
}
