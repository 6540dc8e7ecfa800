/**
 * One party process of the engine benchmark, forked by `bench.ts`.
 *
 * Waits for its config on the IPC channel (the private key arrives only there), builds its TLS
 * endpoint with the peers' pinned fingerprints, opens the session's channel, runs the plan (see
 * `session.ts`) and streams its measurements back. On any error it reports the error and the op
 * it was running, then exits non-zero; if the coordinator goes away it exits at once, so no party
 * outlives its coordinator. Never writes to stdout (the coordinator's stdout is the output).
 *
 * @module
 */
import type { PrimeField } from '../../src/mpc/field/prime-field.js';
import { partyId } from '../../src/mpc/channel.js';
import { kernels } from '../../src/mpc/field/kernels.js';
import { Runtime } from '../../src/mpc/runtime/runtime.js';
import { tlsEndpoint } from '../../src/net/tls.js';
import {
  type FaultKind,
  type PartyConfig,
  type PartyMessage,
  parsePartyConfig,
  parsePeers,
} from './ipc.js';
import { runSession } from './session.js';

/** How long to wait for each setup message from the coordinator before giving up. */
const SETUP_TIMEOUT_MS = 60_000;

let current = 'setup';
let finished = false;

function send(msg: PartyMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (process.send === undefined) {
      reject(new Error('party: not started with an IPC channel (run bench.js instead)'));
      return;
    }
    process.send(msg, undefined, {}, (err) => (err === null ? resolve() : reject(err)));
  });
}

/** Test hook (see `PartyConfig.fault`): fail the way a real party can. */
function injectFault(kind: FaultKind, op: string): void {
  switch (kind) {
    case 'throw':
      throw new Error(`injected fault at op ${op}`);
    case 'exit':
      process.exit(7);
      break;
    case 'hang':
      // Block the event loop, as a stuck kernel would: only the coordinator's timeout ends it.
      for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  }
}

/** The next IPC message from the coordinator, validated by `parse`. */
function nextMessage<T>(what: string, parse: (x: unknown) => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      process.off('message', onMessage);
      reject(new Error(`no ${what} message from the coordinator within ${SETUP_TIMEOUT_MS} ms`));
    }, SETUP_TIMEOUT_MS);
    const onMessage = (raw: unknown): void => {
      clearTimeout(timer);
      try {
        resolve(parse(raw));
      } catch (err: unknown) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    };
    process.once('message', onMessage);
  });
}

/**
 * Runs the session. Cleans up only on success: on an error the process reports and exits at
 * once (see `main`), so that its report reaches the coordinator before its peers notice the
 * closed links and report those consequences.
 */
async function run(config: PartyConfig): Promise<void> {
  const self = partyId(config.self);
  const parties = config.parties.map(partyId);
  const endpoint = await tlsEndpoint({
    self,
    key: config.key,
    cert: config.cert,
    listen: config.listen,
    peers: [],
    timeoutMs: config.timeoutMs,
  });
  const peers = nextMessage('peers', parsePeers);
  await send({ type: 'listening', port: endpoint.port });
  for (const p of (await peers).peers) endpoint.setPeer({ ...p, id: partyId(p.id) });
  // One channel (session) per field: a runtime's steps are per session. p127 keeps the
  // configured session id; another field's session is that id with the field's name appended.
  const channels: { close(): Promise<void> }[] = [];
  const runtimeFor = async (field: PrimeField): Promise<Runtime> => {
    const channel = await endpoint.openChannel({
      session: field.name === 'p127' ? config.session : `${config.session}:${field.name}`,
      parties,
      timeoutMs: config.timeoutMs,
    });
    channels.push(channel);
    return new Runtime({
      channel,
      committee: parties,
      t: config.t,
      field,
      security: config.security ?? 'semi-honest',
    });
  };
  await send({ type: 'ready', kernels: kernels().name, node: process.version });
  await runSession(runtimeFor, config.plan, {
    begin: (op, n, run) => {
      current = n > 0 ? `${op} (n = ${n})` : op;
      const sent = send({ type: 'begin', op, n, run });
      if (config.fault?.op === op) {
        const kind = config.fault.kind;
        return sent.then(() => injectFault(kind, op));
      }
      sent.catch(() => undefined);
      return undefined;
    },
    report: (report) => void send({ type: 'report', report }).catch(() => undefined),
  });
  current = 'shutdown';
  for (const c of channels) await c.close();
  await endpoint.close();
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  let msg = `${err.name}: ${err.message}`;
  if (err.cause instanceof Error) msg += ` (cause: ${err.cause.name}: ${err.cause.message})`;
  return msg;
}

async function main(): Promise<void> {
  // The coordinator's death closes the IPC channel: leave at once rather than linger.
  process.on('disconnect', () => {
    if (!finished) process.exit(3);
  });
  await run(await nextMessage('config', parsePartyConfig));
  finished = true;
  await send({ type: 'done' });
}

main().then(
  () => process.exit(0),
  async (err: unknown) => {
    const op = current;
    try {
      await send({ type: 'error', op, message: describe(err) });
    } catch {
      console.error(`party: failed in op ${op}: ${describe(err)}`);
    }
    process.exit(1);
  },
);
