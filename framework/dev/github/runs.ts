/**
 * Workflow runs in the GitHub emulator (a test double; nothing here ran on GitHub). A run checks out
 * the commit its event names (as actions/checkout does: the tree, no credentials), gets a fresh
 * GITHUB_TOKEN for this repository with the job's `permissions:` (default read-only contents, as new
 * repositories have: https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication#permissions-for-the-github_token),
 * opened secrets as `secrets.*` (a job that references an environment: run-environment.ts), and runs the job's `run:` steps with actions-sim. The token expires
 * when the run ends. Step output is masked for secret values, as the runner masks them.
 *
 * Time, after https://docs.github.com/en/rest/actions/workflow-runs: a run is `queued` until a runner
 * takes it (here: `runnerStartMs` after it was created, on the injected clock), `in_progress` while
 * its steps run (`run_started_at` set then), and `completed` with a `conclusion` (`success`,
 * `failure`, `skipped`, `cancelled`). `POST .../runs/{id}/cancel` cancels a queued or running run
 * (https://docs.github.com/en/rest/actions/workflow-runs#cancel-a-workflow-run): a queued run ends
 * without starting, a running one has its current step killed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { systemClock, type Clock } from '../clock.ts';
import { waitForRunner } from '../runner-start.ts';
import { simulateJob } from './actions-sim.ts';
import type { Origins } from './shapes.ts';
import { entryAt, exportTree, readBlob, resolveCommit } from './repo-git.ts';
import type { GithubState, Level, Permissions, Repo, Run } from './state.ts';
import { ghTime } from './time.ts';
import { beginJob, endJob } from './run-jobs.ts';
import { describeRun } from './run-title.ts';
import { jobSecrets } from './run-environment.ts';

type Obj = Record<string, any>;

function tokenPermissions(workflow: Obj, job: Obj): Permissions {
  const declared = (job.permissions ?? workflow.permissions) as Obj | string | undefined;
  if (declared === undefined) return { contents: 'read' };
  if (declared === 'write-all') return { contents: 'write', actions: 'write', pages: 'write' };
  if (declared === 'read-all') return { contents: 'read', actions: 'read', pages: 'read' };
  const out: Permissions = {};
  for (const k of ['actions', 'contents', 'pages'] as const) {
    const v = (declared as Obj)[k];
    if (v === 'read' || v === 'write') out[k] = v as Level;
  }
  return out;
}

function mask(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}

/** Starts and tracks runs. */
export interface Runner {
  /** Queues a run of `.github/workflows/<file>` at the head of `ref`; resolves with its id. */
  start(repo: Repo, file: string, event: string, payload: Obj, ref: string): Promise<number>;
  /** Asks a queued or running run to stop: false when it has already completed (GitHub answers 409). */
  cancel(run: Run): boolean;
  /** Cancels every run still waiting for a runner (closing the double: they would never start). */
  cancelQueued(): void;
  /** Resolves when no run is queued or in progress. */
  idle(): Promise<void>;
}

/** Options of {@link createRunner}. */
export interface RunnerOptions {
  /** Reaches every step (as a runner's own environment does). */
  runnerEnv?: Record<string, string>;
  /** From the run's creation to its first step. @default 0 */
  runnerStartMs?: number;
  /** @default systemClock */
  clock?: Clock;
}

