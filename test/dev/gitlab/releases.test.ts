/**
 * The GitLab double plays the release it is told (framework/dev/gitlab/releases.ts, a test double of
 * GitLab's documented behaviour, not GitLab): before 18.5 a trigger under no_one_allowed is refused
 * even with no variables (gitlab-org/gitlab#557381), before 18.4 a job token cannot push whatever the
 * project setting (flag allow_push_repository_for_job_token, removed by gitlab-org/gitlab!201950).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitlabDev } from '../../../framework/dev/gitlab/server.ts';
import { newTriggerToken } from '../../../framework/dev/gitlab/state.ts';
import { startEmulator } from '../../forge/gitlab/helpers.ts';

const exec = promisify(execFile);
let gl: GitlabDev;
let token: string;
beforeAll(async () => {
  gl = await startEmulator({ pipelines: false, pipelineVariablesRole: 'no_one_allowed' });
  token = newTriggerToken();
  gl.state.project.triggers.push({ id: 1, description: 'gfa', token, ownerId: 1, created_at: '', last_used: null, expires_at: null });
});
afterAll(() => gl?.close());

const trigger = (body: Record<string, unknown>) =>
  fetch(`${gl.apiUrl}/projects/${encodeURIComponent(gl.project)}/trigger/pipeline`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, ref: 'main', ...body }) });

describe('the release the GitLab double plays', () => {
  it('refuses every trigger under no_one_allowed before 18.5, only variables from 18.5', async () => {
    gl.state.version = '18.4.1';
    const old = await trigger({ inputs: { job: 'fetch-feeds' } });
    expect(old.status).toBe(400);
    expect(await old.json()).toEqual({ message: { base: ['Insufficient permissions to set pipeline variables'] } });
    gl.state.version = '18.5.0';
    expect((await trigger({ inputs: { job: 'fetch-feeds' } })).status).toBe(201);
    expect((await trigger({ variables: { A: '1' } })).status).toBe(400);
  });

  it('lets a job token push only from 18.4, with the project setting on', async () => {
    const job = `glcbt-${'a'.repeat(40)}`;
    gl.state.jobTokens.add(job);
    gl.state.project.settings.ci_push_repository_for_job_token_allowed = true;
    const work = mkdtempSync(join(tmpdir(), 'gfa-gl-rel-'));
    try {
      const remote = `${gl.url.replace('://', `://gitlab-ci-token:${job}@`)}/${gl.project}.git`;
      await exec('git', ['clone', '-q', '--depth', '1', remote, work]);
      writeFileSync(join(work, 'x.txt'), 'x');
      await exec('git', ['-C', work, 'add', 'x.txt']);
      await exec('git', ['-C', work, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'x']);
      gl.state.version = '18.3.2';
      const refused = await exec('git', ['-C', work, 'push', '-q', 'origin', 'HEAD:refs/heads/data']).then(() => '', (e: { stderr: string }) => e.stderr);
      expect(refused).toMatch(/not allowed to upload code|403/);
      gl.state.version = '18.4.0';
      await exec('git', ['-C', work, 'push', '-q', 'origin', 'HEAD:refs/heads/data']);
    } finally {
      rmSync(work, { recursive: true, force: true });
      gl.state.version = '18.6.0';
    }
  });
});
