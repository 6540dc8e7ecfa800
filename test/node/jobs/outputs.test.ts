/**
 * Outputs with receivers, end to end in one process over real TLS endpoints and a real anvil chain
 * (the harness of executor.test.ts): a test program with one output of each kind (recipients,
 * members, public, owners by element and by rows, nobody) and a list parameter; and paygap's
 * disclosure control (a company with one woman does not reveal her salary).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { keccak256, stringToHex, type Address, type Hex } from 'viem';
import { approveJob } from '../../../src/ledger/actions/approveJob.js';
import { getJob } from '../../../src/ledger/actions/getJob.js';
import { getMembers } from '../../../src/ledger/actions/getMembers.js';
import { inProcessPublication } from '../runner/consortium.js';
import { proposeApproveProgram } from '../../../src/ledger/actions/proposeApproveProgram.js';
import { proposeJob } from '../../../src/ledger/actions/proposeJob.js';
import { publishDataset } from '../../../src/ledger/actions/publishDataset.js';
import { startJob } from '../../../src/ledger/actions/startJob.js';
import { vote } from '../../../src/ledger/actions/vote.js';
import { anvilAccounts, startAnvil, type AnvilInstance } from '../../../src/ledger/anvil.js';
import { withAccount, type LedgerClient } from '../../../src/ledger/client.js';
import { deployLedger } from '../../../src/ledger/deploy.js';
import { JobStatus, type Job } from '../../../src/ledger/types.js';
import { partyId } from '../../../src/mpc/channel.js';
import { tlsEndpoint, type TlsEndpoint } from '../../../src/net/tls.js';
import { generateIdentity, type TlsIdentity } from '../../../src/net/x509.js';
import { reconstructChecked } from '../../../src/node/jobs/digest.js';
import { decodePublicOutputs } from '../../../src/node/jobs/outputs.js';
import { getPublicOutputs } from '../../../src/ledger/actions/getPublicOutputs.js';
import { fields } from '../../../src/mpc/field/prime-field.js';
import { fpToBigInts, fpVecFromBytes } from '../../../src/mpc/field/vec.js';
import { secint } from '../../../src/mpc/secure/types.js';
import { jobPeersFromMembers } from '../../../src/node/jobs/directory.js';
import {
  runJob,
  type JobPeer,
  type JobProgress,
  type JobResult,
  type RunJobOptions,
  type ArtifactShares,
} from '../../../src/node/jobs/executor.js';
import { auditJobs } from '../../../src/node/audit.js';
import { paramsHashOf, paramsPreimageOf, validateParams } from '../../../src/programs/params.js';
import { ArtifactInputError, checkArtifactInputs } from '../../../src/node/jobs/artifacts.js';
import type { SecIntVector } from '../../../src/mpc/secure/int.js';
import { paygap } from '../../../src/programs/paygap.js';
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

/** A test-only program that takes an artifact (the sums kept by outputs-demo). */
const useArtifact: ProgramDefinition = defineProgram({
  name: 'artifact-use',
  version: '1.0.0',
  description: 'test only: the sum and the largest of an artifact of integers',
  params: { sums: { type: 'artifact', description: 'the per-input sums of outputs-demo' } },
  inputCount: { min: 0, max: 0 },
  input: () => ({}),
  outputs: {
    total: { type: 'integer', description: 'their sum', to: 'recipients', length: 1 },
    largest: { type: 'integer', description: 'their maximum', to: 'public', length: 1 },
  },
  run: async (mpc, _inputs, _params, artifacts) => {
    const v = artifacts!['sums'] as SecIntVector;
    return {
      total: mpc.fromShares(secint(64), 1, v.sum().share),
      largest: mpc.fromShares(secint(64), 1, (await v.max()).share),
    };
  },
});

/** A registered TLS key: the 32-byte SPKI fingerprint. */
const fingerprintHex = (id: TlsIdentity): Hex => `0x${id.fingerprint}`;

const datasetId = (c: string): Hex => keccak256(stringToHex(`dataset:${c}`));

/** Salaries in cents, per company, in row order. */
const CENTS = Object.fromEntries(
  COMPANIES.map((c) => [c, PAYROLLS[c].salaries.map((s) => BigInt(s * 100))]),
) as Record<(typeof COMPANIES)[number], bigint[]>;
const SUMS = COMPANIES.map((c) => CENTS[c].reduce((a, v) => a + v, 0n));
const TOTAL = SUMS.reduce((a, v) => a + v, 0n);

