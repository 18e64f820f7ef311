/**
 * `gfa trigger JOB [APP_DIR] --forge github --repo OWNER/NAME [--input JSON|@FILE] [--wait] [--timeout SECONDS]`
 * (`--forge gitlab --repo GROUP/NAME` the same).
 */
import { readFile } from 'node:fs/promises';
import { resultKey } from '../../contract.ts';
import { GfaError } from '../../errors.ts';
import type { ClientForge } from '../../forge/types.ts';
import { defineCommand } from '../command.ts';
import { loadManifest, resolvePassphrase, targetArgs } from '../forge-args.ts';

async function parseInput(text: string | undefined): Promise<unknown> {
  if (text === undefined) return undefined;
  const raw = text.startsWith('@') ? await readFile(text.slice(1), 'utf8').catch(() => { throw new GfaError('E_USAGE', `cannot read --input file ${text.slice(1)}`); }) : text;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new GfaError('E_USAGE', '--input must be JSON (or @FILE holding JSON)');
  }
}

/** The data key wrapped in the repo's `.gfa/keys.json`, opened with the passphrase. */
async function keysFileDataKey(reader: Pick<ClientForge, 'keysFile'>, passphrase: string): Promise<string> {
  const { openExistingKeys } = await import('../../forge/keys-file.ts');
  const keys = await reader.keysFile();
  const dataKey = (await openExistingKeys(keys, passphrase))?.dataKey;
  if (!dataKey) throw new GfaError('E_CONFIG', '.gfa/keys.json holds no data key; run gfa deploy, or set GFA_SECRET_KEY to the data key');
  return dataKey;
}

// Not `export default defineCommand(...)`: tsc 5.9 leaves `.ts` in dynamic imports inside an
// `export default <expression>` (test/package/dist.test.ts checks the build).
const command = defineCommand({
  usage: 'trigger JOB [APP_DIR] --forge github --repo OWNER/NAME [--input JSON|@FILE] [--wait] [--timeout SECONDS]',
  help: [
    'On GitLab: trigger JOB [APP_DIR] --forge gitlab --repo GROUP/NAME [--input JSON|@FILE] [--wait] [--timeout SECONDS]',
    '',
    'Prints the request id and the run URL. With --wait, polls results/<id> on the data branch as the',
    'browser does, and follows the run: one that ends without a result (failed, cancelled, or a set-up',
    'that skipped the job) ends the wait at once with its URL (exit 1). An encrypted app reads the result',
    'with GFA_SECRET_KEY when set, else with .gfa/keys.json and the passphrase (GFA_PASSPHRASE or a prompt).',
  ].join('\n'),
  options: {
    ...targetArgs,
    input: { type: 'string', valueName: 'JSON|@FILE', description: 'the job input as JSON, or @FILE' },
    wait: { type: 'boolean', description: 'wait for the result: print the output (exit 0) or the job error (exit 1)' },
    timeout: { type: 'string', valueName: 'SECONDS', description: 'give up waiting after this long (default 600)' },
  },
  async run({ values, positionals }) {
    const [job, appDir = '.', ...extra] = positionals;
    if (!job || extra.length > 0) throw new GfaError('E_USAGE', 'usage: gfa trigger JOB [APP_DIR]; see gfa trigger --help');
    const manifest = await loadManifest(appDir);
    if (!Object.hasOwn(manifest.jobs, job) || !manifest.jobs[job]!.trigger) throw new GfaError('E_USAGE', `job "${job}" does not exist or cannot be triggered (jobs with trigger(): ${Object.keys(manifest.jobs).filter((j) => manifest.jobs[j]!.trigger).join(', ')})`);
    const timeout = Number(values.timeout ?? 600);
    if (!Number.isFinite(timeout) || timeout <= 0) throw new GfaError('E_USAGE', '--timeout must be a positive number of seconds');
    const input = await parseInput(values.input);
    const env = process.env;
    const { resolveTarget } = await import('../../forge/infer.ts');
    const target = await resolveTarget(appDir, { forge: values.forge, repo: values.repo }, env);
    const secretKey = env.GFA_SECRET_KEY || undefined;
    const passphrase = values.wait && manifest.store.encrypt && !secretKey ? await resolvePassphrase(undefined, env) : undefined;
    const { openForge } = await import('../../forge/open.ts');
    const forge = await openForge(target, env, { branch: manifest.store.branch });
    const { newRequestId } = await import('../../contract.ts');
    const requestId = newRequestId();
    const reader = values.wait ? await forge.reader() : undefined;
    const before = reader ? await reader.head() : undefined;
    const { runId, runUrl } = await forge.trigger({ job, requests: [{ requestId, input }] });
    process.stdout.write(`request ${requestId}\n${runUrl ? `run ${runUrl}\n` : ''}`);
    if (!reader) return 0;
    const [{ pollResult }, { layoutReader }] = await Promise.all([import('../../client/poll.ts'), import('../../client/layout.ts')]);
    // The result's path depends on the store layout at each head (a fanned-out results/ directory).
    const layouts = layoutReader(reader as Partial<Pick<ClientForge, 'commit'>>);
    // Follow the run too: one that fails before it writes a result ends the wait at once (E_RUN_FAILED).
    const run = runId !== undefined && forge.run ? () => forge.run!(runId, job) : undefined;
    let bytes = await pollResult(reader, job, requestId, timeout * 1000, { since: before && before !== 'unchanged' ? before.etag : undefined, layoutAt: (sha) => layouts.at(sha), resultsAt: (sha) => layouts.results(sha), ...(run ? { run } : {}) });
    if (manifest.store.encrypt) {
      const dataKey = secretKey ?? (await keysFileDataKey(reader, passphrase!));
      const [{ parseSecretKeys }, { openValue }] = await Promise.all([import('../../crypto/keys.ts'), import('../../crypto/envelope.ts')]);
      bytes = await openValue(parseSecretKeys(dataKey), resultKey(requestId), bytes);
    }
    const result = JSON.parse(new TextDecoder().decode(bytes)) as { status: string; output?: unknown; error?: { code?: string; message?: string } };
    if (result.status === 'ok') {
      process.stdout.write(`${JSON.stringify(result.output ?? null, null, 2)}\n`);
      return 0;
    }
    process.stderr.write(`gfa: job "${job}" failed: ${result.error?.code ?? 'E_JOB_FAILED'} ${result.error?.message ?? ''}\n`);
    return 1;
  },
});

export default command;
