/**
 * Jobs: propose (POST /v1/jobs), list, show, the progress log (for `parley job watch`), a
 * recipient's verified result, and cancel. Job state comes from the store, which the daemon
 * keeps in step with the ledger; a proposal goes on chain first, then into the store.
 *
 * @module
 */
import { getPublicOutputs } from '../../../ledger/actions/getPublicOutputs.js';
import { decodePublicOutputs } from '../../jobs/outputs.js';
import { checkArtifactInputs } from '../../jobs/artifacts.js';
import type { FastifyInstance } from 'fastify';
import { keccak256, type Address, type Hex } from 'viem';
import { readContract } from 'viem/actions';
import { grantsAbi } from '../../../ledger/abi.js';
import { cancelJob } from '../../../ledger/actions/cancelJob.js';
import { getDataset as getLedgerDataset } from '../../../ledger/actions/getDataset.js';
import { proposeJob } from '../../../ledger/actions/proposeJob.js';
import type { LedgerClient } from '../../../ledger/client.js';
import { ContractRevertError, toLedgerError } from '../../../ledger/errors.js';
import type { JobSpec } from '../../../ledger/types.js';
import { checkCatalogInputs, type CatalogInput } from '../../../programs/limits.js';
import { paramsPreimageOf, validateParams } from '../../../programs/params.js';
import { catalogInputOf } from '../../jobs/catalog-inputs.js';
import { ProgramNotFoundError } from '../../../programs/errors.js';
import { committeeProblems, jobFacts } from '../../committee.js';
import { thresholdProblem } from '../../jobs/committee-rules.js';
import {
  JobCommitteeError,
  JobInputError,
  JobNoResultError,
  JobNotFoundError,
  JobNotRecipientError,
} from '../../errors.js';
import { listGrants } from '../../store/grants.js';
import {
  addJobEvent,
  getJob,
  getJobResult,
  listJobEvents,
  listJobs,
  recordJob,
  updateJob,
  type JobRecord,
  type JobRole,
  type JobStatus,
} from '../../store/jobs.js';
import {
  chainNow,
  memberDirectory,
  sameAddress,
  selfAddress,
  tryMemberDirectory,
  type ApiContext,
} from '../context.js';
import { outputLabels } from '../../../programs/describe.js';
import type { Params, ProgramDefinition } from '../../../programs/types.js';
import type { StoredJobResult } from '../../runner/launcher.js';
import { errorBodySchema } from '../errors.js';
import {
  commonErrors,
  datasetIdSchema,
  ledgerErrors,
  ledgerIdParams,
  memberRefSchema,
  type JsonSchema,
} from '../schemas.js';

/** Seconds from now (chain time) to a job's deadline when the proposal names none. */
export const DEFAULT_DEADLINE_SECONDS = 3600;

const STATUSES: readonly JobStatus[] = [
  'proposed',
  'awaiting_approval',
  'ready',
  'running',
  'succeeded',
  'failed',
  'rejected',
  'cancelled',
];

const strings = { type: 'array', items: { type: 'string' } } as const;

export const jobSchema: JsonSchema = {
  type: 'object',
  // Every field: the store's JobRecord always has them all (null when not known yet).
  required: [
    'id',
    'status',
    'roles',
    'program',
    'programHash',
    'params',
    'proposer',
    'spec',
    'phase',
    'progress',
    'hasResult',
    'resultDigest',
    'errorCode',
    'errorReason',
    'createdAt',
    'updatedAt',
    'startedAt',
    'finishedAt',
  ],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: STATUSES },
    roles: {
      type: 'array',
      items: { type: 'string', enum: ['proposer', 'input', 'compute', 'recipient'] },
    },
    program: { type: ['string', 'null'] },
    programHash: { type: ['string', 'null'] },
    params: {
      type: ['object', 'null'],
      additionalProperties: {
        type: ['number', 'string', 'boolean', 'array'],
        items: { type: ['number', 'string'] },
      },
    },
    proposer: { type: ['string', 'null'] },
    spec: {
      type: ['object', 'null'],
      required: ['inputs', 'inputOwners', 'committee', 'recipients', 'deadline', 'specHash'],
      additionalProperties: false,
      properties: {
        inputs: strings,
        inputOwners: strings,
        committee: strings,
        recipients: strings,
        deadline: { type: 'integer', description: 'Unix seconds.' },
        specHash: { type: 'string' },
      },
    },
    phase: { type: ['string', 'null'] },
    progress: { type: 'number' },
    hasResult: { type: 'boolean' },
    resultDigest: { type: ['string', 'null'] },
    errorCode: { type: ['string', 'null'] },
    errorReason: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    startedAt: { type: ['string', 'null'] },
    finishedAt: { type: ['string', 'null'] },
  },
};

