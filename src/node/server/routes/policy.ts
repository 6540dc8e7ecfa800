/**
 * GET /v1/policy and PUT /v1/policy: the ordered approval rules the node applies to grant
 * requests and jobs that use its datasets (first match decides; no match: a person decides in
 * the inbox). Program names become code hashes and member names become addresses when the
 * policy is set, so a rule keeps meaning the same thing if a name changes later.
 *
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { isAddress } from 'viem';
import { PolicyError } from '../../errors.js';
import { listPolicy, replacePolicy, type PolicyRule } from '../../store/policy.js';
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

const rulesResponse: JsonSchema = {
  type: 'object',
  required: ['rules'],
  properties: { rules: { type: 'array', items: ruleSchema } },
};

interface RuleInput {
  action: 'approve' | 'reject';
  program?: string;
  datasetId?: string;
  requester?: string;
  note?: string;
}

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
        summary: 'The approval policy: ordered rules, the first match decides.',
        tags: ['policy'],
        response: { 200: rulesResponse, ...commonErrors },
      },
    },
    () => Promise.resolve({ rules: listPolicy(ctx.store).map((r) => view(ctx, r)) }),
  );

  app.put<{ Body: { rules: RuleInput[] } }>(
    '/v1/policy',
    {
      schema: {
        summary: 'Replace the whole approval policy.',
        description:
          'Program names are resolved to code hashes with the node registry, member names to addresses with the Consortium. An absent field matches anything.',
        tags: ['policy'],
        body: {
          type: 'object',
          required: ['rules'],
          additionalProperties: false,
          properties: { rules: { type: 'array', maxItems: 1000, items: ruleInputSchema } },
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
      replacePolicy(ctx.store, out);
      return { rules: listPolicy(ctx.store).map((rule) => view(ctx, rule)) };
    },
  );
}
