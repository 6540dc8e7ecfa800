/** `parley node start`: runs the node in the foreground until SIGINT or SIGTERM. */
import { startNode } from '../../node/daemon.js';
import { parse, UsageError } from '../../cli/args.js';

export const NODE_USAGE = `Usage: parley node start [--config <file>]

Starts this organization's node: opens its store and serves the REST API on the configured
address. Stops gracefully on SIGINT (Ctrl-C) or SIGTERM. Logs go to stderr.

Options:
  --config <file>   the node's config.json (default $PARLEY_CONFIG, then ./config.json)
  -h, --help        show this help`;

export async function nodeCommand(
  args: readonly string[],
  out: (s: string) => void,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') return out(NODE_USAGE);
  if (sub !== 'start') throw new UsageError(`Unknown command: node ${sub}`, NODE_USAGE);
  const p = parse(rest, { config: { type: 'string' } }, NODE_USAGE);
  if (p.help) return out(NODE_USAGE);
  const configPath =
    typeof p.values.config === 'string' ? p.values.config : (env.PARLEY_CONFIG ?? 'config.json');
  const node = await startNode(configPath);
  out(`Parley node "${node.config.name}" listening on ${node.url}`);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) {
        process.exit(1); // a second signal: stop now
      }
      stopping = true;
      out(`Received ${signal}, shutting down.`);
      node.close().then(resolve, (err: unknown) => {
        process.stderr.write(
          `error during shutdown: ${err instanceof Error ? err.message : 'unknown'}\n`,
        );
        process.exitCode = 1;
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