export interface ProposeJobBody {
  readonly program: string;
  readonly inputs: readonly string[];
  readonly committee: readonly string[];
  readonly recipients: readonly string[];
  readonly params?: Readonly<Record<string, unknown>>;
  readonly deadlineSeconds?: number;
}

const proposeBodySchema: JsonSchema = {
  type: 'object',
  required: ['program', 'inputs', 'committee', 'recipients'],
  additionalProperties: false,
  properties: {
    program: {
      type: 'string',
      pattern: '^[a-z0-9-]{1,64}$',
      description: 'A program name (GET /v1/programs).',
    },
    inputs: { type: 'array', minItems: 1, maxItems: 64, items: datasetIdSchema },
    committee: { type: 'array', minItems: 1, maxItems: 16, items: memberRefSchema },
    recipients: { type: 'array', minItems: 1, maxItems: 16, items: memberRefSchema },
    params: {
      type: 'object',
      maxProperties: 64,
      additionalProperties: {
        type: ['number', 'string', 'boolean', 'array'],
        items: { type: ['number', 'string'] },
      },
    },
    deadlineSeconds: {
      type: 'integer',
      minimum: 60,
      maximum: 30 * 86_400,
      description: `Seconds from now to the deadline (default ${DEFAULT_DEADLINE_SECONDS}).`,
    },
  },
};

/** True if grant `grantId` lets `user` use `datasetId` with `programHash` now (Grants.checkUsable). */
async function usable(
  ledger: LedgerClient,
  grantId: bigint,
  datasetId: Hex,
  user: Address,
  programHash: Hex,
): Promise<boolean> {
  try {
    await readContract(ledger.publicClient, {
      address: ledger.addresses.grants,
      abi: grantsAbi,
      functionName: 'checkUsable',
      args: [grantId, datasetId, user, programHash],
    });
    return true;
  } catch (err) {
    // A refusal (GrantExpired, GrantExhausted, ...) means "not usable"; an unreachable chain is
    // an error, not a reason to propose without the grant.
    const e = toLedgerError(err, { contract: 'Grants', functionName: 'checkUsable' });
    if (e instanceof ContractRevertError) return false;
    throw e;
  }
}

/**
 * Proposes a job for a REST request: resolves member names, input owners and our usable grants,
 * validates the params, checks the inputs against the program's limits from the catalog's
 * metadata, publishes the params with the proposal, and records the job.
 * @throws {ProgramNotFoundError} | {ProgramParamError} | {MemberUnknownError} | {JobInputError}
 * @throws {JobCommitteeError} if the committee breaks the threshold rule or this node's own policy
 *   for its own inputs (nothing goes on chain).
 * @throws {ProgramInputError} naming the dataset, column and limit (nothing goes on chain).
 * @throws {ContractRevertError} when the chain refuses the proposal.
 * @example
 * ```ts
 * const job = await proposeJobFromRequest(ctx, { program: 'sum', inputs: [id], committee: ['Org 1'],
 *   recipients: ['Org 1'], params: { column: 'pay' } });
 * ```
 */
