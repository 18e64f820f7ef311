/**
 * The page's GitLab adapter against a GitLab double nearly out of quota (issue 21): a 429 with
 * Retry-After is waited out, said in one line, and the read then succeeds. (A test double of GitLab's
 * documented throttle, not GitLab.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitlabDev } from '../../../framework/dev/gitlab/server.ts';
import { gitlabClientForge } from '../../../framework/forge/gitlab/client.ts';
import { startEmulator } from './helpers.ts';

let gl: GitlabDev;
beforeAll(async () => {
  gl = await startEmulator({ pipelines: false, rateLimits: { unauthenticatedPerMinute: 3, periodSeconds: 2 } });
});
afterAll(() => gl?.close());

describe('GitLab rate limit, as the page meets it', () => {
  it('waits out Retry-After and says so', async () => {
    const lines: string[] = [];
    const forge = gitlabClientForge({ url: gl.url, project: gl.project, onWait: (l) => lines.push(l) });
    const started = Date.now();
    for (let i = 0; i < 5; i++) await forge.head();
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines[0]).toMatch(/^GitLab's rate limit: waiting [12] s$/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});
