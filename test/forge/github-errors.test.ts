/** GitHub adapter errors in words: a request with no answer is the network, not a refusal; a refused token reads as a sentence. */
import { describe, expect, it } from 'vitest';
import { forgeError } from '../../framework/forge/github/octokit.ts';

/** What Octokit throws (a RequestError): a status, a message, and a response only when GitHub answered. */
const requestError = (status: number, message: string, response?: unknown): Error => Object.assign(new Error(message), { status, ...(response ? { response } : {}) });

describe('forgeError', () => {
  it('words a request that got no answer as the network (Octokit says 500 with no response)', () => {
    const err = forgeError(requestError(500, 'getaddrinfo ENOTFOUND api.github.invalid'), 'access to o/r', 'check --repo');
    expect(err.code).toBe('E_HTTP');
    expect(err.message).toBe('cannot reach GitHub for access to o/r (getaddrinfo ENOTFOUND api.github.invalid); check the network, and GITHUB_API_URL if set');
  });

  it('keeps a 500 GitHub answered as GitHub\'s', () => {
    const err = forgeError(requestError(500, 'x', { data: { message: 'Server Error' } }), 'access to o/r', 'check --repo');
    expect(err.message).toBe('GitHub refused access to o/r (500 Server Error); check --repo');
  });

  it('says a refused token in a sentence', () => {
    const err = forgeError(requestError(401, 'x', { data: { message: 'Bad credentials' } }), 'access to o/r', 'check --repo');
    expect(err.message).toBe('GitHub refused the token for access to o/r (401 Bad credentials); set GITHUB_TOKEN or GH_TOKEN to a valid token');
  });
});
