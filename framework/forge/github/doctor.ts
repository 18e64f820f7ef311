/**
 * `gfa doctor` on GitHub: one {@link Check} per fact, each with how to fix it. Reads only; the push
 * probe asks for git's receive-pack advertisement (`info/refs?service=git-receive-pack`), which pushes
 * nothing. Facts: FORGES.md (Actions, schedules, Pages, fine-grained tokens).
 */
import { pagesOriginCheck } from '../doctor-origin.ts';
import type { Manifest } from '../../app/manifest.ts';
import { KEYS_FILE_PATH, openExistingKeys } from '../keys-file.ts';
import type { Check, Forge, RepoTarget } from '../types.ts';
import { readRepoJson } from './deploy.ts';
import { statusOf, type GithubApi } from './octokit.ts';
import { scheduleChecks } from './doctor-schedules.ts';
import { secretCheck } from './doctor-secret.ts';
import { sessionChecks } from '../doctor-session.ts';
import { githubStorageChecks } from './doctor-storage.ts';
import { forkCheck, workflowStateMessage } from './doctor-first-run.ts';
import { dispatchTokenExpiryCheck, ownerTokenExpiryCheck, TOKEN_EXPIRATION_HEADER } from './doctor-expiry.ts';

/** What doctor reads with. */
export interface DoctorContext {
  api: GithubApi;
  apiUrl: string;
  target: RepoTarget;
  token: string;
  dispatchToken?: string;
  passphrase?: string;
  forge: Forge;
}

/** The git server of an API base: api.github.com → github.com; `https://HOST/api/v3` → `https://HOST`. */
export function gitServerOf(apiUrl: string): string {
  if (/^https:\/\/api\.github\.com\/?$/.test(apiUrl)) return 'https://github.com';
  return apiUrl.replace(/\/api\/v3\/?$/, '');
}

const ok = (id: string, message: string): Check => ({ id, status: 'ok', message });
const warn = (id: string, message: string): Check => ({ id, status: 'warn', message });
const error = (id: string, message: string): Check => ({ id, status: 'error', message });

/** Runs every check in order. */
export async function doctorGithub(ctx: DoctorContext, input: { appDir: string; manifest: Manifest }): Promise<Check[]> {
  const { octokit } = ctx.api;
  const [owner, repo] = ctx.target.repo.split('/') as [string, string];
  const t = { owner, repo };
  const checks: Check[] = [];
  const m = input.manifest;

  let info;
  try {
    const res = await octokit.repos.get(t);
    info = res.data;
    const p = info.permissions;
    checks.push(ok('token', `the token reads ${info.full_name}${p ? ` (admin: ${p.admin}, push: ${p.push})` : ''}`));
    checks.push(ownerTokenExpiryCheck(res.headers[TOKEN_EXPIRATION_HEADER] as string | undefined));
  } catch (err) {
    checks.push(error('token', `the token cannot read ${ctx.target.repo} (HTTP ${statusOf(err) ?? 'error'}); set GITHUB_TOKEN or GH_TOKEN to a token for this repository`));
    return checks;
  }

  const fork = forkCheck(info);
  if (fork) checks.push(fork);
  try {
    const { data } = await octokit.actions.getGithubActionsPermissionsRepository(t);
    checks.push(data.enabled ? ok('actions-enabled', 'Actions are enabled') : error('actions-enabled', 'Actions are disabled (forks start so): enable them in Settings → Actions → General'));
  } catch (err) {
    checks.push(warn('actions-enabled', `cannot read the Actions setting (HTTP ${statusOf(err) ?? 'error'}); give the token Administration: read to check it`));
  }

  const workflows = await octokit.actions.listRepoWorkflows({ ...t, per_page: 100 }).then((r) => r.data.workflows, () => undefined);
  for (const job of Object.keys(m.jobs).sort()) {
    const file = `gfa-${job}.yml`;
    const wf = workflows?.find((w) => w.path === `.github/workflows/${file}`);
    const id = `workflow:${file}`;
    if (!workflows) checks.push(warn(id, 'cannot list workflows; give the token Actions: read'));
    else if (!wf) checks.push(error(id, `not on the default branch ${info.default_branch}: run gfa build, commit and push`));
    else if (wf.state !== 'active') checks.push(error(id, workflowStateMessage(wf.state, file)));
    else checks.push(ok(id, 'active'));
  }

  if (m.store.encrypt) checks.push(await secretCheck(ctx.api, t, m, info.default_branch));

  if (m.pages) {
    const pages = await octokit.repos.getPages(t).then((r) => r.data, (err: unknown) => (statusOf(err) === 404 ? null : undefined));
    if (pages === null) checks.push(error('pages', 'Pages is off: run gfa deploy (or Settings → Pages → Source: GitHub Actions)'));
    else if (pages === undefined) checks.push(warn('pages', 'cannot read the Pages settings; give the token Pages: read'));
    else if (pages.build_type !== 'workflow') checks.push(error('pages', 'Pages builds from a branch: set Settings → Pages → Source to "GitHub Actions"'));
    else checks.push(ok('pages', `Pages from GitHub Actions at ${pages.html_url ?? '?'} (last build: ${pages.status ?? 'none yet'})`));
    // Without a custom domain (`cname`) a site is served from OWNER.github.io, as every other site of the owner.
    if (pages) {
      checks.push(pagesOriginCheck(pages.cname
        ? { ownOrigin: true, how: `custom domain ${pages.cname}` }
        : { url: pages.html_url ?? undefined, ownOrigin: false, how: 'give it a custom domain (Settings → Pages → Custom domain) before trusting it with data that matters' }));
    }
  }

  checks.push(...(await scheduleChecks(ctx.api, t, m, info)));
  checks.push(...sessionChecks(m, { forge: 'github', billed: info.private === true }));
  checks.push(...(await githubStorageChecks(ctx.api, t, m, input.appDir, info.size)));

  const keys = await readRepoJson(ctx.api, t, KEYS_FILE_PATH);
  let dispatchToken = ctx.dispatchToken;
  let dataKey: string | undefined;
  if (!keys) checks.push(error('keys-file', '.gfa/keys.json is missing on the default branch: run gfa deploy'));
  else {
    try {
      const { validateKeysFile } = await import('../../crypto/passphrase.ts');
      validateKeysFile(keys.json);
      if (ctx.passphrase !== undefined) {
        const secrets = await openExistingKeys(keys.json, ctx.passphrase);
        dispatchToken ??= secrets?.triggerToken;
        dataKey = secrets?.dataKey;
        checks.push(ok('keys-file', '.gfa/keys.json is valid and opens with the passphrase'));
      } else checks.push(ok('keys-file', '.gfa/keys.json is valid (set GFA_PASSPHRASE to check that it opens)'));
    } catch (err) {
      checks.push(error('keys-file', `${(err as Error).message.split('\n')[0]}`));
    }
  }

  checks.push(await pushProbe(ctx, dispatchToken));
  if (dispatchToken) {
    const extra = await extraPermissionProbe(ctx, dispatchToken);
    if (extra) checks.push(extra);
    checks.push(await dispatchTokenExpiryCheck(ctx.apiUrl, ctx.target.repo, dispatchToken));
  }
  checks.push(await failedResults(ctx, m, dataKey));
  return checks;
}

