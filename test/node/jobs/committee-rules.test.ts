/**
 * The committee rules: the threshold rule (t = 0 only for one member on its own data) and each
 * owner requirement, with random committees checked against a direct restatement of the rule.
 */
import { describe, test } from 'node:test';
import { deepEqual, equal, match, ok } from 'node:assert/strict';
import {
  committeeThreshold,
  requirementProblems,
  thresholdProblem,
  type JobFacts,
  type RuleMember,
} from '../../../src/node/jobs/committee-rules.js';

const m = (name: string, jurisdiction = 'DE'): RuleMember => ({
  name,
  address: `0x${name.padEnd(40, '0').slice(0, 40)}`,
  jurisdiction,
});
const acme = m('acme');
const globex = m('globex', 'FR');
const initech = m('initech', 'US');
const hooli = m('hooli');
const umbrella = m('umbrella');

const facts = (p: Partial<JobFacts>): JobFacts => ({
  committee: [acme, globex, initech],
  owners: [acme, globex],
  requester: acme,
  recipients: [acme],
  ...p,
});

describe('threshold rule', () => {
  test('t = ⌊(n − 1)/2⌋', () => {
    deepEqual([1, 2, 3, 4, 5, 6, 7].map(committeeThreshold), [0, 0, 1, 1, 2, 2, 3]);
  });

  test("a committee of one on its own data may run; on anyone else's it may not", () => {
    equal(thresholdProblem(facts({ committee: [acme], owners: [acme, acme] })), undefined);
    equal(
      thresholdProblem(facts({ committee: [acme], owners: [acme, globex] })),
      'a committee of 1 has threshold t = 0: acme would see every input in the clear; a job with inputs of acme and globex needs a committee of at least 3 members',
    );
  });

  test("a committee of two is t = 0 even on one of its own members' data", () => {
    const p = thresholdProblem(facts({ committee: [acme, globex], owners: [acme] }));
    match(p!, /^a committee of 2 has threshold t = 0: each member would see every input/);
    match(p!, /inputs of acme needs a committee of at least 3 members$/);
  });

  test("random committees: refused exactly when t = 0 and some input is not the sole member's", () => {
    const pool = [acme, globex, initech, hooli, umbrella];
    for (let k = 0; k < 500; k++) {
      const pick = (): RuleMember => pool[Math.floor(Math.random() * pool.length)]!;
      const n = 1 + Math.floor(Math.random() * 5);
      const committee = pool.slice(0, n);
      const owners = Array.from({ length: 1 + Math.floor(Math.random() * 3) }, pick);
      const expected = n < 3 && !(n === 1 && owners.every((o) => o === committee[0]));
      equal(
        thresholdProblem(facts({ committee, owners })) !== undefined,
        expected,
        `${n} ${owners.map((o) => o.name).join()}`,
      );
    }
  });
});

describe('owner requirements', () => {
  test('none: no problem', () => {
    deepEqual(requirementProblems('acme', {}, facts({}), { rows: 10, outputs: 3, uses: 100 }), []);
  });

  test('minimum committee size, in user terms', () => {
    deepEqual(requirementProblems('acme', { minCommittee: 4 }, facts({}), {}), [
      "committee has 3 members; acme's policy requires at least 4",
    ]);
    deepEqual(requirementProblems('acme', { minCommittee: 3 }, facts({}), {}), []);
  });

  test('minimum threshold', () => {
    deepEqual(requirementProblems('acme', { minThreshold: 2 }, facts({}), {}), [
      "committee of 3 has threshold t = 1; acme's policy requires t >= 2 (at least 5 members)",
    ]);
    deepEqual(
      requirementProblems(
        'acme',
        { minThreshold: 2 },
        facts({ committee: [acme, globex, initech, hooli, umbrella] }),
        {},
      ),
      [],
    );
  });

  test('requester and recipients off the committee', () => {
    deepEqual(requirementProblems('globex', { requesterNotOnCommittee: true }, facts({}), {}), [
      "the requester acme is on the committee; globex's policy forbids it",
    ]);
    deepEqual(
      requirementProblems(
        'globex',
        { requesterNotOnCommittee: true },
        facts({ requester: hooli }),
        {},
      ),
      [],
    );
    deepEqual(
      requirementProblems(
        'globex',
        { recipientsNotOnCommittee: true },
        facts({ recipients: [hooli, acme, globex] }),
        {},
      ),
      [
        "recipients acme and globex are on the committee; globex's policy forbids recipients on the committee",
      ],
    );
    deepEqual(
      requirementProblems(
        'globex',
        { recipientsNotOnCommittee: true },
        facts({ recipients: [hooli] }),
        {},
      ),
      [],
    );
  });

  test('jurisdictions: every member from the list (case-insensitive); unknown fails', () => {
    deepEqual(requirementProblems('acme', { jurisdictions: ['DE', 'fr'] }, facts({}), {}), [
      "committee member initech (US) is outside DE, fr; acme's policy requires members from DE, fr",
    ]);
    deepEqual(
      requirementProblems('acme', { jurisdictions: ['de', 'FR', 'US'] }, facts({}), {}),
      [],
    );
    const unknown = { name: 'ghost', address: '0x' + '9'.repeat(40) };
    match(
      requirementProblems(
        'acme',
        { jurisdictions: ['DE'] },
        facts({ committee: [acme, hooli, unknown] }),
        {},
      )[0]!,
      /ghost \(jurisdiction unknown\) is outside DE/,
    );
  });

  test('caps on rows, outputs and uses (at the cap passes, one over fails)', () => {
    const r = { maxRows: 100, maxOutputs: 4, maxUses: 2 };
    deepEqual(requirementProblems('acme', r, facts({}), { rows: 100, outputs: 4, uses: 1 }), []);
    deepEqual(requirementProblems('acme', r, facts({}), { rows: 101, outputs: 5, uses: 2 }), [
      "the dataset has 101 rows; acme's policy allows at most 100",
      "the job reveals 5 output values; acme's policy allows at most 4",
      "the dataset was already used in 2 jobs; acme's policy allows at most 2",
    ]);
    // Unknown row and use counts are not guessed; an unknown output count is refused.
    deepEqual(requirementProblems('acme', r, facts({}), {}), [
      "this node cannot tell how many output values the job reveals; acme's policy allows at most 4",
    ]);
    deepEqual(requirementProblems('acme', { maxRows: 1, maxUses: 0 }, facts({}), {}), []);
  });

  test('several failing requirements are all named', () => {
    const p = requirementProblems(
      'acme',
      { minCommittee: 5, requesterNotOnCommittee: true },
      facts({}),
      {},
    );
    equal(p.length, 2);
    ok(p.every((x) => x.includes("acme's policy")));
  });
});
