/** @module The `gfa` CLI entry: finds the command, parses its arguments, and is the only place errors are caught. */
import { parseArgs } from 'node:util';
import { ENV } from '../contract.ts';
import { GfaError, isGfaError } from '../errors.ts';
import type { Command } from './command.ts';
import { describe, formatHelp } from './help.ts';

/** A top-level command: its one-line description, kept here so `gfa --help` imports no command module, and its module. */
export interface CommandEntry {
  description: string;
  load(): Promise<Command>;
}

/** Every top-level command, imported only when used. */
export const commands: Record<string, CommandEntry> = {
  build: { description: 'build the app: dist/jobs/*.mjs, dist/pages/, dist/gfa.json and pipeline files', load: () => import('./commands/build.ts').then((m) => m.default) },
  run: { description: 'run one job locally in a child process, with the environment a CI runner gives', load: () => import('./commands/run.ts').then((m) => m.default) },
  dev: { description: 'run the app locally: data remote, triggers, schedules and Pages on 127.0.0.1', load: () => import('./commands/dev.ts').then((m) => m.default) },
  kv: { description: 'read and write the data branch (get, set, rm, list, import, export, rekey)', load: () => import('./commands/kv.ts').then((m) => m.default) },
  keygen: { description: 'print a new secret key (32 random bytes, base64) for GFA_SECRET_KEY', load: () => import('./commands/keygen.ts').then((m) => m.default) },
  init: { description: 'start a new app from a template (basic or rss-reader)', load: () => import('./commands/init.ts').then((m) => m.default) },
  deploy: { description: 'set a GitHub or GitLab repository up for the app (secret, keys file, Pages, schedules)', load: () => import('./commands/deploy.ts').then((m) => m.default) },
  trigger: { description: 'start a job on GitHub or GitLab, and optionally wait for its result', load: () => import('./commands/trigger.ts').then((m) => m.default) },
  doctor: { description: "check the app's set-up on GitHub or GitLab, one line per check", load: () => import('./commands/doctor.ts').then((m) => m.default) },
  migrate: { description: 'move the app between GitHub and GitLab: deploy the target, copy and check the data branch, move schedules', load: () => import('./commands/migrate.ts').then((m) => m.default) },
};

const VERSION = '0.1.0';

/** Runs the CLI with `argv` (without `node` and the script). Returns the exit code; prints errors as one line. */
export async function main(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (err) {
    printError(err);
    return isGfaError(err, 'E_NOT_FOUND') ? 1 : isGfaError(err, 'E_USAGE') ? 2 : 1;
  }
}

async function dispatch(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(formatHelp('', undefined, Object.fromEntries(Object.entries(commands).map(([n, c]) => [n, c.description]))));
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const entry = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!entry) throw new GfaError('E_USAGE', `unknown command "${name}" (commands: ${Object.keys(commands).join(', ')}); see gfa --help`);
  const cmd = await entry.load();
  return runCommand({ ...cmd, description: entry.description }, rest, name);
}

async function runCommand(cmd: Command, argv: string[], path: string): Promise<number> {
  if (cmd.subcommands) {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === '--help' || sub === '-h') {
      process.stdout.write(formatHelp(path, cmd, await describe(cmd.subcommands)));
      return sub === undefined && !cmd.run ? 2 : 0;
    }
    if (Object.hasOwn(cmd.subcommands, sub)) return runCommand(await cmd.subcommands[sub]!(), rest, `${path} ${sub}`);
    if (!cmd.run) throw new GfaError('E_USAGE', `unknown command "${path} ${sub}" (commands: ${Object.keys(cmd.subcommands).join(', ')}); see gfa ${path} --help`);
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(formatHelp(path, cmd));
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: stripHelp(cmd.options ?? {}), allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    throw new GfaError('E_USAGE', `${parseProblem(err)}; see gfa ${path} --help`);
  }
  if (!cmd.run) throw new GfaError('E_USAGE', `gfa ${path} needs a sub-command; see gfa ${path} --help`);
  const code = await cmd.run({ values: parsed.values as Record<string, never>, positionals: parsed.positionals, options: optionOrder(parsed.tokens) });
  return typeof code === 'number' ? code : 0;
}

/** The options as given, in order (a command whose meaning depends on order, e.g. `migrate --from … --repo … --to … --repo …`). */
function optionOrder(tokens: { kind: string; name?: string; value?: string | undefined }[] | undefined): { name: string; value?: string }[] {
  return (tokens ?? []).filter((t) => t.kind === 'option').map((t) => ({ name: t.name!, ...(t.value !== undefined ? { value: t.value } : {}) }));
}

/** `parseArgs`' error in gfa's words: Node's text tells how to pass a positional after `--`, which no gfa command takes. */
function parseProblem(err: unknown): string {
  const { code, message } = err as { code?: string; message: string };
  const name = /'(-[^' ]*)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && name) return `unknown option ${name}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && name) {
    return /argument missing/.test(message) ? `${name} needs a value` : `${name} takes no value`;
  }
  return (message.split('\n')[0] ?? message).replace(/\.$/, '');
}

function stripHelp(options: NonNullable<Command['options']>) {
  return Object.fromEntries(
    Object.entries(options).map(([k, { description: _d, valueName: _v, ...rest }]) => [k, rest]),
  ) as NonNullable<Parameters<typeof parseArgs>[0]>['options'];
}

/** Prints one line to stderr (`gfa: ...`); the stack only with GFA_DEBUG=1. */
export function printError(err: unknown): void {
  const msg = isGfaError(err) ? err.message : err instanceof Error ? `internal error: ${err.message}` : `internal error: ${String(err)}`;
  process.stderr.write(`gfa: ${firstLine(msg)}\n`);
  if (process.env[ENV.debug] !== '1') return;
  // The stack, then each cause's: a wrapped error (a job's, a config's) is where it happened.
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    process.stderr.write(`${depth > 0 ? 'caused by: ' : ''}${e.stack ?? e.message}\n`);
  }
}

function firstLine(s: string): string {
  const line = s.split('\n').find((l) => l.trim() !== '') ?? s;
  return line.trim();
}
