/** Unit tests of the executor's parts: digest, control messages, directory and job plan. */
import { fields } from '../../../src/mpc/field/prime-field.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  concatBytes,
  hexToBytes,
  keccak256,
  numberToBytes,
  stringToBytes,
  stringToHex,
  type Address,
  type Hex,
} from 'viem';
import { JobStatus, type Job } from '../../../src/ledger/types.js';
import {
  fpFromBigInts,
  fpToBigInts,
  fpVecToBytes,
  type FpVec,
} from '../../../src/mpc/field/vec.js';
import { split } from '../../../src/mpc/sharing/shamir.js';
import { Fp127 } from '../../../src/mpc/field/fp.js';
import {
  STEP_ROWS,
  decodeAbort,
  decodeConfirmation,
  encodeConfirmation,
  decodeRows,
  encodeAbort,
  encodeRows,
  sanitizeReason,
} from '../../../src/node/jobs/control.js';
import {
  outputCommitment,
  reconstructChecked,
  resultDigestOf,
} from '../../../src/node/jobs/digest.js';
import {
  fingerprintOf,
  jobPeersFromMembers,
  parseEndpoint,
} from '../../../src/node/jobs/directory.js';
import { planJob, type JobPeer } from '../../../src/node/jobs/plan.js';
import { paramsHashOf } from '../../../src/programs/params.js';
import { paygap } from '../../../src/programs/paygap.js';
import { loadBuiltinPrograms } from '../../../src/programs/registry.js';

const salt = (b: number): Uint8Array => new Uint8Array(32).fill(b);

test('commitments bind the job, the member, the salt and the shares; the digest binds their order', () => {
  const shares = Uint8Array.from([1, 2, 3]);
  const c = outputCommitment(7n, 1, salt(1), shares);
  assert.notEqual(c, outputCommitment(8n, 1, salt(1), shares), 'job id');
  assert.notEqual(c, outputCommitment(7n, 2, salt(1), shares), 'member index');
  assert.notEqual(c, outputCommitment(7n, 1, salt(2), shares), 'salt');
  assert.notEqual(c, outputCommitment(7n, 1, salt(1), Uint8Array.from([1, 2, 4])), 'shares');
  assert.notEqual(c, outputCommitment(7n, 1, salt(1), shares, 1), 'unit');
  const d = resultDigestOf(7n, [c, outputCommitment(7n, 2, salt(3), shares)]);
  assert.notEqual(d, resultDigestOf(7n, [outputCommitment(7n, 2, salt(3), shares), c]), 'order');
  assert.notEqual(d, resultDigestOf(8n, [c, outputCommitment(7n, 2, salt(3), shares)]), 'job');
  assert.throws(() => outputCommitment(7n, 1, new Uint8Array(31), shares), RangeError);
  // The definition of docs/jobs.md, computed independently (and a change in a hex letter counts).
  const c1 = `0x${'ab'.repeat(32)}` as const;
  const c2 = `0x${'cd'.repeat(32)}` as const;
  const want = keccak256(
    concatBytes([
      stringToBytes('parley-result/2'),
      numberToBytes(7n, { size: 32 }),
      hexToBytes(c1),
      hexToBytes(c2),
    ]),
  );
  assert.equal(resultDigestOf(7n, [c1, c2]), want);
  assert.notEqual(resultDigestOf(7n, [c1, `0x${'cd'.repeat(31)}ce`]), want);
  const wantC = keccak256(
    concatBytes([
      stringToBytes('parley-output/2'),
      numberToBytes(7n, { size: 32 }),
      Uint8Array.from([0, 0, 0, 1]),
      Uint8Array.from([0, 0, 0, 0]),
      salt(1),
      shares,
    ]),
  );
  assert.equal(c, wantC);
});

