/** `gfa run JOB [--input JSON|@file] [--remote URL] [--request-id ID] [--as-user ID] [--no-build] [APP_DIR]`: run a job as CI would. */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { GfaError } from '../../errors.ts';
import type { Manifest } from '../../app/manifest.ts';
import { ENV, isRequestId, newRequestId, resultKey } from '../../contract.ts';
import { defineCommand } from '../command.ts';

async function readInput(value: string | undefined): Promise<string | undefined> {
  if (value === undefined || !value.startsWith('@')) return value;
  try {
    return await readFile(value.slice(1), 'utf8');
  } catch {
    throw new GfaError('E_USAGE', `cannot read the input file ${value.slice(1)}; --input @FILE needs a readable JSON file`);
  }
}

async function readManifest(appDir: string): Promise<Manifest> {
  try {
    return JSON.parse(await readFile(join(appDir, 'dist', 'gfa.json'), 'utf8')) as Manifest;
  } catch {
    throw new GfaError('E_NOT_FOUND', `no dist/gfa.json in ${appDir}: run gfa build first (or drop --no-build)`);
  }
}

// Not `export default defineCommand(...)`: tsc 5.9 leaves `.ts` in dynamic imports inside an
// `export default <expression>` (test/package/dist.test.ts checks the build).
const command = defineCommand({
  usage: 'run JOB [--input JSON | --input @file.json | --schedule | --event NAME [--payload FILE]] [--remote URL] [--request-id ID] [--as-user ID] [--no-build] [APP_DIR]',
  help: 'Without --remote (or GFA_REMOTE) the data lives in a local bare repo under APP_DIR/.gfa/local/. Secrets the job lists are passed from the environment. Exit code: 0 ok, 1 job error.',
  options: {
    input: { type: 'string', valueName: 'JSON', description: 'trigger input as JSON text, or @FILE to read it from a file' },
    remote: { type: 'string', valueName: 'URL', description: 'git remote of the data branch (env GFA_REMOTE; default: APP_DIR/.gfa/local/remote.git)' },
    'request-id': { type: 'string', valueName: 'ID', description: 'request id ([A-Za-z0-9_-]{1,64}); generated when absent' },
    schedule: { type: 'boolean', description: "run as the job's (first) schedule fires, instead of a trigger" },
    event: { type: 'string', valueName: 'NAME', description: 'run as forge event NAME (e.g. issues) fires, instead of a trigger' },
    payload: { type: 'string', valueName: 'FILE', description: 'with --event: a JSON file holding the event payload' },
    'as-user': { type: 'string', valueName: 'ID', description: "serve the request as this user (the forge's numeric user id) under the app's policies, for tests and debugging; without it the request is the owner's" },
    'no-build': { type: 'boolean', description: 'run the existing dist/ without building first' },
  },
  async run({ values, positionals }) {
    const [job, dir, ...extra] = positionals;
    if (job === undefined || extra.length > 0) throw new GfaError('E_USAGE', 'usage: gfa run JOB [APP_DIR]; see gfa run --help');
    const appDir = resolve(dir ?? '.');
    const requestId = values['request-id'] ?? newRequestId();
    if (!isRequestId(requestId)) throw new GfaError('E_USAGE', '--request-id must match [A-Za-z0-9_-]{1,64}');
    const input = await readInput(values.input);
    const event = values.event;
    const payload = values.payload;
    if ([input !== undefined, values.schedule === true, event !== undefined].filter(Boolean).length > 1) {
      throw new GfaError('E_USAGE', 'use one of --input, --schedule and --event');
    }
    if (payload !== undefined && event === undefined) throw new GfaError('E_USAGE', '--payload needs --event NAME');
    const asUser = values['as-user'];
    if (asUser !== undefined && !/^[0-9]{1,20}$/.test(asUser)) throw new GfaError('E_USAGE', `--as-user takes the forge's numeric user id (1 to 20 digits), not "${asUser.slice(0, 40)}"`);
    if (values['no-build'] !== true) {
      const { buildApp } = await import('../../build/index.ts');
      await buildApp(appDir, { log: (line) => process.stderr.write(`gfa build: ${line}\n`) });
    }
    const manifest = await readManifest(appDir);
    const spec = Object.hasOwn(manifest.jobs, job) ? manifest.jobs[job] : undefined;
    if (!spec) throw new GfaError('E_NOT_FOUND', `no job "${job}" in ${manifest.name} (jobs: ${Object.keys(manifest.jobs).join(', ')})`);
    if (!spec.trigger && values.schedule !== true && event === undefined) {
      const ways = [...(spec.schedules.length > 0 ? [`gfa run ${job} --schedule`] : []), ...spec.events.map((e) => `gfa run ${job} --event ${e}`)];
      throw new GfaError('E_USAGE', `job "${job}" has no trigger, so it cannot run on --input; run it as it fires: ${ways.join(' or ')}`);
    }
    // With a remote given, no local state at all: its key comes from the environment like in CI.
    const explicit = values.remote || process.env[ENV.remote];
    const state = explicit ? undefined : await (await import('../../dev/local-state.ts')).localState(appDir, { encrypt: manifest.store.encrypt });
    const remote = explicit || (state as NonNullable<typeof state>).remote;
    const secretKey = process.env[ENV.secretKey] || state?.secretKey;
    if (manifest.store.encrypt && !secretKey) throw new GfaError('E_CONFIG', `${manifest.name} encrypts its store: set ${ENV.secretKey} to the data key of that remote, or drop --remote and ${ENV.remote} to use the local store`);
    const env: Record<string, string | undefined> = { [ENV.remote]: remote, [ENV.cacheDir]: process.env[ENV.cacheDir], [ENV.debug]: process.env[ENV.debug] };
    if (secretKey) env[ENV.secretKey] = secretKey;
    if (asUser !== undefined) env[ENV.asUser] = asUser;
    let trigger: 'trigger' | 'schedule' | 'event' = 'trigger';
    if (values.schedule === true) {
      const cron = spec.schedules[0];
      if (cron === undefined) throw new GfaError('E_USAGE', `job "${job}" has no schedule; drop --schedule`);
      trigger = 'schedule';
      env[ENV.schedule] = cron;
    } else if (event !== undefined) {
      trigger = 'event';
      env[ENV.event] = event;
      if (payload !== undefined) env[ENV.eventPath] = resolve(payload);
    }
    for (const name of spec.secrets) env[name] = process.env[name];
    process.stderr.write(`gfa run: ${job} request ${requestId}\n`);
    const { runJobProcess } = await import('../../dev/job-process.ts');
    const out = await runJobProcess(appDir, job, {
      requestId,
      trigger,
      ...(input !== undefined ? { input } : {}),
      env,
      onStderr: (chunk) => process.stderr.write(chunk),
    });
    const { openStore } = await import('../../store/open.ts');
    let printed = false;
    try {
      const store = await openStore({ remote, branch: manifest.store.branch, history: manifest.store.history, ...(manifest.store.encrypt && secretKey ? { secretKeys: secretKey } : {}) });
      try {
        const text = await store.get(resultKey(requestId));
        if (text !== undefined) {
          process.stdout.write(`${text}\n`);
          printed = true;
        }
      } finally {
        await store.close();
      }
    } catch {
      // The job's own line below is enough when the result cannot be read back.
    }
    if (!printed) process.stdout.write(`${JSON.stringify(out.result ?? { requestId, status: 'error' })}\n`);
    return out.code === 0 ? 0 : 1;
  },
});

export default command;