export async function proposeJobFromRequest(
  ctx: ApiContext,
  b: ProposeJobBody,
): Promise<JobRecord> {
  if (ctx.programs === undefined) throw new ProgramNotFoundError(JSON.stringify(b.program));
  const program = ctx.programs.get(b.program);
  const def = program.definition;
  const params = validateParams(def, b.params ?? {});
  const preimage = paramsPreimageOf(def, params);
  const ledger = ctx.ledger();
  const self = selfAddress(ctx);
  const members = await memberDirectory(ledger);
  const committee = b.committee.map((m, i) => members.resolve(m, `committee[${i}]`));
  const recipients = b.recipients.map((m, i) => members.resolve(m, `recipients[${i}]`));
  const programHash = program.codeHash.toLowerCase() as Hex;
  const owners: Address[] = [];
  const catalog: CatalogInput[] = [];
  for (const input of b.inputs) {
    let d;
    try {
      d = await getLedgerDataset(ledger, { datasetId: input as Hex });
    } catch (err) {
      if (err instanceof ContractRevertError && err.errorName === 'DatasetNotFound') {
        throw new JobInputError(input, 'unknown', { cause: err });
      }
      throw err;
    }
    if (d.withdrawn) throw new JobInputError(input, 'withdrawn');
    owners.push(d.owner);
    catalog.push(catalogInputOf(input, d));
  }
  // Artifacts the job takes: same committee, inputs = their source datasets; refused here,
  // before anything goes on chain (every party checks again before it runs).
  const arts = await checkArtifactInputs(
    ledger,
    ctx.programs,
    def,
    params,
    committee,
    b.inputs as Hex[],
    (a) => members.nameOf(a) ?? a,
  );
  // The program's limits against the catalog, before anything goes on chain; each owner checks
  // the same limits again on its plaintext before sharing (datasets behind artifacts are not read).
  if (arts.length === 0) checkCatalogInputs(def, params, catalog);
  // Committee rules, before anything goes on chain: t = 0 only for one member on its own data;
  // our own policy for our own inputs (other owners check theirs when they approve).
  const t0 = thresholdProblem(
    jobFacts(
      { inputs: b.inputs, inputOwners: owners, committee, recipients, proposer: self },
      members.members,
    ),
  );
  if (t0 !== undefined) throw new JobCommitteeError([t0], 'threshold');
  const selfName = members.nameOf(self);
  const ours = committeeProblems({
    store: ctx.store,
    self: { name: selfName, address: self },
    job: { inputs: b.inputs, inputOwners: owners, committee, recipients, proposer: self },
    members: members.members,
    program: def,
    rows: catalog.map((c) => c.rows),
  });
  if (ours.length > 0) throw new JobCommitteeError(ours, 'policy');
  const outgoing = listGrants(ctx.store, { direction: 'outgoing' }).filter(
    (g) => g.status === 'approved' || g.status === 'requested',
  );
  const grantIds: bigint[] = [];
  for (const [i, input] of b.inputs.entries()) {
    let chosen = 0n;
    if (!sameAddress(owners[i]!, self)) {
      for (const g of outgoing) {
        if (g.datasetId.toLowerCase() !== input.toLowerCase()) continue;
        if (!g.programHashes.some((h) => h.toLowerCase() === programHash)) continue;
        if (await usable(ledger, BigInt(g.id), input as Hex, self, programHash)) {
          chosen = BigInt(g.id);
          break;
        }
      }
    }
    grantIds.push(chosen);
  }
  const deadline = (await chainNow(ledger)) + BigInt(b.deadlineSeconds ?? DEFAULT_DEADLINE_SECONDS);
  const spec: JobSpec = {
    programHash,
    inputs: b.inputs as Hex[],
    grantIds,
    committee,
    recipients,
    paramsHash: keccak256(preimage),
    deadline,
  };
  const { jobId, specHash, ready } = await proposeJob(ledger, { spec, params: preimage });
  const roles: JobRole[] = ['proposer'];
  if (owners.some((o) => sameAddress(o, self))) roles.push('input');
  if (committee.some((c) => sameAddress(c, self))) roles.push('compute');
  if (recipients.some((r) => sameAddress(r, self))) roles.push('recipient');
  const id = jobId.toString();
  recordJob(ctx.store, id, ready ? 'ready' : 'awaiting_approval', {
    roles,
    program: def.name,
    programHash,
    params,
    proposer: self,
    spec: {
      inputs: [...b.inputs],
      inputOwners: owners,
      committee,
      recipients,
      deadline: Number(deadline),
      specHash,
    },
  });
  const waiting = owners.filter((o, i) => !sameAddress(o, self) && grantIds[i] === 0n);
  addJobEvent(
    ctx.store,
    id,
    'proposed',
    ready
      ? 'proposed; every input is covered, the job is ready'
      : `proposed; waiting for ${new Set(waiting.map((w) => w.toLowerCase())).size} owner(s) to approve`,
  );
  return getJob(ctx.store, id)!;
}

