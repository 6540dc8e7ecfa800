/**
 * End-to-end jobs in one process, over real TLS endpoints on 127.0.0.1 (port 0) and a real anvil
 * chain: the paygap program approved through Consortium governance, datasets published, the job
 * proposed, approved by its input owners and started, then run by every party's executor.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { keccak256, stringToHex, type Address, type Hex } from 'viem';
import { approveJob } from '../../../src/ledger/actions/approveJob.js';
import { getJob } from '../../../src/ledger/actions/getJob.js';
import { getMembers } from '../../../src/ledger/actions/getMembers.js';
import { proposeApproveProgram } from '../../../src/ledger/actions/proposeApproveProgram.js';
import { proposeJob } from '../../../src/ledger/actions/proposeJob.js';
import { publishDataset } from '../../../src/ledger/actions/publishDataset.js';
import { startJob } from '../../../src/ledger/actions/startJob.js';
import { vote } from '../../../src/ledger/actions/vote.js';
import { anvilAccounts, startAnvil, type AnvilInstance } from '../../../src/ledger/anvil.js';
import { withAccount, type LedgerClient } from '../../../src/ledger/client.js';
import { deployLedger } from '../../../src/ledger/deploy.js';
import { JobStatus, type Job } from '../../../src/ledger/types.js';
import { type PartyId, partyId } from '../../../src/mpc/channel.js';
import { tlsEndpoint, type TlsEndpoint } from '../../../src/net/tls.js';
import { generateIdentity, type TlsIdentity } from '../../../src/net/x509.js';
import { STEP_COMMIT, STEP_OUTPUT } from '../../../src/node/jobs/control.js';
import { SALT_BYTES } from '../../../src/node/jobs/digest.js';
import { jobPeersFromMembers } from '../../../src/node/jobs/directory.js';
import {
  runJob,
  type JobPeer,
  type JobProgress,
  type JobResult,
  type RunJobOptions,
} from '../../../src/node/jobs/executor.js';
import { auditJobs } from '../../../src/node/audit.js';
import { paramsHashOf } from '../../../src/programs/params.js';
import { paygap } from '../../../src/programs/paygap.js';
import { inProcessPublication } from '../runner/consortium.js';
import { loadBuiltinPrograms, type ProgramRegistry } from '../../../src/programs/registry.js';
import {
  defineProgram,
  type ColumnData,
  type DatasetColumns,
  type ProgramDefinition,
} from '../../../src/programs/types.js';

const HOST = '127.0.0.1';
const NAMES = ['acme', 'globex', 'initech', 'regulator', 'auditor'] as const;
type Name = (typeof NAMES)[number];
const COMPANIES = ['acme', 'globex', 'initech'] as const;
const LABELS = ['F', 'M', 'X'];

/** Each company's payroll (salaries in k€). */
const PAYROLLS: Record<(typeof COMPANIES)[number], { salaries: number[]; genders: string[] }> = {
  acme: { salaries: [100, 90, 80, 110], genders: ['M', 'F', 'F', 'M'] },
  globex: { salaries: [120, 118], genders: ['M', 'F'] },
  initech: { salaries: [95, 96, 97], genders: ['F', 'M', 'X'] },
};
/** The plaintext answers: means of women and men per company then overall, and the gaps. */
const MEAN_F = [85, 118, 95, 95.75];
const MEAN_M = [105, 120, 96, 106.5];
const GAP = MEAN_F.map((f, i) => ((MEAN_M[i]! - f) / MEAN_M[i]!) * 100);

function columns(c: (typeof COMPANIES)[number]): DatasetColumns {
  const p = PAYROLLS[c];
  // decimal(2): stored as cents, as paygap reads them
  const salary: ColumnData = {
    type: 'decimal',
    scale: 2,
    values: p.salaries.map((s) => BigInt(Math.round(s * 100))),
  };
  const gender: ColumnData = {
    type: 'category',
    labels: LABELS,
    values: p.genders.map((g) => BigInt(LABELS.indexOf(g))),
  };
  return { salary, gender };
}

