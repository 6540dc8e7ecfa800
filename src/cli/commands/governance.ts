/**
 * `parley governance list | show <id> | vote <id> | propose <kind> ...`: the consortium's
 * governance through this node's chain account (REST /v1/governance/proposals). A proposal is
 * voted for by its proposer at once; it takes effect when the votes of current members reach
 * the Consortium's threshold.
 *
 * Proposal kinds are a table ({@link PROPOSE_KINDS}): each names its usage line, its options and
 * how it builds the REST body. The member and threshold kinds are here; the program kinds
 * (approve-program, revoke-program) join the table from their own module (see the marked line).
 *
 * @module
 */
import { createHash, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse, required, UsageError, type Options, type Parsed } from '../args.js';
import type { Proposal, ProposeBody } from '../../sdk/index.js';
import { clientFor, COMMON_USAGE, commonOptions, idArg, json, table } from '../common.js';
import { CliFileError } from '../errors.js';

/** One `parley governance propose <kind>`. */
export interface ProposeKind {
  /** The usage line after `parley governance propose `, and what the kind does. */
  readonly usage: string;
  readonly help: string;
  readonly options: Options;
  readonly positionals?: { readonly min: number; readonly max: number };
  /** The REST body (`kind` included); may read files. */
  build(p: Parsed, usage: string): Promise<ProposeBody> | ProposeBody;
}

/** SHA-256 of a PEM certificate's SubjectPublicKeyInfo, as Consortium registers TLS keys. */
async function certFingerprint(path: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (err) {
    throw new CliFileError(
      `Cannot read the TLS certificate ${path}.`,
      { field: 'tls-cert', path },
      { cause: err },
    );
  }
  try {
    const spki = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
    return createHash('sha256').update(spki).digest('hex');
  } catch (err) {
    throw new CliFileError(
      `The file ${path} is not a PEM certificate.`,
      { field: 'tls-cert', path },
      { cause: err },
    );
  }
}

const memberArg = (p: Parsed, usage: string): string => {
  const v = p.positionals[0] ?? (typeof p.values.member === 'string' ? p.values.member : '');
  if (v === '') throw new UsageError('Name the member (its name or chain address).', usage);
  return v;
};

/** The proposal kinds of `propose`, by name. */
export const PROPOSE_KINDS: Readonly<Record<string, ProposeKind>> = {
  'add-member': {
    usage:
      'add-member --account 0x... --name <name> --endpoint <host:port> --jurisdiction <code> (--tls-fingerprint <64 hex> | --tls-cert <cert.pem>)',
    help: 'admit an organization: its chain account, member name (its party id in jobs), MPC endpoint, jurisdiction (what owners\' policies check) and TLS key (the fingerprint "parley init" printed, or its certificate)',
    options: {
      account: { type: 'string' },
      name: { type: 'string' },
      endpoint: { type: 'string' },
      jurisdiction: { type: 'string' },
      'tls-fingerprint': { type: 'string' },
      'tls-cert': { type: 'string' },
    },
    async build(p, usage) {
      const account = required(p, 'account', usage);
      if (!/^0x[0-9a-fA-F]{40}$/.test(account))
        throw new UsageError('--account must be a chain address (0x and 40 hex digits).', usage);
      const endpoint = required(p, 'endpoint', usage);
      if (!/^[^\s:]+:\d{1,5}$/.test(endpoint))
        throw new UsageError('--endpoint must be host:port (the MPC endpoint).', usage);
      const fp = p.values['tls-fingerprint'];
      const cert = p.values['tls-cert'];
      if ((typeof fp === 'string') === (typeof cert === 'string'))
        throw new UsageError('Give one of --tls-fingerprint and --tls-cert.', usage);
      let fingerprint: string;
      if (typeof fp === 'string') {
        if (!/^(0x)?[0-9a-fA-F]{64}$/.test(fp))
          throw new UsageError(
            '--tls-fingerprint must be 64 hex digits (SHA-256 of the key).',
            usage,
          );
        fingerprint = fp.replace(/^0x/, '').toLowerCase();
      } else fingerprint = await certFingerprint(cert as string);
      return {
        kind: 'add-member',
        account,
        name: required(p, 'name', usage),
        endpoint,
        jurisdiction: required(p, 'jurisdiction', usage),
        tlsPublicKey: `0x${fingerprint}`,
      };
    },
  },
  'remove-member': {
    usage: 'remove-member <member>',
    help: 'remove a member (its name or chain address); its key is refused from then on',
    options: { member: { type: 'string' } },
    positionals: { min: 0, max: 1 },
    build: (p, usage) => ({ kind: 'remove-member', member: memberArg(p, usage) }),
  },
  threshold: {
    usage: 'threshold <votes>',
    help: "set how many current members' votes a proposal needs",
    options: {},
    positionals: { min: 1, max: 1 },
    build(p, usage) {
      const v = p.positionals[0] ?? '';
      const n = /^\d{1,4}$/.test(v) ? Number(v) : NaN;
      if (!Number.isInteger(n) || n < 1 || n > 1000)
        throw new UsageError(`The threshold must be an integer in 1..1000, got "${v}".`, usage);
      return { kind: 'threshold', threshold: n };
    },
  },
  // approve-program and revoke-program are dispatched to ./program.js before this table is
  // consulted (see src/cli/main.ts): they bundle and publish, which these kinds do not.
};

