/**
 * `gfa migrate`: moves an app from one forge repository to another (GitHub ⇄ GitLab, or between two
 * repositories of one forge). Every step reads first and writes only what is missing, so a run that was
 * interrupted is finished by running it again, and a run with nothing left changes nothing:
 * 1. the source's `.gfa/keys.json` opens with the passphrase: its data key is the target's data key;
 * 2. the data branch is copied as it is (./copy.ts) and the target's copy is checked (./verify.ts);
 * 3. the target is deployed with that key, by the adapter's own `deploy` (what `gfa deploy` runs), and
 *    its keys file must then hold the same key;
 * 4. the target's schedules are on;
 * 5. only with `finish`: the source's schedules are turned off. Until then the source keeps working.
 */
import type { Manifest } from '../app/manifest.ts';
import { GfaError, isGfaError } from '../errors.ts';
import type { DeployReport, Forge, GitRemote, Progress } from '../forge/types.ts';
import { copyDataBranch, type CopyOutcome } from './copy.ts';
import { openGitSession } from './git.ts';
import { readRecord, writeRecord } from './record.ts';
import { label } from './targets.ts';
import { checkCopy, type CopyCheck } from './verify.ts';

/** What {@link migrate} needs. */
export interface MigrateInput {
  appDir: string;
  manifest: Manifest;
  source: Forge;
  target: Forge;
  /** The owner's passphrase: opens the source's keys file and wraps the target's. */
  passphrase: string;
  /** GitHub targets: the browser credential for the target (else the one in its keys file). */
  dispatchToken?: string;
  /** Turn the source's schedules off. */
  finish: boolean;
  /** Argon2id limits of the target's keys file (tests only). */
  kdf?: { opslimit: number; memlimit: number };
  progress: Progress;
}

/** What {@link migrate} did. */
export interface MigrateReport {
  /** Write requests sent to either forge's API. */
  writes: number;
  /** Git pushes of the data branch (0 or 1). */
  pushes: number;
  copy: CopyOutcome;
  check?: CopyCheck;
  deploy: DeployReport;
  pagesUrl?: string;
}

const short = (sha: string): string => sha.slice(0, 12);

async function sourceDataKey(input: MigrateInput): Promise<string | undefined> {
  const where = label(input.source.target);
  let json: unknown;
  try {
    json = await (await input.source.reader()).keysFile();
  } catch (err) {
    if (isGfaError(err, 'E_CONFIG') || isGfaError(err, 'E_NOT_FOUND') || isGfaError(err, 'E_FORGE')) {
      throw new GfaError('E_CONFIG', `cannot read .gfa/keys.json of ${where}: migrate needs a source set up by gfa deploy (${err.message})`, { cause: err });
    }
    throw err;
  }
  const { openExistingKeys } = await import('../forge/keys-file.ts');
  let secrets: Record<string, string> | undefined;
  try {
    secrets = await openExistingKeys(json, input.passphrase);
  } catch (err) {
    if (isGfaError(err, 'E_PASSPHRASE')) throw new GfaError('E_PASSPHRASE', `the passphrase does not open .gfa/keys.json of ${where}: use the passphrase of its gfa deploy`, { cause: err });
    throw err;
  }
  if (!input.manifest.store.encrypt) return undefined;
  if (!secrets?.dataKey) throw new GfaError('E_CONFIG', `.gfa/keys.json of ${where} holds no data key, but the app encrypts its data: run gfa deploy on ${where} first`);
  return secrets.dataKey;
}

function gitRemote(forge: Forge): GitRemote {
  if (!forge.gitRemote) throw new GfaError('E_USAGE', `gfa migrate cannot reach the git of forge "${forge.name}"`);
  return forge.gitRemote();
}

