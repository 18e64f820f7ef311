/**
 * `gfa deploy`, `gfa trigger` and `gfa doctor` through the real bin against the GitHub emulator (a test
 * double): flags and help, the one-line errors, --forge/--repo inferred from the origin remote, a
 * second deploy that changes nothing, trigger --wait with the job's output or error, doctor --json.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { GFA_BIN, runProgram } from '../build/helpers/fixture.ts';
import { startGithubFixture, type GithubFixture } from '../forge/helpers/github.ts';

const PASS = 'cli tangerine harbour juggles seven lanterns';
let fx: GithubFixture;
beforeAll(async () => {
  fx = await startGithubFixture();
  writeFileSync(join(fx.dir, '.gfa-pass'), `${PASS}\n`);
  writeFileSync(join(fx.dir, '.gfa-dispatch'), `${fx.dispatchToken}\n`);
}, 60_000);
afterAll(async () => fx?.stop());

const gfa = (args: string[], env: Record<string, string> = {}) =>
  runProgram(GFA_BIN, args, { cwd: fx.dir, env: { GITHUB_API_URL: fx.emu.apiUrl, GITHUB_TOKEN: fx.ownerToken, ...env } });

describe('gfa deploy / trigger / doctor (GitHub emulator)', () => {
  it('help names the flags and the environment variables', async () => {
    const help = await gfa(['deploy', '--help']);
    expect(help.stdout).toContain('deploy [APP_DIR] --forge github --repo OWNER/NAME [--passphrase-file FILE] [--dispatch-token-file FILE] [--yes] [--weak-passphrase]');
    for (const v of ['GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_API_URL', 'GFA_PASSPHRASE', 'GFA_DISPATCH_TOKEN']) expect(help.stdout).toContain(v);
    expect((await gfa(['trigger', '--help'])).stdout).toContain('trigger JOB [APP_DIR] --forge github --repo OWNER/NAME [--input JSON|@FILE] [--wait] [--timeout SECONDS]');
    expect((await gfa(['doctor', '--help'])).stdout).toContain('doctor [APP_DIR] --forge github --repo OWNER/NAME [--json]');
    // GitLab: the same commands, the exact lines of issue 11.
    expect(help.stdout).toContain('deploy [APP_DIR] --forge gitlab --repo GROUP/NAME [--passphrase-file FILE] [--yes] [--weak-passphrase]');
    for (const v of ['GITLAB_TOKEN', 'GITLAB_URL', 'GITLAB_READ_TOKEN']) expect(help.stdout).toContain(v);
    expect((await gfa(['trigger', '--help'])).stdout).toContain('trigger JOB [APP_DIR] --forge gitlab --repo GROUP/NAME [--input JSON|@FILE] [--wait] [--timeout SECONDS]');
    expect((await gfa(['doctor', '--help'])).stdout).toContain('doctor [APP_DIR] --forge gitlab --repo GROUP/NAME [--json]');
  });

  it('fails in one line without a passphrase or a token', async () => {
    const noPass = await gfa(['deploy', '--forge', 'github', '--repo', 'owner/app']);
    expect(noPass.code).toBe(2);
    expect(noPass.stderr).toBe('gfa: no passphrase: pass --passphrase-file FILE or set GFA_PASSPHRASE (no terminal to ask on); gfa keygen --passphrase makes a strong one\n');
    const noToken = await gfa(['deploy', '--passphrase-file', '.gfa-pass'], { GITHUB_TOKEN: '' });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toMatch(/^gfa: no GitHub token: set GITHUB_TOKEN or GH_TOKEN[^\n]*\n$/);
  });

  it('refuses a weak passphrase before any forge call, app and repository names included (issue 19)', async () => {
    writeFileSync(join(fx.dir, '.weak-pass'), 'password\n');
    const before = fx.recorder.exchanges.length;
    const weak = await gfa(['deploy', '--passphrase-file', '.weak-pass', '--yes']);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/^gfa: the passphrase is too easy to guess \(about 10\^[\d.]+ guesses, gfa asks for 10\^14; it is one of the ten most used passwords\) and it guards a public file; [^\n]*--weak-passphrase\n$/);
    // 10^19 guesses on its own, 10^8 once the estimate knows the repository's names.
    const named = await gfa(['deploy', '--forge', 'github', '--repo', 'qorvantish/plemberwick', '--yes'], { GFA_PASSPHRASE: 'qorvantish plemberwick' });
    expect(named.code).toBe(1);
    expect(named.stderr).toMatch(/too easy to guess/);
    expect(fx.recorder.exchanges.length).toBe(before);
  });

  it('keygen --passphrase prints seven words and their strength', async () => {
    const r = await gfa(['keygen', '--passphrase']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^[a-z]{4,8}(-[a-z]{4,8}){6}\n$/);
    expect(r.stderr).toMatch(/84 bits, about 10\^25(\.\d)? guesses/);
  });

  it('deploys with --forge/--repo inferred from origin; the second run changes nothing', async () => {
    const first = await gfa(['deploy', '--passphrase-file', '.gfa-pass', '--dispatch-token-file', '.gfa-dispatch', '--yes']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('deploy: repository owner/app: public, default branch main');
    expect(first.stdout).toMatch(/New data key \(GFA_SECRET_KEY\), shown once[^\n]*\n[A-Za-z0-9+/]{43}=\n/);
    expect(first.stdout).toContain(`${fx.emu.pagesUrl}/owner/app/`);
    for (const s of [fx.ownerToken, fx.dispatchToken, PASS]) expect(first.stdout + first.stderr).not.toContain(s);
    const second = await gfa(['deploy', '.', '--forge', 'github', '--repo', 'owner/app'], { GFA_PASSPHRASE: PASS });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('deploy: nothing to change');
    expect(second.stdout).not.toContain('New data key');
  }, 60_000);

  it('warns when a file it reads a secret from is inside the work tree and not ignored, and not once it is ignored (issue 19)', async () => {
    const warned = await gfa(['deploy', '--passphrase-file', '.gfa-pass', '--dispatch-token-file', '.gfa-dispatch', '--yes']);
    expect(warned.code, warned.stderr).toBe(0);
    expect(warned.stderr).toContain('deploy: warning: .gfa-pass holds the owner passphrase inside a git work tree and is not ignored, so git add -A would commit it; add it to .gitignore\n');
    expect(warned.stderr).toContain('deploy: warning: .gfa-dispatch holds the browser credential inside a git work tree and is not ignored');
    writeFileSync(join(fx.dir, '.git', 'info', 'exclude'), '.gfa-pass\n.gfa-dispatch\n');
    const quiet = await gfa(['deploy', '--passphrase-file', '.gfa-pass', '--dispatch-token-file', '.gfa-dispatch', '--yes']);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).not.toContain('warning:');
  }, 60_000);

  it('trigger --wait prints the request id, the run URL and the output; a failing job exits 1', async () => {
    const ok = await gfa(['trigger', 'bump', '--input', '{"by":5}', '--wait', '--timeout', '60'], { GFA_PASSPHRASE: PASS });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^request 0[0-9a-z]{8}-[A-Za-z0-9_-]{16}\nrun http:\/\/127\.0\.0\.1:\d+\/owner\/app\/actions\/runs\/\d+\n/);
    expect(JSON.parse(ok.stdout.split('\n').slice(2).join('\n'))).toEqual({ n: 5 });
    const failed = await gfa(['trigger', 'fail', '--wait'], { GFA_PASSPHRASE: PASS });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/gfa: job "fail" failed: .*always fails/);
    // The run URL it prints opens (issue 20: it was a 404 on the double).
    const runUrl = /\nrun (\S+)\n/.exec(ok.stdout)![1]!;
    const runPage = await fetch(runUrl);
    expect(runPage.status).toBe(200);
    expect(await runPage.text()).toMatch(/gfa-bump\.yml · run \d+.*completed: success/s);
    const noWait = await gfa(['trigger', 'bump']);
    expect(noWait.code, noWait.stderr).toBe(0);
    expect(noWait.stdout).toMatch(/^request \S+\nrun \S+\n$/);
  }, 60_000);

  it('trigger --wait reports a run that fails before writing a result as soon as the run ends (issue 21)', async () => {
    const secrets = fx.emu.state.repos.get('owner/app')!.secrets;
    const good = secrets.get('GFA_SECRET_KEY')!;
    secrets.set('GFA_SECRET_KEY', { ...good, value: 'not-a-key' });
    try {
      const started = Date.now();
      const r = await gfa(['trigger', 'bump', '--input', '{"by":1}', '--wait', '--timeout', '40'], { GFA_PASSPHRASE: PASS });
      const secs = (Date.now() - started) / 1000;
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^gfa: the run of job "bump" \(request \S+\) ended \(completed\/failure\) before it wrote a result: see http:\/\/127\.0\.0\.1:\d+\/owner\/app\/actions\/runs\/\d+\n$/);
      expect(secs).toBeLessThan(20); // not the 40 s timeout
    } finally {
      secrets.set('GFA_SECRET_KEY', good);
    }
  }, 60_000);

  it('--weak-passphrase deploys anyway, and doctor then warns that the keys file is easy to open (issue 19)', async () => {
    await fx.emu.addRepo('owner/weak', { visibility: 'public' });
    const token = fx.emu.addToken(['owner/weak'], { actions: 'write', administration: 'write', contents: 'write', pages: 'write', secrets: 'write' });
    const dispatch = fx.emu.addToken(['owner/weak'], { actions: 'write', contents: 'read' }, 'owner');
    const env = { GITHUB_TOKEN: token, GFA_PASSPHRASE: 'password', GFA_DISPATCH_TOKEN: dispatch };
    const d = await gfa(['deploy', '--repo', 'owner/weak', '--forge', 'github', '--weak-passphrase', '--yes'], env);
    expect(d.code, d.stderr).toBe(0);
    const doc = await gfa(['doctor', '--repo', 'owner/weak', '--forge', 'github', '--json'], env);
    const check = (JSON.parse(doc.stdout) as { id: string; status: string; message: string }[]).find((c) => c.id === 'passphrase');
    expect(check?.status).toBe('warn');
    expect(check?.message).toMatch(/easy to guess .*gfa keygen --passphrase/);
  }, 60_000);

  it('doctor --json: checks as JSON, exit 0 when nothing is wrong', async () => {
    const d = await gfa(['doctor', '--json'], { GFA_PASSPHRASE: PASS });
    expect(d.code, d.stdout + d.stderr).toBe(0);
    const checks = JSON.parse(d.stdout) as { id: string; status: string }[];
    expect(checks.find((c) => c.id === 'dispatch-token')?.status).toBe('ok');
    expect(checks.find((c) => c.id === 'passphrase')?.status).toBe('ok');
    expect(checks.filter((c) => c.status === 'error')).toEqual([]);
  }, 60_000);
});

/** deploy's prompt on a terminal (a pseudo-terminal from python's pty module). */
describe('gfa deploy asks for the passphrase twice on a terminal (issue 19)', () => {
  const PTY = fileURLToPath(new URL('./helpers/pty-expect.py', import.meta.url));
  // No GitHub token: deploy stops right after the passphrase, so nothing reaches a forge.
  const onTty = (answers: [string, string][]) =>
    runProgram('python3', [PTY, JSON.stringify(answers), '--', process.execPath, GFA_BIN, 'deploy', '--forge', 'github', '--repo', 'owner/app', '--yes'], { cwd: fx.dir, env: { GITHUB_TOKEN: '', GITHUB_API_URL: fx.emu.apiUrl } });

  it('two different answers: nothing changes', async () => {
    const r = await onTty([['generate one): ', 'sparrow violin meadow copper fountain'], ['again: ', 'sparrow violin meadow copper fountainx']]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('gfa: the two passphrases differ; nothing was changed');
    expect(r.stdout).not.toContain('sparrow');
  });

  it('the same weak answer twice is refused like a file', async () => {
    const r = await onTty([['generate one): ', 'password'], ['again: ', 'password']]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('gfa: the passphrase is too easy to guess');
  });

  it('Enter alone: a generated passphrase, shown once with its strength, then deploy goes on', async () => {
    const r = await onTty([['generate one): ', '']]);
    expect(r.stdout).toMatch(/Generated passphrase \(84 bits, about 10\^25(\.\d)? guesses\)[^\n]*\r?\n[a-z]{4,8}(-[a-z]{4,8}){6}\r?\n/);
    expect(r.stdout).not.toContain('again: ');
    expect(r.stdout).toContain('gfa: no GitHub token'); // past the passphrase, at the first forge step
    expect(r.code).toBe(1);
  });
});
