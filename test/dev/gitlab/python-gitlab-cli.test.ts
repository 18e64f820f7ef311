/**
 * python-gitlab's `gitlab` CLI (Debian's python3-gitlab 3.12, run as `python3 -m gitlab -o json`, with
 * GITLAB_URL and GITLAB_PRIVATE_TOKEN) against the GitLab double (a test double, not GitLab): what a
 * user types to look at a gfa project: the project, variables, triggers, a schedule from creation to
 * deletion (update, take-ownership, play), pipelines, jobs and a job's trace, files and branches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitlabDev } from '../../../framework/dev/gitlab/server.ts';
import { startEmulator } from '../../forge/gitlab/helpers.ts';
import { cli, PYTHON, skipLine } from './helpers/python-gitlab.ts';

if (!PYTHON) process.stderr.write(skipLine('test/dev/gitlab/python-gitlab-cli.test.ts'));

let gl: GitlabDev;

async function json<T = Record<string, unknown>>(...args: string[]): Promise<T> {
  const r = await cli(gl, ...args);
  expect(r.code, `gitlab ${args.join(' ')}: ${r.err}`).toBe(0);
  return JSON.parse(r.out) as T;
}

describe.skipIf(!PYTHON)('the gitlab CLI against the GitLab double', () => {
  beforeAll(async () => {
    gl = await startEmulator();
    await gl.idle();
  }, 60_000);
  afterAll(() => gl?.close());

  it('shows the project, and manages a variable and lists triggers', async () => {
    expect(await json('project', 'get', '--id', gl.project)).toMatchObject({ id: 42, path_with_namespace: 'group/sub/rss', default_branch: 'main' });
    expect(await json('project-variable', 'create', '--project-id', '42', '--key', 'CLI_VAR', '--value', 'hello')).toMatchObject({ key: 'CLI_VAR', value: 'hello' });
    expect((await json<{ key: string }[]>('project-variable', 'list', '--project-id', '42')).map((v) => v.key)).toEqual(['CLI_VAR']);
    expect((await cli(gl, 'project-variable', 'delete', '--project-id', '42', '--key', 'CLI_VAR')).code).toBe(0);
    expect(await json('project-trigger', 'list', '--project-id', '42')).toEqual([]);
  });

  it('creates, updates, takes over, plays and deletes a schedule; an invalid cron is refused in one line', async () => {
    const s = await json<{ id: number; ref: string; next_run_at: string }>('project-pipeline-schedule', 'create', '--project-id', '42', '--description', 'cli', '--ref', 'main', '--cron', '0 4 * * *');
    expect(s.ref).toBe('refs/heads/main');
    expect(s.next_run_at).toMatch(/T04:00:00\.000Z$/);
    const id = String(s.id);
    expect(await json('project-pipeline-schedule', 'update', '--project-id', '42', '--id', id, '--cron', '0 5 * * *')).toMatchObject({ cron: '0 5 * * *' });
    expect((await cli(gl, 'project-pipeline-schedule', 'take-ownership', '--project-id', '42', '--id', id)).code).toBe(0);
    expect(await json('project-pipeline-schedule', 'play', '--project-id', '42', '--id', id)).toEqual({ message: '201 Created' });
    expect((await cli(gl, 'project-pipeline-schedule', 'delete', '--project-id', '42', '--id', id)).code).toBe(0);
    expect(await json('project-pipeline-schedule', 'list', '--project-id', '42')).toEqual([]);
    const bad = await cli(gl, 'project-pipeline-schedule', 'create', '--project-id', '42', '--description', 'bad', '--ref', 'main', '--cron', 'nope');
    expect(bad.code).toBe(1);
    expect(bad.out + bad.err).toContain("(400: {'cron': [' is invalid syntax']})");
    await gl.idle();
  });

  it('lists pipelines, shows one, lists its jobs and prints a job\'s trace', async () => {
    const pipelines = await json<{ id: number; source: string; status: string }[]>('project-pipeline', 'list', '--project-id', '42');
    expect(pipelines.map((p) => p.source)).toEqual(['schedule', 'push']);
    const push = pipelines[1]!;
    expect(await json('project-pipeline', 'get', '--project-id', '42', '--id', String(push.id))).toMatchObject({ status: 'success', user: { username: 'owner' }, detailed_status: { text: 'passed', group: 'success' } });
    const jobs = await json<{ id: number; name: string; stage: string; pipeline: { id: number } }[]>('project-job', 'list', '--project-id', '42');
    const pages = jobs.find((j) => j.pipeline.id === push.id)!;
    expect(pages).toMatchObject({ name: 'pages', stage: 'deploy' });
    const trace = await cli(gl, 'project-job', 'trace', '--project-id', '42', '--id', String(pages.id));
    expect(trace.code).toBe(0);
    expect(trace.out).toContain('$ test -f dist/pages/index.html');
  });

  it('reads a file and creates and deletes a branch', async () => {
    const file = await json<{ file_path: string; content: string }>('project-file', 'get', '--project-id', '42', '--file-path', 'README.md', '--ref', 'main');
    expect(Buffer.from(file.content, 'base64').toString('utf8')).toMatch(/^# rss-reader/);
    expect(await json('project-branch', 'create', '--project-id', '42', '--branch', 'b1', '--ref', 'main')).toMatchObject({ name: 'b1', default: false });
    expect((await json<{ name: string }[]>('project-branch', 'list', '--project-id', '42')).map((b) => b.name)).toEqual(['b1', 'main']);
    expect((await cli(gl, 'project-branch', 'delete', '--project-id', '42', '--name', 'b1')).code).toBe(0);
    expect((await json<{ name: string }[]>('project-branch', 'list', '--project-id', '42')).map((b) => b.name)).toEqual(['main']);
  });
});