/** The outputs in the order the program declares them (stored in name order). */
function inDeclaredOrder(ctx: ApiContext, j: JobRecord, outputs: unknown): unknown {
  if (typeof outputs !== 'object' || outputs === null || j.program === null) return outputs;
  let names: string[];
  try {
    names = Object.keys(ctx.programs?.get(j.program).definition.outputs ?? {});
  } catch {
    return outputs;
  }
  const o = outputs as Record<string, unknown>;
  const first = names.filter((n) => Object.hasOwn(o, n));
  const rest = Object.keys(o).filter((n) => !first.includes(n));
  return Object.fromEntries([...first, ...rest].map((n) => [n, o[n]]));
}

/** The decimal scale of a catalog column (its `dataType` JSON), 0 for other types. */
function decimalScale(dataType: string): number {
  try {
    const spec = JSON.parse(dataType) as { type?: unknown; scale?: unknown };
    return spec.type === 'decimal' && typeof spec.scale === 'number' ? spec.scale : 0;
  } catch {
    return 0; // a legacy type name: not a decimal
  }
}

/**
 * Each output's unit and, for outputs in a decimal column's stored units (cents for
 * `decimal(2)`), the decimal scale a display divides by (scale · power: 4 for a variance of
 * cents); from the program's output spec and the first input's catalog columns.
 */
async function outputUnits(
  ctx: ApiContext,
  j: JobRecord,
): Promise<{ units: Record<string, string>; scales: Record<string, number> }> {
  const out: Record<string, string> = {};
  const scales: Record<string, number> = {};
  let def;
  try {
    def = j.program === null ? undefined : ctx.programs?.get(j.program).definition;
  } catch {
    def = undefined;
  }
  const first = j.spec?.inputs[0];
  if (def === undefined || j.params === null) return { units: out, scales };
  let columns: readonly { name: string; unit: string; dataType: string }[] = [];
  if (first !== undefined) {
    try {
      columns = (await getLedgerDataset(ctx.ledger(), { datasetId: first as Hex })).columns;
    } catch {
      columns = []; // the chain is unreachable: no units rather than no result
    }
  }
  for (const [name, spec] of Object.entries(def.outputs)) {
    const u = spec.unit?.(j.params as Params);
    if (u === undefined) continue;
    if ('text' in u) out[name] = u.text;
    else {
      const col = columns.find((c) => c.name === u.column);
      const unit = col?.unit ?? '';
      if (unit !== '') out[name] = u.power === 2 ? `${unit}²` : unit;
      const scale = col === undefined ? 0 : decimalScale(col.dataType) * (u.power ?? 1);
      if (scale > 0) scales[name] = scale;
    }
  }
  return { units: out, scales };
}

/** Each output's row labels (owners by member name where the ledger answers, else address). */
async function rowLabels(
  ctx: ApiContext,
  j: JobRecord,
  outputs: unknown,
  elements: Readonly<Record<string, readonly number[]>> = {},
): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  if (typeof outputs !== 'object' || outputs === null) return out;
  let def;
  try {
    def = j.program === null ? undefined : ctx.programs?.get(j.program).definition;
  } catch {
    def = undefined;
  }
  const dir = await tryMemberDirectory(ctx);
  const owners = (j.spec?.inputOwners ?? []).map((a) => dir?.nameOf(a as Address) ?? a);
  for (const [name, values] of Object.entries(outputs)) {
    if (!Array.isArray(values)) continue;
    // An owner's slices: the labels of the elements it received, out of the whole output's.
    const idx = elements[name];
    const total = idx === undefined ? values.length : outputLength(def, name, j, idx);
    const all =
      def === undefined
        ? Array.from({ length: total }, (_, i) => (total === 1 ? 'overall' : String(i + 1)))
        : outputLabels(def, name, { owners, params: (j.params ?? {}) as Params }, total);
    out[name] = idx === undefined ? all : idx.map((e) => all[e] ?? String(e + 1));
  }
  return out;
}

/** The whole length of an output of which this node received the elements `idx`. */
function outputLength(
  def: ProgramDefinition | undefined,
  name: string,
  j: JobRecord,
  idx: readonly number[],
): number {
  const spec = def?.outputs[name];
  // 'element' slices: one element per input; 'rows' slices have row labels 1, 2, … anyway.
  if (spec?.slices === 'element') return j.spec?.inputOwners.length ?? idx.length;
  return Math.max(0, ...idx.map((e) => e + 1));
}

const known = (ctx: ApiContext, id: string): JobRecord => {
  const j = getJob(ctx.store, id);
  if (j === undefined) throw new JobNotFoundError(id);
  return j;
};

