/**
 * python-gitlab (Debian's python3-gitlab 3.12) against the GitLab double (a test double of GitLab's
 * documented API, not GitLab), the way a user looks at a gfa project when something goes wrong:
 * the project, its CI/CD variables, trigger tokens, pipeline schedules (create, edit, take ownership,
 * run, delete), pipelines and their jobs, files and branches, with GitLab's pagination headers
 * followed by the client. Endpoints python-gitlab 3.12 lacks (inputs on triggers and schedules, a
 * schedule's pipelines) go through `gl.http_post`/`gl.http_list`, as shared/TOOLS.md says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitlabDev } from '../../../framework/dev/gitlab/server.ts';
import { startEmulator } from '../../forge/gitlab/helpers.ts';
import { PYTHON, py, skipLine } from './helpers/python-gitlab.ts';

if (!PYTHON) process.stderr.write(skipLine('test/dev/gitlab/python-gitlab.test.ts'));

let gl: GitlabDev;

describe.skipIf(!PYTHON)('python-gitlab against the GitLab double', () => {
  beforeAll(async () => {
    gl = await startEmulator();
    await gl.idle();
    // What gfa deploy would have set (the rss-reader's jobs push the data branch with CI_JOB_TOKEN).
    gl.state.project.settings.ci_push_repository_for_job_token_allowed = true;
    gl.state.project.variables.push({ key: 'GFA_SECRET_KEY', value: Buffer.alloc(32, 7).toString('base64'), variable_type: 'env_var', protected: false, masked: true, hidden: true, raw: true, environment_scope: '*', description: null });
  }, 60_000);
  afterAll(() => gl?.close());

  it('reads the project by path and by id, and the instance version', async () => {
    const r = await py<{ byPath: unknown[]; byId: string; version: string[] }>(gl, `
q = gl.projects.get(42)
out({'byPath': [p.id, p.path_with_namespace, p.default_branch, p.visibility], 'byId': q.path_with_namespace, 'version': list(gl.version())})`);
    expect(r).toEqual({ byPath: [42, 'group/sub/rss', 'main', 'public'], byId: 'group/sub/rss', version: ['18.6.0', 'emulated'] });
  });

  it('creates, lists (across pages), reads, updates and deletes CI/CD variables; a bad masked value is refused', async () => {
    const r = await py<Record<string, unknown>>(gl, `
for i in range(25):
    p.variables.create({'key': f'V_{i:02d}', 'value': f'value-{i}'})
pages = p.variables.list(iterator=True)
all_vars = p.variables.list(get_all=True)
v = p.variables.get('V_03')
v.value = 'changed'
v.save()
after = p.variables.get('V_03').value
hidden = p.variables.get('GFA_SECRET_KEY').value
try:
    p.variables.create({'key': 'BAD', 'value': 'short', 'masked': True})
    bad = None
except gitlab.exceptions.GitlabCreateError as e:
    bad = [e.response_code, str(e.error_message)]
for i in range(25):
    p.variables.delete(f'V_{i:02d}')
out({'total': pages.total, 'pages': pages.total_pages, 'perPage': pages.per_page, 'all': len(all_vars), 'after': after, 'hidden': hidden, 'bad': bad, 'left': [x.key for x in p.variables.list(get_all=True)]})`);
    expect(r).toEqual({ total: 26, pages: 2, perPage: 20, all: 26, after: 'changed', hidden: null, bad: [400, "{'value': ['is invalid']}"], left: ['GFA_SECRET_KEY'] });
  });

  it('creates a trigger token, runs a pipeline with inputs through it and deletes it', async () => {
    const r = await py<{ full: boolean; listed: number; pipeline: Record<string, unknown>; bad: unknown[]; left: number }>(gl, `
t = p.triggers.create({'description': 'python'})
listed = len(p.triggers.list(get_all=True))
pipe = gl.http_post(f'/projects/{p.id}/trigger/pipeline', post_data={'token': t.token, 'ref': 'main', 'inputs': {'job': 'fetch-feeds', 'request_id': 'py-1', 'input': ''}})
try:
    p.trigger_pipeline('main', t.token, variables={'NODE_OPTIONS': '--require /tmp/x.js'})
    bad = None
except gitlab.exceptions.GitlabCreateError as e:
    bad = [e.response_code, str(e.error_message)]
p.triggers.delete(t.id)
out({'full': t.token.startswith('glptt-'), 'listed': listed, 'pipeline': {'source': pipe['source'], 'ref': pipe['ref'], 'user': pipe['user']['username'], 'status': pipe['detailed_status']['group']}, 'bad': bad, 'left': len(p.triggers.list(get_all=True))})`);
    // The double starts as a self-managed instance does: pipeline variables allowed for Developers (deploy locks them).
    expect(r).toMatchObject({ full: true, listed: 1, pipeline: { source: 'trigger', ref: 'main', user: 'owner' }, left: 0 });
    expect(r.bad).toBeNull();
    await gl.idle();
    expect(gl.state.project.pipelines.find((x) => x.inputs.request_id === 'py-1')).toMatchObject({ status: 'success', jobs: ['gfa-fetch-feeds'] });
  });

  it('creates, edits, takes over, runs and deletes a pipeline schedule; refuses an invalid cron', async () => {
    const r = await py<Record<string, unknown>>(gl, `
s = p.pipelineschedules.create({'description': 'gfa:fetch-feeds', 'ref': 'main', 'cron': '0 3 * * *', 'cron_timezone': 'UTC', 'inputs': [{'name': 'job', 'value': 'fetch-feeds'}]})
created = [s.ref, s.next_run_at is not None, s.inputs]
s.cron = '*/30 * * * *'
s.save()
edited = p.pipelineschedules.get(s.id).cron
put = lambda inputs: gl.http_put(f'/projects/{p.id}/pipeline_schedules/{s.id}', post_data={'inputs': inputs})
put([{'name': 'request_id', 'value': 'sched-1'}])
added = p.pipelineschedules.get(s.id).inputs
put([{'name': 'request_id', 'value': 'sched-1', 'destroy': True}])
inputs = p.pipelineschedules.get(s.id).inputs
s.take_ownership()
sid = s.id
played = s.play()  # python-gitlab 3.12 replaces the object's attributes with play's answer
s = p.pipelineschedules.get(sid)
ran = gl.http_list(f'/projects/{p.id}/pipeline_schedules/{s.id}/pipelines')
try:
    p.pipelineschedules.create({'description': 'bad', 'ref': 'main', 'cron': 'every morning'})
    bad = None
