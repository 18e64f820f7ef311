/**
 * `return_run_details` on GitHub Enterprise Server (issue 22): none of GHES 3.17–3.19's OpenAPI
 * descriptions has the field, so a release before it may refuse the dispatch that names it. On the
 * GitHub double answering as GHES 3.19 (it then refuses the unknown key), both GitHub adapters still
 * start the run: they send the dispatch again without the field, once, and leave it out afterwards;
 * on github.com's answers they keep getting the run's id.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubClientForge } from '../../framework/forge/github/client.ts';
import { githubForge } from '../../framework/forge/github/forge.ts';
import { startGithubFixture, type GithubFixture } from './helpers/github.ts';

type Obj = Record<string, any>;
const require = createRequire(import.meta.url);
const DISPATCH = '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';

describe('the GHES descriptions', () => {
  it('have no return_run_details (github.com has it)', () => {
    const body = (plan: string): Obj => (require(`@octokit/openapi/generated/${plan}.json`) as Obj).paths[DISPATCH].post.requestBody.content['application/json'].schema.properties;
    for (const ghes of ['ghes-3.17', 'ghes-3.18', 'ghes-3.19']) expect(Object.keys(body(ghes))).toEqual(['ref', 'inputs']);
    expect(Object.keys(body('api.github.com'))).toContain('return_run_details');
  });
});

describe('dispatch on a GHES double that refuses return_run_details', () => {
  let fx: GithubFixture;
  beforeAll(async () => {
    fx = await startGithubFixture('dev-app', { emulator: { ghesVersion: '3.19.0' } });
  }, 60_000);
  afterAll(async () => fx?.stop());
  const dispatches = () => fx.recorder.exchanges.filter((x) => x.method === 'POST' && x.path.endsWith('/dispatches'));

  it('the server-side adapter (Octokit) falls back and keeps the field off', async () => {
    const forge = githubForge({ forge: 'github', repo: fx.repo }, { token: fx.ownerToken, apiUrl: fx.emu.apiUrl });
    const before = fx.emu.state.repos.get('owner/app')!.runs.length;
    const n = dispatches().length;
    expect(await forge.trigger({ job: 'bump', requests: [{ requestId: 'ghes-1', input: {} }] })).toEqual({});
    expect(await forge.trigger({ job: 'bump', requests: [{ requestId: 'ghes-2', input: {} }] })).toEqual({});
    expect(fx.emu.state.repos.get('owner/app')!.runs.length).toBe(before + 2);
    expect(dispatches().slice(n).map((x) => x.status)).toEqual([422, 204, 204]);
    await fx.emu.idle();
  });

  it("the browser's adapter (fetch) falls back too", async () => {
    const client = githubClientForge({ owner: 'owner', repo: 'app', api: fx.emu.apiUrl, token: fx.dispatchToken });
    const n = dispatches().length;
    expect(await client.trigger(fx.dispatchToken, { job: 'bump', requests: [{ requestId: 'ghes-3', input: {} }] })).toEqual({});
    expect(await client.trigger(fx.dispatchToken, { job: 'bump', requests: [{ requestId: 'ghes-4', input: {} }] })).toEqual({});
    expect(dispatches().slice(n).map((x) => x.status)).toEqual([422, 204, 204]);
    await fx.emu.idle();
  });
});

describe('dispatch on a github.com double', () => {
  let fx: GithubFixture;
  beforeAll(async () => {
    fx = await startGithubFixture();
  }, 60_000);
  afterAll(async () => fx?.stop());

  it('still asks for and gets the run', async () => {
    const forge = githubForge({ forge: 'github', repo: fx.repo }, { token: fx.ownerToken, apiUrl: fx.emu.apiUrl });
    const run = await forge.trigger({ job: 'bump', requests: [{ requestId: 'com-1', input: {} }] });
    expect(run.runId).toMatch(/^\d+$/);
    await fx.emu.idle();
    expect(fx.recorder.problems).toEqual([]);
  });
});
