/**
 * The one pipeline model both generators read: what runs, when, and with which secrets, derived
 * from `dist/gfa.json`. Everything that reaches YAML is checked here against strict patterns, so
 * no name from an app definition can change the meaning of the generated files.
 */
import type { Manifest } from '../app/manifest.ts';
import { EVENT_NAMES, EVENTS, githubEnvironmentProblem, isBranchName, isEventName, NAME_PATTERN, runnerProblem, secretNameProblem } from '../app/rules.ts';
import { GENERATED_HEADER } from '../contract.ts';
import { GfaError } from '../errors.ts';

/** One job as the pipelines see it. */
export interface PipelineJob {
  /** `[a-z0-9][a-z0-9-]*`: a workflow file name, a GitLab job name and a dispatch type. */
  name: string;
  /** `dist/jobs/<name>.mjs`, relative to the repo root. */
  bundle: string;
  /** Cron expressions (5 fields, UTC) as written. */
  schedules: string[];
  /** Can be started by an HTTP POST (workflow_dispatch, repository_dispatch, pipeline trigger). */
  trigger: boolean;
  /** Forge events, each one of {@link EVENT_TYPES}. */
  events: string[];
  /** Secret names (UPPER_SNAKE) passed to this job only. */
  secrets: string[];
  /** Where it runs (the job's setting, else the app's; each label matches RUNNER_LABEL): absent for a forge means its hosted runners. */
  runner: { github?: string[]; gitlab?: string[] };
}

/** What the generators turn into YAML. */
export interface PipelineModel {
  app: string;
  /** The data branch: pipelines never run on it. */
  dataBranch: string;
  /**
   * Where the app is inside the repository, `/`-separated, no trailing `/`: '' when the app is the whole
   * repository (the usual case); `apps/rss-reader` for this monorepo's root pipelines.
   */
  appDir: string;
  /** The store is sealed with GFA_SECRET_KEY, so nothing can run before `gfa deploy` has created it. */
  encrypted: boolean;
  /**
   * GitHub: the environment whose secret GFA_SECRET_KEY is (`defineApp({ githubEnvironment })`), named by
   * every job workflow of an encrypted app; absent: the repository secret.
   */
  githubEnvironment?: string;
  /** GitLab: local files the root `.gitlab-ci.yml` includes besides the app's jobs (this repository's own CI). */
  include: string[];
  /** Deploy `dist/pages` when true. */
  pages: boolean;
  /** Sessions (`defineApp({ session })`), absent when off: trigger jobs may list and cancel the job's queued runs, and run up to maxSeconds. */
  session?: { idleSeconds: number; maxSeconds: number };
  /** Sorted by name. */
  jobs: PipelineJob[];
}

/** Forge events and their GitHub activity types: the one table in app/rules.ts. */
export const EVENT_TYPES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(EVENT_NAMES.map((n) => [n, EVENTS[n].github]));

const CRON_FIELD = /^[0-9A-Za-z*/,-]+$/;

function fail(message: string): never {
  throw new GfaError('E_PIPELINE', message);
}

/** The runner labels, checked again here: a hand-edited manifest must not put anything else in YAML. */
function runnerOf(job: string, r: Manifest['runner']): PipelineJob['runner'] {
  if (r === undefined) return {};
  const problem = runnerProblem(r);
  if (problem) fail(`job "${job}": runner ${problem}; fix it in gfa.config.ts and run gfa build`);
  return { ...(r.github ? { github: [...r.github] } : {}), ...(r.gitlab ? { gitlab: [...r.gitlab] } : {}) };
}

/** Whole seconds within defineApp's bounds, so a hand-edited manifest cannot put anything else in YAML. */
function sessionSettings(s: { idleSeconds: number; maxSeconds: number }): { idleSeconds: number; maxSeconds: number } {
  const whole = (v: unknown, lo: number, hi: number): boolean => Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
  if (!whole(s.idleSeconds, 1, 3600) || !whole(s.maxSeconds, s.idleSeconds, 21_600)) fail('session must be { idleSeconds: 1–3600, maxSeconds: idleSeconds–21600 } in whole seconds; run gfa build');
  return { idleSeconds: s.idleSeconds, maxSeconds: s.maxSeconds };
}

