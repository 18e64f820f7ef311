/** framework/forge/http.ts: the one rate-limit rule of the adapters (issue 21), on a scripted fetch and clock; the forge's words in error lines (issue 22). */
import { describe, expect, it } from 'vitest';
import { createHttp, forgeMessage, httpDetail, rateLimitDelay } from '../../framework/forge/http.ts';

const answer = (status: number, headers: Record<string, string> = {}): Response => new Response(status === 304 ? null : '{}', { status, headers });

function scripted(answers: Response[]) {
  let t = 1_700_000_000_000;
  const slept: number[] = [];
  const lines: string[] = [];
  const sent: string[] = [];
  const http = createHttp({
    forge: 'GitHub',
    fetch: async (url) => (sent.push(String(url)), answers.shift()!),
    clock: { now: () => t, sleep: async (ms) => void (slept.push(ms), (t += ms)) },
    onWait: (l) => lines.push(l),
  });
  return { http, slept, lines, sent, now: () => t };
}

describe('rate limits', () => {
  it('reads retry-after (seconds or a date), x-ratelimit-reset, or waits a minute on a bare 429', async () => {
    const now = 1_700_000_000_000;
    expect(await rateLimitDelay(answer(429, { 'retry-after': '42' }), now)).toBe(42_000);
    expect(await rateLimitDelay(answer(403, { 'retry-after': new Date(now + 5000).toUTCString() }), now)).toBeGreaterThanOrEqual(4000);
    expect(await rateLimitDelay(answer(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 30) }), now)).toBe(30_000);
    expect(await rateLimitDelay(answer(429), now)).toBe(60_000);
    expect(await rateLimitDelay(answer(403), now)).toBeUndefined(); // a plain 403 is a permission answer
    expect(await rateLimitDelay(Response.json({ message: 'You have exceeded a secondary rate limit.' }, { status: 403 }), now)).toBe(60_000);
    expect(await rateLimitDelay(answer(404), now)).toBeUndefined();
  });

  it('waits out a secondary limit, says so in one line, and retries', async () => {
    const t = scripted([answer(403, { 'retry-after': '3' }), answer(429, { 'retry-after': '1' }), answer(200)]);
    const res = await t.http('https://api/x', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(t.slept).toEqual([3000, 1000]);
    expect(t.lines).toEqual(["GitHub's rate limit: waiting 3 s", "GitHub's rate limit: waiting 1 s"]);
    expect(t.sent).toHaveLength(3);
  });

  it('does not wait an hour: says until when, in one line; gives up after two retries', async () => {
    const t = scripted([answer(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(1_700_000_000 + 1800) })]);
    await expect(t.http('https://api/x')).rejects.toThrow(/^GitHub's rate limit is used up until 2023-11-14T22:43:20Z; try again then$/);
    expect(t.slept).toEqual([]);
    const u = scripted([answer(429, { 'retry-after': '1' }), answer(429, { 'retry-after': '1' }), answer(429, { 'retry-after': '1' })]);
    expect((await u.http('https://api/x')).status).toBe(429);
    expect(u.sent).toHaveLength(3);
  });
});

describe('forgeMessage and httpDetail', () => {
  it('read every error shape the forges answer in one line', async () => {
    expect(forgeMessage({ message: 'Bad credentials\nmore' })).toBe('Bad credentials');
    expect(forgeMessage({ error: 'ref is missing' })).toBe('ref is missing');
    expect(forgeMessage({ message: { key: ['has already been taken'], base: ['Insufficient permissions'] } })).toBe('key has already been taken; Insufficient permissions');
    expect(forgeMessage({ error: 'invalid_token', error_description: 'Token was revoked' })).toBe('invalid_token: Token was revoked');
    expect(forgeMessage({})).toBeUndefined();
    expect(forgeMessage({ message: 'x'.repeat(400) })).toHaveLength(300);
    expect(await httpDetail(new Response('{"error":"ref is missing"}', { status: 400 }))).toBe('HTTP 400: ref is missing');
    expect(await httpDetail(new Response('<html>oops</html>', { status: 502 }))).toBe('HTTP 502');
    expect(await httpDetail(new Response('Retry later\n', { status: 429 }))).toBe('HTTP 429: Retry later');
  });
});
