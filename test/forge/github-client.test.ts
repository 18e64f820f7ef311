/** The browser's GitHub adapter alone, on a scripted fetch: rate-limit back-off, errors, SHA reads. */
import { describe, expect, it } from 'vitest';
import { githubClientForge } from '../../framework/forge/github/client.ts';
import { isGfaError } from '../../framework/errors.ts';

function scripted(answers: Response[]): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    fetch: (async (input: RequestInfo | URL) => {
      urls.push(String(input));
      const next = answers.shift();
      if (!next) throw new Error('no more answers');
      return next;
    }) as typeof fetch,
  };
}

describe('githubClientForge', () => {
  it('waits out a 403 rate limit (x-ratelimit-reset) and retries once', async () => {
    const reset = String(Math.ceil(Date.now() / 1000) + 1);
    const s = scripted([
      Response.json({ message: 'API rate limit exceeded' }, { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset } }),
      Response.json({ commit: { sha: 'a'.repeat(40) } }, { headers: { etag: '"e1"' } }),
    ]);
    const forge = githubClientForge({ owner: 'o', repo: 'r', fetch: s.fetch });
    const started = Date.now();
    expect(await forge.head()).toEqual({ sha: 'a'.repeat(40), etag: '"e1"' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(s.urls).toEqual(['https://api.github.com/repos/o/r/branches/data', 'https://api.github.com/repos/o/r/branches/data']);
  });

  it('knows a secondary limit by its message when no header says so (a page reads no retry-after) and waits a minute', async () => {
    const waits: number[] = [];
    const s = scripted([
      Response.json({ message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }, { status: 403, headers: { 'x-ratelimit-remaining': '4990' } }),
      Response.json({ commit: { sha: 'b'.repeat(40) } }, { headers: { etag: '"e2"' } }),
    ]);
    const forge = githubClientForge({ owner: 'o', repo: 'r', fetch: s.fetch, sleep: async (ms) => void waits.push(ms) });
    expect(await forge.head()).toEqual({ sha: 'b'.repeat(40), etag: '"e2"' });
    expect(waits).toEqual([60_000]);
  });

  it('does not wait on a 403 that is not a rate limit', async () => {
    const waits: number[] = [];
    const s = scripted([Response.json({ message: 'Resource not accessible by personal access token' }, { status: 403 })]);
    const err = await githubClientForge({ owner: 'o', repo: 'r', fetch: s.fetch, sleep: async (ms) => void waits.push(ms) }).head().catch((e: unknown) => e);
    expect(isGfaError(err, 'E_FORGE')).toBe(true);
    expect((err as Error).message).toMatch(/token may be wrong/);
    expect(waits).toEqual([]);
  });

  it('gives up at once when the limit resets later than a minute from now', async () => {
    const s = scripted([new Response('{}', { status: 429, headers: { 'retry-after': '3600' } })]);
    const err = await githubClientForge({ owner: 'o', repo: 'r', fetch: s.fetch, api: 'https://ghe.example/api/v3' }).head().catch((e: unknown) => e);
    expect(isGfaError(err, 'E_FORGE')).toBe(true);
    expect((err as Error).message).toMatch(/rate limit is used up until/);
  });

  it('reads a new head with its commit in one request: the branch answer carries the tree and message', async () => {
    const sha = 'c'.repeat(40);
    const s = scripted([
      Response.json({ name: 'data', commit: { sha, commit: { message: 'gfa: update\n\ngfa-results: 0 r1', tree: { sha: 't'.repeat(40) } } } }, { headers: { etag: '"e3"' } }),
      Response.json({ sha: 'd'.repeat(40), tree: { sha: 'u'.repeat(40) }, message: 'older' }),
    ]);
    const forge = githubClientForge({ owner: 'o', repo: 'r', fetch: s.fetch });
    expect(await forge.head()).toEqual({ sha, etag: '"e3"' });
    expect(await forge.commit!(sha)).toEqual({ tree: 't'.repeat(40), message: 'gfa: update\n\ngfa-results: 0 r1' });
    expect(s.urls).toEqual(['https://api.github.com/repos/o/r/branches/data']);
    // A commit the branch answer did not carry is fetched as before.
    expect(await forge.commit!('d'.repeat(40))).toEqual({ tree: 'u'.repeat(40), message: 'older' });
    expect(s.urls.at(-1)).toBe(`https://api.github.com/repos/o/r/git/commits/${'d'.repeat(40)}`);
  });

  it('reads files by commit SHA with the raw media type', async () => {
    const s = scripted([new Response('hello'), new Response('{"message":"Not Found"}', { status: 404 })]);
    const forge = githubClientForge({ owner: 'o', repo: 'r', fetch: s.fetch });
    const sha = 'b'.repeat(40);
    expect(new TextDecoder().decode(await forge.readFile(sha, 'results/x y'))).toBe('hello');
    expect(await forge.readFile(sha, 'nope')).toBeUndefined();
    expect(s.urls[0]).toBe(`https://api.github.com/repos/o/r/contents/results/x%20y?ref=${sha}`);
  });
});
