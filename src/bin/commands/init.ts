/** `parley init`: creates an organization's identity (see src/node/identity.ts). */
import { initNode } from '../../node/identity.js';
import { intOption, parse, required } from '../../cli/args.js';

export const INIT_USAGE = `Usage: parley init --name <org> --dir <dir> [--api-port N] [--mpc-port N] [--rpc-url URL]

Creates <dir>/config.json and <dir>/keys/ (chain key, TLS key pair, API token), readable by
the owner only. Refuses to overwrite an existing identity. Prints only public facts.

Options:
  --name <org>      organization name: 1..64 of A-Z a-z 0-9 . _ -
  --dir <dir>       directory for the identity (created if missing)
  --api-port N      REST API port on 127.0.0.1 (default 7400; 0 = any free port)
  --mpc-port N      MPC TLS listener port (default 7443)
  --rpc-url URL     chain JSON-RPC endpoint (default http://127.0.0.1:8545)
  -h, --help        show this help`;

export async function initCommand(
  args: readonly string[],
  out: (s: string) => void,
): Promise<void> {
  const p = parse(
    args,
    {
      name: { type: 'string' },
      dir: { type: 'string' },
      'api-port': { type: 'string' },
      'mpc-port': { type: 'string' },
      'rpc-url': { type: 'string' },
    },
    INIT_USAGE,
  );
  if (p.help) return out(INIT_USAGE);
  const apiPort = intOption(p, 'api-port', INIT_USAGE, 0, 65535);
  const mpcPort = intOption(p, 'mpc-port', INIT_USAGE, 0, 65535);
  const rpcUrl = p.values['rpc-url'];
  const id = await initNode({
    name: required(p, 'name', INIT_USAGE),
    dir: required(p, 'dir', INIT_USAGE),
    ...(apiPort === undefined ? {} : { apiPort }),
    ...(mpcPort === undefined ? {} : { mpcPort }),
    ...(typeof rpcUrl === 'string' ? { rpcUrl } : {}),
  });
  out(
    [
      `Created identity "${id.name}".`,
      `  config:          ${id.configPath}`,
      `  chain address:   ${id.chainAddress}`,
      `  TLS fingerprint: ${id.tlsFingerprint}`,
      'Keys are in the keys/ directory next to the config (mode 0600); keep them secret.',
      `Start the node with: parley node start --config ${id.configPath}`,
    ].join('\n'),
  );
}