async function pushProbe(ctx: DoctorContext, token: string | undefined): Promise<Check> {
  if (!token) return warn('dispatch-token', 'not checked: set GFA_PASSPHRASE (or GFA_DISPATCH_TOKEN) so doctor can check that the browser credential cannot push');
  const url = `${gitServerOf(ctx.apiUrl)}/${ctx.target.repo}.git/info/refs?service=git-receive-pack`;
  const res = await fetch(url, { headers: { authorization: `Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`, 'user-agent': 'git/gfa-doctor' } }).catch(() => undefined);
  if (!res) return warn('dispatch-token', `cannot reach ${gitServerOf(ctx.apiUrl)} to check the browser credential`);
  await res.body?.cancel();
  if (res.ok) return error('dispatch-token', 'the browser credential can push: make a fine-grained token with only Actions: write and Contents: read, then gfa deploy --dispatch-token-file FILE');
  return ok('dispatch-token', `the browser credential cannot push (HTTP ${res.status})`);
}

/**
 * Reads the browser credential should not be able to make: it needs Actions: write and Contents: read
 * (and Metadata), nothing else. Harmless GETs that answer 200 only with a permission it does not need
 * (docs "Permissions required for fine-grained personal access tokens": listing secrets needs
 * Secrets: read, the repository's Actions permissions Administration: read; neither is public).
 * GitHub does not say which permissions a fine-grained token holds, so probing is the only way.
 */
async function extraPermissionProbe(ctx: DoctorContext, token: string): Promise<Check | undefined> {
  // Not the Pages settings: on a public repository any token may read them, so a 200 would prove nothing.
  const probes: [string, string][] = [['actions/secrets', 'Secrets: read'], ['actions/permissions', 'Administration: read']];
  const extra: string[] = [];
  for (const [path, permission] of probes) {
    const res = await fetch(`${ctx.apiUrl}/repos/${ctx.target.repo}/${path}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json' } }).catch(() => undefined);
    await res?.body?.cancel();
    if (res?.ok) extra.push(permission);
  }
  if (extra.length === 0) return ok('dispatch-token-scope', 'the browser credential cannot list secrets or read administration settings');
  return warn('dispatch-token-scope', `the browser credential also has ${extra.join(', ')}, which the page never needs and anyone who unlocks it gets; make a fine-grained token with only Actions: write and Contents: read, then gfa deploy --dispatch-token-file FILE`);
}

async function failedResults(ctx: DoctorContext, m: Manifest, dataKey: string | undefined): Promise<Check> {
  if (m.store.encrypt && !dataKey) return warn('results', 'not checked: set GFA_PASSPHRASE so doctor can read the (encrypted) results');
  const reader = await ctx.forge.reader();
  const head = await reader.head();
  if (!head || head === 'unchanged') return ok('results', `no data branch "${m.store.branch}" yet`);
  const paths = (await reader.listFiles(head.sha, 'results')).sort().slice(-20);
  const failed: string[] = [];
  for (const path of paths) {
    const bytes = await reader.readFile(head.sha, path);
    if (!bytes) continue;
    let plain = bytes;
    if (dataKey) {
      const [{ parseSecretKeys }, { openValue }] = await Promise.all([import('../../crypto/keys.ts'), import('../../crypto/envelope.ts')]);
      plain = await openValue(parseSecretKeys(dataKey), path, bytes);
    }
    const r = JSON.parse(new TextDecoder().decode(plain)) as { job?: string; status?: string; error?: { message?: string } };
    if (r.status === 'error') failed.push(`${r.job ?? '?'}: ${(r.error?.message ?? '').slice(0, 80)}`);
  }
  if (failed.length === 0) return ok('results', `the last ${paths.length} results succeeded`);
  return warn('results', `${failed.length} of the last ${paths.length} results failed (latest: ${failed.at(-1)}); see the job's run log`);
}
