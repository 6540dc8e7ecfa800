/**
 * Ledger benchmark: gas and transactions per second of each action on a local anvil (automine).
 * Prints one JSON object per line: {"op", "n", "gas", "gas_min", "gas_max", "tx_per_s", "ms_per_tx"}.
 * Sequential mode sends one transaction and waits for its receipt before the next, as a node does;
 * `pinHashes (pipelined)` keeps up to 16 transactions in flight from one account.
 *
 * Usage: npm run bench:ledger [-- --n 30]
 */
import { keccak256, numberToHex, stringToHex, type Hex } from 'viem';
import { approveGrant } from '../../src/ledger/actions/approveGrant.js';
import { approveJob } from '../../src/ledger/actions/approveJob.js';
import { failJob } from '../../src/ledger/actions/failJob.js';
import { getJob } from '../../src/ledger/actions/getJob.js';
import { pinHashes } from '../../src/ledger/actions/pinHashes.js';
import { proposeApproveProgram } from '../../src/ledger/actions/proposeApproveProgram.js';
import { proposeJob } from '../../src/ledger/actions/proposeJob.js';
import { publishDataset } from '../../src/ledger/actions/publishDataset.js';
import { requestGrant } from '../../src/ledger/actions/requestGrant.js';
import { signJobResult } from '../../src/ledger/actions/signJobResult.js';
import { startJob } from '../../src/ledger/actions/startJob.js';
import { submitResult } from '../../src/ledger/actions/submitResult.js';
import { updateDataset } from '../../src/ledger/actions/updateDataset.js';
import { vote } from '../../src/ledger/actions/vote.js';
import { anvilAccounts, startAnvil } from '../../src/ledger/anvil.js';
import { withAccount, type LedgerClient } from '../../src/ledger/client.js';
import { deployLedger } from '../../src/ledger/deploy.js';
import type { WriteResult } from '../../src/ledger/internal/transact.js';
import type { DatasetMetadata, JobSpec } from '../../src/ledger/types.js';

/** A small published program for approve-program proposals (nodes check the hash, not the chain). */
const PUBLISHED = {
  name: 'bench',
  version: '1',
  bundle: stringToHex('globalThis.__parleyProgram = {};'),
  sources: stringToHex('{}'),
} as const;

const nArg = process.argv.indexOf('--n');
const N = nArg >= 0 ? Number(process.argv[nArg + 1]) : 30;

let counter = 0;
const fresh = (label: string): Hex =>
  keccak256(numberToHex(BigInt(++counter) * 1000003n + BigInt(label.length)));

function meta(title: string): DatasetMetadata {
  return {
    title,
    description: 'Monthly payroll extract: one row per employee',
    columns: [
      { name: 'salary', dataType: 'int64', unit: 'EUR' },
      { name: 'gender', dataType: 'bool', unit: '' },
      { name: 'level', dataType: 'int64', unit: '' },
    ],
    rowCount: 12000n,
    contentHash: fresh('content'),
    tags: ['hr', 'payroll'],
    releaseTime: 0n,
  };
}

/** Runs `step(i)` n times sequentially and prints its gas and throughput. */
async function measure(
  op: string,
  n: number,
  step: (i: number) => Promise<WriteResult>,
  extra: Record<string, number> = {},
): Promise<void> {
  const gas: bigint[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) gas.push((await step(i)).receipt.gasUsed);
  report(op, n, gas, performance.now() - t0, extra);
}

function report(
  op: string,
  n: number,
  gas: readonly bigint[],
  ms: number,
  extra: Record<string, number> = {},
): void {
  const nums = gas.map(Number);
  const mean = Math.round(nums.reduce((a, b) => a + b, 0) / nums.length);
  console.log(
    JSON.stringify({
      op,
      n,
      gas: mean,
      gas_min: Math.min(...nums),
      gas_max: Math.max(...nums),
      tx_per_s: Math.round((n / ms) * 1000 * 10) / 10,
      ms_per_tx: Math.round((ms / n) * 100) / 100,
      ...extra,
    }),
  );
}