except gitlab.exceptions.GitlabCreateError as e:
    bad = [e.response_code, str(e.error_message)]
s.delete()
out({'created': created, 'edited': edited, 'added': added, 'inputs': inputs, 'owner': s.owner['username'], 'played': played, 'ran': [x['source'] for x in ran], 'last': s.last_pipeline is not None, 'bad': bad, 'left': len(p.pipelineschedules.list(get_all=True))})`);
    expect(r).toEqual({
      created: ['refs/heads/main', true, [{ name: 'job', value: 'fetch-feeds' }]], edited: '*/30 * * * *',
      added: [{ name: 'job', value: 'fetch-feeds' }, { name: 'request_id', value: 'sched-1' }], inputs: [{ name: 'job', value: 'fetch-feeds' }],
      owner: 'owner', played: { message: '201 Created' }, ran: ['schedule'], last: true, bad: [400, "{'cron': [' is invalid syntax']}"], left: 0,
    });
    await gl.idle();
  });

  it('lists pipelines and reads one with its user, status and jobs, and a job\'s log', async () => {
    const r = await py<Record<string, unknown>>(gl, `
pl = p.pipelines.list(get_all=True)
newest = pl[0]
one = p.pipelines.get(newest.id)
jobs = one.jobs.list(get_all=True)
job = p.jobs.get(jobs[0].id)
trace = job.trace().decode()
out({'count': len(pl), 'ids': [x.id for x in pl] == sorted([x.id for x in pl], reverse=True), 'status': one.status, 'detailed': one.detailed_status['text'], 'user': one.user['username'],
     'jobs': [[j.name, j.stage, j.status] for j in jobs], 'jobPipeline': job.pipeline['id'] == one.id, 'trace': 'node dist/jobs/fetch-feeds.mjs' in trace,
     'projectJobs': len(p.jobs.list(get_all=True)) >= 3, 'failed': len(p.jobs.list(scope=['failed'], get_all=True)),
     'keyset': [j.id for j in p.jobs.list(pagination='keyset', order_by='id', sort='desc', per_page=1, iterator=True)] == [j.id for j in p.jobs.list(get_all=True)]})`);
    expect(r).toEqual({
      count: 4, ids: true, status: 'success', detailed: 'passed', user: 'owner', jobs: [['gfa-fetch-feeds', 'test', 'success']], jobPipeline: true, trace: true, projectJobs: true, failed: 0, keyset: true,
    });
  });

  it('reads, creates, updates and deletes files, and reads the tree with keyset pagination', async () => {
    const r = await py<Record<string, unknown>>(gl, `
