/** `connect()`: picks the forge adapter for the settings and returns a client. */
import { GfaError } from '../errors.ts';
import { createClient } from './client.ts';
import { localForge } from './local.ts';
import { gitlabClientForge } from '../forge/gitlab/client.ts';
import type { Client, ConnectOptions } from './types.ts';

/** Connects to an app's forge. `local` talks to `gfa dev`, `gitlab` to a GitLab instance's REST API; `github` comes with the forge work. */
export function connect(options: ConnectOptions): Client {
  switch (options.forge) {
    case 'local':
      return createClient(localForge(options), `gfa:secrets:local:${options.url}`);
    case 'gitlab':
      return createClient(gitlabClientForge(options), `gfa:secrets:gitlab:${options.url ?? 'https://gitlab.com'}:${options.project}`);
    case 'github':
      throw new GfaError('E_FORGE', `the ${options.forge} client adapter is not available yet; use forge: 'local' with gfa dev for now`);
    default:
      throw new GfaError('E_USAGE', `unknown forge "${String((options as { forge?: unknown }).forge)}": use 'local', 'github' or 'gitlab'`);
  }
}

/**
 * Connects with the settings the page carries: `<meta name="gfa-forge" content='{"forge":"local","url":...}'>`
 * (gfa dev injects it; a Pages build writes its own).
 */
export function connectFromPage(doc: Document = document): Client {
  const content = doc.querySelector('meta[name="gfa-forge"]')?.getAttribute('content');
  if (!content) throw new GfaError('E_CONFIG', 'this page has no <meta name="gfa-forge"> tag; serve it with gfa dev or build it with gfa build');
  let settings: ConnectOptions;
  try {
    settings = JSON.parse(content) as ConnectOptions;
  } catch {
    throw new GfaError('E_CONFIG', 'the <meta name="gfa-forge"> tag does not hold JSON; rebuild the page with gfa build');
  }
  return connect(settings);
}