/**
 * Minutes a job may run: 15, or for a session the whole session plus the 15 its own request may take.
 * GitHub's `timeout-minutes` and GitLab's `timeout` both stop a job at that point.
 */
export function jobTimeoutMinutes(model: PipelineModel, job: PipelineJob): number {
  return model.session && job.trigger ? 15 + Math.ceil(model.session.maxSeconds / 60) : 15;
}

/** Builds and checks the model; throws `E_PIPELINE` with a fix for anything YAML must not carry. */
export function toModel(manifest: Manifest, options: { appDir?: string; include?: string[] } = {}): PipelineModel {
  const appDir = options.appDir ?? '';
  if (appDir !== '' && !/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(appDir) || appDir.split('/').some((s) => s === '..' || s === '.')) {
    fail(`the app folder "${appDir}" is not a plain relative path inside the repository`);
  }
  if (!isBranchName(manifest.store.branch)) {
    fail(`data branch "${manifest.store.branch}" is not a plain branch name; use letters, digits, "-", "_", "/" or "."`);
  }
  const jobs = Object.keys(manifest.jobs)
    .sort()
    .map((key): PipelineJob => {
      const job = manifest.jobs[key]!;
      if (!NAME_PATTERN.test(job.name) || job.name !== key) {
        fail(`job name "${key}" must match [a-z0-9][a-z0-9-]* (it names a workflow file and a CI job); rename it in gfa.config.ts`);
      }
      for (const cron of job.schedules) {
        const fields = cron.trim().split(/\s+/);
        if (fields.length !== 5 || !fields.every((f) => CRON_FIELD.test(f))) {
          fail(`job "${key}": schedule "${cron}" is not a 5-field cron expression; write it like "*/15 * * * *"`);
        }
      }
      for (const ev of job.events) {
        if (!isEventName(ev)) {
          fail(`job "${key}": event "${ev}" is not supported; use one of ${EVENT_NAMES.join(', ')}`);
        }
      }
      for (const s of job.secrets) {
        const problem = secretNameProblem(s);
        if (problem) fail(`job "${key}": secret name "${s}" ${problem}; rename it`);
      }
      const trigger = job.trigger !== undefined;
      if (!trigger && job.schedules.length === 0 && job.events.length === 0) {
        fail(`job "${key}" has no trigger(), schedule() or event(), so no pipeline would ever run it; add one to its "on" list`);
      }
      return {
        name: job.name,
        bundle: `dist/jobs/${job.name}.mjs`,
        schedules: job.schedules.map((c) => c.trim().split(/\s+/).join(' ')),
        trigger,
        events: [...new Set(job.events)].sort(),
        secrets: [...new Set(job.secrets)].sort(),
        runner: runnerOf(key, job.runner ?? manifest.runner),
      };
    });
  const environment = manifest.githubEnvironment;
  if (environment !== undefined) {
    // Checked again: a hand-edited manifest must not put anything else in YAML.
    const problem = githubEnvironmentProblem(environment);
    if (problem) fail(`githubEnvironment ${problem}; fix it in gfa.config.ts and run gfa build`);
  }
  return { app: manifest.name, dataBranch: manifest.store.branch, appDir, encrypted: manifest.store.encrypt, ...(environment !== undefined && manifest.store.encrypt ? { githubEnvironment: environment } : {}), ...(manifest.session ? { session: sessionSettings(manifest.session) } : {}), include: options.include ?? [], pages: manifest.pages !== undefined, jobs };
}

/** A file a generator writes, relative to the repo root. */
export interface GeneratedFile {
  path: string;
  content: string;
}

/** A pipeline generator: one per forge, each one file exporting a value of this type. */
export type PipelineGenerator = (model: PipelineModel) => GeneratedFile[];

/** The first line of every generated file. */
export const HEADER = GENERATED_HEADER;