/**
 * A test-only program whose output can leave its type's range (the built-ins cannot: their sums
 * widen): the fixed-point sum of a column in p127, |sum| < 2^24 promised, not checked.
 */
const fxpSum: ProgramDefinition = defineProgram({
  name: 'fxp-sum',
  version: '1.0.0',
  description: 'test only: a p127 fixed-point sum that can overflow',
  params: { column: { type: 'string', description: 'the column', pattern: /[a-z]{1,64}/ } },
  input: (params) => ({ [String(params['column'])]: { kind: 'number' } }),
  outputs: { sum: { type: 'fixed', description: 'the sum', to: 'recipients', length: 1 } },
  run: (mpc, inputs, params) =>
    Promise.resolve({
      sum: mpc.concat(inputs.map((i) => i.number(String(params['column'])))).sum(),
    }),
});

/** A registered TLS key: the 32-byte SPKI fingerprint. */
const fingerprintHex = (id: TlsIdentity): Hex => `0x${id.fingerprint}`;

const datasetId = (c: string): Hex => keccak256(stringToHex(`dataset:${c}`));

/**
 * `ep` with a lying party behind it: flips the lowest bit of byte `at` of every message it sends
 * under `step` (one of the executor's control steps).
 */
function tampering(ep: TlsEndpoint, step: number, at: number): TlsEndpoint {
  return {
    self: ep.self,
    fingerprint: ep.fingerprint,
    host: ep.host,
    port: ep.port,
    setPeer: (p) => ep.setPeer(p),
    removePeer: (id) => ep.removePeer(id),
    close: () => ep.close(),
    destroy: () => ep.destroy(),
    openChannel: async (o) => {
      const ch = await ep.openChannel(o);
      return {
        self: ch.self,
        parties: ch.parties,
        timeoutMs: ch.timeoutMs,
        send: (to, s, payload) => {
          const out = s === step ? payload.slice() : payload;
          if (s === step) out[at]! ^= 1;
          ch.send(to, s, out);
        },
        receive: (from, s, opts) => ch.receive(from, s, opts),
        close: () => ch.close(),
      };
    },
  };
}

/**
 * `ep` with a party that goes silent (sends nothing more, keeps its links) once `mute` is set:
 * to everyone, or only to `only`.
 */
function silencing(ep: TlsEndpoint, mute: { on: boolean }, only?: PartyId): TlsEndpoint {
  return {
    ...tampering(ep, -1, 0),
    openChannel: async (o) => {
      const ch = await ep.openChannel(o);
      return {
        self: ch.self,
        parties: ch.parties,
        timeoutMs: ch.timeoutMs,
        send: (to, s, payload) => {
          if (!mute.on || (only !== undefined && to !== only)) ch.send(to, s, payload);
        },
        receive: (from, s, opts) => ch.receive(from, s, opts),
        close: () => ch.close(),
      };
    },
  };
}

