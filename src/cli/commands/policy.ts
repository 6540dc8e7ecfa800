/** `parley policy show | set <file.json>`: the node's approval policy. */
import { readFile } from 'node:fs/promises';
import type { PolicyRule, SetPolicyBody } from '../../sdk/index.js';
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

Options:
${COMMON_USAGE}`;

type Rule = PolicyRule;

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
      const { rules } = await api.getPolicy();
      return out(p.values.json === true ? json(rules) : describe(rules));
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
      const { rules } = await api.setPolicy(body);
      return out(p.values.json === true ? json(rules) : `Policy set.\n${describe(rules)}`);
    }
    default:
      throw new UsageError(`Unknown command: policy ${sub}`, POLICY_USAGE);
  }
}
