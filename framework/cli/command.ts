/** The shape of one `gfa` command: each lives in `cli/commands/<name>.ts` and is imported lazily. */
import type { ParseArgsConfig } from 'node:util';

/** Options in the form `node:util` `parseArgs` takes, plus help text. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & {
  /** One line of help. Name the matching environment variable, if any. */
  description: string;
  /** Placeholder shown in help, e.g. `URL`. */
  valueName?: string;
};

/** The parsed value of one option, from its definition: a string option gives a string (a list with `multiple`), a boolean one a boolean. */
type ValueOf<S extends OptionSpec> = S['type'] extends 'boolean'
  ? S['multiple'] extends true ? boolean[] : boolean
  : S['multiple'] extends true ? string[] : string;

/** Parsed values of a command's options, typed by their definitions (`undefined` when not given). */
export type ValuesOf<O extends Record<string, OptionSpec>> = { [K in keyof O]?: ValueOf<O[K]> };

/** A CLI command. `run` parses nothing itself: it gets parsed values and calls the programmatic API. */
export interface Command<O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  /** One line shown in the parent's help. A top-level command's is in cli/main.ts, so `gfa --help` loads no command module. */
  description?: string;
  /** Usage line after `gfa `, e.g. `kv get KEY`. */
  usage: string;
  /** Longer help text, shown by `gfa <command> --help`. */
  help?: string;
  options?: O;
  /** Sub-commands (e.g. `kv get`), each a Command of its own. */
  subcommands?: Record<string, () => Promise<Command>>;
  /** `options`: every option as given, in order (for the few commands where order carries meaning). */
  run?(args: { values: ValuesOf<O>; positionals: string[]; options?: { name: string; value?: string }[] }): Promise<number | void>;
}

/** Identity helper that types `run`'s values by the option definitions (like citty's `defineCommand`). */
export function defineCommand<const O extends Record<string, OptionSpec> = Record<never, OptionSpec>>(def: Command<O>): Command {
  return def as unknown as Command;
}
