/** The doubles' CORS layer in process: preflights and headers as each forge's policy says (no browser). */
import { describe, expect, it } from 'vitest';
import { withCors } from '../../framework/dev/cors.ts';
import { GITHUB_CORS } from '../../framework/dev/github/cors.ts';
import { GITLAB_CORS } from '../../framework/dev/gitlab/cors.ts';

const seen: string[] = [];
const inner = async (req: Request): Promise<Response> => {
  seen.push(req.method);
  return Response.json({ ok: true }, { headers: { etag: '"x"' } });
};
const preflight = (origin = 'https://owner.github.io') =>
  new Request('http://api.test/repos/o/r', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-custom' } });

describe('withCors', () => {
  it("GitHub: answers a preflight 204 with GitHub's lists, never reaching the handler", async () => {
    seen.length = 0;
    const res = await withCors(GITHUB_CORS, inner)(preflight());
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since, X-Requested-With');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST, PATCH, PUT, DELETE');
    expect(res.headers.get('access-control-max-age')).toBe('86400');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/^ETag, Link, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset,/);
    expect(res.headers.get('access-control-expose-headers')).not.toMatch(/retry-after|x-ratelimit-used/i);
    expect(seen).toEqual([]);
  });

  it('GitHub: every answer carries the origin and exposed headers, with or without Origin', async () => {
    const res = await withCors(GITHUB_CORS, inner)(new Request('http://api.test/x'));
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toContain('X-Poll-Interval');
    expect(res.headers.get('etag')).toBe('"x"');
    expect(await res.json()).toEqual({ ok: true });
  });

  it('GitLab: echoes the requested headers, no credentials; headers only when the request has an Origin', async () => {
    const handler = withCors(GITLAB_CORS, inner);
    const pre = await handler(preflight('https://group.gitlab.io'));
    // rack-cors answers a preflight with 200 (a browser takes any 2xx).
    expect(pre.status).toBe(200);
    expect(pre.headers.get('access-control-expose-headers')).toContain('X-Total');
    expect(pre.headers.get('access-control-allow-headers')).toBe('authorization,content-type,x-custom');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    expect(pre.headers.get('access-control-max-age')).toBe('7200');
    const cross = await handler(new Request('http://gl.test/api/v4/x', { headers: { origin: 'https://group.gitlab.io' } }));
    expect(cross.headers.get('access-control-allow-origin')).toBe('*');
    expect(cross.headers.get('access-control-expose-headers')).toMatch(/X-Gitlab-Commit-Id.*ETag/);
    expect(cross.headers.get('access-control-expose-headers')).not.toMatch(/RateLimit|Retry-After/i);
    const plain = await handler(new Request('http://gl.test/api/v4/x'));
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    // An OPTIONS that is not a preflight (no Origin) reaches the API, as rack-cors passes it on.
    seen.length = 0;
    await handler(new Request('http://gl.test/api/v4/x', { method: 'OPTIONS' }));
    expect(seen).toEqual(['OPTIONS']);
  });
});