export const GOVERNANCE_USAGE: string = `Usage: parley governance list [--status open|executed|expired] [options]
       parley governance show <id> [options]
       parley governance vote <id> [options]
       parley governance propose <kind> ... [options]

Consortium governance with this node's chain account. A proposal counts its proposer's vote at
once and takes effect when the votes of current members reach the threshold.

  list              proposals, newest first (--status filters)
  show <id>         one proposal: what it changes, its votes and who voted
  vote <id>         vote for an open proposal
  propose <kind>    open a proposal:
${Object.values(PROPOSE_KINDS)
  .map((k) => `    ${k.usage}\n        ${k.help}`)
  .join('\n')}
    approve-program <file.ts|dir|name|hash>
        bundle and publish a program and propose its approval (as "parley program add")
    revoke-program <name|hash>
        propose that an approved program no longer runs

Options:
  --status S        list only open, executed or expired proposals
${COMMON_USAGE}`;

/** One line per proposal. */
function listTable(ps: readonly Proposal[]): string {
  if (ps.length === 0) return 'No proposals.';
  return table(
    ['ID', 'KIND', 'STATUS', 'VOTES', 'SUMMARY'],
    ps.map((p) => [
      p.id,
      p.kind,
      p.status,
      `${p.votes}/${p.threshold}${p.votedBySelf ? ' (voted)' : ''}`,
      p.summary,
    ]),
  );
}

/** One proposal in full. */
export function describeProposal(p: Proposal): string {
  const lines = [
    `Proposal ${p.id}: ${p.kind}, ${p.status}`,
    `  ${p.summary}`,
    `  proposed by ${p.proposerName ?? p.proposer} at ${p.createdAt}; expires ${p.expiresAt}`,
    `  votes: ${p.votes} of ${p.threshold} needed${p.votedBySelf ? ' (this node voted)' : ''}`,
  ];
  for (const v of p.voters) {
    lines.push(
      `    ${v.name ?? v.address}${v.current ? '' : ' (no longer a member: not counted)'}`,
    );
  }
  if (p.member !== undefined && p.member !== null) {
    lines.push(
      `  member: ${p.member.name ?? ''}, endpoint ${p.member.endpoint ?? ''}, jurisdiction ${p.member.jurisdiction ?? ''}, TLS key ${p.member.tlsPublicKey ?? ''}`,
    );
  }
  if (p.programHash !== undefined && p.programHash !== null) {
    lines.push(`  program: ${p.program ?? "(not in this node's registry)"} ${p.programHash}`);
  }
  if (p.newThreshold !== undefined && p.newThreshold !== null)
    lines.push(`  new threshold: ${p.newThreshold}`);
  return lines.join('\n');
}

const STATUSES = ['open', 'executed', 'expired'] as const;

export async function governanceCommand(
  args: readonly string[],
  out: (s: string) => void,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case undefined:
    case '--help':
    case '-h':
      return out(GOVERNANCE_USAGE);
    case 'list': {
      const p = parse(rest, { ...commonOptions, status: { type: 'string' } }, GOVERNANCE_USAGE);
      if (p.help) return out(GOVERNANCE_USAGE);
      const status = p.values.status;
      if (status !== undefined && !STATUSES.includes(status as (typeof STATUSES)[number]))
        throw new UsageError('--status must be open, executed or expired.', GOVERNANCE_USAGE);
      const api = await clientFor(p.values, env);
      const { proposals } = await api.listProposals(
        status === undefined ? {} : { status: status as (typeof STATUSES)[number] },
      );
      return out(p.values.json === true ? json(proposals) : listTable(proposals));
    }
    case 'show':
    case 'vote': {
      const p = parse(rest, commonOptions, GOVERNANCE_USAGE, { min: 1, max: 1 });
      if (p.help) return out(GOVERNANCE_USAGE);
      const id = idArg(p, 'proposal', GOVERNANCE_USAGE);
      const api = await clientFor(p.values, env);
      const proposal = sub === 'show' ? await api.getProposal(id) : await api.voteProposal(id);
      if (p.values.json === true) return out(json(proposal));
      return out(
        sub === 'show'
          ? describeProposal(proposal)
          : `Voted for proposal ${id}.\n${describeProposal(proposal)}`,
      );
    }
    case 'propose': {
      const [kindName, ...more] = rest;
      const kind =
        kindName !== undefined && Object.hasOwn(PROPOSE_KINDS, kindName)
          ? PROPOSE_KINDS[kindName]
          : undefined;
      if (kind === undefined) {
        if (kindName === undefined || kindName === '--help' || kindName === '-h')
          return out(GOVERNANCE_USAGE);
        throw new UsageError(
          `Unknown proposal kind: ${kindName} (one of ${[...Object.keys(PROPOSE_KINDS), 'approve-program', 'revoke-program'].join(', ')}).`,
          GOVERNANCE_USAGE,
        );
      }
      const usage = `Usage: parley governance propose ${kind.usage} [options]\n\n${kind.help}.\n\nOptions:\n${COMMON_USAGE}`;
      const p = parse(more, { ...commonOptions, ...kind.options }, usage, kind.positionals);
      if (p.help) return out(usage);
      const body = await kind.build(p, usage);
      const api = await clientFor(p.values, env);
      const proposal = await api.propose(body);
      if (p.values.json === true) return out(json(proposal));
      const state =
        proposal.status === 'executed'
          ? 'It took effect at once (the threshold is 1 vote).'
          : `It needs ${proposal.threshold - proposal.votes} more vote(s): "parley governance vote ${proposal.id}" on other members' nodes.`;
      return out(`Proposal ${proposal.id} opened. ${state}\n${describeProposal(proposal)}`);
    }
    default:
      throw new UsageError(`Unknown command: governance ${sub}`, GOVERNANCE_USAGE);
  }
}
