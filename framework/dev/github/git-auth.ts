/**
 * Who may fetch and push over the GitHub emulator's git HTTPS (a test double): Basic auth with any
 * user name and a token as the password (`x-access-token:<token>`); fetching needs Contents: read (or a
 * public repository), pushing needs Contents: write. Without credentials: 401 with a Basic challenge;
 * with a token that lacks the permission: 403. Per
 * https://docs.github.com/en/get-started/git-basics/about-remote-repositories#cloning-with-https-urls and
 * https://docs.github.com/en/rest/authentication/permissions-required-for-fine-grained-personal-access-tokens
 * (`contents` covers git push). GitHub answers smart HTTP only to a `git/` User-Agent (FORGES.md).
 */
import type { IncomingMessage } from 'node:http';
import { allows, type GithubState, type Repo, type Token } from './state.ts';

/** A refusal to send as is. */
export interface Refusal {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The Basic-auth password of a git request (the token), when there is one. */
function passwordOf(req: IncomingMessage): string | undefined {
  const auth = /^Basic\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''));
  return auth ? Buffer.from(auth[1]!, 'base64').toString('utf8').split(':').slice(1).join(':') : undefined;
}

/** The token a git request authenticates with, when the double knows it. */
export function gitToken(req: IncomingMessage, state: GithubState): Token | undefined {
  const password = passwordOf(req);
  return password ? state.tokens.get(password) : undefined;
}

/** Undefined when the request may go on to `git http-backend`. */
export function gitAccess(req: IncomingMessage, repo: Repo | undefined, state: GithubState): Refusal | undefined {
  const text = (status: number, body: string, extra: Record<string, string> = {}): Refusal => ({ status, headers: { 'content-type': 'text/plain', ...extra }, body: `${body}\n` });
  if (!repo) return text(404, 'Repository not found.');
  const url = new URL(req.url ?? '/', 'http://x');
  const push = url.pathname.endsWith('/git-receive-pack') || url.searchParams.get('service') === 'git-receive-pack';
  if (!String(req.headers['user-agent'] ?? '').startsWith('git/')) return text(403, 'smart HTTP needs a git/ user agent');
  const password = passwordOf(req);
  const token = password ? state.tokens.get(password) : undefined;
  if (password && !token) return text(401, 'Invalid username or token. Password authentication is not supported for Git operations.', { 'www-authenticate': 'Basic realm="GitHub"' });
  if (allows(token, repo, 'contents', push ? 'write' : 'read')) return undefined;
  if (!token) return text(401, 'Authentication required', { 'www-authenticate': 'Basic realm="GitHub"' });
  return text(403, `Permission to ${repo.owner}/${repo.name}.git denied to ${token.login}.`);
}
