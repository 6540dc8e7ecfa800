/** `parley grant request|list|show|approve|reject|revoke`: grants, through the REST API. */
import { parse, UsageError, intOption } from '../args.js';
import type { Grant, GrantQuery } from '../../sdk/index.js';
import { clientFor, COMMON_USAGE, commonOptions, idArg, json, many, table } from '../common.js';

export const GRANT_USAGE: string = `Usage: parley grant <command> [options]

Commands:
  request <datasetId> --purpose <text> --program <name|hash>... [--days N | --expires <unix>] [--max-uses N]
                          ask another member to let this organization use its dataset
  list [--direction incoming|outgoing] [--status S]
                          grants asked of us (incoming) and by us (outgoing)
  show <id>               one grant
  approve <id>            approve a request for one of our datasets (on chain)
  reject <id> [--reason]  reject it; the reason is public (on chain)
  revoke <id> [--reason]  withdraw an approved grant of ours, effective at once

Options:
${COMMON_USAGE}`;

const programsOf = (g: Grant): string =>
  g.programHashes.map((h, i) => g.programs[i] ?? h).join(', ');

function describe(g: Grant): string {
  return [
    `grant ${g.id}  ${g.direction}  ${g.status}`,
    `  dataset:   ${g.datasetId}`,
    `  requester: ${g.requester}`,
    `  purpose:   ${g.purpose}`,
    `  programs:  ${programsOf(g)}`,
    `  expires:   ${g.expiry === null ? 'never' : new Date(g.expiry * 1000).toISOString()}`,
    `  max uses:  ${g.maxUses ?? 'unlimited'}`,
  ].join('\n');
}

export async function grantCommand(
  args: readonly string[],
  out: (s: string) => void,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case undefined:
    case '--help':
    case '-h':
      return out(GRANT_USAGE);
    case 'request': {
      const p = parse(
        rest,
        {
          ...commonOptions,
          purpose: { type: 'string' },
          program: { type: 'string', multiple: true },
          days: { type: 'string' },
          expires: { type: 'string' },
          'max-uses': { type: 'string' },
        },
        GRANT_USAGE,
        { min: 1, max: 1 },
      );
      if (p.help) return out(GRANT_USAGE);
      const datasetId = p.positionals[0]!;
      if (!/^0x[0-9a-f]{64}$/.test(datasetId))
        throw new UsageError(
          'The dataset id must be 0x + 64 hex digits (see "parley catalog").',
          GRANT_USAGE,
        );
      const purpose = p.values.purpose;
      if (typeof purpose !== 'string' || purpose === '')
        throw new UsageError('Missing --purpose.', GRANT_USAGE);
      const programs = many(p, 'program');
      if (programs.length === 0) throw new UsageError('Missing --program.', GRANT_USAGE);
      const days = intOption(p, 'days', GRANT_USAGE, 1, 3650);
      const expires = intOption(p, 'expires', GRANT_USAGE, 1, Number.MAX_SAFE_INTEGER);
      if (days !== undefined && expires !== undefined)
        throw new UsageError('Give --days or --expires, not both.', GRANT_USAGE);
      const maxUses = intOption(p, 'max-uses', GRANT_USAGE, 1, 2 ** 32 - 1);
      const expiresAt =
        days !== undefined ? Math.floor(Date.now() / 1000) + days * 86_400 : expires;
      const api = await clientFor(p.values, env);
      const g = await api.requestGrant({
        datasetId,
        purpose,
        programs,
        ...(expiresAt === undefined ? {} : { expiresAt }),
        ...(maxUses === undefined ? {} : { maxUses }),
      });
      return out(
        p.values.json === true
          ? json(g)
          : `Requested grant ${g.id}; the dataset's owner decides.\n${describe(g)}`,
      );
    }
    case 'list': {
      const p = parse(
        rest,
        { ...commonOptions, direction: { type: 'string' }, status: { type: 'string' } },
        GRANT_USAGE,
      );
      if (p.help) return out(GRANT_USAGE);
      // The node validates the values (ERR_API_VALIDATION names a wrong one).
      const query: GrantQuery = {
        ...(typeof p.values.direction === 'string'
          ? { direction: p.values.direction as NonNullable<GrantQuery['direction']> }
          : {}),
        ...(typeof p.values.status === 'string'
          ? { status: p.values.status as NonNullable<GrantQuery['status']> }
          : {}),
      };
      const api = await clientFor(p.values, env);
      const { grants } = await api.listGrants(query);
      if (p.values.json === true) return out(json(grants));
      if (grants.length === 0) return out('No grants.');
      return out(
        table(
          ['ID', 'DIRECTION', 'STATUS', 'DATASET', 'REQUESTER', 'PROGRAMS'],
          grants.map((g) => [g.id, g.direction, g.status, g.datasetId, g.requester, programsOf(g)]),
        ),
      );
    }
    case 'show': {
      const p = parse(rest, commonOptions, GRANT_USAGE, { min: 1, max: 1 });
      if (p.help) return out(GRANT_USAGE);
      const id = idArg(p, 'grant', GRANT_USAGE);
      const api = await clientFor(p.values, env);
      const g = await api.getGrant(id);
      return out(p.values.json === true ? json(g) : describe(g));
    }
    case 'approve':
    case 'reject':
    case 'revoke': {
      const p = parse(
        rest,
        { ...commonOptions, ...(sub === 'approve' ? {} : { reason: { type: 'string' } }) },
        GRANT_USAGE,
        { min: 1, max: 1 },
      );
      if (p.help) return out(GRANT_USAGE);
      const id = idArg(p, 'grant', GRANT_USAGE);
      const reason = p.values.reason;
      const api = await clientFor(p.values, env);
      const body = typeof reason === 'string' ? { reason } : {};
      const g =
        sub === 'approve'
          ? await api.approveGrant(id, body)
          : sub === 'reject'
            ? await api.rejectGrant(id, body)
            : await api.revokeGrant(id, body);
      const done = { approve: 'Approved', reject: 'Rejected', revoke: 'Revoked' }[sub];
      return out(p.values.json === true ? json(g) : `${done} grant ${g.id}.\n${describe(g)}`);
    }
    default:
      throw new UsageError(`Unknown command: grant ${sub}`, GRANT_USAGE);
  }
}