f = p.files.get('package.json', ref='main')
meta = [f.file_path, f.encoding, f.ref, len(f.blob_id)]
raw = p.files.raw('package.json', ref='main').decode()
p.files.create({'file_path': 'notes/today.md', 'branch': 'main', 'content': 'first', 'commit_message': 'add a note'})
g = p.files.get('notes/today.md', ref='main')
g.content = 'second'
g.save(branch='main', commit_message='edit the note')
edited = p.files.raw('notes/today.md', ref='main').decode()
p.files.delete('notes/today.md', branch='main', commit_message='remove the note')
try:
    p.files.get('notes/today.md', ref='main')
    gone = False
except gitlab.exceptions.GitlabGetError as e:
    gone = e.response_code == 404
offset = p.repository_tree(recursive=True, get_all=True, per_page=100)
keyset = list(p.repository_tree(recursive=True, iterator=True, pagination='keyset', per_page=20))
out({'meta': meta, 'raw': '"name"' in raw, 'decoded': f.decode().decode() == raw, 'edited': edited, 'gone': gone, 'tree': len(offset) == len(keyset) and len(keyset) > 20})`);
    expect(r).toEqual({ meta: ['package.json', 'base64', 'main', 40], raw: true, decoded: true, edited: 'second', gone: true, tree: true });
    await gl.idle();
  });

  it('lists, reads, creates and deletes branches; the default branch cannot be deleted', async () => {
    const r = await py<Record<string, unknown>>(gl, `
main = p.branches.get('main')
b = p.branches.create({'branch': 'feature/x', 'ref': 'main'})
names = [x.name for x in p.branches.list(get_all=True)]
p.branches.delete('feature/x')
try:
    p.branches.delete('main')
    refused = None
except gitlab.exceptions.GitlabDeleteError as e:
    refused = [e.response_code, str(e.error_message)]
try:
    p.branches.create({'branch': 'y', 'ref': 'nope'})
    invalid = None
except gitlab.exceptions.GitlabCreateError as e:
    invalid = [e.response_code, str(e.error_message)]
out({'main': [main.default, len(main.commit['id'])], 'created': [b.name, b.commit['id'] == main.commit['id']], 'names': names, 'after': [x.name for x in p.branches.list(get_all=True)], 'refused': refused, 'invalid': invalid})`);
    expect(r).toMatchObject({
      main: [true, 40], created: ['feature/x', true], refused: [405, 'The default branch of a project cannot be deleted.'], invalid: [400, 'Invalid reference name: nope'],
    });
    expect(r.names).toContain('feature/x');
    expect(r.after).not.toContain('feature/x');
  });
});