/** Creates the runner. */
export function createRunner(state: GithubState, origins: () => Origins, o: RunnerOptions = {}): Runner {
  const runnerEnv = o.runnerEnv ?? {};
  const clock = o.clock ?? systemClock;
  const iso = (): string => ghTime(clock.now());
  const active = new Set<Promise<void>>();
  const stops = new Map<number, AbortController>();

  async function execute(repo: Repo, run: Run, file: string, payload: Obj, queuedAt: number): Promise<void> {
    const stop = new AbortController();
    stops.set(run.id, stop);
    try {
      await waitForRunner(clock, queuedAt, o.runnerStartMs ?? 0, stop.signal);
    } catch {
      // Cancelled while queued: it never ran.
      stops.delete(run.id);
      run.status = 'completed';
      run.conclusion = 'cancelled';
      run.updatedAt = iso();
      return;
    }
    // Taken by the runner: in progress before anything else is awaited, so a cancel sees it running.
    run.status = 'in_progress';
    run.startedAt = run.updatedAt = iso();
    const dir = await mkdtemp(join(tmpdir(), 'gfa-gh-run-'));
    const token = `ghs_${randomBytes(18).toString('base64url')}`;
    try {
      const entry = await entryAt(repo.dir, run.headSha, `.github/workflows/${file}`);
      const workflow = parse((await readBlob(repo.dir, entry!.sha)).toString('utf8')) as Obj;
      await exportTree(repo.dir, run.headSha, dir);
      const repoSecrets = Object.fromEntries([...repo.secrets].map(([k, v]) => [k, v.value]));
      const allSecrets = [...Object.values(repoSecrets), ...[...(repo.environments?.values() ?? [])].flatMap((e) => [...e.secrets.values()].map((s) => s.value))];
      let ok = true;
      let ran = false;
      for (const [jobId, job] of Object.entries((workflow.jobs ?? {}) as Obj)) {
        if (job.needs) continue; // deploy-style jobs that need an artifact are out of scope
        state.tokens.set(token, { repos: [`${repo.owner}/${repo.name}`], permissions: tokenPermissions(workflow, job), kind: 'installation', login: 'github-actions[bot]' });
        const o = origins();
        const rec = beginJob(run, state.nextId++, jobId, job as Obj, iso());
        const { secrets, refused } = jobSecrets(state, repo, job as Obj, run.headBranch, repoSecrets);
        const result = await simulateJob(workflow, jobId, {
          eventName: run.event, payload, secrets, refused, workdir: dir, token, repository: `${repo.owner}/${repo.name}`, refName: run.headBranch, signal: stop.signal,
          runnerEnv: { ...runnerEnv, GITHUB_SERVER_URL: o.web, GITHUB_API_URL: o.api, GITHUB_RUN_ID: String(run.id), GITHUB_SHA: run.headSha, RUNNER_OS: 'Linux' },
        });
        ran ||= result.ran;
        for (const s of result.steps) run.log += mask(`## ${s.name} (exit ${s.code})\n${s.stdout}${s.stderr}`, [...allSecrets, token]);
        endJob(rec, result.ran, result.steps.map((s) => ({ name: s.name, code: s.code, log: mask(`${s.stdout}${s.stderr}`, [...allSecrets, token]) })), stop.signal.aborted, iso());
        if (result.steps.some((s) => s.code !== 0)) ok = false;
        if (stop.signal.aborted) break;
      }
      run.conclusion = stop.signal.aborted ? 'cancelled' : !ran ? 'skipped' : ok ? 'success' : 'failure';
    } catch (err) {
      run.log += `runner error: ${(err as Error).message}\n`;
      run.conclusion = stop.signal.aborted ? 'cancelled' : 'failure';
    } finally {
      stops.delete(run.id);
      state.tokens.delete(token);
      for (const j of run.jobs ?? []) if (j.status !== 'completed') Object.assign(j, { status: 'completed', completedAt: iso(), conclusion: stop.signal.aborted ? 'cancelled' : 'failure' });
      run.status = 'completed';
      run.updatedAt = iso();
      await rm(dir, { recursive: true, force: true });
    }
  }

  return {
    async start(repo: Repo, file: string, event: string, payload: Obj, ref: string): Promise<number> {
      const headSha = (await resolveCommit(repo.dir, ref))!;
      const queuedAt = clock.now();
      const now = ghTime(queuedAt);
      const run: Run = {
        id: state.nextId++, runNumber: repo.runs.length + 1, path: `.github/workflows/${file}`, event, headSha, headBranch: ref,
        status: 'queued', conclusion: null, createdAt: now, updatedAt: now, log: '',
      };
      await describeRun(repo, run, payload);
      repo.runs.push(run);
      const p = execute(repo, run, file, payload, queuedAt);
      active.add(p);
      void p.finally(() => active.delete(p));
      return run.id;
    },
    cancel(run: Run): boolean {
      if (run.status === 'completed') return false;
      stops.get(run.id)?.abort();
      return true;
    },
    cancelQueued(): void {
      for (const repo of state.repos.values()) for (const run of repo.runs) if (run.status === 'queued') stops.get(run.id)?.abort();
    },
    async idle(): Promise<void> {
      while (active.size > 0) await Promise.all([...active]);
    },
  };
}
