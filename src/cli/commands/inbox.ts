/** `parley inbox [list] | approve <id> | reject <id> [--reason]`: requests waiting for a decision. */
import { parse, UsageError } from '../args.js';
import type { InboxItem } from '../../sdk/index.js';
import { clientFor, COMMON_USAGE, commonOptions, idArg, json } from '../common.js';

export const INBOX_USAGE: string = `Usage: parley inbox [list] [--state pending|approved|rejected|closed] | approve <id> | reject <id> [--reason <text>] [options]

The inbox holds grant requests for this node's datasets and jobs that use them, which the
policy did not decide. "list" (the default) shows pending items; approve and reject go on
chain first. A rejection's reason is public.

Options:
  --state S          list items in state S (pending, approved, rejected; default pending)
  --reason <text>    the public reason of a rejection
${COMMON_USAGE}`;

const describe = (i: InboxItem): string =>
  `#${i.id}  ${i.kind} ${i.ref}  ${i.state}${i.decidedBy === null ? '' : ` by ${i.decidedBy}`}${i.reason === null ? '' : ` (${i.reason})`}\n  ${i.summary}`;

const isState = (s: string): s is InboxItem['state'] =>
  ['pending', 'approved', 'rejected', 'closed'].includes(s);

export async function inboxCommand(
  args: readonly string[],
  out: (s: string) => void,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const first = args[0];
  const sub = first === undefined || first.startsWith('-') ? 'list' : first;
  const rest = sub === first ? args.slice(1) : args;
  switch (sub) {
    case 'list': {
      const p = parse(rest, { ...commonOptions, state: { type: 'string' } }, INBOX_USAGE);
      if (p.help) return out(INBOX_USAGE);
      const state = typeof p.values.state === 'string' ? p.values.state : 'pending';
      if (!isState(state))
        throw new UsageError('--state must be pending, approved, rejected or closed.', INBOX_USAGE);
      const api = await clientFor(p.values, env);
      const { items } = await api.listInbox({ state });
      if (p.values.json === true) return out(json(items));
      if (items.length === 0) return out(`No ${state} items.`);
      return out(items.map(describe).join('\n'));
    }
    case 'approve':
    case 'reject': {
      const p = parse(
        rest,
        { ...commonOptions, ...(sub === 'reject' ? { reason: { type: 'string' } } : {}) },
        INBOX_USAGE,
        { min: 1, max: 1 },
      );
      if (p.help) return out(INBOX_USAGE);
      const id = idArg(p, 'inbox item', INBOX_USAGE);
      const reason = p.values.reason;
      const api = await clientFor(p.values, env);
      const body = typeof reason === 'string' ? { reason } : {};
      const item =
        sub === 'approve' ? await api.approveInbox(id, body) : await api.rejectInbox(id, body);
      return out(p.values.json === true ? json(item) : describe(item));
    }
    default:
      throw new UsageError(`Unknown command: inbox ${sub}`, INBOX_USAGE);
  }
}
