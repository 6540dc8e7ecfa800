/**
 * The committee rules with a node's store: its own requirements for its own inputs only, row
 * counts from the store or the catalog, output values from the program, and uses counted from
 * the jobs this node took part in (approved ones count at a decision, only ones that ran count
 * right before sharing).
 */
import { test } from 'node:test';
import { deepEqual, equal, match } from 'node:assert/strict';
import type { Member } from '../../src/ledger/types.js';
import { committeeProblems, datasetUses, jobFacts } from '../../src/node/committee.js';
import { importDataset } from '../../src/node/datasets/import.js';
import { openStore } from '../../src/node/store/db.js';
import { recordJob, updateJob } from '../../src/node/store/jobs.js';
import { replacePolicy } from '../../src/node/store/policy.js';
import { loadBuiltinPrograms } from '../../src/programs/registry.js';

const addr = (n: number): `0x${string}` => `0x${n.toString(16).padStart(40, '0')}`;
const member = (n: number, name: string, jurisdiction: string): Member =>
  ({
    account: addr(n),
    name,
    jurisdiction,
    endpoint: 'h:1',
    tlsPublicKey: '0x00',
  }) as unknown as Member;
const members = [
  member(1, 'acme', 'DE'),
  member(2, 'globex', 'FR'),
  member(3, 'initech', 'US'),
  member(4, 'hooli', 'DE'),
];
const self = { name: 'acme', address: addr(1) };

test('facts carry names and jurisdictions from Consortium; an unknown address is named by itself', () => {
  const f = jobFacts(
    {
      inputs: [],
      inputOwners: [addr(2)],
      committee: [addr(1), addr(9)],
      recipients: [addr(3)],
      proposer: addr(4),
    },
    members,
  );
  deepEqual(f.committee[0], { name: 'acme', address: addr(1), jurisdiction: 'DE' });
  deepEqual(f.committee[1], { name: addr(9), address: addr(9) });
  equal(f.requester.name, 'hooli');
});

test("only our own inputs are held to our requirements; caps read the store's rows and the program's outputs", async () => {
  const store = openStore(':memory:');
  try {
    const programs = await loadBuiltinPrograms();
    const sum = programs.get('sum').definition;
    const d = importDataset(store, { name: 'pay', csv: 'pay\n1\n2\n3\n4\n5\n' });
    const theirs = `0x${'ee'.repeat(32)}`;
    const job = {
      jobId: '9',
      inputs: [d.id, theirs],
      inputOwners: [addr(1), addr(2)],
      committee: [addr(1), addr(2), addr(3)],
      recipients: [addr(4)],
      proposer: addr(4),
    };
    deepEqual(
      committeeProblems({ store, self, job, members, program: sum }),
      [],
      'no requirements',
    );
    replacePolicy(
      store,
      [],
      [
        { datasetId: d.id, maxRows: 4, maxOutputs: 0 },
        { datasetId: theirs, minCommittee: 9 }, // not ours: never applied by us
        { jurisdictions: ['DE', 'FR'] },
      ],
    );
    // The other input's rows are unknown here: the output count cannot be told, so refused.
    deepEqual(committeeProblems({ store, self, job, members, program: sum }), [
      "the dataset has 5 rows; acme's policy allows at most 4",
      "this node cannot tell how many output values the job reveals; acme's policy allows at most 0",
      "committee member initech (US) is outside DE, FR; acme's policy requires members from DE, FR",
    ]);
    // With the Catalog's row counts (a NaN one: ours, read from the store).
    deepEqual(
      committeeProblems({ store, self, job, members, program: sum, rows: [Number.NaN, 7] }),
      [
        "the dataset has 5 rows; acme's policy allows at most 4",
        "the job reveals 1 output value; acme's policy allows at most 0",
        "committee member initech (US) is outside DE, FR; acme's policy requires members from DE, FR",
      ],
    );
    match(
      committeeProblems({ store, self, job, members, program: sum, rows: [3, 7] }).join('\n'),
      /^the job reveals/,
    );
    // Not an owner: only the threshold rule.
    deepEqual(
      committeeProblems({ store, self, job: { ...job, inputOwners: [addr(2), addr(2)] }, members }),
      [],
    );
    // The threshold rule comes first and holds for everyone.
    const two = committeeProblems({
      store,
      self,
      job: { ...job, committee: [addr(1), addr(2)] },
      members,
    });
    match(two[0]!, /^a committee of 2 has threshold t = 0/);
  } finally {
    store.close();
  }
});

test('uses: jobs that ran count always, approved ones only at a decision', () => {
  const store = openStore(':memory:');
  try {
    const d = importDataset(store, { name: 'pay', csv: 'pay\n1\n2\n' });
    const spec = (inputs: string[]) => ({
      inputs,
      inputOwners: inputs.map(() => addr(1)),
      committee: [addr(1), addr(2), addr(3)],
      recipients: [addr(4)],
      deadline: 2_000_000_000,
      specHash: `0x${'00'.repeat(32)}`,
    });
    recordJob(store, '1', 'running', { spec: spec([d.id]) });
    updateJob(store, '1', { status: 'running' });
    updateJob(store, '1', { status: 'succeeded' });
    recordJob(store, '2', 'ready', { spec: spec([d.id]) });
    recordJob(store, '3', 'awaiting_approval', { spec: spec([d.id]) });
    recordJob(store, '4', 'failed', { spec: spec([d.id]) }); // failed before it ran here
    recordJob(store, '5', 'running', { spec: spec([`0x${'ab'.repeat(32)}`]) });
    updateJob(store, '5', { status: 'running' });
    equal(datasetUses(store, d.id, { ready: true }), 2);
    equal(datasetUses(store, d.id, { ready: false }), 1);
    equal(datasetUses(store, d.id, { jobId: '1', ready: false }), 0);
    replacePolicy(store, [], [{ maxUses: 2 }]);
    const job = {
      jobId: '2',
      inputs: [d.id],
      inputOwners: [addr(1)],
      committee: [addr(1), addr(2), addr(3)],
      recipients: [addr(4)],
      proposer: addr(4),
    };
    // Job 2 itself is not counted: one job ran, so it may run (cap 2) at either stage.
    deepEqual(committeeProblems({ store, self, job, members, stage: 'share' }), []);
    deepEqual(committeeProblems({ store, self, job, members }), []);
    // A new job at a decision counts the ran one and the approved one.
    deepEqual(committeeProblems({ store, self, job: { ...job, jobId: '6' }, members }), [
      "the dataset was already used in 2 jobs; acme's policy allows at most 2",
    ]);
  } finally {
    store.close();
  }
});
