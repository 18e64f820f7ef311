/** What `gfa deploy`, `gfa trigger` and `gfa doctor` share: the target options, the manifest, the passphrase. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Manifest } from '../app/manifest.ts';
import { GfaError } from '../errors.ts';
import type { OptionSpec } from './command.ts';

/** `--forge` and `--repo`. */
export const targetArgs = {
  forge: { type: 'string', valueName: 'NAME', description: 'github or gitlab (default: from the origin remote); GitHub: token from GITHUB_TOKEN or GH_TOKEN, API from GITHUB_API_URL; GitLab: token from GITLAB_TOKEN, instance from GITLAB_URL (default https://gitlab.com), private projects\' read token from GITLAB_READ_TOKEN' },
  repo: { type: 'string', valueName: 'OWNER/NAME', description: 'the repository, or the GitLab project path GROUP[/SUBGROUP…]/NAME (default: from the origin remote)' },
} satisfies Record<string, OptionSpec>;

/** APP_DIR's built manifest (`dist/gfa.json`). */
export async function loadManifest(appDir: string): Promise<Manifest> {
  const path = join(resolve(appDir), 'dist', 'gfa.json');
  if (!existsSync(path)) throw new GfaError('E_CONFIG', `${path} is missing: run gfa build in ${appDir} (and commit dist/) first`);
  return JSON.parse(await readFile(path, 'utf8')) as Manifest;
}

/** A one-line secret read from a file (trailing newline dropped). */
export async function readSecretFile(path: string, what: string): Promise<string> {
  try {
    const text = (await readFile(path, 'utf8')).replace(/\r?\n$/, '');
    if (!text) throw new Error('empty');
    return text;
  } catch {
    throw new GfaError('E_USAGE', `cannot read ${what} from ${path}; check the path`);
  }
}

async function prompt(question: string): Promise<string> {
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const out = rl as unknown as { _writeToOutput(s: string): void };
  process.stderr.write(question);
  out._writeToOutput = () => {}; // no echo
  return new Promise((ok) => rl.question('', (answer) => {
    rl.close();
    process.stderr.write('\n');
    ok(answer);
  }));
}

/** Asks a yes/no question on a terminal; true without a terminal (scripts pass --yes or run unattended). */
export async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return true;
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  return new Promise((ok) => rl.question(`${question} [y/N] `, (answer) => {
    rl.close();
    ok(/^y(es)?$/i.test(answer.trim()));
  }));
}

/**
 * The passphrase: `--passphrase-file`, else GFA_PASSPHRASE, else a prompt on a terminal; else E_USAGE.
 * With `confirmNew` (deploy), the prompt asks twice and an empty answer takes a generated passphrase,
 * shown once on the terminal with its strength.
 */
export async function resolvePassphrase(file: string | undefined, env: Record<string, string | undefined>, required = true, confirmNew = false): Promise<string | undefined> {
  if (file) return readSecretFile(file, 'the passphrase');
  if (env.GFA_PASSPHRASE) return env.GFA_PASSPHRASE;
  if (process.stdin.isTTY && process.stderr.isTTY) return confirmNew ? askNewPassphrase() : prompt('Owner passphrase: ');
  if (!required) return undefined;
  throw new GfaError('E_USAGE', 'no passphrase: pass --passphrase-file FILE or set GFA_PASSPHRASE (no terminal to ask on); gfa keygen --passphrase makes a strong one');
}

/** Asks for the owner passphrase twice; Enter alone takes a generated one. */
async function askNewPassphrase(): Promise<string> {
  const first = await prompt('Owner passphrase (Enter alone: generate one): ');
  if (first === '') {
    const { generatePassphrase } = await import('../crypto/passphrase-generate.ts');
    const made = await generatePassphrase();
    process.stderr.write(`Generated passphrase (${made.bits} bits, about 10^${made.guessesLog10} guesses); keep it in a password manager, it is shown once:\n${made.passphrase}\n`);
    return made.passphrase;
  }
  if ((await prompt('Owner passphrase again: ')) !== first) throw new GfaError('E_USAGE', 'the two passphrases differ; nothing was changed');
  return first;
}

/** Argon2id limits of the keys file `gfa deploy` writes; only tests set them (see {@link setTestKdf}). */
let testKdf: { opslimit: number; memlimit: number } | undefined;

/**
 * Tests only: weak Argon2id limits for the keys file of every later `gfa deploy` in this process (no flag or
 * environment variable reaches this, so users always get the default). `undefined` restores the default.
 */
export function setTestKdf(kdf: { opslimit: number; memlimit: number } | undefined): void {
  testKdf = kdf;
}

/** The limits {@link setTestKdf} set, if any. */
export function deployKdf(): { opslimit: number; memlimit: number } | undefined {
  return testKdf;
}