/** A test-only program with one output of each receiver kind and a list parameter. */
const demo: ProgramDefinition = defineProgram({
  name: 'outputs-demo',
  version: '1.0.0',
  description: 'test only: one output per kind of receiver',
  params: {
    weights: {
      type: 'list',
      items: 'number',
      description: 'the weight of input i is weights[i mod length]',
      integer: true,
      min: 0,
      max: 100,
      minLength: 1,
      maxLength: 8,
    },
  },
  input: () => ({ salary: { kind: 'integer', bits: 41, min: 0n } }),
  outputs: {
    weighted: { type: 'integer', description: 'sum of w_i · S_i', to: 'public', length: 1 },
    total: { type: 'integer', description: 'sum of all', to: 'members', length: 1 },
    forRecipients: { type: 'integer', description: 'sum of all', to: 'recipients', length: 1 },
    mine: {
      type: 'integer',
      description: "each input's sum, to its owner",
      to: 'owners',
      slices: 'element',
      length: (s) => s.rows.length,
    },
    back: {
      type: 'integer',
      description: "each row's salary, to its owner",
      to: 'owners',
      slices: 'rows',
      length: (s) => s.rows.reduce((a, r) => a + r, 0),
    },
    kept: {
      type: 'integer',
      description: 'the sums, kept by the committee',
      to: 'nobody',
      length: (s) => s.rows.length,
    },
  },
  run: (mpc, inputs, params) => {
    const w = params['weights'] as readonly number[];
    const t64 = secint(64);
    const sums = mpc.concat(
      inputs.map((i) => mpc.fromShares(t64, 1, i.integer('salary').sum().share)),
    );
    const weighted = sums.mulPublic(inputs.map((_, i) => w[i % w.length]!)).sum();
    const total = sums.sum();
    const back = mpc.concat(inputs.map((i) => i.integer('salary')));
    return Promise.resolve({
      weighted: mpc.fromShares(t64, 1, weighted.share),
      total: mpc.fromShares(t64, 1, total.share),
      forRecipients: mpc.fromShares(t64, 1, total.share),
      mine: sums,
      back,
      kept: sums,
    });
  },
});

