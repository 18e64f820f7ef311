/**
 * The shared client forge suite against the `gitlab` client adapter, on the GitLab emulator (a test
 * double, not GitLab) with pipelines run by gitlab-ci-local; plus the shared server suite (test/forge/suite.ts).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Manifest } from '../../../framework/app/manifest.ts';
import type { GitlabDev } from '../../../framework/dev/gitlab/server.ts';
import { gitlabClientForge } from '../../../framework/forge/gitlab/client.ts';
import { openForge } from '../../../framework/forge/open.ts';
import type { ClientForge, Forge } from '../../../framework/forge/types.ts';
import { runForgeSuite } from '../../client/forge-suite.ts';
import { APP_DIR, appManifest, gfaGitlab, KDF, startEmulator } from './helpers.ts';
import { runServerForgeSuite } from '../suite.ts';

let gl: GitlabDev;
let client: ClientForge;
let credential: string;
let server: Forge;
let manifest: Manifest;

beforeAll(async () => {
  gl = await startEmulator();
  manifest = await appManifest();
  const passFile = join(mkdtempSync(join(tmpdir(), 'gfa-gl-pass-')), 'passphrase');
  writeFileSync(passFile, 'client suite pelican marmalade tundra\n');
  const deployed = await gfaGitlab(gl, 'deploy', ['--passphrase-file', passFile, '--yes']);
  if (deployed.code !== 0) throw new Error(`gfa deploy failed: ${deployed.stderr}`);
  credential = gl.state.project.triggers.find((t) => t.description.startsWith('gfa'))!.token;
  client = gitlabClientForge({ url: gl.url, project: gl.project, branch: manifest.store.branch });
  // The adapter the CLI opens for --forge gitlab.
  server = await openForge({ forge: 'gitlab', repo: gl.project }, { GITLAB_TOKEN: gl.token, GITLAB_URL: gl.url }, { branch: manifest.store.branch });
}, 60_000);
afterAll(() => gl?.close());

// gitlab-ci-local runs each pipeline for real, one at a time: a triggered run's result took
// more than 30 s on CI's loaded machine (stop 30; likely waiting behind the deploy's push pipeline), so the budget here is longer.
runForgeSuite('gitlab (emulator)', () => ({ forge: client, credential, job: { name: 'fetch-feeds' }, resultTimeoutMs: 150_000 }));
runServerForgeSuite('gitlab (emulator)', () => ({
  forge: server, appDir: APP_DIR, manifest, deploy: { passphrase: 'client suite pelican marmalade tundra', kdf: KDF }, job: { name: 'fetch-feeds' }, runTimeoutMs: 150_000,
  // The emulator is a self-managed instance on 127.0.0.1: its Pages domain is not derivable.
  pagesUrl: false,
}));