/**
 * True if this node is one of the job's recipients (from the spec, else its roles).
 * @example
 * ```ts
 * if (!isRecipient(ctx, job)) throw new JobNotRecipientError(job.id);
 * ```
 */
export function isRecipient(ctx: ApiContext, j: JobRecord): boolean {
  // An input owner's slices, or an output for every member: whoever holds a verified result.
  if (getJobResult(ctx.store, j.id) !== undefined) return true;
  if (j.spec !== null)
    return j.spec.recipients.some((r) => sameAddress(r, ctx.identity.chainAddress));
  return j.roles.includes('recipient');
}

/**
 * Registers the job routes.
 * @example
 * ```ts
 * jobRoutes(app, ctx);
 * ```
 */
export function jobRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { store } = ctx;

  app.post<{ Body: ProposeJobBody }>(
    '/v1/jobs',
    {
      schema: {
        summary:
          'Propose a job: a program over datasets, computed by a committee, revealed to recipients.',
        description:
          'Member names are resolved with the Consortium, input owners with the Catalog; our own approved grants cover inputs of others where we hold one. The params are validated against the program and published on chain with the proposal.',
        tags: ['jobs'],
        body: proposeBodySchema,
        response: { 201: jobSchema, ...ledgerErrors, ...commonErrors },
      },
    },
    async (req, reply) => await reply.code(201).send(await proposeJobFromRequest(ctx, req.body)),
  );

  app.get<{ Querystring: { status?: JobStatus } }>(
    '/v1/jobs',
    {
      schema: {
        summary: 'Jobs this node takes part in.',
        tags: ['jobs'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { status: { type: 'string', enum: STATUSES } },
        },
        response: {
          200: {
            type: 'object',
            required: ['jobs'],
            properties: { jobs: { type: 'array', items: jobSchema } },
          },
          ...commonErrors,
        },
      },
    },
    (req) =>
      Promise.resolve({
        jobs: listJobs(store, req.query.status === undefined ? {} : { status: req.query.status }),
      }),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/jobs/:id',
    {
      schema: {
        summary: 'One job: status, roles, program, params, spec, progress, outcome.',
        tags: ['jobs'],
        params: ledgerIdParams,
        response: { 200: jobSchema, 404: errorBodySchema, ...commonErrors },
      },
    },
    (req) => Promise.resolve(known(ctx, req.params.id)),
  );

  app.get<{ Params: { id: string }; Querystring: { after?: string } }>(
    '/v1/jobs/:id/events',
    {
      schema: {
        summary: "The job's progress log on this node, after entry `after`.",
        tags: ['jobs'],
        params: ledgerIdParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            after: {
              type: 'string',
              pattern: '^[0-9]{1,15}$',
              description: 'Only entries with a larger id (default 0: all).',
            },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['events', 'status'],
            properties: {
              events: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['id', 'at', 'phase', 'detail'],
                  additionalProperties: false,
                  properties: {
                    id: { type: 'integer' },
                    at: { type: 'string' },
                    phase: { type: 'string' },
                    detail: { type: ['string', 'null'] },
                  },
                },
              },
              status: { type: 'string', enum: STATUSES },
            },
          },
          404: errorBodySchema,
          ...commonErrors,
        },
      },
    },
    (req) => {
      const j = known(ctx, req.params.id);
      return Promise.resolve({
        events: listJobEvents(store, j.id, Number(req.query.after ?? 0)),
        status: j.status,
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/jobs/:id/result',
    {
      schema: {
        summary:
          "The job's outputs this node received (verified), or else its public outputs as attested on chain.",
        tags: ['jobs'],
        params: ledgerIdParams,
        response: {
          200: {
            type: 'object',
            required: ['jobId', 'program', 'resultDigest', 'outputs'],
            additionalProperties: false,
            properties: {
              jobId: { type: 'string' },
              program: { type: ['string', 'null'] },
              resultDigest: { type: ['string', 'null'] },
              outputs: {
                type: 'object',
                additionalProperties: true,
                description:
                  'Output name to its values (numbers, or strings for large integers, or booleans).',
              },
              units: {
                type: 'object',
                additionalProperties: { type: 'string' },
                description:
                  "Output name to the unit of its values, where it has one (an input column's unit from the catalog, e.g. EUR, or EUR² for a variance; % for a gap).",
              },
              scales: {
                type: 'object',
                additionalProperties: { type: 'integer' },
                description:
                  "Output name to the decimal scale of its values, for outputs in a decimal column's stored units (2 for cents of decimal(2), 4 for a variance in cents²): a display shows value / 10^scale.",
              },
              public: {
                type: 'boolean',
                description:
                  "True when this node received nothing itself and these are the job's public outputs, read from the chain where the committee attested them.",
              },
              suppressed: {
                type: 'object',
                additionalProperties: { type: 'array', items: { type: 'integer' } },
                description:
                  'Output name to the indices of its values withheld by disclosure control (a group of fewer than minGroupSize rows); their value is 0 or false and means nothing.',
              },
              minGroupSize: {
                type: 'integer',
                description: "The program's minimum group size, where it declares one.",
              },
              rows: {
                type: 'object',
                additionalProperties: { type: 'array', items: { type: 'string' } },
                description:
                  "Output name to its rows' labels, one per value (input owners, groups, overall), from the program's output spec.",
              },
            },
          },
          403: errorBodySchema,
          404: errorBodySchema,
          409: errorBodySchema,
          ...commonErrors,
        },
      },
    },
    async (req) => {
      const j = known(ctx, req.params.id);
      const r0 = getJobResult(store, j.id);
      if (r0 === undefined && j.status === 'succeeded') {
        // Not a receiver here, but the job's public outputs are on chain, attested: show those.
        const pub = decodePublicOutputs(
          await getPublicOutputs(ctx.ledger(), { jobId: BigInt(j.id) }),
        );
        if (pub !== undefined && Object.keys(pub).length > 0) {
          const suppressed: Record<string, number[]> = {};
          const outputs: Record<string, (number | string | boolean)[]> = {};
          for (const [name, values] of Object.entries(pub)) {
            outputs[name] = values.map((v, i) => {
              if (v !== null) return v;
              (suppressed[name] ??= []).push(i);
              return 0;
            });
          }
          return {
            jobId: j.id,
            program: j.program,
            resultDigest: j.resultDigest,
            outputs: inDeclaredOrder(ctx, j, outputs),
            public: true,
            rows: await rowLabels(ctx, j, outputs),
            ...(Object.keys(suppressed).length === 0 ? {} : { suppressed }),
            ...(await outputUnits(ctx, j).then(({ units, scales }) => ({
              units,
              ...(Object.keys(scales).length === 0 ? {} : { scales }),
            }))),
          };
        }
      }
      if (!isRecipient(ctx, j)) throw new JobNotRecipientError(j.id);
      const r = r0;
      if (r === undefined) throw new JobNoResultError(j.id, j.status);
      // The runner keeps { jobId, program, resultDigest, outputs } (launcher.ts storedResult).
      const stored =
        typeof r === 'object' && r !== null && 'outputs' in r
          ? (r as StoredJobResult)
          : { outputs: r as StoredJobResult['outputs'] };
      const digest =
        'resultDigest' in stored && typeof stored.resultDigest === 'string'
          ? stored.resultDigest
          : null;
      const extra = stored as Partial<StoredJobResult>;
      return {
        jobId: j.id,
        program: j.program,
        resultDigest: j.resultDigest ?? digest,
        outputs: inDeclaredOrder(ctx, j, stored.outputs),
        rows: await rowLabels(ctx, j, stored.outputs, extra.elements ?? {}),
        ...(extra.suppressed === undefined ? {} : { suppressed: extra.suppressed }),
        ...(extra.minGroupSize === undefined || extra.minGroupSize === null
          ? {}
          : { minGroupSize: extra.minGroupSize }),
        ...(await outputUnits(ctx, j).then(({ units, scales }) => ({
          units,
          ...(Object.keys(scales).length === 0 ? {} : { scales }),
        }))),
      };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/v1/jobs/:id/cancel',
    {
      schema: {
        summary: 'The proposer withdraws a job that has not started (on chain, then locally).',
        tags: ['jobs'],
        params: ledgerIdParams,
        response: { 200: jobSchema, 404: errorBodySchema, ...ledgerErrors, ...commonErrors },
      },
    },
    async (req) => {
      const j = known(ctx, req.params.id);
      await cancelJob(ctx.ledger(), { jobId: BigInt(j.id) });
      updateJob(store, j.id, { status: 'cancelled', errorReason: 'cancelled by the proposer' });
      addJobEvent(store, j.id, 'cancelled', 'cancelled by the proposer');
      return getJob(store, j.id)!;
    },
  );
}
