/**
 * GET /v1/policy and PUT /v1/policy: the ordered approval rules the node applies to grant
 * requests and jobs that use its datasets (first match decides; no match: a person decides in
 * the inbox), and the requirements every job using its datasets must meet (committee size and
 * threshold, requester and recipients off the committee, committee jurisdictions, caps on rows,
 * outputs and uses; see `../../jobs/committee-rules.ts`). Program names become code hashes and member names become addresses when the
 * policy is set, so a rule keeps meaning the same thing if a name changes later.
 *
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { isAddress } from 'viem';
import { PolicyError } from '../../errors.js';
import {
  listPolicy,
  listRequirements,
  replacePolicy,
  type PolicyRequirement,
  type PolicyRule,
} from '../../store/policy.js';
import {
  memberDirectory,
  programNameOf,
  resolveProgramHash,
  type ApiContext,
  type MemberDirectory,
} from '../context.js';
import {
  commonErrors,
  datasetIdSchema,
  ledgerErrors,
  memberRefSchema,
  programRefSchema,
  type JsonSchema,
} from '../schemas.js';

const ruleInputSchema: JsonSchema = {
  type: 'object',
  required: ['action'],
  additionalProperties: false,
  properties: {
    action: { type: 'string', enum: ['approve', 'reject'] },
    program: programRefSchema,
    datasetId: datasetIdSchema,
    requester: memberRefSchema,
    note: { type: 'string', maxLength: 500 },
  },
};

export const ruleSchema: JsonSchema = {
  type: 'object',
  required: ['action'],
  additionalProperties: false,
  properties: {
    action: { type: 'string', enum: ['approve', 'reject'] },
    programHash: { type: 'string' },
    program: { type: 'string', description: "The program's name, when this node knows the hash." },
    datasetId: { type: 'string' },
    requester: { type: 'string', description: 'Chain address.' },
    note: { type: 'string' },
  },
};

/** The requirement fields (shared by input and output: they are stored as given). */
const requirementFields = {
  datasetId: { ...datasetIdSchema, description: 'The dataset it applies to; absent: all of ours.' },
  minCommittee: {
    type: 'integer',
    minimum: 1,
    maximum: 16,
    description: 'At least this many committee members.',
  },
  minThreshold: {
    type: 'integer',
    minimum: 0,
    maximum: 7,
    description: 'At least this Shamir threshold t = ⌊(n − 1)/2⌋ (t ≥ 1: 3 members, t ≥ 2: 5).',
  },
  requesterNotOnCommittee: {
    type: 'boolean',
    description: "The job's proposer is not on its committee.",
  },
  recipientsNotOnCommittee: { type: 'boolean', description: 'No recipient is on the committee.' },
  jurisdictions: {
    type: 'array',
    minItems: 1,
    maxItems: 64,
    items: { type: 'string', minLength: 1, maxLength: 16 },
    description:
      "Every committee member's jurisdiction (as Consortium records it) is one of these.",
  },
  maxRows: {
    type: 'integer',
    minimum: 0,
    description: 'The dataset is used only while it has at most this many rows.',
  },
  maxOutputs: {
    type: 'integer',
    minimum: 0,
    description: 'A job reveals at most this many output values in all.',
  },
  maxUses: {
    type: 'integer',
    minimum: 0,
    description: 'The dataset is used in at most this many jobs (those this node took part in).',
  },
  note: { type: 'string', maxLength: 500 },
} as const;

export const requirementSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: requirementFields,
};

const rulesResponse: JsonSchema = {
  type: 'object',
  required: ['rules', 'requirements'],
  properties: {
    rules: { type: 'array', items: ruleSchema },
    requirements: { type: 'array', items: requirementSchema },
  },
};

interface RuleInput {
  action: 'approve' | 'reject';
  program?: string;
  datasetId?: string;
  requester?: string;
  note?: string;
}

const current = (ctx: ApiContext): Record<string, unknown> => ({
  rules: listPolicy(ctx.store).map((r) => view(ctx, r)),
  requirements: listRequirements(ctx.store),
});

const view = (ctx: ApiContext, r: PolicyRule): Record<string, unknown> => {
  const name = r.programHash === undefined ? null : programNameOf(ctx, r.programHash);
  return { ...r, ...(name === null ? {} : { program: name }) };
};

/**
 * Registers GET and PUT /v1/policy.
 * @example
 * ```ts
 * policyRoutes(app, ctx);
 * ```
 */
export function policyRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get(
    '/v1/policy',
    {
      schema: {
        summary:
          'The approval policy: ordered rules (the first match decides) and the requirements every job using our datasets must meet.',
        tags: ['policy'],
        response: { 200: rulesResponse, ...commonErrors },
      },
    },
    () => Promise.resolve(current(ctx)),
  );

  app.put<{ Body: { rules: RuleInput[]; requirements?: PolicyRequirement[] } }>(
    '/v1/policy',
    {
      schema: {
        summary: 'Replace the whole approval policy.',
        description:
          'Program names are resolved to code hashes with the node registry, member names to addresses with the Consortium. An absent field matches anything. `requirements`, when given, replaces the requirements too (absent: they stay as they are): each applies to its dataset (or to all of ours), and a job breaking one is rejected with the rule named, whoever would approve it.',
        tags: ['policy'],
        body: {
          type: 'object',
          required: ['rules'],
          additionalProperties: false,
          properties: {
            rules: { type: 'array', maxItems: 1000, items: ruleInputSchema },
            requirements: { type: 'array', maxItems: 1000, items: requirementSchema },
          },
        },
        response: { 200: rulesResponse, ...ledgerErrors, ...commonErrors },
      },
    },
    async (req) => {
      const { rules } = req.body;
      let members: MemberDirectory | undefined;
      const out: PolicyRule[] = [];
      for (const [i, r] of rules.entries()) {
        let programHash: string | undefined;
        if (r.program !== undefined) {
          try {
            programHash = resolveProgramHash(ctx, r.program).hash;
          } catch {
            throw new PolicyError(
              `rules[${i}].program: no program named ${r.program} in this node's registry.`,
              `rules.${i}.program`,
            );
          }
        }
        let requester: string | undefined;
        if (r.requester !== undefined) {
          if (isAddress(r.requester, { strict: false })) requester = r.requester.toLowerCase();
          else {
            members ??= await memberDirectory(ctx.ledger());
            requester = members.resolve(r.requester, `rules.${i}.requester`).toLowerCase();
          }
        }
        out.push({
          action: r.action,
          ...(programHash === undefined ? {} : { programHash }),
          ...(r.datasetId === undefined ? {} : { datasetId: r.datasetId }),
          ...(requester === undefined ? {} : { requester }),
          ...(r.note === undefined ? {} : { note: r.note }),
        });
      }
      // Absent: the requirements stay as they are (a client that edits only the rules, like
      // the console's rule editor, keeps them).
      const requirements = req.body.requirements?.map((r) => ({
        ...r,
        ...(r.datasetId === undefined ? {} : { datasetId: r.datasetId.toLowerCase() }),
      }));
      replacePolicy(ctx.store, out, requirements);
      return current(ctx);
    },
  );
}