test('reconstructChecked recovers the secrets and names a member whose shares are off', () => {
  const n = 4;
  const t = 1;
  const secrets = [5n, Fp127.ORDER - 3n, 0n];
  const per = secrets.map((s) => split(Fp127, s, t, n));
  const shares: FpVec[] = Array.from({ length: n }, (_, i) =>
    fpFromBigInts(
      fields.p127,
      per.map((sh) => sh[i]!.y),
    ),
  );
  const names = ['a', 'b', 'c', 'd'];
  assert.deepEqual(fpToBigInts(reconstructChecked(shares, t, names)), secrets);
  const bad = fpFromBigInts(
    fields.p127,
    fpToBigInts(shares[2]!).map((y, k) => (k === 1 ? (y + 1n) % Fp127.ORDER : y)),
  );
  const tampered = [shares[0]!, shares[1]!, bad, shares[3]!];
  assert.throws(() => reconstructChecked(tampered, t, names), {
    code: 'ERR_JOB_DIGEST',
    details: { party: 'c' },
  });
  assert.equal(fpVecToBytes(shares[0]!).length, 3 * 16);
});

test('control messages are parsed strictly', () => {
  assert.deepEqual(decodeRows(encodeRows([3, 0, 70000]), 'acme', 3, 1 << 24), [3, 0, 70000]);
  assert.throws(
    () => decodeRows(encodeRows([3]), 'acme', 2, 100),
    (err: Error & { code?: string; details?: Record<string, unknown> }) =>
      err.code === 'ERR_PEER_MESSAGE' &&
      err.details?.['party'] === 'acme' &&
      err.details['step'] === STEP_ROWS,
  );
  assert.throws(() => decodeRows(encodeRows([101]), 'acme', 1, 100), /more than the limit/);
  assert.throws(() => decodeRows(new Uint8Array(3), 'acme', 1, 100), /shorter than its header/);
  assert.throws(() => decodeRows(new Uint8Array(9), 'acme', 1, 100), /announced 0 inputs/);
  assert.equal(
    decodeAbort(encodeAbort('inputs: acme reports: bad row'), 'acme'),
    'inputs: acme reports: bad row',
  );
  assert.throws(() => decodeAbort(Uint8Array.from([0xff, 0xfe]), 'acme'), /not UTF-8/);
  assert.throws(() => decodeAbort(new Uint8Array(513).fill(65), 'acme'), /longer than 512/);
  assert.equal(sanitizeReason('a\u0000b\nc'), 'a?b?c');
  const long = sanitizeReason('é'.repeat(600));
  assert.ok(new TextEncoder().encode(long).length <= 512 && long.endsWith('...'));
});

test('recipient confirmations are parsed strictly and round-trip', () => {
  const limits = { outputs: 5, members: 3 };
  const digest = `0x${'ab'.repeat(32)}` as const;
  assert.deepEqual(decodeConfirmation(encodeConfirmation({ ok: true, digest }), 'r', limits), {
    ok: true,
    digest,
  });
  for (const [kind, index] of [
    ['range', 4],
    ['inconsistent', 0],
    ['malformed', 2],
  ] as const) {
    const c = { ok: false, kind, index } as const;
    assert.deepEqual(decodeConfirmation(encodeConfirmation(c), 'r', limits), c);
  }
  const refuse = (bytes: number[], re: RegExp): void => {
    assert.throws(
      () => decodeConfirmation(Uint8Array.from(bytes), 'regulator', limits),
      (err: Error & { code?: string; details?: Record<string, unknown> }) =>
        err.code === 'ERR_PEER_MESSAGE' &&
        err.details?.['party'] === 'regulator' &&
        re.test(err.message),
    );
  };
  refuse([], /unknown verdict/);
  refuse([3, 0, 0, 0], /unknown verdict/);
  refuse([1, 0], /expected 33 bytes/);
  refuse([2, 1, 0], /expected 4 bytes/);
  refuse([2, 4, 0, 0], /unknown refusal kind/);
  refuse([2, 1, 0, 5], /output 5, out of range/);
  refuse([2, 2, 0, 3], /member 3, out of range/);
});

