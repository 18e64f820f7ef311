/**
 * Actions the GitHub workflows use, pinned to full commit SHAs (a tag can be moved; a SHA cannot).
 * Each SHA is the commit of the release tag in the comment, checked against public workflows that
 * pin the same release.
 */

/** A pinned action: `uses: <repo>@<sha> # <tag>`. */
export interface ActionPin {
  repo: string;
  sha: string;
  tag: string;
}

/** actions/checkout v4.2.2. */
export const CHECKOUT: ActionPin = { repo: 'actions/checkout', sha: '11bd71901bbe5b1630ceea73d27597364c9af683', tag: 'v4.2.2' };
/** actions/upload-pages-artifact v3.0.1. */
export const UPLOAD_PAGES: ActionPin = { repo: 'actions/upload-pages-artifact', sha: '56afc609e74202658d3ffba0e8f6dda462b719fa', tag: 'v3.0.1' };
/** actions/deploy-pages v4.0.5. */
export const DEPLOY_PAGES: ActionPin = { repo: 'actions/deploy-pages', sha: 'd6db90164ac5ed86f2b6aed7e0febac5b3c0c03e', tag: 'v4.0.5' };

/** The `uses:` value (the `# tag` comment is added by the YAML writer). */
export function uses(pin: ActionPin): string {
  return `${pin.repo}@${pin.sha}`;
}
