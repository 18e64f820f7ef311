/** `connect()`: picks the forge adapter for the settings and returns a client. */
import { GfaError } from '../errors.ts';
import { createClient } from './client.ts';
import { githubClientForge } from '../forge/github/client.ts';
import { gitlabClientForge } from '../forge/gitlab/client.ts';
import { localForge } from '../forge/local/client.ts';
import type { Client, CommonConnectOptions, ConnectOptions } from './types.ts';

/** Connects to an app's forge. `local` talks to `gfa dev`; `github` to GitHub's REST API; `gitlab` to a GitLab instance's (or `gfa dev --as github|gitlab`). */
export function connect(options: ConnectOptions): Client {
  switch (options.forge) {
    case 'local':
      return createClient(localForge(options), `gfa:secrets:local:${options.url}`);
    case 'github': {
      const forge = githubClientForge({ owner: options.owner, repo: options.repo, branch: options.branch, api: options.api, fetch: options.fetch, ...(options.onWait ? { onWait: options.onWait } : {}) });
      return createClient(forge, `gfa:secrets:github:${options.api ?? 'https://api.github.com'}/${options.owner}/${options.repo}`);
    }
    case 'gitlab':
      return createClient(gitlabClientForge(options), `gfa:secrets:gitlab:${options.url ?? 'https://gitlab.com'}:${options.project}`);
    case 'github':
      throw new GfaError('E_FORGE', `the ${options.forge} client adapter is not available yet; use forge: 'local' with gfa dev for now`);
    default:
      throw new GfaError('E_USAGE', `unknown forge "${String((options as { forge?: unknown }).forge)}": use 'local', 'github' or 'gitlab'`);
  }
}

/**
 * The settings a GitHub Pages URL implies: `https://OWNER.github.io/REPO/…` (a project site) or
 * `https://OWNER.github.io/` (the user site, repo `OWNER.github.io`), on api.github.com, data branch
 * `data` (the default). Undefined for any other address.
 */
export function settingsFromPagesUrl(href: string): ConnectOptions | undefined {
  const url = new URL(href);
  const m = /^([a-z0-9](?:[a-z0-9-]{0,38}))\.github\.io$/i.exec(url.hostname);
  if (!m) return undefined;
  const first = url.pathname.split('/').filter(Boolean)[0];
  const repo = first && !first.includes('.') ? first : `${m[1]}.github.io`;
  return { forge: 'github', owner: m[1]!, repo };
}

/**
 * Connects with the settings the page carries: `<meta name="gfa-forge" content='{"forge":"local","url":...}'>`
 * (gfa dev injects it, and so does `gfa dev --as github`); with no tag, on `OWNER.github.io/REPO/` the
 * repository is found from the address ({@link settingsFromPagesUrl}), so a deployed page needs no edit.
 */
export function connectFromPage(doc: Document = document, extra: CommonConnectOptions = {}): Client {
  const content = doc.querySelector('meta[name="gfa-forge"]')?.getAttribute('content');
  const fromUrl = content ? undefined : settingsFromPagesUrl(doc.location?.href ?? 'about:blank');
  if (fromUrl) return connect({ ...fromUrl, ...extra });
  if (!content) throw new GfaError('E_CONFIG', 'this page has no <meta name="gfa-forge"> tag and is not on OWNER.github.io; serve it with gfa dev or deploy it with gfa deploy');
  let settings: ConnectOptions;
  try {
    settings = JSON.parse(content) as ConnectOptions;
  } catch {
    throw new GfaError('E_CONFIG', 'the <meta name="gfa-forge"> tag does not hold JSON; rebuild the page with gfa build');
  }
  return connect({ ...settings, ...extra });
}
