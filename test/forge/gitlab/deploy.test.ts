/**
 * `gfa deploy --forge gitlab` against the GitLab emulator (a test double of GitLab's documented API,
 * not GitLab): what it sets up, that a second run sends no write, that no secret is printed, and that
 * a trigger-token holder cannot set variables afterwards.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitlabDev } from '../../../framework/dev/gitlab/server.ts';
import { unwrapSecrets } from '../../../framework/crypto/passphrase.ts';
import { gfaGitlab, startEmulator } from './helpers.ts';

let gl: GitlabDev;
const passFile = join(mkdtempSync(join(tmpdir(), 'gfa-gl-pass-')), 'passphrase');
writeFileSync(passFile, 'correct horse battery staple\n');
const deploy = (extra: Record<string, string> = {}) => gfaGitlab(gl, 'deploy', ['--passphrase-file', passFile, '--yes'], extra);

beforeAll(async () => {
  gl = await startEmulator({ pipelines: false });
});
afterAll(() => gl?.close());

async function trigger(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${gl.apiUrl}/projects/${encodeURIComponent(gl.project)}/trigger/pipeline`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
}

describe('gfa deploy --forge gitlab', () => {
  it('refuses --dispatch-token-file in one line (GitHub only)', async () => {
    const r = await gfaGitlab(gl, 'deploy', ['--passphrase-file', passFile, '--dispatch-token-file', passFile]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('gfa: --dispatch-token-file is for GitHub only; on gitlab deploy makes the trigger token itself\n');
    expect(gl.state.writes).toBe(0);
  });

  it('refuses a weak passphrase before any write; --weak-passphrase is the only way past (issue 19)', async () => {
    const weakFile = join(mkdtempSync(join(tmpdir(), 'gfa-gl-weak-')), 'passphrase');
    writeFileSync(weakFile, 'password\n');
    const r = await gfaGitlab(gl, 'deploy', ['--passphrase-file', weakFile, '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^gfa: the passphrase is too easy to guess \(about 10\^[\d.]+ guesses, gfa asks for 10\^14[^\n]*--weak-passphrase\n$/);
    const named = await gfaGitlab(gl, 'deploy', ['--yes'], { GFA_PASSPHRASE: gl.project.split('/').join(' ') });
    expect(named.code).toBe(1);
    expect(gl.state.writes).toBe(0);
  });

  it('before deploy, the instance lets a trigger set variables (the default deploy must change)', async () => {
    // Deploy has not run: no trigger token exists yet, so make one as the owner.
    const res = await fetch(`${gl.apiUrl}/projects/${encodeURIComponent(gl.project)}/triggers`, {
      method: 'POST', headers: { 'private-token': gl.token, 'content-type': 'application/json' }, body: JSON.stringify({ description: 'someone else' }),
    });
    const { token } = (await res.json()) as { token: string };
    const r = await trigger({ token, ref: 'main', variables: { NODE_OPTIONS: '--require /tmp/x.js' } });
    expect(r.status).toBe(201);
  });

  it('sets everything up, printing no secret', async () => {
    const c = await deploy();
    expect(c.code, c.stderr).toBe(0);
    const p = gl.state.project;
    expect(p.settings).toEqual({ ci_pipeline_variables_minimum_override_role: 'no_one_allowed', ci_push_repository_for_job_token_allowed: true });
    const v = p.variables.find((x) => x.key === 'GFA_SECRET_KEY')!;
    expect(v).toMatchObject({ masked: true, hidden: true, protected: true });
    const mine = p.triggers.filter((t) => t.description.startsWith('gfa'));
    expect(mine).toHaveLength(1);
    // GitLab stores a short ref expanded (doc/api/pipeline_schedules.md: `main` → `refs/heads/main`).
    expect(p.schedules.map((s) => ({ d: s.description, cron: s.cron, ref: s.ref, tz: s.cron_timezone, active: s.active, inputs: s.inputs }))).toEqual([
      { d: 'gfa:fetch-feeds', cron: '*/15 * * * *', ref: 'refs/heads/main', tz: 'UTC', active: true, inputs: [{ name: 'job', value: 'fetch-feeds' }] },
    ]);
    const file = await (await import('../../../framework/dev/gitlab/repo.ts')).bareRepo(gl.repoDir).read('main', '.gfa/keys.json');
    const secrets = await unwrapSecrets(JSON.parse(file!.bytes.toString('utf8')), 'correct horse battery staple', { allowWeak: true });
    expect(secrets).toEqual({ triggerToken: mine[0]!.token, dataKey: v.value });
    const printed = c.stdout + c.stderr;
    expect(printed).not.toContain(mine[0]!.token);
    expect(c.stderr).toMatch(/deploy: done \(\d+ write requests\)/);
    // The new data key is shown once, labelled, and nowhere else.
    expect(printed.split(v.value)).toHaveLength(2);
    expect(c.stdout).toMatch(/New data key \(GFA_SECRET_KEY\), shown once[^\n]*\n[A-Za-z0-9+/]{43}=\n/);
  });

  it('a second run sends no write request', async () => {
    const before = gl.state.writes;
    const c = await deploy();
    expect(c.code, c.stderr).toBe(0);
    expect(gl.state.writes).toBe(before);
    expect(c.stderr).toMatch(/deploy: nothing to change \(0 write requests\)/);
    expect(c.stdout + c.stderr).not.toMatch(/new data key/i);
  });

  it('repairs what drifted: a schedule edited by hand and settings switched back', async () => {
    const s = gl.state.project.schedules[0]!;
    s.cron = '0 3 * * *';
    s.inputs = [{ name: 'job', value: 'add-feed' }, { name: 'extra', value: 'x' }];
    gl.state.project.settings.ci_push_repository_for_job_token_allowed = false;
    const c = await deploy();
    expect(c.stderr).toMatch(/deploy: done \(2 write requests\)/);
    expect(gl.state.project.schedules).toHaveLength(1);
    expect(gl.state.project.schedules[0]).toMatchObject({ cron: '*/15 * * * *', inputs: [{ name: 'job', value: 'fetch-feeds' }] });
    expect(gl.state.project.settings.ci_push_repository_for_job_token_allowed).toBe(true);
  });

  it('after deploy, a trigger-token holder cannot set variables, but inputs pass', async () => {
    const token = gl.state.project.triggers.find((t) => t.description.startsWith('gfa'))!.token;
    const refused = await trigger({ token, ref: 'main', variables: { NODE_OPTIONS: '--require /tmp/x.js' } });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain('Insufficient permissions to set pipeline variables');
    const unknown = await trigger({ token, ref: 'main', inputs: { job: 'fetch-feeds', nope: 'x' } });
    expect(unknown.status).toBe(400);
    const ok = await trigger({ token, ref: 'main', inputs: { job: 'fetch-feeds', request_id: 'r1', input: '' } });
    expect(ok.status).toBe(201);
    expect(await trigger({ token: 'glptt-wrong', ref: 'main', inputs: { job: 'fetch-feeds' } }).then((r) => r.status)).toBe(404);
  });

  it('protects an unprotected GFA_SECRET_KEY it can re-send, and says so when it cannot (issue 19)', async () => {
    const v = gl.state.project.variables.find((x) => x.key === 'GFA_SECRET_KEY')!;
    v.protected = false;
    const blind = await deploy();
    expect(blind.code, blind.stderr).toBe(0);
    expect(blind.stderr).toMatch(/variable GFA_SECRET_KEY: exists but is NOT protected, so branch pipelines[^\n]*GFA_SECRET_KEY to protect it/);
    expect(v.protected).toBe(false);
    const c = await deploy({ GFA_SECRET_KEY: v.value });
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toMatch(/variable GFA_SECRET_KEY: exists, now protected/);
    expect(v.protected).toBe(true);
    expect(c.stdout + c.stderr).not.toContain(v.value);
  });

  it('a new passphrase re-wraps the keys file, given the hidden data key', async () => {
    const key = gl.state.project.variables[0]!.value;
    writeFileSync(passFile, 'a new walrus banjo glacier saffron\n');
    const refused = await deploy();
    // E_CONFIG: exit 1 with one line naming the problem and the fix.
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/\ngfa: GFA_SECRET_KEY is hidden and \.gfa\/keys\.json does not hold it under this passphrase; pass the data key in GFA_SECRET_KEY[^\n]*\n$/);
    const c = await deploy({ GFA_SECRET_KEY: key });
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toMatch(/keys\.json: updated/);
    expect(c.stdout + c.stderr).not.toContain(key);
  });

  it('--weak-passphrase re-wraps under a weak one, and doctor warns about it (issue 19)', async () => {
    const key = gl.state.project.variables[0]!.value;
    writeFileSync(passFile, 'password\n');
    const c = await deploy({ GFA_SECRET_KEY: key });
    expect(c.code).toBe(1);
    const weak = await gfaGitlab(gl, 'deploy', ['--passphrase-file', passFile, '--yes', '--weak-passphrase'], { GFA_SECRET_KEY: key });
    expect(weak.code, weak.stderr).toBe(0);
    const doc = await gfaGitlab(gl, 'doctor', ['--json'], { GFA_PASSPHRASE: 'password' });
    const check = (JSON.parse(doc.stdout) as { id: string; status: string; message: string }[]).find((x) => x.id === 'passphrase');
    expect(check).toMatchObject({ status: 'warn' });
    expect(check!.message).toMatch(/easy to guess .*gfa keygen --passphrase/);
  });
});
