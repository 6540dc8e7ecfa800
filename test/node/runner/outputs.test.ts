/**
 * Outputs for every member through the node runner: five nodes in process follow the ledger; a
 * test-only program with one output for every member and one for the recipients. A member that
 * is neither owner, committee nor recipient still runs the job (the program makes it a party)
 * and holds the members output only; the recipient holds both; the committee the members one.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { keccak256, stringToHex, type Hex } from 'viem';
import { proposeApproveProgram } from '../../../src/ledger/actions/proposeApproveProgram.js';
import { proposeJob } from '../../../src/ledger/actions/proposeJob.js';
import { publishDataset } from '../../../src/ledger/actions/publishDataset.js';
import { vote } from '../../../src/ledger/actions/vote.js';
import { importDataset } from '../../../src/node/datasets/import.js';
import { ledgerDataType } from '../../../src/node/datasets/schema.js';
import {
  getJob,
  getJobResult,
  TERMINAL_JOB_STATUSES,
  type JobRecord,
} from '../../../src/node/store/jobs.js';
import { paramsHashOf, paramsPreimageOf } from '../../../src/programs/params.js';
import { defineProgram, type ProgramDefinition } from '../../../src/programs/types.js';
import { secint } from '../../../src/mpc/secure/types.js';
import {
  inProcessPublication,
  startConsortium,
  TEST_NODE_OPTIONS,
  waitFor,
  type Consortium,
} from './consortium.js';

const NAMES = ['acme', 'globex', 'initech', 'regulator', 'auditor'] as const;
type Name = (typeof NAMES)[number];
const COMMITTEE = ['acme', 'globex', 'initech'] as const;

/** Test only: the sum of a column, to every member; its double, to the recipients. */
const everyone: ProgramDefinition = defineProgram({
  name: 'members-demo',
  version: '1.0.0',
  description: 'test only: an output for every member',
  params: {},
  input: () => ({ amount: { kind: 'integer', bits: 32 } }),
  outputs: {
    total: { type: 'integer', description: 'the sum', to: 'members', length: 1 },
    twice: { type: 'integer', description: 'twice the sum', to: 'recipients', length: 1 },
  },
  run(mpc, inputs) {
    const s = mpc.concat(inputs.map((i) => i.integer('amount'))).sum();
    const t = mpc.fromShares(secint(64), 1, s.share);
    return Promise.resolve({ total: t, twice: t.add(t) });
  },
});
const HASH: Hex = keccak256(stringToHex('test program members-demo'));

describe('node runner: an output for every member', () => {
  let root: string;
  let c: Consortium;
  let dataset: Hex;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'parley-runner-members-'));
    c = await startConsortium(root, NAMES, [], {
      ...TEST_NODE_OPTIONS,
      extraPrograms: [[everyone, HASH]],
    });
    const { proposalId } = await proposeApproveProgram(c.org('acme').client, {
      ...inProcessPublication('members-demo'),
      programHash: HASH,
    });
    await vote(c.org('globex').client, { proposalId });
    const rec = importDataset(c.node('acme').store, {
      name: 'amounts',
      csv: 'amount\n5\n-2\n40\n',
      schema: { columns: [{ name: 'amount', type: 'integer' }] },
    });
    dataset = rec.id;
    await publishDataset(c.org('acme').client, {
      datasetId: dataset,
      metadata: {
        title: 'amounts',
        description: 'test data',
        columns: rec.schema.columns.map((col) => ({
          name: col.name,
          dataType: ledgerDataType(col),
          unit: '',
        })),
        rowCount: BigInt(rec.rowCount),
        contentHash: rec.contentHash,
        tags: [],
        releaseTime: 0n,
      },
    });
  });

  after(async () => {
    await c?.close();
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });

  const finished = (n: Name, id: string, ms = 40_000): Promise<JobRecord> =>
    waitFor(
      `job ${id} to end on ${n}`,
      () => {
        const j = getJob(c.node(n).store, id);
        return j !== undefined && TERMINAL_JOB_STATUSES.includes(j.status) ? j : undefined;
      },
      ms,
    );

  test('every member node runs the job and holds the members output; only the recipient more', async () => {
    const client = c.org('acme').client;
    const now = (await client.publicClient.getBlock()).timestamp;
    const { jobId, ready } = await proposeJob(client, {
      spec: {
        programHash: HASH,
        inputs: [dataset],
        grantIds: [0n],
        committee: COMMITTEE.map((n) => c.org(n).address),
        recipients: [c.org('regulator').address],
        paramsHash: paramsHashOf(everyone, {}),
        deadline: now + 3600n,
      },
      params: paramsPreimageOf(everyone, {}),
    });
    assert.equal(ready, true, "acme's own input");
    const id = jobId.toString();
    for (const n of NAMES) {
      const j = await finished(n, id);
      assert.equal(j.status, 'succeeded', `${n}: ${j.errorReason ?? ''}`);
    }
    const outputsOf = (n: Name): Record<string, unknown> =>
      (getJobResult(c.node(n).store, id) as { outputs: Record<string, unknown> }).outputs;
    // The auditor is only a member: the program made it a party; it holds the total only.
    assert.deepEqual(getJob(c.node('auditor').store, id)!.roles, ['recipient']);
    assert.deepEqual(outputsOf('auditor'), { total: ['43'] });
    assert.deepEqual(outputsOf('regulator'), { total: ['43'], twice: ['86'] });
    for (const n of COMMITTEE) assert.deepEqual(outputsOf(n), { total: ['43'] }, n);
  });
});
