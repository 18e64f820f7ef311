/**
 * Runs the emulated project's pipelines for real with gitlab-ci-local 4.73.0 (shell executor, one
 * pipeline at a time), in a fresh clone of the pipeline's ref, with what a GitLab runner would give the
 * jobs (https://docs.gitlab.com/ci/variables/predefined_variables/): `CI_PIPELINE_SOURCE`,
 * `CI_SERVER_URL`, `CI_PROJECT_PATH`, `CI_DEFAULT_BRANCH`, a `CI_JOB_TOKEN` valid while the pipeline
 * runs, the project's CI/CD variables (from a file, never the command line), and the pipeline's
 * inputs as `--input name=<JSON>` (gitlab-ci-local JSON-parses a value when it can and keeps the text
 * otherwise, so a string is passed as a JSON string: a request id `12345` must stay text, as GitLab keeps it).
 *
 * Time, after https://docs.gitlab.com/api/pipelines/ and https://docs.gitlab.com/ci/pipelines/: a
 * pipeline is `pending` while its job waits for a runner (here: until `runnerStartMs` after it was
 * created, on the injected clock; runners are provisioned in parallel, so a pipeline queued behind
 * another has been waiting all along), `running` with `started_at` while gitlab-ci-local runs it, and
 * `success`, `failed` or `canceled` with `finished_at`. `POST /pipelines/:id/cancel` cancels a
 * created, pending or running pipeline (its jobs are killed).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { systemClock, type Clock } from '../clock.ts';
import { waitForRunner } from '../runner-start.ts';
import { withLoopbackNoProxy } from '../no-proxy.ts';
import { runInGroup } from '../spawn-group.ts';
import { jobsOf } from './jobs.ts';
import { pagesJobOf, publishPages } from './pages.ts';
import { pipelineName } from './pipeline-name.ts';
import type { BareRepo } from './repo.ts';
import { newJobToken, type GitlabState, type Pipeline } from './state.ts';

/**
 * How to start gitlab-ci-local 4.73.0 (4.74+ crash on Node 20): the installed package's entry with this
 * Node, else `gitlab-ci-local` on PATH.
 */
export function gitlabCiLocal(): { cmd: string; args: string[] } {
  try {
    const pkg = createRequire(import.meta.url).resolve('gitlab-ci-local/package.json');
    return { cmd: process.execPath, args: [join(dirname(pkg), 'dist', 'index.js')] };
  } catch {
    return { cmd: 'gitlab-ci-local', args: [] };
  }
}

async function run(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; signal?: AbortSignal }): Promise<{ code: number; out: string }> {
  const r = await runInGroup(cmd, args, options);
  return { code: r.notFound ? 127 : r.code, out: `${r.stdout}\n${r.stderr}` };
}

/** Options of {@link createPipelineRunner}. */
export interface PipelineRunnerOptions {
  state: GitlabState;
  repo: BareRepo;
  origin: () => string;
  log: (line: string) => void;
  /** Run pipelines at all (false: they stay `created`). @default true */
  enabled?: boolean;
  /** Where a successful Pages job's published folder is copied (the Pages site). */
  siteDir: string;
  /** From a pipeline's creation to its first job's first step. @default 0 */
  runnerStartMs?: number;
  /** @default systemClock */
  clock?: Clock;
  /**
   * Run pipelines side by side, as GitLab's autoscaled instance runners do (a session pipeline then does
   * not hold up another job's pipeline). @default false: one at a time, in order (lighter on a small machine)
   */
  parallel?: boolean;
}

const FINISHED = new Set<Pipeline['status']>(['success', 'failed', 'canceled']);

