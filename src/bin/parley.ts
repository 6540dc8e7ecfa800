#!/usr/bin/env node
/**
 * The `parley` executable: the client commands of src/cli (which talk to a node's REST API
 * through the SDK only) plus the two commands that run this organization's own node, `init`
 * (src/bin/commands/init.ts) and `node start` (src/bin/commands/node.ts). This is the one place
 * where the CLI and the node meet; each is loaded only when its command runs.
 *
 * @module
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { runCli, type CliIo, type LocalCommands } from '../cli/main.js';

/**
 * `init` and `node`, for {@link runCli}.
 * @example
 * ```ts
 * const code = await runCli(['init', '--name', 'acme', '--dir', './acme'], io, nodeCommands);
 * ```
 */
export const nodeCommands: LocalCommands = Object.freeze({
  init: async (args: readonly string[], io: CliIo): Promise<number> => {
    await (await import('./commands/init.js')).initCommand(args, io.out);
    return 0;
  },
  node: async (args: readonly string[], io: CliIo): Promise<number> => {
    await (await import('./commands/node.js')).nodeCommand(args, io.out, io.env);
    return 0;
  },
});

function isMain(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isMain()) {
  process.exitCode = await runCli(
    process.argv.slice(2),
    {
      out: (s) => process.stdout.write(s + '\n'),
      err: (s) => process.stderr.write(s + '\n'),
      env: process.env,
    },
    nodeCommands,
  );
}