test('member records: endpoints and TLS keys parse, unusable ones are left out', () => {
  assert.deepEqual(parseEndpoint('127.0.0.1:7443'), { host: '127.0.0.1', port: 7443 });
  assert.deepEqual(parseEndpoint('tls://node.example.org:7443/'), {
    host: 'node.example.org',
    port: 7443,
  });
  assert.deepEqual(parseEndpoint('[::1]:9000'), { host: '::1', port: 9000 });
  for (const bad of ['node.example.org', 'h:0', 'h:70000', 'https://h', 'a b:1']) {
    assert.equal(parseEndpoint(bad), undefined, bad);
  }
  const fp = 'ab'.repeat(32);
  assert.equal(fingerprintOf(`0x${fp}`), fp);
  assert.equal(fingerprintOf('0x1234'), undefined);
  assert.match(fingerprintOf(`0x${'30'.repeat(91)}`) ?? '', /^[0-9a-f]{64}$/, 'SPKI DER is hashed');
  const a = '0x0000000000000000000000000000000000000001' as const;
  const peers = jobPeersFromMembers([
    { account: a, name: 'acme', endpoint: '127.0.0.1:1', tlsPublicKey: `0x${fp}` },
    { account: a, name: 'nokey', endpoint: '127.0.0.1:1', tlsPublicKey: '0x' },
    { account: a, name: 'noport', endpoint: 'x', tlsPublicKey: `0x${fp}` },
  ]);
  assert.deepEqual(
    peers.map((p) => p.name),
    ['acme'],
  );
});

test('planJob: parties, roles and threshold; refusals name the problem', async () => {
  const programs = await loadBuiltinPrograms();
  const addr = (i: number): Address => `0x${i.toString(16).padStart(40, '0')}`;
  const names = ['acme', 'globex', 'initech', 'regulator', 'auditor'];
  const peers: JobPeer[] = names.map((name, i) => ({
    name,
    address: addr(i + 1),
    host: '127.0.0.1',
    port: 7000 + i,
    fingerprint: (i + 1).toString(16).padStart(64, '0'),
  }));
  const h = (s: string): Hex => keccak256(stringToHex(s));
  const job = {
    id: 9n,
    status: JobStatus.Running,
    programHash: programs.get('paygap').codeHash,
    paramsHash: paramsHashOf(paygap, { threshold: 5 }),
    inputs: [h('a'), h('b'), h('c')],
    inputOwners: [addr(1), addr(2), addr(3)],
    committee: [addr(5), addr(1), addr(2)],
    recipients: [addr(4), addr(3)],
    reason: '',
  } as unknown as Job;
  const base = { job, peers, programs, params: { threshold: 5 }, session: 's' };
  const plan = planJob({ ...base, self: { name: 'initech', address: addr(3) } });
  assert.deepEqual(plan.parties, ['auditor', 'acme', 'globex', 'initech', 'regulator']);
  assert.deepEqual(plan.committee, ['auditor', 'acme', 'globex']);
  assert.equal(plan.t, 1);
  assert.deepEqual(plan.mine, [2]);
  assert.equal(plan.isMember, false);
  assert.equal(plan.isRecipient, true);
  assert.deepEqual(
    plan.peers.map((p) => p.name),
    ['auditor', 'acme', 'globex', 'regulator'],
  );

  const refuse = (
    over: object,
    self: { name: string; address: Address },
    re: RegExp,
    code = 'ERR_JOB_CONFIG',
  ): void =>
    assert.throws(
      () => planJob({ ...base, ...over, self }),
      (err: Error & { code?: string }) => err.code === code && re.test(err.message),
      re.source,
    );
  const acme = { name: 'acme', address: addr(1) };
  refuse({ params: { threshold: 6 } }, acme, /do not hash to its on-chain params hash/);
  refuse({ params: { threshold: 500 } }, acme, /parameter threshold/, 'ERR_PROGRAM_PARAM');
  refuse({ job: { ...job, status: JobStatus.Succeeded } }, acme, /not Ready or Running/);
  refuse({ job: { ...job, programHash: h('other') } }, acme, /No program/, 'ERR_PROGRAM_NOT_FOUND');
  refuse({ peers: peers.slice(0, 3) }, acme, /0x0+5 is not in the member directory/);
  refuse({}, { name: 'outsider', address: addr(9) }, /not a party of job 9/);
  refuse(
    { peers: peers.map((p) => (p.name === 'globex' ? { ...p, name: 'acme' } : p)) },
    acme,
    /share the member name acme/,
  );
});
