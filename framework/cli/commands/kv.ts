/** `gfa kv …`: read and write the data branch from the command line. */
import { readFile } from 'node:fs/promises';
import { ENV } from '../../contract.ts';
import { GfaError } from '../../errors.ts';
import { storeArgs } from '../args.ts';
import { defineCommand, type Command, type ValuesOf } from '../command.ts';
import type { Store } from '../../store/index.ts';

type Values = ValuesOf<typeof storeArgs>;

const ENV_HELP = 'The remote comes from --remote or GFA_REMOTE; secret keys from GFA_SECRET_KEY (comma-separated, the first encrypts). In an app folder without either, the local store that gfa run and gfa dev use (.gfa/local/), with its key. A branch that does not exist yet reads as empty and is created on the first write.';

/** The local store of the app in `dir` (as gfa run uses it), or undefined when `dir` is no app folder. */
async function appLocalStore(dir: string): Promise<{ remote: string; secretKey?: string } | undefined> {
  const { existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  if (!existsSync(join(dir, 'gfa.config.ts')) && !existsSync(join(dir, 'dist', 'gfa.json'))) return undefined;
  const { localState } = await import('../../dev/local-state.ts');
  const state = await localState(dir);
  return { remote: state.remote, ...(state.secretKey ? { secretKey: state.secretKey } : {}) };
}

/**
 * A benchmark and diagnostic knob, not a user setting: with `GFA_FANOUT=off` this process's writes
 * never fan a directory out (a flat directory stays one tree, however large), as gfa wrote before
 * directories fanned out, so `bench/store-cli.bench.ts` can measure "before" through the same CLI.
 * A directory already fanned out stays so, and reads follow the head's layout either way. Unset or
 * empty: the default limits (FANOUT in store/git/tree.ts).
 */
function fanoutFromEnv(env: NodeJS.ProcessEnv): { max: number; min: number } | undefined {
  const value = env.GFA_FANOUT ?? '';
  if (value === '') return undefined;
  if (value === 'off') return { max: Infinity, min: 0 };
  throw new GfaError('E_USAGE', `GFA_FANOUT must be "off" or unset, not "${value}"`);
}

/** Opens the store from flags and environment (or the app folder's local store), runs `fn`, and always closes it. */
async function withStore<T>(values: Values, fn: (store: Store, sealed: boolean) => Promise<T>): Promise<T> {
  const { openStore, storeOptionsFromEnv } = await import('../../store/index.ts');
  const { remote, branch, history } = values;
  const mode = history === undefined ? undefined : historyMode(history);
  const local = remote || process.env[ENV.remote] ? undefined : await appLocalStore(process.cwd());
  const overrides = {
    ...(remote ? { remote } : local ? { remote: local.remote } : {}),
    ...(local?.secretKey && !process.env[ENV.secretKey] ? { secretKeys: local.secretKey } : {}),
    ...(branch ? { branch } : {}),
    ...(mode ? { history: mode } : {}),
  };
  const fanout = fanoutFromEnv(process.env);
  const options = storeOptionsFromEnv(process.env, overrides);
  const store = await openStore({ ...options, ...(fanout ? { fanout } : {}) });
  try {
    return await fn(store, options.secretKeys !== undefined);
  } finally {
    await store.close();
  }
}

/** Refuses to print a sealed value as if it were the value: without the key, the store hands out its ciphertext. */
async function refuseSealed(key: string, value: Uint8Array, withKey: boolean): Promise<void> {
  if (withKey) return;
  const { isEnvelope } = await import('../../crypto/envelope.ts');
  if (isEnvelope(value)) throw new GfaError('E_SECRET_MISSING', `the value of ${key} is encrypted: set ${ENV.secretKey} to the store's data key (gfa deploy printed it; the local store's is in .gfa/local/secret.key)`);
}

function historyMode(value: string): 'squash' | 'keep' {
  if (value === 'squash' || value === 'keep') return value;
  throw new GfaError('E_USAGE', `invalid --history "${value}": use squash or keep`);
}

function positional(positionals: string[], count: number, usage: string): string[] {
  if (positionals.length !== count) throw new GfaError('E_USAGE', `usage: gfa ${usage}`);
  return positionals;
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sub(def: Omit<Command<typeof storeArgs>, 'options'> & { run: NonNullable<Command<typeof storeArgs>['run']> }): () => Promise<Command> {
  return async () => defineCommand({ ...def, options: storeArgs, help: def.help ? `${def.help}\n\n${ENV_HELP}` : ENV_HELP });
}

/** Parses an import file: a JSON object of key → string value. */
function parseImport(file: string, text: string): Record<string, string> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new GfaError('E_INPUT', `${file} is not valid JSON: expected an object of key → string value`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new GfaError('E_INPUT', `${file} must hold a JSON object of key → string value`);
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string') throw new GfaError('E_INPUT', `${file}: the value of "${key}" is not a string; every value must be a string`);
  }
  return data as Record<string, string>;
}

// Not `export default defineCommand(...)`: tsc 5.9 leaves `.ts` in dynamic imports inside an
// `export default <expression>` (test/package/dist.test.ts checks the build).
const command = defineCommand({
  usage: 'kv <command> [options]',
  help: ENV_HELP,
  subcommands: {
    get: sub({
      description: 'print the value of KEY (exactly its bytes); exit 1 if missing',
      usage: 'kv get KEY',
      async run({ values, positionals }) {
        const [key] = positional(positionals, 1, 'kv get KEY') as [string];
        const value = await withStore(values, async (s, withKey) => {
          const bytes = await s.getBytes(key);
          if (bytes !== undefined) await refuseSealed(key, bytes, withKey);
          return bytes;
        });
        if (value === undefined) throw new GfaError('E_NOT_FOUND', `not found: ${key}`);
        process.stdout.write(value);
      },
    }),
    set: sub({
      description: 'set KEY to VALUE (VALUE - reads stdin)',
      usage: 'kv set KEY VALUE',
      async run({ values, positionals }) {
        const [key, value] = positional(positionals, 2, 'kv set KEY VALUE') as [string, string];
        const bytes = value === '-' ? await readStdin() : value;
        await withStore(values, (s) => s.set(key, bytes));
      },
    }),
    rm: sub({
      description: 'delete KEY (a missing key is not an error)',
      usage: 'kv rm KEY',
      async run({ values, positionals }) {
        const [key] = positional(positionals, 1, 'kv rm KEY') as [string];
        await withStore(values, (s) => s.delete(key));
      },
    }),
    list: sub({
      description: 'print the keys starting with PREFIX, one per line',
      usage: 'kv list [PREFIX]',
      async run({ values, positionals }) {
        if (positionals.length > 1) throw new GfaError('E_USAGE', 'usage: gfa kv list [PREFIX]');
        const keys = await withStore(values, (s) => s.list(positionals[0] ?? ''));
        process.stdout.write(keys.map((k) => `${k}\n`).join(''));
      },
    }),
    import: sub({
      description: 'write every key of FILE.json (an object of key → string value) in one commit',
      usage: 'kv import FILE.json',
      async run({ values, positionals }) {
        const [file] = positional(positionals, 1, 'kv import FILE.json') as [string];
        const text = await readFile(file, 'utf8').catch(() => {
          throw new GfaError('E_INPUT', `cannot read ${file}: check the path`);
        });
        const data = parseImport(file, text);
        const { checkKey } = await import('../../store/index.ts');
        for (const key of Object.keys(data)) checkKey(key);
        await withStore(values, (s) =>
          s.transaction(async (tx) => {
            for (const [k, v] of Object.entries(data)) tx.set(k, v);
          }, { message: `gfa kv import ${Object.keys(data).length} keys` }),
        );
      },
    }),
    export: sub({
      description: 'print every key and value as one JSON object (the format kv import reads)',
      usage: 'kv export',
      async run({ values, positionals }) {
        positional(positionals, 0, 'kv export');
        const out = await withStore(values, (s) =>
          s.transaction(async (tx) => {
            const keys = await tx.list();
            const bytes = await Promise.all(keys.map((k) => tx.getBytes(k)));
            const decoder = new TextDecoder('utf-8', { fatal: true });
            const obj: Record<string, string> = {};
            keys.forEach((k, i) => {
              try {
                obj[k] = decoder.decode(bytes[i]);
              } catch {
                throw new GfaError('E_INPUT', `key "${k}" holds bytes that are not UTF-8 text; kv export handles text values only`);
              }
            });
            return obj;
          }),
        );
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      },
    }),
    rekey: sub({
      description: 're-encrypt every value under the first key of GFA_SECRET_KEY, in one commit',
      usage: 'kv rekey',
      async run({ values, positionals }) {
        positional(positionals, 0, 'kv rekey');
        if (!process.env[ENV.secretKey]) throw new GfaError('E_CONFIG', 'gfa kv rekey needs GFA_SECRET_KEY (NEW,OLD…: the first key encrypts)');
        const { rekey } = await import('../../store/index.ts');
        const count = await withStore(values, (s) => rekey(s));
        process.stdout.write(`re-encrypted ${count} keys\n`);
      },
    }),
  },
});

export default command;
