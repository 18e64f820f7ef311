/**
 * What a Pages job does to the built page before publishing it: tell it where it lives, so nobody edits
 * it. Every HTML file gets a `gfa-forge` meta tag (the settings `connectFromPage` reads: forge, API,
 * repository, data branch) and the forge's API origin in its Content-Security-Policy's `connect-src`.
 * The values come from the runner's own variables (GitHub's `GITHUB_REPOSITORY`/`GITHUB_API_URL`,
 * GitLab's `CI_SERVER_URL`/`CI_PROJECT_PATH`), never from an event or input.
 */

/** A shell line: `settings` are the meta tag's JSON fields (shell words, expanded by the runner's shell). */
export function pageSettingsScript(pagesDir: string, settings: Record<string, string>, apiOrigin: string): string {
  const json = `{${Object.entries(settings).map(([k, v]) => `\\"${k}\\":\\"${v}\\"`).join(',')}}`;
  const meta = `<meta name=\\"gfa-forge\\" content='${json}'>`;
  return `find ${pagesDir} -name '*.html' -exec sed -i -e "s|<head>|<head>${meta}|" -e "s|connect-src 'self'|connect-src 'self' ${apiOrigin}|" {} +`;
}