/** Queues pipelines and runs them one after the other. */
export function createPipelineRunner(o: PipelineRunnerOptions) {
  const clock = o.clock ?? systemClock;
  const now = (): string => new Date(clock.now()).toISOString();
  let queue: Promise<void> = Promise.resolve();
  const stops = new Map<number, AbortController>();
  const done = new Map<number, Promise<void>>();
  const execute = async (pipeline: Pipeline, signal: AbortSignal): Promise<void> => {
    try {
      await waitForRunner(clock, Date.parse(pipeline.created_at), o.runnerStartMs ?? 0, signal);
    } catch {
      return; // cancelled while pending: cancel() has recorded it
    }
    // Taken by a runner: running before anything else is awaited, so a cancel sees it running.
    pipeline.status = 'running';
    pipeline.started_at = pipeline.updated_at = now();
    const p = o.state.project;
    const token = newJobToken();
    const root = await mkdtemp(join(tmpdir(), 'gfa-gl-pipeline-'));
    o.state.jobTokens.add(token);
    try {
      const src = join(root, 'src');
      const clone = await run('git', ['clone', '-q', '--depth', '1', '--branch', pipeline.ref, `file://${o.repo.dir}`, src], {});
      if (clone.code !== 0) throw new Error(`cannot check out ${pipeline.ref}`);
      const vars = join(root, 'variables.yml');
      // Protected variables reach only pipelines on protected branches or tags
      // (https://docs.gitlab.com/ci/variables/#protect-a-cicd-variable); the double protects the default branch, as GitLab does by default.
      const given = p.variables.filter((v) => !v.protected || pipeline.ref === p.default_branch);
      await writeFile(vars, stringify(Object.fromEntries(given.map((v) => [v.key, v.value]))), { mode: 0o600 });
      const predefined: Record<string, string> = {
        CI_PIPELINE_SOURCE: pipeline.source, CI_SERVER_URL: o.origin(), CI_API_V4_URL: `${o.origin()}/api/v4`,
        CI_PROJECT_PATH: p.path, CI_PROJECT_ID: String(p.id), CI_DEFAULT_BRANCH: p.default_branch, CI_JOB_TOKEN: token,
        CI_PIPELINE_ID: String(pipeline.id),
      };
      // gitlab-ci-local reads `${cwd}/${--variables-file}`: a path relative to the checkout. Its JSON-schema
      // pass (~2 s) is skipped: the generated file is checked against GitLab's schema in test/pipeline.
      const args = ['--force-shell-executor', '--json-schema-validation=false', '--variables-file', '../variables.yml', '--home', join(root, 'home'), '--ignore-predefined-vars', Object.keys(predefined).join(',')];
      for (const [k, v] of Object.entries(predefined)) args.push('--variable', `${k}=${v}`);
      for (const [k, v] of Object.entries(pipeline.inputs)) args.push('--input', `${k}=${JSON.stringify(v)}`);
      // The jobs push to the emulator on 127.0.0.1: never through a proxy the machine names.
      const env = withLoopbackNoProxy(Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(GITHUB_|GFA_|CI_|GITLAB_)/.test(k))));
      const gcl = gitlabCiLocal();
      const r = await run(gcl.cmd, [...gcl.args, ...args], { cwd: src, env, signal });
      if (r.code === 127) throw new Error('gitlab-ci-local is not installed: npm install --save-dev gitlab-ci-local@4.73.0');
      pipeline.log = r.out;
      pipeline.jobs = [...r.out.matchAll(/^\s*(?:PASS|FAIL|WARN)\s+(\S+)/gm)].map((m) => m[1]!).sort();
      pipeline.status = signal.aborted ? 'canceled' : r.code === 0 ? 'success' : 'failed';
      // Jobs run in the checkout itself (shell executor without isolation): the Pages job's folder is there.
      const pages = pagesJobOf(await readFile(join(src, '.gitlab-ci.yml'), 'utf8').catch(() => ''));
      if (pipeline.status === 'success' && pages && pipeline.jobs.includes(pages.job)) await publishPages(join(src, pages.publish), o.siteDir);
    } catch (err) {
      pipeline.log += `\n${(err as Error).message}`;
      pipeline.status = signal.aborted ? 'canceled' : 'failed';
    } finally {
      o.state.jobTokens.delete(token);
      pipeline.updated_at = pipeline.finished_at = now();
      pipeline.jobRecords = jobsOf(pipeline.log, () => o.state.nextId(), { started: pipeline.started_at, finished: pipeline.finished_at }, pipeline.status === 'canceled');
      await rm(root, { recursive: true, force: true });
      o.log(`pipeline #${pipeline.id} (${pipeline.source}) ${pipeline.status}${pipeline.jobs.length ? `: ${pipeline.jobs.join(', ')}` : ''}`);
    }
  };
  return {
    /** Records a pipeline and queues its run. */
    async start(source: Pipeline['source'], ref: string, inputs: Record<string, unknown>): Promise<Pipeline> {
      const p = o.state.project;
      const sha = (await o.repo.resolve(ref)) ?? '';
      const ci = sha ? await o.repo.read(sha, '.gitlab-ci.yml') : undefined;
      const pipeline: Pipeline = {
        id: o.state.nextId(), iid: p.pipelines.length + 1, source, ref, sha, status: 'created', name: pipelineName(ci?.bytes.toString('utf8'), inputs),
        inputs, created_at: now(), updated_at: now(), started_at: null, finished_at: null, jobs: [], log: '',
      };
      p.pipelines.push(pipeline);
      const stop = new AbortController();
      stops.set(pipeline.id, stop);
      if (o.enabled !== false) {
        pipeline.status = 'pending';
        const after = o.parallel ? Promise.resolve() : queue;
        const run = after.then(() => (stop.signal.aborted ? undefined : execute(pipeline, stop.signal))).finally(() => {
          stops.delete(pipeline.id);
          done.delete(pipeline.id);
        });
        done.set(pipeline.id, run);
        queue = o.parallel ? Promise.all([queue, run]).then(() => undefined) : run;
      }
      return pipeline;
    },
    /**
     * Cancels a created, pending or running pipeline and resolves once it has stopped; a finished
     * one is left as it is (GitLab answers 200 with the pipeline either way).
     */
    async cancel(pipeline: Pipeline): Promise<void> {
      if (FINISHED.has(pipeline.status)) return;
      stops.get(pipeline.id)?.abort();
      if (pipeline.status !== 'running') {
        pipeline.status = 'canceled';
        pipeline.updated_at = pipeline.finished_at = now();
        return;
      }
      await done.get(pipeline.id);
    },
    /** Cancels every pipeline still waiting for a runner (closing the double: they would never start). */
    cancelPending(): void {
      for (const x of o.state.project.pipelines) if (x.status === 'pending' || x.status === 'created') void this.cancel(x);
    },
    /** Resolves when every queued pipeline has finished. */
    idle: (): Promise<void> => queue,
  };
}
