/**
 * `defineApp({ githubEnvironment })` on the GitHub double (a test double of GitHub; nothing here ran on
 * github.com), issue 19: deploy moves GFA_SECRET_KEY from the repository into an environment that only
 * the default branch may use (environment, branch policy, environment secret, no repository copy), a
 * triggered job still reads its key, doctor checks it, and a private repository on GitHub Free is
 * refused in one line before anything is written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubForge } from '../../framework/forge/github/forge.ts';
import type { Check, DeployReport } from '../../framework/forge/types.ts';
import { WEAK_KDF } from '../dev/helpers/fixture.ts';
import { startGithubFixture, type GithubFixture } from './helpers/github.ts';
import { runServerForgeSuite } from './suite.ts';

const PASS = 'environment passphrase for the test';
let fx: GithubFixture;
let plain: DeployReport;
const plainLines: string[] = [];
const envLines: string[] = [];

const forgeFor = (repo: string, token = fx.ownerToken) => githubForge({ forge: 'github', repo }, { token, apiUrl: fx.emu.apiUrl, branch: 'data', passphrase: PASS });
const repo = () => fx.emu.state.repos.get('owner/app')!;
const withoutEnvironment = () => {
  const { githubEnvironment: _drop, ...m } = fx.manifest;
  return m;
};

beforeAll(async () => {
  fx = await startGithubFixture('dev-app', {
    configure: (dir) => {
      const file = join(dir, 'gfa.config.ts');
      writeFileSync(file, readFileSync(file, 'utf8').replace("name: 'dev-app',", "name: 'dev-app',\n  githubEnvironment: 'gfa',"));
    },
  });
  // First as an app without the setting (a repository secret), then with it: deploy moves the key.
  plain = await forgeFor(fx.repo).deploy({ appDir: fx.dir, manifest: withoutEnvironment(), passphrase: PASS, dispatchToken: fx.dispatchToken, kdf: WEAK_KDF, progress: (l) => plainLines.push(l) });
  await forgeFor(fx.repo).deploy({ appDir: fx.dir, manifest: fx.manifest, passphrase: PASS, kdf: WEAK_KDF, progress: (l) => envLines.push(l) });
}, 90_000);
afterAll(async () => fx?.stop());

describe('gfa deploy with githubEnvironment on the GitHub double', () => {
  it('the built workflows name the environment', () => {
    expect(fx.manifest.githubEnvironment).toBe('gfa');
    expect(readFileSync(join(fx.dir, '.github/workflows/gfa-bump.yml'), 'utf8')).toMatch(/environment:\n\s+name: gfa\n\s+deployment: false/);
  });

  it('without it, the note says push access is access to the key and names the setting (public repository)', () => {
    expect(plainLines.join('\n')).toMatch(/anyone with push access to owner\/app can read it .*; set githubEnvironment in gfa.config.ts .* to limit it to main/);
  });

  it('creates the environment for main only, puts the same key in it and deletes the repository copy', () => {
    const env = repo().environments?.get('gfa');
    expect(env?.branchPolicy).toEqual({ protectedBranches: false, customBranchPolicies: true });
    expect(env?.policies.map((p) => [p.name, p.type])).toEqual([['main', 'branch']]);
    // The double opened the sealed value with its private key: the sealing was really checked.
    expect(env?.secrets.get('GFA_SECRET_KEY')?.value).toBe(plain.newSecretKey);
    expect(repo().secrets.has('GFA_SECRET_KEY')).toBe(false);
    const text = envLines.join('\n');
    expect(text).toMatch(/environment gfa: created[\s\S]*only branch main may use it[\s\S]*secret GFA_SECRET_KEY in environment gfa: created[\s\S]*repository copy deleted/);
    for (const l of envLines) expect(l).not.toContain(plain.newSecretKey!);
  });

  it('removes a branch policy that would admit another branch', async () => {
    repo().environments!.get('gfa')!.policies.push({ id: 99_999, name: '*', type: 'branch' });
    const lines: string[] = [];
    await forgeFor(fx.repo).deploy({ appDir: fx.dir, manifest: fx.manifest, passphrase: PASS, kdf: WEAK_KDF, progress: (l) => lines.push(l) });
    expect(repo().environments!.get('gfa')!.policies.map((p) => p.name)).toEqual(['main']);
    expect(lines.join('\n')).toMatch(/branch policy \* removed/);
  });

  it('a triggered job still reads its key from the environment', async () => {
    const requestId = `env-${Date.now().toString(36)}`;
    await forgeFor(fx.repo).trigger({ job: 'bump', requests: [{ requestId, input: { by: 2 } }] });
    await fx.emu.idle();
    const run = repo().runs.at(-1)!;
    expect(run.conclusion).toBe('success');
    expect(run.log).not.toMatch(/GFA_SECRET_KEY is not set/);
    expect(run.log).toMatch(/## Run bump \(exit 0\)/);
  }, 60_000);
});

describe('gfa doctor with githubEnvironment', () => {
  const secret = async (): Promise<Check | undefined> => (await forgeFor(fx.repo).doctor({ appDir: fx.dir, manifest: fx.manifest })).find((c) => c.id === 'secret');

  it('is ok with the key in the environment and no repository copy', async () => {
    expect(await secret()).toMatchObject({ status: 'ok', message: expect.stringMatching(/environment gfa, which only main may use, with no repository-level copy/) });
  });

  it('warns when a repository-level copy remains', async () => {
    const now = new Date().toISOString();
    repo().secrets.set('GFA_SECRET_KEY', { value: 'stale', createdAt: now, updatedAt: now });
    try {
      expect(await secret()).toMatchObject({ status: 'warn', message: expect.stringMatching(/repository-level GFA_SECRET_KEY remains.*anyone with push access can read it; run gfa deploy to move it/) });
    } finally {
      repo().secrets.delete('GFA_SECRET_KEY');
    }
  });
});

describe('a private repository on GitHub Free', () => {
  it('is refused in one line naming the plan rule and the ways out, with nothing written', async () => {
    await fx.emu.addRepo('owner/priv', { visibility: 'private' });
    const token = fx.emu.addToken(['owner/priv'], { actions: 'write', administration: 'write', contents: 'write', pages: 'write', secrets: 'write' });
    const err = await forgeFor('owner/priv', token).deploy({ appDir: fx.dir, manifest: fx.manifest, passphrase: PASS, kdf: WEAK_KDF, progress: () => {} }).catch((e: unknown) => e as Error);
    expect(err).toMatchObject({ code: 'E_FORGE' });
    const message = (err as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/GitHub Free has environments only in public repositories; make the repository public or move its owner to GitHub Pro, Team or Enterprise, or remove githubEnvironment/);
    const priv = fx.emu.state.repos.get('owner/priv')!;
    expect([priv.secrets.size, priv.environments?.size ?? 0]).toEqual([0, 0]);
  });

  it('without the setting, the note names it only where the plan has environments (Free: no; Pro: yes)', async () => {
    const token = fx.emu.addToken(['owner/priv'], { actions: 'write', administration: 'write', contents: 'write', pages: 'write', secrets: 'write' });
    const note = async (): Promise<string> => {
      const lines: string[] = [];
      await forgeFor('owner/priv', token).deploy({ appDir: fx.dir, manifest: withoutEnvironment(), passphrase: PASS, dispatchToken: fx.emu.addToken(['owner/priv'], { actions: 'write', contents: 'read' }), kdf: WEAK_KDF, progress: (l) => lines.push(l) });
      return lines.find((l) => l.includes('note:'))!;
    };
    expect(await note()).toMatch(/anyone with push access to owner\/priv can read it \(a workflow on any branch receives repository secrets\)$/);
    fx.emu.state.userPlans = { owner: 'pro' };
    try {
      expect(await note()).toMatch(/; set githubEnvironment in gfa.config.ts \(e.g. 'gfa'\) to limit it to main$/);
    } finally {
      fx.emu.state.userPlans = undefined;
    }
  });
});

runServerForgeSuite('github (double) with githubEnvironment', () => ({
  forge: forgeFor(fx.repo),
  appDir: fx.dir,
  manifest: fx.manifest,
  deploy: { passphrase: PASS, kdf: WEAK_KDF },
  job: { name: 'bump', input: { by: 3 } },
}));

describe('GitHub OpenAPI description', () => {
  it('every request and answer matched it', () => {
    expect(fx.recorder.problems).toEqual([]);
  });
});