describe('per-output receivers, public outputs and artifacts over TLS and anvil', () => {
  let anvil: AnvilInstance;
  let programs: ProgramRegistry;
  const identities = new Map<Name, TlsIdentity>();
  const endpoints = new Map<Name, TlsEndpoint>();
  const clients = new Map<Name, LedgerClient>();
  const address = new Map<Name, Address>();
  let peers: JobPeer[];
  let fromBlock: bigint;
  // minGroupSize 1: the small test payrolls (one woman at globex) are compared in full here.
  let params: Record<string, unknown> = {};

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
    programs.add(demo, keccak256(stringToHex('test program outputs-demo')));
    programs.add(useArtifact, keccak256(stringToHex('test program artifact-use')));
    for (const name of ['paygap', 'outputs-demo', 'artifact-use']) {
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
    program: { name: string; paramsHash: Hex; preimage?: Uint8Array } = {
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
      ...(program.preimage === undefined ? {} : { params: program.preimage }),
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

  /** The shares each member kept of outputs-demo's artifact, and the job that made it. */
  const artifacts = new Map<Name, ArtifactShares>();
  let producer = 0n;

  const ok = (out: Map<Name, Outcome>, n: Name): JobResult | null => {
    const r = out.get(n)!;
    assert.equal(r.status, 'fulfilled', `${n}: ${r.status === 'rejected' ? String(r.reason) : ''}`);
    return r.value;
  };

  test('each output reaches exactly its receivers; the public one is on chain; the artifact is shared', async () => {
    params = { weights: [1, 2, 3] };
    const job = await propose(COMPANIES, ['regulator'], true, {
      name: 'outputs-demo',
      paramsHash: paramsHashOf(demo, params),
      preimage: paramsPreimageOf(demo, params),
    });
    const out = await runAll(job, NAMES, (n, o) => ({
      ...o,
      saveArtifact: (a) => void artifacts.set(n, a),
    }));
    const reg = ok(out, 'regulator')!;
    assert.deepEqual(Object.keys(reg.outputs).sort(), ['forRecipients', 'total']);
    assert.deepEqual(reg.outputs['forRecipients'], [TOTAL]);
    assert.deepEqual(reg.outputs['total'], [TOTAL]);
    // The auditor is a member only: the members output, nothing else.
    const aud = ok(out, 'auditor')!;
    assert.deepEqual(Object.keys(aud.outputs), ['total']);
    assert.deepEqual(aud.outputs['total'], [TOTAL]);
    let at = 0;
    COMPANIES.forEach((c, i) => {
      const r = ok(out, c)!;
      // Its own slices, the members' total, and the public output (as a committee member).
      assert.deepEqual(Object.keys(r.outputs).sort(), ['back', 'mine', 'total', 'weighted'], c);
      assert.deepEqual(r.outputs['mine'], [SUMS[i]], `${c} gets its own sum only`);
      assert.deepEqual(r.elements['mine'], [i]);
      assert.deepEqual(r.outputs['back'], CENTS[c], `${c} gets its own rows only`);
      const n = CENTS[c].length;
      assert.deepEqual(
        r.elements['back'],
        Array.from({ length: n }, (_, k) => at + k),
      );
      at += n;
      assert.equal(r.outputs['forRecipients'], undefined, `${c} is no recipient`);
      assert.equal(r.outputs['kept'], undefined, 'an artifact is revealed to nobody');
    });
    const weighted = SUMS[0]! * 1n + SUMS[1]! * 2n + SUMS[2]! * 3n;
    // The public output is on chain, with the attested digest.
    producer = job.id;
    const chain = await getJob(clients.get('auditor')!, { jobId: job.id });
    assert.equal(chain.status, JobStatus.Succeeded);
    const bytes = await getPublicOutputs(clients.get('auditor')!, { jobId: job.id });
    assert.deepEqual(decodePublicOutputs(bytes), { weighted: [weighted.toString()] });
    // The audit recovers every committee signature over (digest, public outputs).
    const report = await auditJobs(clients.get('auditor')!, {
      fromBlock,
      jobId: job.id.toString(),
      programs,
    });
    assert.deepEqual(report.problems, []);
    assert.equal(report.verified, true);
    // The artifact: each member holds shares that reconstruct the per-input sums.
    assert.deepEqual([...artifacts.keys()].sort(), [...COMPANIES].sort());
    const field = fields.p127;
    const parts = COMPANIES.map((c) => artifacts.get(c)!);
    parts.forEach((a, k) => {
      assert.equal(a.index, k + 1);
      assert.deepEqual(a.committee, [...COMPANIES]);
      assert.equal(a.t, 1);
      assert.equal(a.name, 'kept');
      assert.deepEqual(a.lineage.owners, [...COMPANIES]);
      assert.equal(a.resultDigest, chain.resultDigest);
    });
    const shares = parts.map((a) => fpVecFromBytes(field, a.shares, a.length));
    const secrets = fpToBigInts(reconstructChecked(shares, 1, [...COMPANIES], field));
    assert.deepEqual(secrets, SUMS);
  });

  test('an artifact of job 1 is an input of job 2: same committee, its lineage approved, correct result', async () => {
    assert.ok(producer > 0n, 'the first test made the artifact');
    const id = `${producer}.kept`;
    params = { sums: id };
    const acme = clients.get('acme')!;
    const def = useArtifact;
    const committee = COMPANIES.map((n) => address.get(n)!);
    const inputs = COMPANIES.map(datasetId);
    // Refused at proposal: another order of the same members, another committee, other inputs.
    const nameOf = (a: Address): string => NAMES.find((n) => address.get(n) === a) ?? a;
    const check = (c: readonly Address[], i: readonly Hex[]): Promise<unknown> =>
      checkArtifactInputs(acme, programs, def, validateParams(def, params), c, i, nameOf);
    await assert.rejects(
      check([committee[1]!, committee[0]!, committee[2]!], inputs),
      (e: unknown) =>
        e instanceof ArtifactInputError &&
        e.code === 'ERR_ARTIFACT_INPUT' &&
        e.message.includes('held by the committee acme, globex, initech (t = 1)') &&
        e.message.includes("this job's committee is globex, acme, initech (t = 1)"),
    );
    await assert.rejects(
      check([...committee, address.get('auditor')!], inputs),
      /committee is acme, globex, initech, auditor \(t = 1\)/,
    );
    await assert.rejects(check(committee, inputs.slice(0, 2)), /exactly the datasets/);
    await assert.rejects(
      checkArtifactInputs(acme, programs, def, { sums: `${producer}.total` }, committee, inputs),
      /no output total kept by its committee/,
    );
    const arts = await check(committee, inputs);
    assert.deepEqual(
      (arts as { type: unknown; length: number }[]).map((a) => [a.type, a.length]),
      [[{ kind: 'int', k: 64 }, 3]],
    );
    const job = await propose(COMPANIES, ['regulator'], true, {
      name: 'artifact-use',
      paramsHash: paramsHashOf(def, params),
      preimage: paramsPreimageOf(def, params),
    });
    const out = await runAll(job, [...COMPANIES, 'regulator'], (n, o) => ({
      ...o,
      loadInput: () => Promise.reject(new Error('nothing of the lineage datasets is loaded')),
      loadArtifact: (a) => {
        assert.equal(a, id);
        return artifacts.get(n)!;
      },
    }));
    const reg = ok(out, 'regulator')!;
    assert.deepEqual(reg.outputs['total'], [TOTAL]);
    const largest = SUMS.reduce((a, b) => (a > b ? a : b));
    const bytes = await getPublicOutputs(acme, { jobId: job.id });
    assert.deepEqual(decodePublicOutputs(bytes), { largest: [largest.toString()] });
    // A member whose stored shares are not the artifact's (another point) fails the job closed.
    const again = await propose(COMPANIES, ['regulator'], true, {
      name: 'artifact-use',
      paramsHash: paramsHashOf(def, params),
      preimage: paramsPreimageOf(def, params),
    });
    const bad = await runAll(again, [...COMPANIES, 'regulator'], (n, o) => ({
      ...o,
      loadArtifact: () => (n === 'globex' ? { ...artifacts.get(n)!, index: 3 } : artifacts.get(n)!),
    }));
    for (const [n, r] of bad) assert.equal(r.status, 'rejected', n);
    const failed = await getJob(acme, { jobId: again.id });
    assert.equal(failed.status, JobStatus.Failed);
    assert.match(failed.reason, /shares of artifact .* on globex do not match/);
  });

  test('a list parameter outside its declared limits is refused before anything runs', () => {
    assert.throws(() => paramsHashOf(demo, { weights: [] }), /weights.*1\.\.8 items/);
    assert.throws(() => paramsHashOf(demo, { weights: [1, 2.5] }), /weights\[1\]/);
    assert.throws(() => paramsHashOf(demo, { weights: [101] }), /weights\[0\]/);
    assert.notEqual(
      paramsHashOf(demo, { weights: [1, 2, 3] }),
      paramsHashOf(demo, { weights: [3, 2, 1] }),
      'the order of a list is under the hash',
    );
  });

  test('paygap: a company with fewer than k women or men reveals no mean of them', async () => {
    params = { threshold: 12, minGroupSize: 2 };
    const job = await propose(COMPANIES, ['regulator'], true, {
      name: 'paygap',
      paramsHash: paramsHashOf(paygap, params),
    });
    const out = await runAll(job, [...COMPANIES, 'regulator']);
    const r = ok(out, 'regulator')!;
    // acme has exactly k = 2 women and 2 men: shown; globex and initech one each: withheld.
    assert.equal(r.minGroupSize, 2);
    for (const name of ['meanFemale', 'meanMale', 'gapPercent', 'defined']) {
      assert.deepEqual(r.suppressed[name], [1, 2], name);
    }
    assert.equal(r.suppressed['pass'], undefined, 'overall: 4 women, 3 men');
    const near = (got: unknown, want: number, what: string): void =>
      assert.ok(Math.abs((got as number) - want) <= 1e-5, `${what}: ${String(got)} vs ${want}`);
    near(r.outputs['meanFemale']![0], 85 * 100, 'acme women');
    near(r.outputs['meanFemale']![3], 95.75 * 100, 'overall women');
    near(r.outputs['meanMale']![0], 105 * 100, 'acme men');
    // The withheld values are zeros, not the salaries (globex's one woman earns 118).
    assert.equal(r.outputs['meanFemale']![1], 0);
    assert.equal(r.outputs['meanFemale']![2], 0);
    assert.deepEqual(r.outputs['defined'], [true, false, false, true]);
    assert.deepEqual(r.outputs['pass'], [true]);
  });
});
