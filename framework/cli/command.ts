/** The shape of one `gfa` command: each lives in `cli/commands/<name>.ts` and is imported lazily. */
import type { ParseArgsConfig } from 'node:util';

/** Options in the form `node:util` `parseArgs` takes, plus help text. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & {
  /** One line of help. Name the matching environment variable, if any. */
  description: string;
  /** Placeholder shown in help, e.g. `URL`. */
  valueName?: string;
};

/** A CLI command. `run` parses nothing itself: it gets parsed values and calls the programmatic API. */
export interface Command {
  /** One line shown in `gfa --help`. */
  description: string;
  /** Usage line after `gfa `, e.g. `kv get KEY`. */
  usage: string;
  /** Longer help text, shown by `gfa <command> --help`. */
  help?: string;
  options?: Record<string, OptionSpec>;
  /** Sub-commands (e.g. `kv get`), each a Command of its own. */
  subcommands?: Record<string, () => Promise<Command>>;
  run?(args: { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] }): Promise<number | void>;
}

/** Identity helper for type inference (like citty's `defineCommand`). */
export function defineCommand(def: Command): Command {
  return def;
}
