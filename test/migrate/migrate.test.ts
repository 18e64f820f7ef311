/**
 * `gfa migrate` between the GitHub and GitLab doubles, started together (test doubles of the forges'
 * documented behaviour, not the forges): both directions, each first interrupted after the data copy
 * and then resumed; a second run that has nothing to do; `--finish`; a source that wrote after the copy;
 * a target whose own jobs wrote (kept, never overwritten); and the one-line errors for bad input.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateSecretKey } from '../../framework/crypto/keys.ts';
import { authUrl, gfa, headIn, PASS, readData, startBed, writeData, type Bed } from './helpers.ts';

const exec = promisify(execFile);
let bed: Bed;
let key: string;
const ghRemote = (repo = 'owner/app', token = () => bed.fx.ownerToken) => authUrl(`${bed.fx.emu.url}/${repo}.git`, 'x-access-token', token());
const glRemote = () => authUrl(`${bed.gl.url}/${bed.gl.project}.git`, 'oauth2', bed.gl.token);
const ghBare = (repo = 'owner/app') => bed.fx.emu.state.repos.get(repo)!.dir;
const toGitlab = (...more: string[]) => ['migrate', bed.dir, '--from', 'github', '--repo', 'owner/app', '--to', 'gitlab', '--repo', 'group/app', '--passphrase-file', bed.passFile, '--yes', ...more];
const secrets = () => [bed.fx.ownerToken, bed.fx.dispatchToken, bed.gl.token, PASS, key];

beforeAll(async () => {
  bed = await startBed();
  key = await generateSecretKey();
  // The source: deployed on GitHub with a known data key, and a data branch written twice (counter 2).
  const d = await gfa(bed, ['deploy', bed.dir, '--forge', 'github', '--repo', 'owner/app', '--passphrase-file', bed.passFile, '--dispatch-token-file', bed.dispatchFile, '--yes'], { GFA_SECRET_KEY: key });
  expect(d.code, d.stderr).toBe(0);
  await writeData(ghRemote(), key, { 'counter/n': '5' });
  await writeData(ghRemote(), key, { 'notes/a': '{"text":"hello"}' });
}, 120_000);
afterAll(async () => bed?.stop());

describe('gfa migrate: bad input, one line each, nothing written', () => {
  it('help gives the exact usage, the steps, --finish and the tokens', async () => {
    const r = await gfa(bed, ['migrate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('migrate [APP_DIR] --from github --repo OWNER/NAME --to gitlab --repo GROUP/NAME [--finish]');
    expect(r.stdout).toContain('--from gitlab --repo GROUP/NAME --to github --repo OWNER/NAME');
    for (const s of ['--finish', 'nothing to do', 'GITHUB_TOKEN', 'GITLAB_TOKEN', 'GFA_PASSPHRASE', 'GFA_DISPATCH_TOKEN']) expect(r.stdout).toContain(s);
    expect((await gfa(bed, ['--help'])).stdout).toMatch(/migrate\s+move the app between GitHub and GitLab/);
  });

  it('refuses an unknown forge, the same repository twice, a stray --repo, a missing token and a wrong passphrase', async () => {
    const glWrites = bed.gl.state.writes;
    const cases: [string[], Record<string, string>, number, RegExp][] = [
      [['migrate', bed.dir, '--from', 'bitbucket', '--repo', 'a/b', '--to', 'gitlab', '--repo', 'group/app'], {}, 2, /^gfa: --from must be github or gitlab, not "bitbucket"\n$/],
      [['migrate', bed.dir, '--from', 'github', '--repo', 'owner/app', '--to', 'github', '--repo', 'Owner/App'], {}, 2, /^gfa: --from and --to name the same repository \(github owner\/app\): migrate moves an app to another repository\n$/],
      [['migrate', bed.dir, '--repo', 'owner/app', '--from', 'github', '--to', 'gitlab', '--repo', 'group/app'], {}, 2, /^gfa: --repo must follow --from FORGE or --to FORGE: gfa migrate \[APP_DIR\] --from github/],
      [['migrate', bed.dir, '--from', 'github', '--repo', 'owner/app', '--to', 'gitlab'], {}, 2, /^gfa: --to gitlab needs its own --repo after it/],
      [['migrate', bed.dir, '--from', 'github', '--repo', 'owner/app', '--to', 'gitlab', '--repo', 'group/app', '--dispatch-token-file', bed.dispatchFile], {}, 2, /^gfa: --dispatch-token-file is for a GitHub target only/],
      [toGitlab(), { GITLAB_TOKEN: '' }, 1, /^gfa: no GitLab token: set GITLAB_TOKEN[^\n]*\n$/],
      [toGitlab(), { GITHUB_TOKEN: '' }, 1, /^gfa: no GitHub token: set GITHUB_TOKEN or GH_TOKEN[^\n]*\n$/],
      [['migrate', bed.dir, '--from', 'github', '--repo', 'owner/app', '--to', 'gitlab', '--repo', 'group/app', '--yes'], { GFA_PASSPHRASE: 'a different passphrase of seven words' }, 1,
        /^gfa: the passphrase does not open \.gfa\/keys\.json of github owner\/app: use the passphrase of its gfa deploy\n$/],
    ];
    for (const [args, env, code, line] of cases) {
      const r = await gfa(bed, args, env);
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(code);
      expect(r.stderr.replace(/^migrate: [^\n]*\n/gm, '')).toMatch(line);
    }
    expect(bed.gl.state.writes).toBe(glWrites);
    expect(await headIn(bed.gl.repoDir)).toBeUndefined();
  });
});

describe('gfa migrate --from github --to gitlab', () => {
  it('interrupted after the data copy (GitLab unreachable for a write), then resumed by running it again', async () => {
    const realFetch = globalThis.fetch;
    // Injected failure: the first GitLab write request (deploy's first step) never gets an answer.
    const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const req = new Request(input as RequestInfo, init);
      if (req.url.startsWith(`${bed.gl.url}/api/v4/`) && req.method !== 'GET') throw new TypeError('fetch failed');
      return realFetch(input as RequestInfo, init);
    });
    let broken;
    try {
      broken = await gfa(bed, toGitlab());
    } finally {
      spy.mockRestore();
    }
    expect(broken.code).toBe(1);
    const head = await headIn(ghBare());
    expect(broken.stderr).toContain(`migrate: data branch data: copied ${head!.slice(0, 12)} to gitlab group/app (git push)`);
    expect(broken.stderr).toContain('migrate: check: head MAC verifies (counter 2); 2 values open on gitlab group/app');
    expect(broken.stderr.trim().split('\n').pop()).toMatch(/^gfa: cannot reach GitLab at http:\/\/127\.0\.0\.1:\d+ while [^\n]+$/);
    // The copy is the source's commit itself: the same signed head.
    expect(await headIn(bed.gl.repoDir)).toBe(head);
    expect(bed.gl.state.project.schedules).toEqual([]);

    const resumed = await gfa(bed, toGitlab());
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`migrate: data branch data: gitlab group/app already has github owner/app's head ${head!.slice(0, 12)}`);
    expect(resumed.stderr).toContain('migrate: target gitlab group/app: variable GFA_SECRET_KEY: created (masked, protected: only default-branch pipelines receive it)');
    expect(resumed.stderr).toContain('migrate: target gitlab group/app: schedule bump (*/15 * * * *): created');
    expect(resumed.stderr).toContain('migrate: github owner/app keeps running (its schedules stay on) until gfa migrate --finish');
    expect(resumed.stderr).toMatch(/migrate: done \(\d+ write requests, 0 git pushes\)\n$/);
    const v = bed.gl.state.project.variables.find((x) => x.key === 'GFA_SECRET_KEY')!;
    expect(v.value).toBe(key);
    expect(bed.gl.state.project.schedules.map((s) => [s.description, s.cron, s.active])).toEqual([['gfa:bump', '*/15 * * * *', true]]);
    // The source keeps working until --finish.
    expect(bed.fx.emu.state.repos.get('owner/app')!.workflowStates.get('gfa-bump.yml') ?? 'active').toBe('active');
    expect(await readData(glRemote(), key)).toEqual({ 'counter/n': '5', 'notes/a': '{"text":"hello"}' });
    for (const s of secrets()) expect(broken.stdout + broken.stderr + resumed.stdout + resumed.stderr).not.toContain(s);
  }, 120_000);

  it('a second run changes nothing and says so', async () => {
    const writes = bed.gl.state.writes;
    const again = await gfa(bed, toGitlab());
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/migrate: nothing to do \(0 write requests, 0 git pushes\)\n$/);
    expect(bed.gl.state.writes).toBe(writes);
  }, 60_000);

  it('brings the target up to a source that wrote since the copy (the target still holds the copy)', async () => {
    await writeData(ghRemote(), key, { 'counter/n': '6' });
    const head = await headIn(ghBare());
    const r = await gfa(bed, toGitlab());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`data branch data: gitlab group/app held the earlier copy [0-9a-f]{12}; brought to github owner/app's head ${head!.slice(0, 12)} \\(git push\\)`));
    expect(r.stderr).toContain('check: head MAC verifies (counter 3); 2 values open');
    expect(await headIn(bed.gl.repoDir)).toBe(head);
  }, 60_000);

  it('--finish turns the source\'s schedules off and says so; then nothing is left to do', async () => {
    const r = await gfa(bed, toGitlab('--finish'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('migrate: source github owner/app: schedule bump (*/15 * * * *): turned off (gfa-bump.yml disabled)');
    expect(r.stderr).toContain("migrate: finished: github owner/app's schedules are off; gitlab group/app runs the app now");
    const repo = bed.fx.emu.state.repos.get('owner/app')!;
    expect(repo.workflowStates.get('gfa-bump.yml')).toBe('disabled_manually');
    // The keep-alive goes off with them (disabled by hand, it leaves itself off), so the old repository bills nothing weekly.
    expect(repo.workflowStates.get('gfa-keepalive.yml')).toBe('disabled_manually');
    expect(r.stderr).toContain('keep-alive: turned off (gfa-keepalive.yml disabled)');
    // The double then starts no scheduled run of it (GitHub: a disabled workflow is not triggered).
    expect(await bed.fx.emu.startRun('owner/app', 'gfa-bump.yml', 'schedule', { schedule: '*/15 * * * *' })).toBeUndefined();
    const again = await gfa(bed, toGitlab('--finish'));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain("finished: github owner/app's schedules are off (they already were)");
    expect(again.stderr).toMatch(/migrate: nothing to do \(0 write requests, 0 git pushes\)\n$/);
  }, 60_000);

  it('never overwrites a target whose own jobs wrote after the copy', async () => {
    await writeData(glRemote(), key, { 'notes/b': '{"text":"written on gitlab"}' });
    await writeData(ghRemote(), key, { 'counter/n': '7' });
    const [mine, theirs] = [await headIn(bed.gl.repoDir), await headIn(ghBare())];
    const r = await gfa(bed, toGitlab());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`data branch data: kept gitlab group/app's head ${mine!.slice(0, 12)}: it is not the copy gfa made (the target's jobs have written to it), and github owner/app is at ${theirs!.slice(0, 12)}; gfa migrate never overwrites it`);
    expect(await headIn(bed.gl.repoDir)).toBe(mine);
    expect((await readData(glRemote(), key))['notes/b']).toBe('{"text":"written on gitlab"}');
  }, 60_000);
});

