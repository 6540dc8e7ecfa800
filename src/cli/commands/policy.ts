/** `parley policy show | set <file.json>`: the node's approval policy. */
import { readFile } from 'node:fs/promises';
import type { PolicyRequirement, PolicyRule, SetPolicyBody } from '../../sdk/index.js';
import { parse, UsageError } from '../args.js';
import { clientFor, COMMON_USAGE, commonOptions, json } from '../common.js';
import { CliFileError } from '../errors.js';

export const POLICY_USAGE: string = `Usage: parley policy show | set <file.json> [options]

The approval policy decides grant requests and jobs that use this node's datasets: ordered
rules, the first one that matches decides; when none matches, a person decides in the inbox.

  show              print the rules
  set <file.json>   replace all rules with the file's:
                    { "rules": [ { "action": "approve" | "reject",
                                   "program": "<name or code hash>",
                                   "datasetId": "0x...",
                                   "requester": "<member name or address>",
                                   "note": "..." } ] }
                    (every field but "action" is optional and matches anything when absent)
                    and, optionally, the requirements every job using our datasets
                    must meet, whoever approves it (absent: they stay as they are):
                      "requirements": [ { "datasetId": "0x..." (absent: all of ours),
                                          "minCommittee": 4, "minThreshold": 1,
                                          "requesterNotOnCommittee": true,
                                          "recipientsNotOnCommittee": true,
                                          "jurisdictions": ["DE", "FR"],
                                          "maxRows": 100000, "maxOutputs": 20,
                                          "maxUses": 10, "note": "..." } ]
                    A job breaking one is refused with the rule named, e.g.
                    "committee has 3 members; acme's policy requires at least 4".

Options:
${COMMON_USAGE}`;

type Rule = PolicyRule;
type Requirement = PolicyRequirement;

/** One requirement record in words. */
function describeRequirement(r: Requirement): string {
  const parts: string[] = [];
  if (r.minCommittee !== undefined) parts.push(`committee of at least ${r.minCommittee}`);
  if (r.minThreshold !== undefined) parts.push(`threshold t >= ${r.minThreshold}`);
  if (r.requesterNotOnCommittee === true) parts.push('requester not on the committee');
  if (r.recipientsNotOnCommittee === true) parts.push('no recipient on the committee');
  if (r.jurisdictions !== undefined) parts.push(`members from ${r.jurisdictions.join(', ')}`);
  if (r.maxRows !== undefined) parts.push(`at most ${r.maxRows} rows`);
  if (r.maxOutputs !== undefined) parts.push(`at most ${r.maxOutputs} output values`);
  if (r.maxUses !== undefined) parts.push(`at most ${r.maxUses} uses`);
  const scope = r.datasetId === undefined ? 'every dataset' : `dataset ${r.datasetId}`;
  return `${scope}: ${parts.length === 0 ? 'nothing' : parts.join(', ')}${r.note === undefined ? '' : `  # ${r.note}`}`;
}

function describeAll(rules: readonly Rule[], requirements: readonly Requirement[]): string {
  const req =
    requirements.length === 0
      ? "No requirements: the threshold rule only (no t = 0 on another party's input)."
      : `Requirements (every job using the dataset must meet them):\n${requirements.map((r) => `- ${describeRequirement(r)}`).join('\n')}`;
  return `${describe(rules)}\n${req}`;
}

function describe(rules: readonly Rule[]): string {
  if (rules.length === 0) return 'No rules: every request waits in the inbox.';
  return rules
    .map((r, i) => {
      const what = [
        r.program !== undefined
          ? `program ${r.program}`
          : r.programHash !== undefined
            ? `program ${r.programHash}`
            : 'any program',
        r.datasetId === undefined ? 'any dataset' : `dataset ${r.datasetId}`,
        r.requester === undefined ? 'any requester' : `requester ${r.requester}`,
      ].join(', ');
      return `${i + 1}. ${r.action.padEnd(7)} ${what}${r.note === undefined ? '' : `  # ${r.note}`}`;
    })
    .join('\n');
}

export async function policyCommand(
  args: readonly string[],
  out: (s: string) => void,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case undefined:
    case '--help':
    case '-h':
      return out(POLICY_USAGE);
    case 'show': {
      const p = parse(rest, commonOptions, POLICY_USAGE);
      if (p.help) return out(POLICY_USAGE);
      const api = await clientFor(p.values, env);
      const policy = await api.getPolicy();
      return out(
        p.values.json === true ? json(policy) : describeAll(policy.rules, policy.requirements),
      );
    }
    case 'set': {
      const p = parse(rest, commonOptions, POLICY_USAGE, { min: 1, max: 1 });
      if (p.help) return out(POLICY_USAGE);
      const path = p.positionals[0]!;
      let parsed: unknown;
      try {
        parsed = JSON.parse(await readFile(path, 'utf8'));
      } catch (err) {
        throw new CliFileError(
          `Cannot read the policy file ${path} as JSON.`,
          { field: 'policy', path },
          { cause: err },
        );
      }
      // The file's content goes to the node as it is; the node validates it and names the field.
      const body = (Array.isArray(parsed) ? { rules: parsed as unknown } : parsed) as SetPolicyBody;
      const api = await clientFor(p.values, env);
      const policy = await api.setPolicy(body);
      return out(
        p.values.json === true
          ? json(policy)
          : `Policy set.\n${describeAll(policy.rules, policy.requirements)}`,
      );
    }
    default:
      throw new UsageError(`Unknown command: policy ${sub}`, POLICY_USAGE);
  }
}
