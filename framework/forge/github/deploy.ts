/**
 * `gfa deploy` on GitHub, step by step (each step reads first and writes only what is missing):
 * 1. the repository (default branch, visibility);
 * 2. the Actions secret `GFA_SECRET_KEY` (encrypted apps): created when absent, sealed with libsodium
 *    `crypto_box_seal` to the repository's public key; an existing one is never overwritten
 *    (https://docs.github.com/en/rest/guides/encrypting-secrets-for-the-rest-api); with
 *    `githubEnvironment`, in that environment instead (deploy-environment.ts);
 * 3. `.gfa/keys.json` (data key + browser credential under the passphrase), committed through the
 *    contents API when what it holds changed (https://docs.github.com/en/rest/repos/contents#create-or-update-file-contents);
 * 4. Pages with `build_type: workflow` when off (https://docs.github.com/en/rest/pages/pages#create-a-github-pages-site).
 * The page finds its repository from its github.io address, so nothing is written for that.
 */
import { GfaError } from '../../errors.ts';
import { KEYS_FILE_PATH as KEYS_PATH, newDataKey, openExistingKeys, planKeys } from '../keys-file.ts';
import type { DeployInput, DeployReport, RepoTarget } from '../types.ts';
import { deployEnvironmentKey } from './deploy-environment.ts';
import { ownerPlanName } from './doctor-budget.ts';
import { exists, forgeError, statusOf, type GithubApi } from './octokit.ts';
import { seal } from './seal.ts';

const SECRET = 'GFA_SECRET_KEY';

/** Reads a file of the default branch as JSON with its blob SHA, or undefined. */
export async function readRepoJson(api: GithubApi, t: { owner: string; repo: string }, path: string): Promise<{ json: unknown; sha: string } | undefined> {
  try {
    const { data } = await api.octokit.repos.getContent({ ...t, path });
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return undefined;
    const text = Buffer.from(data.content, 'base64').toString('utf8');
    try {
      return { json: JSON.parse(text) as unknown, sha: data.sha };
    } catch {
      return { json: text, sha: data.sha };
    }
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw forgeError(err, `reading ${path}`, 'check that the token has Contents: read on the repository');
  }
}

/** Runs the deploy steps. */
export async function deployGithub(api: GithubApi, target: RepoTarget, input: DeployInput): Promise<DeployReport> {
  const [owner, repo] = target.repo.split('/') as [string, string];
  const t = { owner, repo };
  const { octokit } = api;
  const say = input.progress;
  const { data: info } = await octokit.repos.get(t).catch((err: unknown) => {
    throw forgeError(err, `access to ${target.repo}`, 'check --repo and that the token can read the repository');
  });
  say(`repository ${info.full_name}: ${info.private ? 'private' : 'public'}, default branch ${info.default_branch}`);

  const keysFile = await readRepoJson(api, t, KEYS_PATH);
  const report: DeployReport = { writes: 0 };
  const old = await openExistingKeys(keysFile?.json, input.passphrase);
  let dataKey: string | undefined;
  const environment = input.manifest.githubEnvironment;
  if (input.manifest.store.encrypt && environment !== undefined) {
    dataKey = await deployEnvironmentKey({ api, t, info, environment, secretKey: input.secretKey, fromKeys: old?.dataKey, report, say });
  } else if (input.manifest.store.encrypt) {
    const fromKeys = old?.dataKey;
    if (await exists(octokit.actions.getRepoSecret({ ...t, secret_name: SECRET }), `reading the secret ${SECRET}`, 'give the token Secrets: read and write on the repository')) {
      dataKey = input.secretKey ?? fromKeys;
      if (!dataKey) throw new GfaError('E_CONFIG', `${SECRET} exists on ${target.repo} but gfa cannot read it back: set GFA_SECRET_KEY to the key printed by the first deploy`);
      say(`secret ${SECRET}: exists (kept)`);
    } else {
      dataKey = input.secretKey ?? fromKeys ?? (await newDataKey());
      if (dataKey !== input.secretKey && dataKey !== fromKeys) report.newSecretKey = dataKey;
      const { data: key } = await octokit.actions.getRepoPublicKey(t).catch((err: unknown) => {
        throw forgeError(err, 'reading the secrets public key', 'give the token Secrets: read and write on the repository');
      });
      await octokit.actions.createOrUpdateRepoSecret({ ...t, secret_name: SECRET, encrypted_value: await seal(dataKey, key.key), key_id: key.key_id }).catch((err: unknown) => {
        throw forgeError(err, `creating the secret ${SECRET}`, 'give the token Secrets: read and write on the repository');
      });
      say(`secret ${SECRET}: created`);
    }
    // A workflow pushed to any branch receives repository secrets (docs "Using secrets in GitHub Actions"),
    // and gfa keeps the key as a repository secret: say so where the owner decides who gets push access.
    // Where environments exist (public repositories; private ones on Pro, Team, Enterprise), say the way out.
    const paid = info.private ? await ownerPlanName(api, t.owner, info.owner?.type).then((n) => n !== undefined && n.toLowerCase() !== 'free') : false;
    const way = !info.private || paid ? `; set githubEnvironment in gfa.config.ts (e.g. 'gfa') to limit it to ${info.default_branch}` : '';
    say(`secret ${SECRET}: note: anyone with push access to ${t.owner}/${t.repo} can read it (a workflow on any branch receives repository secrets)${way}`);
  }

  const plan = await planKeys({ old, passphrase: input.passphrase, triggerToken: input.dispatchToken, dataKey, kdf: input.kdf });
  if (plan.content === undefined) {
    say(`${KEYS_PATH}: up to date`);
  } else {
    await octokit.repos
      .createOrUpdateFileContents({ ...t, path: KEYS_PATH, message: 'gfa deploy: wrap the data key and browser credential', content: Buffer.from(plan.content).toString('base64'), ...(keysFile ? { sha: keysFile.sha } : {}) })
      .catch((err: unknown) => {
        throw forgeError(err, `committing ${KEYS_PATH}`, 'give the token Contents: read and write on the repository');
      });
    say(`${KEYS_PATH}: ${keysFile ? 'updated' : 'created'} on ${info.default_branch}`);
  }

  let pages = await octokit.repos.getPages(t).then((r) => r.data, (err: unknown) => {
    if (statusOf(err) === 404) return undefined;
    throw forgeError(err, 'reading the Pages settings', 'give the token Pages: read and write on the repository');
  });
  if (!pages) {
    pages = (await octokit.repos.createPagesSite({ ...t, build_type: 'workflow' }).catch((err: unknown) => {
      throw forgeError(err, 'enabling Pages', 'give the token Pages: write and Administration: write, or enable Pages (source: GitHub Actions) in the repository settings');
    })).data;
    say('Pages: enabled (source: GitHub Actions)');
  } else if (pages.build_type !== 'workflow') {
    say('Pages: enabled but built from a branch; switch the source to "GitHub Actions" in Settings → Pages');
  } else {
    say('Pages: enabled (source: GitHub Actions)');
  }
  report.pagesUrl = pages.html_url ?? undefined;
  report.writes = api.writes();
  return report;
}
