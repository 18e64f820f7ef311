/** `gfa dev [APP_DIR] [--port N] [--passphrase P [--weak-passphrase]] [--tick] [--host NAME] [--as github|gitlab [--runner-start SECONDS]]`: the embedded local forge, or a GitHub or GitLab double. */
import { ENV } from '../../contract.ts';
import { GITHUB_RUNNER_START_MS, GITLAB_RUNNER_START_MS, parseRunnerStart } from '../../dev/runner-start.ts';
import { GfaError } from '../../errors.ts';
import { defineCommand } from '../command.ts';

/** `--as gitlab`: builds the app, starts the GitLab double, writes the owner token file and prints the banner. */
async function startGitlab(appDir: string, runnerStartMs: number, hosts: string[] | undefined): Promise<{ close(): Promise<void> }> {
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  const { startGitlabDev } = await import('../../dev/gitlab/server.ts');
  const { gitlabDevBanner, writeGitlabTokenFile } = await import('../../dev/gitlab/banner.ts');
  const dev = await startGitlabDev({ appDir, build: true, log, runnerStartMs, ...(hosts ? { hosts } : {}) });
  log(gitlabDevBanner(dev, await writeGitlabTokenFile(appDir, dev.token), appDir));
  return dev;
}

// Not `export default defineCommand(...)`: tsc 5.9 leaves `.ts` in dynamic imports inside an
// `export default <expression>` (test/package/dist.test.ts checks the build).
const command = defineCommand({
  usage: 'dev [APP_DIR] [--port N] [--passphrase P [--weak-passphrase]] [--tick] [--host NAME] [--as github|gitlab [--runner-start SECONDS]]',
  help: [
    'Builds the app, then serves it until Ctrl-C. Rebuilds when its sources change.',
    'With --as github or --as gitlab it answers like that forge instead (its REST API, git over HTTP with the',
    "forge's token conventions, runs of the generated pipelines, Pages): a test double on 127.0.0.1, not the",
    'forge itself. It prints the API URL and token files to use with gfa deploy, gfa trigger and gfa doctor.',
    "A run waits --runner-start seconds before its first step, as it waits for a forge's runner (default",
    `${GITHUB_RUNNER_START_MS / 1000} s on github, ${GITLAB_RUNNER_START_MS / 1000} s on gitlab; 0 starts at once), and the double keeps the forge's documented rate limits.`,
  ].join('\n'),
  options: {
    port: { type: 'string', valueName: 'N', description: 'port on 127.0.0.1 (env GFA_DEV_PORT, default 4400; 0 = any free port)' },
    passphrase: { type: 'string', valueName: 'P', description: 'owner passphrase for .gfa/keys.json (env GFA_PASSPHRASE; default: generated once and printed)' },
    'weak-passphrase': { type: 'boolean', description: 'accept a --passphrase that the strength estimate calls easy to guess' },
    tick: { type: 'boolean', description: 'fire every schedule once at startup' },
    as: { type: 'string', valueName: 'FORGE', description: 'answer like a forge: github (REST, git, Actions runs; Pages on --port + 1, another origin, so CORS applies) or gitlab (REST, git, pipelines through gitlab-ci-local, Pages on another origin; random ports)' },
    'runner-start': { type: 'string', valueName: 'SECONDS', description: `with --as: time from a dispatch, trigger or schedule to the job's first step (default ${GITHUB_RUNNER_START_MS / 1000} on github, ${GITLAB_RUNNER_START_MS / 1000} on gitlab; 0 = at once)` },
    host: { type: 'string', valueName: 'NAME', description: 'another host name to answer to (e.g. behind a proxy); only 127.0.0.1:PORT and localhost:PORT otherwise' },
  },
  async run({ values, positionals }) {
    if (positionals.length > 1) throw new GfaError('E_USAGE', 'gfa dev takes one APP_DIR; see gfa dev --help');
    const portText = values.port ?? process.env[ENV.devPort] ?? '4400';
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65535) throw new GfaError('E_USAGE', `--port must be a number from 0 to 65535, not "${portText}"`);
    const as = values.as;
    if (as !== undefined && as !== 'github' && as !== 'gitlab') throw new GfaError('E_USAGE', `--as must be github or gitlab, not "${as}"`);
    const runnerStart = values['runner-start'];
    if (runnerStart !== undefined && as === undefined) throw new GfaError('E_USAGE', '--runner-start needs --as github or --as gitlab (the local forge runs jobs at once)');
    const runnerStartMs = runnerStart === undefined ? (as === 'gitlab' ? GITLAB_RUNNER_START_MS : GITHUB_RUNNER_START_MS) : parseRunnerStart(runnerStart);
    const passphrase = values.passphrase ?? (process.env[ENV.passphrase] || undefined);
    if (passphrase !== undefined) {
      // It wraps .gfa/keys.json, which a deployed app publishes: refuse a guessable one before any work.
      const { checkPassphraseStrength } = await import('../../crypto/passphrase-strength.ts');
      const { basename, resolve } = await import('node:path');
      await checkPassphraseStrength(passphrase, { allowWeak: values['weak-passphrase'] === true, userInputs: [basename(resolve(positionals[0] ?? '.'))] });
    }
    const hosts = typeof values.host === 'string' ? [values.host] : undefined;
    const server = as === 'github'
      ? await (await import('../../dev/github/start.ts')).startGithubDev({ appDir: positionals[0] ?? '.', port, runnerStartMs, ...(hosts ? { hosts } : {}) }).catch((err: NodeJS.ErrnoException) => {
        throw err.code === 'EADDRINUSE' ? new GfaError('E_LISTEN', `cannot listen on 127.0.0.1:${port} (EADDRINUSE); pick another --port, or --port 0 for any free one`, { cause: err }) : err;
      })
      : as === 'gitlab'
      ? await startGitlab(positionals[0] ?? '.', runnerStartMs, hosts)
      : await (await import('../../dev/server.ts')).startDevServer({
      appDir: positionals[0] ?? '.',
      port,
      passphrase,
      tick: values.tick === true,
      hosts,
    });
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    process.stdout.write('gfa dev: stopping (waiting for running jobs)\n');
    await server.close();
    return 0;
  },
});

export default command;
