/**
 * Network micro-benchmark: three parties as separate OS processes, TLS 1.3 on loopback.
 *
 * Prints one JSON line per figure:
 * - `stream`: one party sends 16 MiB messages to another; MB/s one way.
 * - `round`: all-to-all rounds where each party sends 16 MiB to each other party and receives
 *   16 MiB from each (the shape of one multiplication round); MB/s per party per direction.
 * - `pingpong`: sequential round trips of a 16-byte message between two parties; latency.
 * - `small-rounds`: all-to-all rounds of 16-byte messages (the shape of a sort's many rounds).
 * - `stream-cpu`, `round-cpu`: CPU time (user + system) per MB, which stays meaningful when the
 *   machine is shared and wall-clock figures are not.
 *
 * Usage: npm run bench:net [-- --rounds N]
 *
 * @module
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { partyId, type Channel, type PartyId } from '../../src/mpc/channel.js';
import { tlsEndpoint } from '../../src/net/tls.js';
import { generateIdentity } from '../../src/net/x509.js';

const HOST = '127.0.0.1';
const MiB = 1024 * 1024;
const BIG = 16 * MiB;

interface Config {
  readonly type: 'config';
  readonly self: string;
  readonly key: string;
  readonly cert: string;
  readonly parties: readonly string[];
  readonly fingerprints: Readonly<Record<string, string>>;
  readonly rounds: number;
}
interface Ports {
  readonly type: 'ports';
  readonly ports: Readonly<Record<string, number>>;
}
type Report = Readonly<Record<string, string | number>>;

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

function cpuPerMB(since: NodeJS.CpuUsage, bytes: number): number {
  return Math.round((cpuMs(since) / (bytes / 1e6)) * 100) / 100;
}

function pct(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

async function party(
  cfg: Config,
  ports: Readonly<Record<string, number>>,
  ch0: Channel,
): Promise<Report[]> {
  void ports;
  const ch = ch0;
  const self = ch.self;
  const others = ch.parties.filter((p) => p !== self);
  const [p0, p1] = ch.parties as [PartyId, PartyId, PartyId];
  const out: Report[] = [];
  let step = 0;

  // Warm-up: one big all-to-all round.
  {
    const s = step++;
    for (const q of others) ch.send(q, s, new Uint8Array(BIG));
    await Promise.all(others.map((q) => ch.receive(q, s)));
  }

  // stream: p0 -> p1, `rounds` messages of 16 MiB.
  {
    const s0 = step;
    step += cfg.rounds + 2;
    if (self === p0) {
      const payloads = Array.from({ length: cfg.rounds }, () => new Uint8Array(BIG).fill(7));
      await ch.receive(p1, s0); // start signal
      const c0 = process.cpuUsage();
      for (let i = 0; i < cfg.rounds; i++) ch.send(p1, s0 + 1 + i, payloads[i] as Uint8Array);
      await ch.receive(p1, s0 + cfg.rounds + 1); // all received
      out.push({ bench: 'stream-cpu', side: 'sender', cpuMsPerMB: cpuPerMB(c0, BIG * cfg.rounds) });
    } else if (self === p1) {
      const t0 = now();
      ch.send(p0, s0, new Uint8Array(0));
      let bytes = 0;
      const c0 = process.cpuUsage();
      for (let i = 0; i < cfg.rounds; i++) bytes += (await ch.receive(p0, s0 + 1 + i)).length;
      const ms = now() - t0;
      ch.send(p0, s0 + cfg.rounds + 1, new Uint8Array(0));
      out.push({ bench: 'stream-cpu', side: 'receiver', cpuMsPerMB: cpuPerMB(c0, bytes) });
      out.push({
        bench: 'stream',
        messageBytes: BIG,
        messages: cfg.rounds,
        ms: Math.round(ms),
        MBps: Math.round(bytes / 1e6 / (ms / 1000)),
      });
    }
  }

  // round: all-to-all 16 MiB.
  {
    const payloads = others.map(() => new Uint8Array(BIG).fill(3));
    const c0 = process.cpuUsage();
    const t0 = now();
    for (let r = 0; r < cfg.rounds; r++) {
      const s = step++;
      others.forEach((q, i) => ch.send(q, s, payloads[i] as Uint8Array));
      await Promise.all(others.map((q) => ch.receive(q, s)));
    }
    const ms = now() - t0;
    out.push({
      bench: 'round-cpu',
      party: self,
      cpuMsPerRound: Math.round(cpuMs(c0) / cfg.rounds),
      cpuMsPerMBSentAndReceived: cpuPerMB(c0, 2 * BIG * others.length * cfg.rounds),
    });
    if (self === p0) {
      out.push({
        bench: 'round',
        parties: ch.parties.length,
        messageBytes: BIG,
        rounds: cfg.rounds,
        ms: Math.round(ms),
        msPerRound: Math.round(ms / cfg.rounds),
        MBpsPerPartyPerDirection: Math.round(
          (BIG * others.length * cfg.rounds) / 1e6 / (ms / 1000),
        ),
      });
    }
  }

  // pingpong: p0 <-> p1, 16-byte messages.
  {
    const n = 2000;
    const s0 = step;
    step += n;
    const msg = new Uint8Array(16);
    if (self === p0) {
      const lat: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = now();
        ch.send(p1, s0 + i, msg);
        await ch.receive(p1, s0 + i);
        lat.push(now() - t);
      }
      const warm = lat.slice(100).sort((a, b) => a - b);
      out.push({
        bench: 'pingpong',
        messageBytes: 16,
        roundTrips: warm.length,
        meanUs: Math.round((warm.reduce((a, b) => a + b, 0) / warm.length) * 1000),
        p50Us: Math.round(pct(warm, 50) * 1000),
        p99Us: Math.round(pct(warm, 99) * 1000),
      });
    } else if (self === p1) {
      for (let i = 0; i < n; i++) {
        await ch.receive(p0, s0 + i);
        ch.send(p0, s0 + i, msg);
      }
    }
  }

  // small-rounds: all-to-all 16-byte rounds.
  {
    const n = 1000;
    const msg = new Uint8Array(16);
    const t0 = now();
    for (let r = 0; r < n; r++) {
      const s = step++;
      for (const q of others) ch.send(q, s, msg);
      await Promise.all(others.map((q) => ch.receive(q, s)));
    }
    const ms = now() - t0;
    if (self === p0) {
      out.push({
        bench: 'small-rounds',
        parties: ch.parties.length,
        rounds: n,
        ms: Math.round(ms),
        usPerRound: Math.round((ms / n) * 1000),
      });
    }
  }
  return out;
}

async function child(): Promise<void> {
  const cfg = await new Promise<Config>((resolve) =>
    process.once('message', (m) => resolve(m as Config)),
  );
  const self = partyId(cfg.self);
  const ep = await tlsEndpoint({
    self,
    key: cfg.key,
    cert: cfg.cert,
    listen: { host: HOST, port: 0 },
    peers: [],
    timeoutMs: 120_000,
    connectTimeoutMs: 20_000,
  });
  const portsMsg = new Promise<Ports>((resolve) =>
    process.once('message', (m) => resolve(m as Ports)),
  );
  process.send?.({ type: 'port', self: cfg.self, port: ep.port });
  const { ports } = await portsMsg;
  for (const p of cfg.parties) {
    if (p === cfg.self) continue;
    ep.setPeer({
      id: partyId(p),
      host: HOST,
      port: ports[p] ?? 0,
      fingerprint: cfg.fingerprints[p] ?? '',
    });
  }
  const ch = await ep.openChannel({ session: 'bench', parties: cfg.parties.map(partyId) });
  const reports = await party(cfg, ports, ch);
  await ch.close();
  await ep.close();
  process.send?.({ type: 'done', reports });
  process.disconnect();
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--rounds');
  const rounds = i >= 0 ? Number(process.argv[i + 1]) : 10;
  const parties = ['p0', 'p1', 'p2'];
  const ids = parties.map((p) => generateIdentity(p));
  const fingerprints = Object.fromEntries(parties.map((p, j) => [p, ids[j]?.fingerprint ?? '']));
  const script = fileURLToPath(import.meta.url);
  const children: ChildProcess[] = parties.map(() => fork(script, ['child'], { stdio: 'inherit' }));
  const ports: Record<string, number> = {};
  const done: Promise<Report[]>[] = [];
  const portsIn = children.map(
    (c) =>
      new Promise<void>((resolve) =>
        c.once('message', (m: { self: string; port: number }) => {
          ports[m.self] = m.port;
          resolve();
        }),
      ),
  );
  children.forEach((c, j) => {
    c.send({
      type: 'config',
      self: parties[j],
      key: ids[j]?.key,
      cert: ids[j]?.cert,
      parties,
      fingerprints,
      rounds,
    });
  });
  await Promise.all(portsIn);
  for (const c of children) {
    done.push(
      new Promise((resolve) => c.once('message', (m: { reports: Report[] }) => resolve(m.reports))),
    );
    c.send({ type: 'ports', ports });
  }
  const all = (await Promise.all(done)).flat();
  for (const r of all) console.log(JSON.stringify({ transport: 'tls', ...r }));
}

if (process.argv[2] === 'child') await child();
else await main();
