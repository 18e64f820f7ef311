/**
 * Repository Actions secrets beyond the public key and one secret's metadata (rest-actions.ts), in the
 * GitHub double (a test double, not GitHub): `GET /actions/secrets` lists names and dates, never
 * values (`gh secret list`); `DELETE /actions/secrets/{name}` answers 204; a `PUT` of a name outside
 * GitHub's rules is refused with 422 rather than 404, as GitHub validates the name
 * (https://docs.github.com/en/rest/actions/secrets#list-repository-secrets,
 * https://docs.github.com/en/rest/actions/secrets#delete-a-repository-secret). Secrets: read / write.
 */
import { need, type Route } from './context.ts';
import { ghEmpty, ghError, ghJson, paginate } from './respond.ts';
import { putSecret } from './rest-actions.ts';

/** `GET .../actions/secrets` */
export const listSecrets: Route = (req, _m, ctx, repo) => {
  const denied = need(ctx, repo, 'secrets', 'read');
  if (denied) return denied;
  const all = [...repo.secrets].sort(([a], [b]) => a.localeCompare(b)).map(([name, s]) => ({ name, created_at: s.createdAt, updated_at: s.updatedAt }));
  const { page, link } = paginate(req, all);
  return ghJson(req, 200, { total_count: all.length, secrets: page }, link ? { link } : {});
};

/** `DELETE .../actions/secrets/{name}`: 204, 404 when there is none. */
export const deleteSecret: Route = (_req, m, ctx, repo) => {
  const denied = need(ctx, repo, 'secrets', 'write');
  if (denied) return denied;
  return repo.secrets.delete(decodeURIComponent(m[1]!).toUpperCase()) ? ghEmpty(204) : ghError(404, 'Not Found');
};

/** Route rows, matched against the path after `/repos/{o}/{r}` (after rest-actions.ts's rows). */
export const SECRETS_ROUTES: [string, RegExp, Route][] = [
  ['GET', /^\/actions\/secrets$/, listSecrets],
  ['DELETE', /^\/actions\/secrets\/([^/]+)$/, deleteSecret],
  // Any other name reaches putSecret, which answers GitHub's 422 for a bad one.
  ['PUT', /^\/actions\/secrets\/([^/]+)$/, putSecret],
];
