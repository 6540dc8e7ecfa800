/**
 * Messages between the benchmark coordinator and its party processes (Node IPC, JSON).
 *
 * The coordinator sends one {@link PartyConfig}; the party listens on a port of its choosing and
 * answers `listening`; once every party listens, the coordinator sends each the others' addresses
 * and pinned fingerprints ({@link PeersMessage}); the party opens the session's channel and
 * answers `ready`, then `begin` and `report` per step, then `done`, or `error` at any point. Private keys travel only in the config
 * message, never in argv or the environment (which other local users can read via /proc).
 * Both sides validate what they receive: a message of the wrong shape is a bug, reported as such.
 *
 * @module
 */
import type { FieldName } from '../../src/mpc/field/prime-field.js';
import type { PartyReport, PlanItem } from './session.js';

/** A peer as a party process needs it to connect. */
export interface PeerConfig {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  /** SHA-256 fingerprint of the peer's certificate, as `src/net/x509.ts` computes it. */
  readonly fingerprint: string;
}

/** Coordinator → party: everything a party needs, sent once. */
export interface PartyConfig {
  readonly type: 'config';
  readonly self: string;
  /** Committee in evaluation-point order; committee[0] is the input party. */
  readonly parties: readonly string[];
  readonly t: number;
  /** Security level of every runtime (default semi-honest). */
  readonly security?: 'semi-honest' | 'malicious';
  readonly session: string;
  /** PEM private key and certificate of this party. */
  readonly key: string;
  readonly cert: string;
  /** Where to listen; port 0 lets the OS pick a free port (reported in `listening`). */
  readonly listen: { readonly host: string; readonly port: number };
  readonly plan: readonly PlanItem[];
  /** Receive timeout of the channel, ms. */
  readonly timeoutMs: number;
  /**
   * For the benchmark's own tests: make this party fail as `op` starts, by throwing, exiting
   * abruptly, or hanging. Absent in real runs.
   */
  readonly fault?: { readonly op: string; readonly kind: FaultKind };
}

export type FaultKind = 'throw' | 'exit' | 'hang';
const FAULT_KINDS: readonly string[] = ['throw', 'exit', 'hang'];

/** Coordinator → party, after every party listens: the other parties' addresses and pins. */
export interface PeersMessage {
  readonly type: 'peers';
  readonly peers: readonly PeerConfig[];
}

/** Party → coordinator. */
export type PartyMessage =
  | { readonly type: 'listening'; readonly port: number }
  | { readonly type: 'ready'; readonly kernels: string; readonly node: string }
  | { readonly type: 'begin'; readonly op: string; readonly n: number; readonly run: number }
  | { readonly type: 'report'; readonly report: PartyReport }
  | { readonly type: 'done' }
  | { readonly type: 'error'; readonly op: string; readonly message: string };

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
function str(o: Record<string, unknown>, k: string): string {
  const v = o[k];
  if (typeof v !== 'string') throw new TypeError(`ipc: expected string ${k}`);
  return v;
}
function num(o: Record<string, unknown>, k: string): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new TypeError(`ipc: expected number ${k}`);
  return v;
}
function arr(o: Record<string, unknown>, k: string): unknown[] {
  const v = o[k];
  if (!Array.isArray(v)) throw new TypeError(`ipc: expected array ${k}`);
  return v;
}
function obj(x: unknown, what: string): Record<string, unknown> {
  if (!isObject(x)) throw new TypeError(`ipc: expected ${what} to be an object`);
  return x;
}

function parsePlanItem(x: unknown): PlanItem {
  const o = obj(x, 'plan item');
  return { op: str(o, 'op'), n: num(o, 'n'), run: num(o, 'run') };
}

function parseFault(x: unknown): { op: string; kind: FaultKind } {
  const f = obj(x, 'fault');
  const kind = str(f, 'kind');
  if (!FAULT_KINDS.includes(kind)) throw new TypeError('ipc: unknown fault kind ' + kind);
  return { op: str(f, 'op'), kind: kind as FaultKind };
}

/** Validates the config message a party receives. */
export function parsePartyConfig(x: unknown): PartyConfig {
  const o = obj(x, 'config');
  if (o.type !== 'config') throw new TypeError('ipc: expected a config message');
  const listen = obj(o.listen, 'listen');
  return {
    type: 'config',
    self: str(o, 'self'),
    parties: arr(o, 'parties').map((p) => {
      if (typeof p !== 'string') throw new TypeError('ipc: expected party ids to be strings');
      return p;
    }),
    t: num(o, 't'),
    ...(o.security === undefined ? {} : { security: parseSecurity(o.security) }),
    session: str(o, 'session'),
    key: str(o, 'key'),
    cert: str(o, 'cert'),
    listen: { host: str(listen, 'host'), port: num(listen, 'port') },
    plan: arr(o, 'plan').map(parsePlanItem),
    timeoutMs: num(o, 'timeoutMs'),
    ...(o.fault === undefined ? {} : { fault: parseFault(o.fault) }),
  };
}

function parseSecurity(x: unknown): 'semi-honest' | 'malicious' {
  if (x !== 'semi-honest' && x !== 'malicious') {
    throw new TypeError('ipc: expected security semi-honest or malicious');
  }
  return x;
}

/** Validates the peers message a party receives. */
export function parsePeers(x: unknown): PeersMessage {
  const o = obj(x, 'peers message');
  if (o.type !== 'peers') throw new TypeError('ipc: expected a peers message');
  return {
    type: 'peers',
    peers: arr(o, 'peers').map((p) => {
      const q = obj(p, 'peer');
      return {
        id: str(q, 'id'),
        host: str(q, 'host'),
        port: num(q, 'port'),
        fingerprint: str(q, 'fingerprint'),
      };
    }),
  };
}

/** A field name of a report. */
function fieldName(s: string): FieldName {
  if (s !== 'p127' && s !== 'p255')
    throw new RangeError(`bench ipc: unknown field ${JSON.stringify(s)}`);
  return s;
}

/** Validates a message from a party process. */
export function parsePartyMessage(x: unknown): PartyMessage {
  const o = obj(x, 'message');
  switch (o.type) {
    case 'listening':
      return { type: 'listening', port: num(o, 'port') };
    case 'ready':
      return { type: 'ready', kernels: str(o, 'kernels'), node: str(o, 'node') };
    case 'begin':
      return { type: 'begin', op: str(o, 'op'), n: num(o, 'n'), run: num(o, 'run') };
    case 'report': {
      const r = obj(o.report, 'report');
      return {
        type: 'report',
        report: {
          op: str(r, 'op'),
          field: fieldName(str(r, 'field')),
          n: num(r, 'n'),
          run: num(r, 'run'),
          seconds: num(r, 'seconds'),
          rounds: num(r, 'rounds'),
          bytesSent: num(r, 'bytesSent'),
          cpuSeconds: num(r, 'cpuSeconds'),
          checked: num(r, 'checked'),
        },
      };
    }
    case 'done':
      return { type: 'done' };
    case 'error':
      return { type: 'error', op: str(o, 'op'), message: str(o, 'message') };
    default:
      throw new TypeError('ipc: unknown message type ' + JSON.stringify(o.type));
  }
}
