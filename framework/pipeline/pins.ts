/**
 * What the generated pipelines run, pinned so that nobody can change it under them: GitHub actions by
 * full commit SHA (a tag can be moved; a SHA cannot), the GitLab image by digest. Every value here
 * names where it was found; `node scripts/refresh-pins.mjs` prints what a newer release would change
 * (it needs network access to github.com and Docker Hub).
 *
 * Sources (read 2026-11-30):
 * - actions/*: the release tags of each repository, read with `git rev-parse <tag>^{commit}` in a
 *   snapshot of github.com/actions/<name> (checkout as of 2026-07-20, setup-node 2026-08-18,
 *   upload-pages-artifact 2026-04-08, deploy-pages 2026-03-24); each tag's `action.yml` says
 *   `using: node24` (upload-pages-artifact is a composite action whose upload step is
 *   actions/upload-artifact v7.0.0, node24).
 * - node image: the digest of `node:24.20.0` as eight public Dockerfiles on GitHub pin it
 *   (`FROM node:24.20.0@sha256:be23f5…`); not checked against Docker Hub from this machine.
 */

/** A pinned action: `uses: <repo>@<sha> # <tag>`. */
export interface ActionPin {
  repo: string;
  sha: string;
  tag: string;
}

/** actions/checkout v7.0.1 (node24). */
export const CHECKOUT: ActionPin = { repo: 'actions/checkout', sha: '3d3c42e5aac5ba805825da76410c181273ba90b1', tag: 'v7.0.1' };
/** actions/setup-node v7.0.0 (node24): the job step runs on a known Node. */
export const SETUP_NODE: ActionPin = { repo: 'actions/setup-node', sha: '820762786026740c76f36085b0efc47a31fe5020', tag: 'v7.0.0' };
/** actions/upload-pages-artifact v5.0.0 (composite; upload-artifact v7, node24). */
export const UPLOAD_PAGES: ActionPin = { repo: 'actions/upload-pages-artifact', sha: 'fc324d3547104276b827a68afc52ff2a11cc49c9', tag: 'v5.0.0' };
/** actions/deploy-pages v5.0.0 (node24). */
export const DEPLOY_PAGES: ActionPin = { repo: 'actions/deploy-pages', sha: 'cd2ce8fcbc39b97be8ca5fce6e763baed58fa128', tag: 'v5.0.0' };

/** Every action pin, for the YAML writer's `# tag` comments, the audits and the refresh script. */
export const ACTION_PINS: readonly ActionPin[] = [CHECKOUT, SETUP_NODE, UPLOAD_PAGES, DEPLOY_PAGES];

/** The Node major every job runs on: the active LTS line (Node 20 reached end of life in April 2026). */
export const NODE_MAJOR = 24;

/** A container image pinned by digest; `tag` is what the digest was when read (kept in a comment). */
export interface ImagePin {
  name: string;
  tag: string;
  digest: string;
}

/** The GitLab jobs' image: Debian-based `node` with git, Node 24 LTS. */
export const NODE_IMAGE: ImagePin = {
  name: 'node',
  tag: '24.20.0',
  digest: 'sha256:be23f54a88d34e8824c741b19b91064094f92c1c97b194144bfc8b50d67258e2',
};

/** The `uses:` value (the `# tag` comment is added by the YAML writer). */
export function uses(pin: ActionPin): string {
  return `${pin.repo}@${pin.sha}`;
}

/** The `image:` value, by digest only (the `# name:tag` comment is added by the YAML writer). */
export function image(pin: ImagePin): string {
  return `${pin.name}@${pin.digest}`;
}