describe('job executor: paygap over TLS and anvil', () => {
  let anvil: AnvilInstance;
  let programs: ProgramRegistry;
  const identities = new Map<Name, TlsIdentity>();
  const endpoints = new Map<Name, TlsEndpoint>();
  const clients = new Map<Name, LedgerClient>();
  const address = new Map<Name, Address>();
  let peers: JobPeer[];
  let fromBlock: bigint;
  // minGroupSize 1: the small test payrolls (one woman at globex) are compared in full here.
  const params = { threshold: 12, minGroupSize: 1 };

  before(async () => {
    for (const n of NAMES) {
      const id = generateIdentity(n);
      identities.set(n, id);
      endpoints.set(
        n,
        await tlsEndpoint({
          self: partyId(n),
          key: id.key,
          cert: id.cert,
          listen: { host: HOST, port: 0 },
          peers: [],
          connectTimeoutMs: 3000,
        }),
      );
    }
    anvil = await startAnvil();
    const genesisMembers = NAMES.map((n, i) => {
      const acct = anvilAccounts[i + 1]!;
      address.set(n, acct.address);
      return {
        account: acct.address,
        info: {
          name: n,
          endpoint: `${HOST}:${endpoints.get(n)!.port}`,
          tlsPublicKey: fingerprintHex(identities.get(n)!),
          jurisdiction: 'DE',
        },
      };
    });
    const deployed = await deployLedger({
      rpcUrl: anvil.rpcUrl,
      account: anvilAccounts[0]!.privateKey,
      genesisMembers,
      threshold: 2n,
    });
    fromBlock = deployed.fromBlock;
    NAMES.forEach((n, i) =>
      clients.set(n, withAccount(deployed.client, anvilAccounts[i + 1]!.privateKey)),
    );
    programs = await loadBuiltinPrograms();
    programs.add(fxpSum, keccak256(stringToHex('test program fxp-sum')));
    // Governance approves the paygap, sum and fxp-sum code hashes (2 of 5 votes).
    for (const name of ['paygap', 'sum', 'fxp-sum']) {
      const programHash = programs.get(name).codeHash;
      const { proposalId } = await proposeApproveProgram(clients.get('acme')!, {
        ...inProcessPublication(name),
        programHash,
      });
      await vote(clients.get('globex')!, { proposalId });
    }
    for (const c of COMPANIES) {
      await publishDataset(clients.get(c)!, {
        datasetId: datasetId(c),
        metadata: {
          title: `${c} executive payroll`,
          description: 'test data',
          columns: [
            { name: 'salary', dataType: '{"type":"decimal","scale":2}', unit: 'kEUR' },
            { name: 'gender', dataType: 'category', unit: '' },
          ],
          rowCount: BigInt(PAYROLLS[c].salaries.length),
          contentHash: keccak256(stringToHex(`content:${c}`)),
          tags: [],
          releaseTime: 0n,
        },
      });
    }
    peers = jobPeersFromMembers(await getMembers(clients.get('acme')!));
    assert.equal(peers.length, NAMES.length, 'every member record parses');
  });

  after(async () => {
    await Promise.all([...endpoints.values()].map((ep) => ep.close()));
    await anvil?.stop();
  });

  /** Proposes a paygap job over the three companies' datasets; owners approve; returns it. */
  async function propose(
    committee: readonly Name[],
    recipients: readonly Name[],
    start: boolean,
    program: { name: string; paramsHash: Hex } = {
      name: 'paygap',
      paramsHash: paramsHashOf(paygap, params),
    },
  ): Promise<Job> {
    const acme = clients.get('acme')!;
    const now = (await acme.publicClient.getBlock()).timestamp;
    const { jobId, specHash } = await proposeJob(acme, {
      spec: {
        programHash: programs.get(program.name).codeHash,
        inputs: COMPANIES.map(datasetId),
        grantIds: COMPANIES.map(() => 0n),
        committee: committee.map((n) => address.get(n)!),
        recipients: recipients.map((n) => address.get(n)!),
        paramsHash: program.paramsHash,
        deadline: now + 3600n,
      },
    });
    await approveJob(clients.get('globex')!, { jobId, specHash });
    const { ready } = await approveJob(clients.get('initech')!, { jobId, specHash });
    assert.equal(ready, true);
    if (start) await startJob(clients.get(committee[0]!)!, { jobId });
    return getJob(acme, { jobId });
  }

  type Outcome = PromiseSettledResult<JobResult | null>;

  /** Runs the job on every party; `tweak` adjusts one party's options. */
  async function runAll(
    job: Job,
    parties: readonly Name[],
    tweak: (n: Name, o: RunJobOptions) => RunJobOptions = (_, o) => o,
    events?: Map<Name, JobProgress[]>,
  ): Promise<Map<Name, Outcome>> {
    const settled = await Promise.allSettled(
      parties.map((n) =>
        runJob(
          tweak(n, {
            job,
            self: { name: n, address: address.get(n)! },
            endpoint: endpoints.get(n)!,
            peers,
            programs,
            params,
            loadInput: (id) => {
              const c = COMPANIES.find((x) => datasetId(x) === id);
              assert.ok(c === n, `${n} loads only its own dataset`);
              return Promise.resolve(columns(c));
            },
            ledger: clients.get(n)!,
            timeouts: { stepMs: 10_000, attestMs: 15_000, pollMs: 50 },
            onProgress: (e) => events?.get(n)?.push(e) ?? events?.set(n, [e]),
          }),
        ),
      ),
    );
    return new Map(parties.map((n, i) => [n, settled[i]!]));
  }

  function checkResult(r: JobResult | null | undefined): void {
    assert.ok(r !== null && r !== undefined);
    const o = r.outputs;
    const near = (got: unknown, want: number, tol: number, what: string): void =>
      assert.ok(Math.abs((got as number) - want) <= tol, `${what}: ${String(got)} vs ${want}`);
    // means in stored units (cents), to 1e-9 relative; gaps to 1e-5 points
    MEAN_F.forEach((m, i) => near(o['meanFemale']![i], m * 100, 1e-5, `meanFemale[${i}]`));
    MEAN_M.forEach((m, i) => near(o['meanMale']![i], m * 100, 1e-5, `meanMale[${i}]`));
    GAP.forEach((g, i) => near(o['gapPercent']![i], g, 1e-5, `gapPercent[${i}]`));
    assert.deepEqual(o['defined'], [true, true, true, true]);
    assert.deepEqual(o['pass'], [true], 'overall gap 10.09 % < 12 %');
  }

  test('3 companies compute, the regulator receives; the chain records the attested digest', async () => {
    const job = await propose(COMPANIES, ['regulator'], true);
    const events = new Map<Name, JobProgress[]>();
    const out = await runAll(job, [...COMPANIES, 'regulator'], undefined, events);
    for (const [n, r] of out)
      assert.equal(
        r.status,
        'fulfilled',
        `${n}: ${r.status === 'rejected' ? String(r.reason) : ''}`,
      );
    const reg = (out.get('regulator') as PromiseFulfilledResult<JobResult | null>).value;
    checkResult(reg);
    for (const c of COMPANIES) {
      assert.equal(
        (out.get(c) as PromiseFulfilledResult<JobResult | null>).value,
        null,
        `${c} learns nothing`,
      );
    }
    const onChain = await getJob(clients.get('auditor')!, { jobId: job.id });
    assert.equal(onChain.status, JobStatus.Succeeded);
    assert.equal(onChain.resultDigest, reg!.resultDigest);
    const trail = (
      await auditJobs(clients.get('auditor')!, { fromBlock, jobId: job.id.toString(), programs })
    ).jobs[0]!;
    assert.equal(trail.status, 'succeeded');
    assert.deepEqual(trail.confirmedBy, [address.get('regulator')!.toLowerCase()]);
    assert.equal(trail.refusal, null);
    assert.deepEqual(
      events.get('regulator')!.map((e) => e.phase),
      ['connecting', 'inputs', 'computing', 'outputs', 'attesting', 'done'],
    );
    assert.equal(events.get('acme')!.at(-1)!.phase, 'done');
  });

  test('a committee with a non-owner (auditor), an owner outside it and two recipients', async () => {
    // auditor starts the Ready job itself (committee[0]); initech shares from outside and receives.
    const job = await propose(['auditor', 'acme', 'globex'], ['regulator', 'initech'], false);
    assert.equal(job.status, JobStatus.Ready);
    const out = await runAll(job, ['auditor', ...COMPANIES, 'regulator']);
    for (const [n, r] of out)
      assert.equal(
        r.status,
        'fulfilled',
        `${n}: ${r.status === 'rejected' ? String(r.reason) : ''}`,
      );
    const value = (n: Name): JobResult | null =>
      (out.get(n) as PromiseFulfilledResult<JobResult | null>).value;
    checkResult(value('regulator'));
    checkResult(value('initech'));
    for (const n of ['auditor', 'acme', 'globex'] as const) assert.equal(value(n), null);
    const onChain = await getJob(clients.get('acme')!, { jobId: job.id });
    assert.equal(onChain.status, JobStatus.Succeeded);
    assert.equal(onChain.resultDigest, value('initech')!.resultDigest);
  });

  test('an input owner outside the committee and the recipients only shares, then reads the outcome', async () => {
    const job = await propose(['acme', 'globex', 'auditor'], ['regulator'], true);
    const events = new Map<Name, JobProgress[]>();
    const out = await runAll(job, ['auditor', ...COMPANIES, 'regulator'], undefined, events);
    for (const [n, r] of out) {
      assert.equal(
        r.status,
        'fulfilled',
        `${n}: ${r.status === 'rejected' ? String(r.reason) : ''}`,
      );
    }
    checkResult((out.get('regulator') as PromiseFulfilledResult<JobResult | null>).value);
    assert.equal((out.get('initech') as PromiseFulfilledResult<JobResult | null>).value, null);
    assert.deepEqual(
      events.get('initech')!.map((e) => e.phase),
      ['connecting', 'inputs', 'computing', 'outputs', 'attesting', 'done'],
    );
  });

  test('a party whose TLS key is not the registered one: the job fails on chain naming it', async (t) => {
    const job = await propose(COMPANIES, ['regulator'], true);
    // The regulator's node runs with another key; the members' directory pins the registered one.
    const rogue = generateIdentity('regulator');
    const impostor = await tlsEndpoint({
      self: partyId('regulator'),
      key: rogue.key,
      cert: rogue.cert,
      listen: { host: HOST, port: 0 },
      peers: [],
      connectTimeoutMs: 3000,
    });
    try {
      const moved = peers.map((p) => (p.name === 'regulator' ? { ...p, port: impostor.port } : p));
      const out = await runAll(job, [...COMPANIES, 'regulator'], (n, o) =>
        n === 'regulator' ? { ...o, endpoint: impostor, peers: moved } : { ...o, peers: moved },
      );
      for (const [n, r] of out) assert.equal(r.status, 'rejected', `${n} fails`);
      const reason = (out.get('acme') as PromiseRejectedResult).reason as { code?: string };
      assert.equal(reason.code, 'ERR_JOB_FAILED');
      const onChain = await getJob(clients.get('auditor')!, { jobId: job.id });
      assert.equal(onChain.status, JobStatus.Failed);
      t.diagnostic(`on chain: ${onChain.reason}`);
      assert.match(
        onChain.reason,
        /^connecting: (acme|globex|initech) reports: .*regulator.*TLS key/,
      );
      assert.ok(!onChain.reason.includes(rogue.fingerprint), 'no full key material in the reason');
    } finally {
      await impostor.close();
    }
  });

  test('an owner whose dataset has a bad row fails the job before sharing; the reason names the column, the owner alone sees the row', async (t) => {
    const job = await propose(COMPANIES, ['regulator'], true);
    const out = await runAll(job, [...COMPANIES, 'regulator'], (n, o) =>
      n !== 'globex'
        ? o
        : {
            ...o,
            loadInput: () => {
              const c = columns('globex');
              const bad = {
                type: 'decimal' as const,
                scale: 2,
                values: [7864320n, -8123456789n],
              };
              return Promise.resolve({ ...c, salary: bad });
            },
          },
    );
    for (const [n, r] of out) assert.equal(r.status, 'rejected', `${n} fails`);
    const onChain = await getJob(clients.get('auditor')!, { jobId: job.id });
    t.diagnostic(`on chain: ${onChain.reason}`);
    assert.equal(onChain.status, JobStatus.Failed);
    assert.equal(onChain.reason, 'inputs: input invalid at globex');
    assert.ok(
      !/row|salary|8123456789|123956/.test(onChain.reason),
      'no row, column or value in the reason',
    );
    // globex's operator gets the row (locally: the error's local message, never sent).
    const local = (out.get('globex') as PromiseRejectedResult).reason as Error & {
      walk: (f: (e: unknown) => boolean) => unknown;
    };
    const invalid = local.walk((e) => (e as { name?: string }).name === 'JobInputInvalidError') as {
      localMessage: string;
    };
    assert.match(
      invalid.localMessage,
      /input 1: column salary, row 2: expected a value at least 0\.00 and at most 10995116277\.75/,
    );
    assert.ok(!/8123456789|123956/.test(invalid.localMessage), 'no value even locally');
  });

  test('output shares tampered on the way to the recipient: the job fails on chain, no success', async (t) => {
    const job = await propose(COMPANIES, ['regulator'], true);
    // globex alters the shares it sends to the regulator (after committing to the real ones).
    const out = await runAll(job, [...COMPANIES, 'regulator'], (n, o) =>
      n === 'globex' ? { ...o, endpoint: tampering(o.endpoint, STEP_OUTPUT, SALT_BYTES) } : o,
    );
    for (const [n, r] of out) assert.equal(r.status, 'rejected', `${n} fails`);
    const onChain = await getJob(clients.get('auditor')!, { jobId: job.id });
    t.diagnostic(`on chain: ${onChain.reason}`);
    assert.equal(onChain.status, JobStatus.Failed, 'nothing is attested');
    assert.equal(onChain.resultDigest, `0x${'00'.repeat(32)}`);
    // n = 3, t = 1: the regulator sees shares that do not match globex's own commitment (which
    // convicts globex), or inconsistent shares that cannot convict any one member (each pair of
    // the three lies on a line), or, at the members, a digest that does not reproduce their
    // commitments. No honest member is ever named as the culprit.
    assert.match(
      onChain.reason,
      /^outputs: (recipient regulator refused the result: the output shares (are inconsistent \(no member can be identified from them\)|of globex disagree)|\w+ reports: The output shares recipient regulator received do not reproduce)/,
    );
    assert.ok(!/output shares of (acme|initech)/.test(onChain.reason), 'no honest member blamed');
  });

  test('an output out of its range: the only recipient refuses it, the job fails naming the output', async (t) => {
    const sumParams = { column: 'salary' };
    const job = await propose(COMPANIES, ['regulator'], true, {
      name: 'fxp-sum',
      paramsHash: paramsHashOf(programs.get('fxp-sum').definition, sumParams),
    });
    // 9 salaries of 10 million: each fits p127's secfxp(), their sum (9e7) does not (|x| < 2^24).
    const big: ColumnData = {
      type: 'fixed',
      fractionBits: 16,
      values: [0, 1, 2].map(() => 10_000_000n << 16n),
    };
    const events = new Map<Name, JobProgress[]>();
    const out = await runAll(
      job,
      [...COMPANIES, 'regulator'],
      (n, o) => ({
        ...o,
        params: sumParams,
        ...(n === 'regulator' ? {} : { loadInput: () => Promise.resolve({ salary: big }) }),
      }),
      events,
    );
    for (const [n, r] of out) assert.equal(r.status, 'rejected', `${n} fails`);
    const onChain = await getJob(clients.get('auditor')!, { jobId: job.id });
    t.diagnostic(`on chain: ${onChain.reason}`);
    assert.equal(onChain.status, JobStatus.Failed);
    assert.equal(
      onChain.reason,
      'outputs: recipient regulator refused the result: output sum out of range',
    );
    const audit = await auditJobs(clients.get('auditor')!, {
      fromBlock,
      jobId: job.id.toString(),
      programs,
    });
    const trail = audit.jobs[0]!;
    assert.equal(trail.status, 'failed');
    assert.equal(trail.verified, false);
    assert.equal(trail.result, null, 'no result attested');
    assert.deepEqual(trail.confirmedBy, []);
    assert.deepEqual(trail.refusal, { recipient: 'regulator', what: 'output sum out of range' });
    assert.ok(!/90000000|element/.test(onChain.reason), 'no value in the reason');
    for (const c of COMPANIES) {
      assert.ok(!events.get(c)!.some((e) => e.phase === 'done'), `${c} never reports done`);
    }
  });

  test('members that disagree on the digest fail the job instead of attesting', async (t) => {
    const job = await propose(COMPANIES, ['regulator'], true);
    // globex sends the other members a commitment other than its own.
    const out = await runAll(job, [...COMPANIES, 'regulator'], (n, o) =>
      n === 'globex' ? { ...o, endpoint: tampering(o.endpoint, STEP_COMMIT, 0) } : o,
    );
    for (const [n, r] of out) assert.equal(r.status, 'rejected', `${n} fails`);
    const onChain = await getJob(clients.get('auditor')!, { jobId: job.id });
    t.diagnostic(`on chain: ${onChain.reason}`);
    assert.equal(onChain.status, JobStatus.Failed);
    // The regulator's digest follows globex's real delivery; acme and initech computed theirs with
    // the forged commitment: they refuse before signing. (globex itself fails at the signatures.)
    assert.match(
      onChain.reason,
      /^(outputs|attesting): \w+ reports: (\w+ aborted \(.*)?(The output shares recipient regulator received do not reproduce|The result signature of)/,
    );
    assert.equal(onChain.resultDigest, `0x${'00'.repeat(32)}`);
  });

  test('a recipient that never confirms: the members time out and fail the job naming it, nothing attested', async (t) => {
    const job = await propose(COMPANIES, ['regulator'], true);
    const mute = { on: false };
    const out = await runAll(job, [...COMPANIES, 'regulator'], (n, o) => {
      const fast = { ...o, timeouts: { ...o.timeouts, stepMs: 1500 } };
      if (n !== 'regulator') return fast;
      return {
        ...fast,
        endpoint: silencing(o.endpoint, mute),
        onProgress: (e: JobProgress) => {
          if (e.phase === 'outputs') mute.on = true;
        },
      };
    });
    for (const c of COMPANIES) assert.equal(out.get(c)!.status, 'rejected', `${c} fails`);
    const onChain = await getJob(clients.get('auditor')!, { jobId: job.id });
    t.diagnostic(`on chain: ${onChain.reason}`);
    assert.equal(onChain.status, JobStatus.Failed);
    assert.equal(onChain.resultDigest, `0x${'00'.repeat(32)}`);
    assert.match(
      onChain.reason,
      /^outputs: \w+ reports: No message from party regulator at output delivery \(recipient confirmations\) within 1500 ms/,
    );
  });

  test('a committee member that goes silent: the others time out and fail the job naming it', async (t) => {
    const job = await propose(COMPANIES, ['regulator'], true);
    const mute = { on: false };
    const started = Date.now();
    const out = await runAll(job, [...COMPANIES, 'regulator'], (n, o) => {
      const fast = { ...o, timeouts: { ...o.timeouts, stepMs: 1500 } };
      if (n !== 'initech') return fast;
      // The silent member's own receives wait far longer (as a hung process's would), so the
      // reason on chain is an honest member's, not the silent one's counter-claim that raced it
      // under load; it still stops at once on the honest members' ABORT.
      return {
        ...fast,
        timeouts: { ...o.timeouts, stepMs: 20_000 },
        endpoint: silencing(o.endpoint, mute),
        onProgress: (e: JobProgress) => {
          if (e.phase === 'computing') mute.on = true;
        },
      };
    });
    const elapsed = Date.now() - started;
    for (const [n, r] of out) assert.equal(r.status, 'rejected', `${n} fails`);
    const onChain = await getJob(clients.get('auditor')!, { jobId: job.id });
    t.diagnostic(`on chain: ${onChain.reason} (${elapsed} ms)`);
    assert.equal(onChain.status, JobStatus.Failed);
    assert.match(
      onChain.reason,
      /^computing: .* reports: No message from party initech at computing round \d+.* within 1500 ms/,
    );
    assert.ok(elapsed < 6000, `failed soon after the step timeout (${elapsed} ms)`);
  });

  test('a member that drops only its messages to acme: the chain names it, never acme, who was left waiting', async (t) => {
    const job = await propose(COMPANIES, ['regulator'], true);
    const mute = { on: false };
    const out = await runAll(job, [...COMPANIES, 'regulator'], (n, o) => {
      const fast = { ...o, timeouts: { ...o.timeouts, stepMs: 1500 } };
      if (n !== 'initech') return fast;
      return {
        ...fast,
        timeouts: { ...o.timeouts, stepMs: 20_000 },
        endpoint: silencing(o.endpoint, mute, partyId('acme')),
        onProgress: (e: JobProgress) => {
          if (e.phase === 'computing') mute.on = true;
        },
      };
    });
    for (const [n, r] of out) assert.equal(r.status, 'rejected', `${n} fails`);
    const onChain = await getJob(clients.get('auditor')!, { jobId: job.id });
    t.diagnostic(`on chain: ${onChain.reason}`);
    assert.equal(onChain.status, JobStatus.Failed);
    // acme times out on initech; globex, left waiting on the stuck acme, may time out on acme at
    // nearly the same moment, but it gives acme's own reason the grace to land first.
    assert.match(onChain.reason, /No message from party initech\b/);
    assert.ok(!/No message from party acme\b/.test(onChain.reason), 'acme is not blamed');
  });

  test('a committee member that dies mid-job: the others fail it on chain, naming it, in time', async (t) => {
    const job = await propose(COMPANIES, ['regulator'], true);
    // initech runs on its own endpoint (same key, another port) so that it can be killed.
    const id = identities.get('initech')!;
    const doomed = await tlsEndpoint({
      self: partyId('initech'),
      key: id.key,
      cert: id.cert,
      listen: { host: HOST, port: 0 },
      peers: [],
      connectTimeoutMs: 3000,
    });
    const moved = peers.map((p) => (p.name === 'initech' ? { ...p, port: doomed.port } : p));
    const kill = new AbortController();
    const started = Date.now();
    const out = await runAll(job, [...COMPANIES, 'regulator'], (n, o) => {
      const base = { ...o, peers: moved };
      if (n !== 'initech') return base;
      return {
        ...base,
        endpoint: doomed,
        signal: kill.signal,
        onProgress: (e: JobProgress) => {
          if (e.phase === 'computing') {
            setTimeout(() => {
              kill.abort(); // the process dies: no chain write from it
              doomed.destroy();
            }, 20);
          }
        },
      };
    });
    const elapsed = Date.now() - started;
    for (const [n, r] of out) assert.equal(r.status, 'rejected', `${n} fails`);
    assert.equal(
      ((out.get('initech') as PromiseRejectedResult).reason as { code?: string }).code,
      'ERR_ABORTED',
    );
    const onChain = await getJob(clients.get('auditor')!, { jobId: job.id });
    assert.equal(onChain.status, JobStatus.Failed);
    t.diagnostic(`on chain: ${onChain.reason} (${elapsed} ms)`);
    assert.match(onChain.reason, /^(computing|outputs): (acme|globex) reports: .*initech/);
    assert.ok(elapsed < 10_000, `failed within the step timeout (${elapsed} ms)`);
    const reg = (out.get('regulator') as PromiseRejectedResult).reason as { code?: string };
    assert.equal(reg.code, 'ERR_JOB_FAILED', 'the regulator gets no result');
  });
});