async function main(): Promise<void> {
  const anvil = await startAnvil();
  try {
    const deployer = anvilAccounts[0];
    if (deployer === undefined) throw new Error('bench: no dev account');
    const members = [1, 2, 3, 4].map((i) => {
      const a = anvilAccounts[i];
      if (a === undefined) throw new Error('bench: no dev account');
      return a;
    });
    const { client: base } = await deployLedger({
      rpcUrl: anvil.rpcUrl,
      account: deployer.privateKey,
      genesisMembers: members.map((m, i) => ({
        account: m.address,
        info: {
          name: `Org ${i + 1}`,
          endpoint: `https://org${i + 1}.example:7443`,
          tlsPublicKey: keccak256(numberToHex(i)),
          jurisdiction: 'DE',
        },
      })),
      threshold: 2n,
    });
    const c: LedgerClient[] = [base, ...members.map((m) => withAccount(base, m.privateKey))];
    const at = (i: number): LedgerClient => {
      const x = c[i];
      if (x === undefined) throw new Error('bench: no client');
      return x;
    };
    const addr = (i: number) => members[i - 1]?.address ?? deployer.address;
    const now = async () => (await base.publicClient.getBlock()).timestamp;

    // Governance: a proposal, then the vote that executes it.
    const proposals: bigint[] = [];
    await measure('proposeApproveProgram', N, async () => {
      const r = await proposeApproveProgram(at(1), { ...PUBLISHED, programHash: fresh('p') });
      proposals.push(r.proposalId);
      return r;
    });
    await measure('vote (executes)', N, (i) => vote(at(2), { proposalId: proposals[i] ?? 0n }));
    const program = fresh('program');
    await vote(at(2), {
      proposalId: (await proposeApproveProgram(at(1), { ...PUBLISHED, programHash: program }))
        .proposalId,
    });

    // Catalog.
    const ds: Hex[] = [];
    await measure('publishDataset', N, (i) => {
      const id = fresh(`ds${i}`);
      ds.push(id);
      return publishDataset(at(1 + (i % 3)), { datasetId: id, metadata: meta(`Payroll ${i}`) });
    });
    await measure('updateDataset', N, (i) =>
      updateDataset(at(1 + (i % 3)), {
        datasetId: ds[i] ?? '0x',
        metadata: meta(`Payroll ${i} v2`),
      }),
    );

    // Grants: member 4 asks member 1 for dataset ds[0].
    const expiresAt = (await now()) + 86400n;
    const grants: bigint[] = [];
    await measure('requestGrant', N, async () => {
      const r = await requestGrant(at(4), {
        datasetId: ds[0] ?? '0x',
        purpose: 'pay gap certificate',
        programHashes: [program],
        expiresAt,
        maxUses: 5,
      });
      grants.push(r.grantId);
      return r;
    });
    await measure('approveGrant', N, (i) => approveGrant(at(1), { grantId: grants[i] ?? 0n }));

    // Jobs over three datasets of members 1, 2, 3; proposed by 1; committee 1, 2, 3.
    const spec = async (): Promise<JobSpec> => ({
      programHash: program,
      inputs: [ds[0] ?? '0x', ds[1] ?? '0x', ds[2] ?? '0x'],
      grantIds: [0n, 0n, 0n],
      committee: [addr(1), addr(2), addr(3)],
      recipients: [addr(4)],
      paramsHash: fresh('params'),
      deadline: (await now()) + 86400n,
    });
    const jobs: { jobId: bigint; specHash: Hex }[] = [];
    await measure('proposeJob (3 inputs, committee 3)', N, async () => {
      const r = await proposeJob(at(1), { spec: await spec() });
      jobs.push(r);
      return r;
    });
    await measure('approveJob', N, (i) =>
      approveJob(at(2), jobs[i] ?? { jobId: 0n, specHash: '0x' }),
    );
    for (const j of jobs) await approveJob(at(3), j);
    await measure('startJob', N, (i) => startJob(at(1), { jobId: jobs[i]?.jobId ?? 0n }));
    const digest = fresh('result');
    const sigs: Hex[][] = [];
    for (const j of jobs) {
      sigs.push(
        await Promise.all(
          [1, 2, 3].map((k) => signJobResult(at(k), { jobId: j.jobId, resultDigest: digest })),
        ),
      );
    }
    const half = Math.floor(N / 2);
    await measure('submitResult (3 signatures)', half, (i) =>
      submitResult(at(4), {
        jobId: jobs[i]?.jobId ?? 0n,
        resultDigest: digest,
        signatures: sigs[i] ?? [],
      }),
    );
    await measure('failJob', N - half, (i) =>
      failJob(at(2), { jobId: jobs[half + i]?.jobId ?? 0n, reason: 'party timed out' }),
    );
    if ((await getJob(base, { jobId: jobs[0]?.jobId ?? 0n })).status !== 4) {
      throw new Error('bench: job did not succeed');
    }
    // A job covered by a grant is Ready at once (the grant use is counted in the same transaction).
    await measure('proposeJob (grant-covered, 1 input)', Math.min(N, grants.length), async (i) =>
      proposeJob(at(4), {
        spec: { ...(await spec()), inputs: [ds[0] ?? '0x'], grantIds: [grants[i] ?? 0n] },
      }),
    );

    // Pins.
    await measure('pinHashes (1 hash)', N, () => pinHashes(at(1), { hashes: [fresh('pin')] }));
    const batch = 100;
    await measure(
      `pinHashes (${batch} hashes)`,
      Math.max(5, Math.floor(N / 3)),
      () => pinHashes(at(2), { hashes: Array.from({ length: batch }, () => fresh('pin')) }),
      { hashes_per_tx: batch },
    );
    // Pipelined: up to 16 transactions in flight from one account (nonces managed locally).
    const total = N * 4;
    const gas: bigint[] = [];
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < total) {
          next++;
          gas.push((await pinHashes(at(3), { hashes: [fresh('pp')] })).receipt.gasUsed);
        }
      }),
    );
    report('pinHashes (1 hash, 16 in flight)', total, gas, performance.now() - t0);
  } finally {
    await anvil.stop();
  }
}

await main();
