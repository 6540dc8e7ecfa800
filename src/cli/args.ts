/**
 * Argument parsing for `parley` subcommands (node:util parseArgs), and the CLI's two kinds of
 * failure: {@link UsageError} (exit 2: the command line is wrong) and everything else (exit 1).
 *
 * @module
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** The command line is wrong: exit code 2, with the command's usage. */
export class UsageError extends Error {
  static override name = 'UsageError';
  readonly usage: string;
  constructor(message: string, usage: string) {
    super(message);
    this.name = 'UsageError';
    this.usage = usage;
  }
}

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: readonly string[];
  readonly help: boolean;
}

/**
 * Parses `args` strictly (unknown options are usage errors). `--help`/`-h` is always accepted.
 * @example
 * ```ts
 * const { values } = parse(argv, { name: { type: 'string' } }, USAGE);
 * ```
 */
export function parse(
  args: readonly string[],
  options: Options,
  usage: string,
  positionals: { readonly min: number; readonly max: number } = { min: 0, max: 0 },
): Parsed {
  let r;
  try {
    r = parseArgs({
      args: [...args],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err), usage);
  }
  const values = r.values as Record<string, string | boolean | string[] | undefined>;
  const help = values.help === true;
  if (!help && (r.positionals.length < positionals.min || r.positionals.length > positionals.max)) {
    throw new UsageError(
      r.positionals.length < positionals.min
        ? 'Missing argument.'
        : `Unexpected argument: ${r.positionals[positionals.max] ?? ''}`,
      usage,
    );
  }
  return { values, positionals: r.positionals, help };
}

/** A required string option. */
export function required(p: Parsed, name: string, usage: string): string {
  const v = p.values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`Missing --${name}.`, usage);
  return v;
}

/** An optional integer option in [min, max]. */
export function intOption(
  p: Parsed,
  name: string,
  usage: string,
  min: number,
  max: number,
): number | undefined {
  const v = p.values[name];
  if (v === undefined) return undefined;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer in ${min}..${max}.`, usage);
  }
  return n;
}