describe('gfa migrate --from gitlab --to github', () => {
  let backToken: string;
  let backDispatch: string;
  const toGithub = (...more: string[]) => ['migrate', bed.dir, '--to', 'github', '--repo', 'owner/back', '--from', 'gitlab', '--repo', 'group/app', '--passphrase-file', bed.passFile, '--yes', ...more];

  beforeAll(async () => {
    // A new GitHub repository holding the built app (git push, as the help asks), and its tokens.
    await bed.fx.emu.addRepo('owner/back');
    backToken = bed.fx.emu.addToken(['owner/back'], { actions: 'write', administration: 'write', contents: 'write', pages: 'write', secrets: 'write' });
    backDispatch = bed.fx.emu.addToken(['owner/back'], { actions: 'write', contents: 'read' }, 'owner');
    const auth = `http.extraHeader=Authorization: Basic ${Buffer.from(`x-access-token:${backToken}`).toString('base64')}`;
    await exec('git', ['-C', bed.dir, '-c', auth, 'push', '--quiet', `${bed.fx.emu.url}/owner/back.git`, 'HEAD:refs/heads/main']);
  }, 60_000);

  it('interrupted half-way (no browser credential for the GitHub target), then resumed with one', async () => {
    const env = { GITHUB_TOKEN: backToken };
    const head = await headIn(bed.gl.repoDir);
    const broken = await gfa(bed, toGithub(), env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`migrate: data branch data: copied ${head!.slice(0, 12)} to github owner/back (git push)`);
    expect(broken.stderr).toContain('migrate: target github owner/back: secret GFA_SECRET_KEY: created');
    expect(broken.stderr.trim().split('\n').pop()).toMatch(/^gfa: no browser credential: /);
    expect(await headIn(ghBare('owner/back'))).toBe(head);

    const dispatchFile = `${bed.passFile}.back`;
    (await import('node:fs')).writeFileSync(dispatchFile, `${backDispatch}\n`);
    const resumed = await gfa(bed, toGithub('--dispatch-token-file', dispatchFile), env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`already has gitlab group/app's head ${head!.slice(0, 12)}`);
    expect(resumed.stderr).toContain('check: head MAC verifies (counter 4); 3 values open on github owner/back');
    expect(resumed.stderr).toContain('migrate: target github owner/back: secret GFA_SECRET_KEY: exists (kept)');
    expect(resumed.stderr).toContain('migrate: target github owner/back: schedule bump (*/15 * * * *): on (gfa-bump.yml active)');
    expect(resumed.stdout).toContain(`${bed.fx.emu.pagesUrl}/owner/back/`);
    expect(bed.fx.emu.state.repos.get('owner/back')!.secrets.get('GFA_SECRET_KEY')!.value).toBe(key);
    expect(bed.gl.state.project.schedules.every((s) => s.active)).toBe(true);
    expect(await readData(ghRemote('owner/back', () => backToken), key)).toEqual({ 'counter/n': '6', 'notes/a': '{"text":"hello"}', 'notes/b': '{"text":"written on gitlab"}' });
    for (const s of [...secrets(), backToken, backDispatch]) expect(broken.stdout + broken.stderr + resumed.stdout + resumed.stderr).not.toContain(s);

    const again = await gfa(bed, toGithub(), env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/migrate: nothing to do \(0 write requests, 0 git pushes\)\n$/);
  }, 120_000);

  it("--finish deactivates GitLab's schedules, taking over one another maintainer owns, and says so", async () => {
    // GitLab lets only a schedule's owner edit it (the double holds to that): the owner token's user takes it over first.
    bed.gl.state.users.push({ id: 7, username: 'colleague', name: 'Colleague', state: 'active' });
    bed.gl.state.project.schedules[0]!.ownerId = 7;
    const r = await gfa(bed, toGithub('--finish'), { GITHUB_TOKEN: backToken });
    expect(r.stderr).toContain("migrate: source gitlab group/app: schedule bump: taken over from colleague (GitLab lets only a schedule's owner change it)");
    expect(bed.gl.state.project.schedules[0]!.ownerId).toBe(1);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/migrate: source gitlab group\/app: schedule bump \(\*\/15 \* \* \* \*\): turned off \(pipeline schedule \d+ deactivated\)/);
    expect(r.stderr).toContain("migrate: finished: gitlab group/app's schedules are off; github owner/back runs the app now");
    expect(bed.gl.state.project.schedules.map((s) => s.active)).toEqual([false]);
  }, 60_000);

  it('moving back to a repository finished earlier turns its disabled workflows on again', async () => {
    // owner/app's workflow was disabled by the first --finish; its data branch is not the copy of group/app's.
    const r = await gfa(bed, ['migrate', bed.dir, '--from', 'gitlab', '--repo', 'group/app', '--to', 'github', '--repo', 'owner/app', '--passphrase-file', bed.passFile, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("data branch data: kept github owner/app's head");
    expect(r.stderr).toContain('migrate: target github owner/app: schedule bump (*/15 * * * *): turned on (gfa-bump.yml enabled)');
    expect(bed.fx.emu.state.repos.get('owner/app')!.workflowStates.get('gfa-bump.yml') ?? 'active').toBe('active');
  }, 60_000);
});

describe('the GitHub double during every migration above', () => {
  it("answered each REST request as GitHub's OpenAPI description says, enable and disable included", () => {
    const paths = bed.fx.recorder.exchanges.map((x) => `${x.method} ${x.path}`);
    expect(paths).toContain('PUT /repos/owner/app/actions/workflows/gfa-bump.yml/disable');
    expect(paths).toContain('PUT /repos/owner/app/actions/workflows/gfa-bump.yml/enable');
    expect(bed.fx.recorder.problems).toEqual([]);
  });
});

describe('gfa migrate killed after the data copy (the real bin, SIGKILL), then resumed', () => {
  it('leaves the copy in place, and the next run finishes the rest', async () => {
    const { spawn } = await import('node:child_process');
    const { startGitlabDev } = await import('../../framework/dev/gitlab/server.ts');
    const { GFA_BIN } = await import('../build/helpers/fixture.ts');
    const gl2 = await startGitlabDev({ appDir: bed.dir, path: 'group/killed', pipelines: false });
    try {
      const env = { ...bed.env, GITLAB_URL: gl2.url, GITLAB_TOKEN: gl2.token };
      const args = ['migrate', bed.dir, '--from', 'github', '--repo', 'owner/app', '--to', 'gitlab', '--repo', 'group/killed', '--passphrase-file', bed.passFile, '--yes'];
      const child = spawn(GFA_BIN, args, { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      const killed = await new Promise<string | null>((resolve) => {
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
          if (/data branch data: copied [0-9a-f]{12} to gitlab group\/killed/.test(stderr)) child.kill('SIGKILL');
        });
        child.on('close', (_code, signal) => resolve(signal));
      });
      expect(killed, stderr).toBe('SIGKILL');
      expect(stderr).not.toContain('migrate: done');
      const head = await headIn(ghBare());
      expect(await headIn(gl2.repoDir)).toBe(head);

      const resumed = await gfa(bed, args, env);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stderr).toContain(`migrate: data branch data: gitlab group/killed already has github owner/app's head ${head!.slice(0, 12)}`);
      expect(resumed.stderr).toMatch(/check: head MAC verifies \(counter \d+\); \d+ values open on gitlab group\/killed/);
      expect(gl2.state.project.schedules.map((s) => [s.description, s.active])).toEqual([['gfa:bump', true]]);
      expect(gl2.state.project.variables.find((v) => v.key === 'GFA_SECRET_KEY')?.value).toBe(key);
      const again = await gfa(bed, args, env);
      expect(again.stderr).toMatch(/migrate: nothing to do \(0 write requests, 0 git pushes\)\n$/);
    } finally {
      await gl2.close();
    }
  }, 120_000);
});
