/**
 * What `gfa deploy|trigger|doctor --forge gitlab` do once their options are parsed: the commands
 * only dispatch here. Progress goes to stderr; results (doctor --json, trigger --wait) to stdout; the
 * return value is the exit code. No secret is ever printed, except a data key this run created,
 * once, so the owner can keep it.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Manifest } from '../../app/manifest.ts';
import { pollResult } from '../../client/poll.ts';
import { GfaError } from '../../errors.ts';
import { resultKey, type JobResult } from '../../contract.ts';
import { newRequestId } from '../../contract.ts';
import type { Check, ClientForge } from '../types.ts';
import { gitlabForge } from './forge.ts';

/** The parsed options of the three commands. */
export interface GitlabCliOptions {
  /** APP_DIR. @default "." */
  appDir?: string;
  /** `--repo GROUP/NAME`. */
  repo: string;
  /** deploy: `--yes`; accepted for parity with GitHub, deploy on GitLab asks nothing. */
  yes?: boolean;
  /** deploy: `--passphrase-file FILE` (else env GFA_PASSPHRASE). */
  passphraseFile?: string;
  /** trigger: the job. */
  job?: string;
  /** trigger: `--input JSON|@FILE`. */
  input?: string;
  /** trigger: wait for the result. */
  wait?: boolean;
  /** trigger --wait: seconds. @default 300 */
  timeout?: number;
  /** doctor: print JSON. */
  json?: boolean;
  /** Argon2id limits of the keys file (tests only). */
  kdf?: { opslimit: number; memlimit: number };
}

type Env = Record<string, string | undefined>;
type Out = { out: (s: string) => void; err: (s: string) => void };
const STD: Out = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

async function manifestOf(appDir: string): Promise<Manifest> {
  try {
    return JSON.parse(await readFile(join(appDir, 'dist', 'gfa.json'), 'utf8')) as Manifest;
  } catch {
    throw new GfaError('E_NOT_FOUND', `no dist/gfa.json in ${appDir}: run gfa build first`);
  }
}

function forgeOf(o: GitlabCliOptions, env: Env, branch: string) {
  const token = env.GITLAB_TOKEN;
  if (!token) throw new GfaError('E_USAGE', 'set GITLAB_TOKEN to a GitLab access token with the api scope (Maintainer or Owner on the project)');
  return gitlabForge({ project: o.repo, token, url: env.GITLAB_URL ?? 'https://gitlab.com', readToken: env.GITLAB_READ_TOKEN, branch });
}

/** `gfa deploy --forge gitlab`. */
export async function gitlabDeploy(o: GitlabCliOptions, env: Env, io: Out = STD): Promise<number> {
  const appDir = resolve(o.appDir ?? '.');
  const manifest = await manifestOf(appDir);
  let passphrase = env.GFA_PASSPHRASE;
  if (o.passphraseFile) passphrase = (await readFile(o.passphraseFile, 'utf8')).replace(/\r?\n$/, '');
  if (!passphrase) throw new GfaError('E_USAGE', 'give the owner passphrase with --passphrase-file FILE or GFA_PASSPHRASE');
  const forge = forgeOf(o, env, manifest.store.branch);
  const report = await forge.deploy({
    appDir, manifest, passphrase, secretKey: env.GFA_SECRET_KEY || undefined, kdf: o.kdf, progress: (line) => io.err(`${line}\n`),
  });
  if (report.newSecretKey) io.err(`new data key (GFA_SECRET_KEY), shown once; keep it somewhere safe: ${report.newSecretKey}\n`);
  io.err(`deployed with ${report.writes} write request(s)${report.pagesUrl ? `; open ${report.pagesUrl}` : ''}\n`);
  return 0;
}

async function readInput(value: string | undefined): Promise<unknown> {
  if (value === undefined) return undefined;
  const text = value.startsWith('@') ? await readFile(value.slice(1), 'utf8') : value;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GfaError('E_USAGE', '--input must be JSON text or @FILE holding JSON');
  }
}

/** `gfa trigger JOB --forge gitlab`. */
export async function gitlabTrigger(o: GitlabCliOptions, env: Env, io: Out = STD): Promise<number> {
  const appDir = resolve(o.appDir ?? '.');
  const manifest = await manifestOf(appDir);
  const job = o.job ?? '';
  if (!manifest.jobs[job]?.trigger) throw new GfaError('E_USAGE', `job "${job}" cannot be triggered; triggerable jobs: ${Object.values(manifest.jobs).filter((j) => j.trigger).map((j) => j.name).join(', ')}`);
  const forge = forgeOf(o, env, manifest.store.branch);
  const requestId = newRequestId();
  const { runUrl } = await forge.trigger({ job, requestId, input: await readInput(o.input) });
  io.err(`triggered ${job} (request ${requestId})${runUrl ? `: ${runUrl}` : ''}\n`);
  if (!o.wait) return 0;
  // pollResult reads only head, readFile and backoff, which reader() gives.
  let bytes = await pollResult((await forge.reader()) as ClientForge, job, requestId, (o.timeout ?? 300) * 1000);
  if (manifest.store.encrypt) {
    if (!env.GFA_SECRET_KEY) throw new GfaError('E_SECRET_MISSING', 'the result is encrypted: set GFA_SECRET_KEY to the data key to read it');
    const [{ parseSecretKeys }, { openValue }] = await Promise.all([import('../../crypto/keys.ts'), import('../../crypto/envelope.ts')]);
    bytes = await openValue(parseSecretKeys(env.GFA_SECRET_KEY), resultKey(requestId), bytes);
  }
  const result = JSON.parse(new TextDecoder().decode(bytes)) as JobResult;
  io.out(`${JSON.stringify(result, null, 2)}\n`);
  return result.status === 'ok' ? 0 : 1;
}

/** `gfa doctor --forge gitlab`: exit 1 when a check is an error. */
export async function gitlabDoctor(o: GitlabCliOptions, env: Env, io: Out = STD): Promise<number> {
  const appDir = resolve(o.appDir ?? '.');
  const manifest = await manifestOf(appDir);
  const checks: Check[] = await forgeOf(o, env, manifest.store.branch).doctor({ appDir, manifest });
  if (o.json) io.out(`${JSON.stringify(checks, null, 2)}\n`);
  else for (const c of checks) io.err(`${c.status === 'ok' ? 'ok   ' : c.status === 'warn' ? 'warn ' : 'ERROR'} ${c.id}: ${c.message}\n`);
  return checks.some((c) => c.status === 'error') ? 1 : 0;
}
