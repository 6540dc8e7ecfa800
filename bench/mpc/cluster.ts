/**
 * Runs a benchmark session with each party in its own process, supervised from here.
 *
 * The coordinator forks one `party.js` per party and sends each its config (including its private
 * key) over the IPC channel. It relays reports as they arrive and fails the whole run, killing
 * every child, when a party reports an error, exits early, sends a malformed message, or the
 * overall timeout passes; the error names the party and the op it was running. It resolves or
 * rejects only after every child has exited, so no process outlives the run.
 *
 * Children write to the coordinator's stderr (their stdout too), so the coordinator's stdout holds
 * only benchmark lines.
 *
 * @module
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  type PartyConfig,
  type PartyMessage,
  type PeersMessage,
  parsePartyMessage,
} from './ipc.js';
import type { PartyReport } from './session.js';

export interface ClusterOptions {
  readonly configs: readonly PartyConfig[];
  /** The peers message for party `self`, once every party reported its listening port. */
  readonly peersOf: (self: string, ports: ReadonlyMap<string, number>) => PeersMessage['peers'];
  /** Overall limit for the whole run, ms. */
  readonly timeoutMs: number;
  /** Extra Node flags for the party processes (e.g. `--cpu-prof`). */
  readonly execArgv?: readonly string[];
  /** Called once per party when its channel is open. */
  readonly ready?: (party: string, info: { kernels: string; node: string }) => void;
  readonly report: (r: PartyReport) => void;
}

const PARTY_SCRIPT = fileURLToPath(new URL('./party.js', import.meta.url));
/** How long children get to exit on their own after `done` before SIGKILL. */
const GRACE_MS = 5000;

interface Child {
  readonly id: string;
  readonly proc: ChildProcess;
  /** The op the party last reported starting. */
  op: string;
  done: boolean;
  /** It reported an error (its exit is then no news). */
  failed: boolean;
}

/** How direct a failure is: a party's own error, a dead party, or a peer noticing a dead link. */
const enum Rank {
  Direct = 0,
  Exit = 1,
  Consequence = 2,
}
/** How long to collect related failures before reporting the most direct one. */
const SETTLE_MS = 300;

function running(p: ChildProcess): boolean {
  return p.exitCode === null && p.signalCode === null;
}

/**
 * Runs the session. Resolves when every party reported `done` and exited with code 0.
 * @throws {Error} naming the party that failed and its op first, then the failures it caused.
 */
export async function runCluster(options: ClusterOptions): Promise<void> {
  const children: Child[] = [];
  const exits: Promise<void>[] = [];
  let failure: Error | undefined;
  let settle!: () => void;
  const finished = new Promise<void>((resolve) => (settle = resolve));

  // One failure usually causes others (peers of a dead party see its links close), and they can
  // reach us in any order. So failures are collected for a moment and the most direct one leads.
  const failures: { rank: Rank; message: string }[] = [];
  let window: NodeJS.Timeout | undefined;
  const decide = (): void => {
    clearTimeout(window);
    if (failure !== undefined) return;
    const sorted = [...failures].sort((a, b) => a.rank - b.rank);
    const [first, ...rest] = sorted.map((f) => f.message);
    failure = new Error(rest.length === 0 ? first : `${first}; then: ${rest.join('; ')}`);
    for (const c of children) if (running(c.proc)) c.proc.kill('SIGKILL');
    settle();
  };
  const fail = (rank: Rank, message: string, immediate = false): void => {
    if (failure !== undefined) return;
    failures.push({ rank, message });
    if (immediate) decide();
    else window ??= setTimeout(decide, SETTLE_MS);
  };
  const maybeFinished = (): void => {
    if (children.length === options.configs.length && children.every((c) => c.done)) settle();
  };
  const ports = new Map<string, number>();
  const sendPeers = (): void => {
    for (const c of children) {
      const msg: PeersMessage = { type: 'peers', peers: options.peersOf(c.id, ports) };
      c.proc.send(msg, (err) => {
        if (err !== null) fail(Rank.Exit, `${where(c)}: cannot send its peers: ${err.message}`);
      });
    }
  };
  const where = (c: Child): string => `party ${c.id} (op ${c.op})`;

  const timer = setTimeout(() => {
    const states = children.map((c) => `${c.id}: ${c.done ? 'done' : 'op ' + c.op}`);
    fail(Rank.Direct, `timed out after ${options.timeoutMs / 1000} s; ${states.join(', ')}`, true);
  }, options.timeoutMs);
  const onSignal = (sig: NodeJS.Signals): void => fail(Rank.Direct, `interrupted by ${sig}`, true);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    for (const config of options.configs) {
      const proc = fork(PARTY_SCRIPT, [], {
        stdio: ['ignore', 2, 2, 'ipc'],
        execArgv: [...process.execArgv, ...(options.execArgv ?? [])],
        serialization: 'json',
      });
      const child: Child = { id: config.self, proc, op: 'setup', done: false, failed: false };
      console.error(`bench: party ${child.id} is pid ${proc.pid}`);
      exits.push(
        new Promise<void>((resolve) => {
          proc.once('exit', (code, signal) => {
            if (!child.failed && (!child.done || code !== 0)) {
              const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
              fail(Rank.Exit, `${where(child)} ${how}`);
            }
            resolve();
          });
        }),
      );
      proc.on('error', (err) => fail(Rank.Exit, `${where(child)}: process error: ${err.message}`));
      proc.on('message', (raw: unknown) => {
        let msg: PartyMessage;
        try {
          msg = parsePartyMessage(raw);
        } catch (err: unknown) {
          fail(Rank.Direct, `${where(child)} sent a malformed message: ${(err as Error).message}`);
          return;
        }
        switch (msg.type) {
          case 'listening':
            ports.set(child.id, msg.port);
            if (ports.size === options.configs.length) sendPeers();
            break;
          case 'ready':
            options.ready?.(child.id, msg);
            break;
          case 'begin':
            child.op = msg.n > 0 ? `${msg.op} (n = ${msg.n})` : msg.op;
            break;
          case 'report':
            options.report(msg.report);
            break;
          case 'done':
            child.done = true;
            child.op = 'shutdown';
            maybeFinished();
            break;
          case 'error':
            child.failed = true;
            fail(
              msg.message.startsWith('PeerClosedError') ? Rank.Consequence : Rank.Direct,
              `party ${child.id} failed in op ${msg.op}: ${msg.message}`,
            );
            break;
        }
      });
      children.push(child);
      proc.send(config, (err) => {
        if (err !== null)
          fail(Rank.Exit, `${where(child)}: cannot send its config: ${err.message}`);
      });
    }
    await finished;
    // Successful parties close their channels and exit on their own; make sure they do.
    const kill = setTimeout(() => {
      for (const c of children) if (running(c.proc)) c.proc.kill('SIGKILL');
    }, GRACE_MS);
    await Promise.all(exits);
    clearTimeout(kill);
  } catch (err: unknown) {
    fail(
      Rank.Direct,
      `coordinator error: ${err instanceof Error ? err.message : String(err)}`,
      true,
    );
    await Promise.all(exits);
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (failure !== undefined) throw failure;
}
