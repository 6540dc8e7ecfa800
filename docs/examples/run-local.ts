/**
 * Runs one secure program on every party of a session inside this process, over the in-memory
 * network: the way to try a program (and to test it) before running it between organizations.
 */
import { partyId } from '../../src/mpc/channel.js';
import { type Session, session } from '../../src/mpc/secure/session.js';
import { memoryNetwork } from '../../src/net/memory.js';

/**
 * Starts a session for each of `committee` (threshold `t`) and `others` (input parties and
 * recipients outside the committee), runs `program` on all of them at once, and returns each
 * party's result by name.
 */
export async function runLocal<T>(
  committee: readonly string[],
  others: readonly string[],
  t: number,
  program: (mpc: Session) => Promise<T>,
): Promise<Record<string, T>> {
  const members = committee.map(partyId);
  const parties = [...members, ...others.map(partyId)];
  const net = memoryNetwork(parties);
  try {
    const results = await Promise.all(
      net.channels.map((channel) => program(session({ channel, committee: members, t }))),
    );
    return Object.fromEntries(parties.map((p, i) => [p, results[i]!]));
  } finally {
    await Promise.all(net.channels.map((c) => c.close()));
  }
}