/** Runs the migration steps (see the module comment); `progress` gets one line per step, never a secret. */
export async function migrate(input: MigrateInput): Promise<MigrateReport> {
  const { source, target, manifest, progress: say } = input;
  const [from, to] = [label(source.target), label(target.target)];
  say(`from ${from} to ${to}`);
  const dataKey = await sourceDataKey(input);
  say(`source ${from}: .gfa/keys.json opens${dataKey ? ' (data key read)' : ''}`);
  if (!source.setSchedules || !target.setSchedules) throw new GfaError('E_USAGE', `gfa migrate cannot switch the schedules of forge "${!source.setSchedules ? source.name : target.name}"`);

  const branch = manifest.store.branch;
  const [src, dst] = [gitRemote(source), gitRemote(target)];
  const git = await openGitSession([src, dst]);
  let writes = 0;
  let pushes = 0;
  let copy: CopyOutcome;
  let check: CopyCheck | undefined;
  try {
    const record = await readRecord(input.appDir, source.target, target.target);
    copy = await copyDataBranch(git, src, dst, branch, record?.copied);
    if (copy.kind === 'none') say(`data branch ${branch}: none on ${from} yet (nothing to copy)`);
    if (copy.kind === 'same') say(`data branch ${branch}: ${to} already has ${from}'s head ${short(copy.head)}`);
    if (copy.kind === 'copied') say(`data branch ${branch}: copied ${short(copy.head)} to ${to} (git push)`);
    if (copy.kind === 'updated') say(`data branch ${branch}: ${to} held the earlier copy ${short(copy.from)}; brought to ${from}'s head ${short(copy.head)} (git push)`);
    if (copy.kind === 'diverged') {
      say(`data branch ${branch}: kept ${to}'s head ${short(copy.head)}: it is not the copy gfa made (the target's jobs have written to it), and ${from} is at ${short(copy.source)}; gfa migrate never overwrites it`);
    }
    if (copy.kind === 'copied' || copy.kind === 'updated') pushes = 1;
    if (copy.kind !== 'none') {
      check = await checkCopy(git, dst, branch, copy.head, dataKey, `${to}'s ${branch} branch`);
      const mac = check.counter === undefined ? 'plaintext store' : check.counter === 0 ? 'head written before gfa signed heads' : `head MAC verifies (counter ${check.counter})`;
      say(`check: ${mac}; ${check.values} value${check.values === 1 ? '' : 's'} ${dataKey ? 'open' : 'read'} on ${to}`);
      if (copy.kind !== 'diverged') await writeRecord(input.appDir, source.target, target.target, { copied: copy.head, at: new Date().toISOString() });
    }
  } finally {
    await git.close();
  }

  const deploy = await target.deploy({
    appDir: input.appDir, manifest, passphrase: input.passphrase, dispatchToken: input.dispatchToken, secretKey: dataKey, kdf: input.kdf,
    progress: (line) => say(`target ${to}: ${line}`),
  });
  writes += deploy.writes;
  if (dataKey !== undefined) await sameKeyOnTarget(input, dataKey, to);

  writes += await target.setSchedules({ manifest, active: true, progress: (line) => say(`target ${to}: ${line}`) });
  if (input.finish) {
    const off = await source.setSchedules({ manifest, active: false, progress: (line) => say(`source ${from}: ${line}`) });
    writes += off;
    say(`finished: ${from}'s schedules are off${off === 0 ? ' (they already were)' : ''}; ${to} runs the app now`);
  } else {
    say(`${from} keeps running (its schedules stay on) until gfa migrate --finish`);
  }
  return { writes, pushes, copy, ...(check ? { check } : {}), deploy, ...(deploy.pagesUrl ? { pagesUrl: deploy.pagesUrl } : {}) };
}

/** The target's keys file must wrap the source's data key (a GitLab project may already hold another GFA_SECRET_KEY). */
async function sameKeyOnTarget(input: MigrateInput, dataKey: string, to: string): Promise<void> {
  const { openExistingKeys } = await import('../forge/keys-file.ts');
  const secrets = await openExistingKeys(await (await input.target.reader()).keysFile(), input.passphrase);
  if (secrets?.dataKey !== dataKey) {
    throw new GfaError('E_KEY_MISMATCH', `${to} already has a GFA_SECRET_KEY other than the source's, so its jobs could not open the copied data: delete that variable or secret on ${to} and run gfa migrate again`);
  }
}
