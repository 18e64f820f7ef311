/**
 * Security audits over parsed workflow / pipeline YAML, after zizmor's template-injection,
 * excessive-permissions, unpinned-uses, artipacked, overprovisioned-secrets and dangerous-triggers,
 * plus cancel-in-progress on data-writing jobs (zizmor is not installable here), and gfa's own:
 * default-branch (every job runs only on the default branch), environment (a job names an environment
 * only as `{ name: <plain name>, deployment: false }`, or the Pages deploy's `github-pages`), stale-pin (the actions and image are
 * the releases in pins.ts), unknown-node (the job step runs on a pinned Node) and unpinned-image. Tests run them over
 * every generated file; `gfa build` may run them too. An empty list means no finding.
 */

/** One audit finding. `where` is a path into the YAML such as `jobs.run.steps[1].run`. */
export interface Finding {
  audit:
    | 'template-injection'
    | 'excessive-permissions'
    | 'unpinned-uses'
    | 'artipacked'
    | 'overprovisioned-secrets'
    | 'dangerous-triggers'
    | 'cancel-in-progress'
    | 'default-branch'
    | 'stale-pin'
    | 'unknown-node'
    | 'unpinned-image'
    | 'runner-label'
    | 'environment';
  where: string;
  message: string;
}

import { checksDefaultBranch } from './_expr.ts';
import { ACTION_PINS, NODE_IMAGE, NODE_MAJOR } from './pins.ts';
import { githubEnvironmentProblem, RUNNER_LABEL } from '../app/rules.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Writes a workflow job may ask for: push the data branch, deploy Pages (OIDC); `actions` only as {@link keepaliveShaped}. */
const ALLOWED_WRITES = new Set(['contents', 'pages', 'id-token']);
const PINNED = /^[^@\s]+@[0-9a-f]{40}$/;
const DANGEROUS_TRIGGERS = ['pull_request_target', 'workflow_run'];

function triggerNames(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.filter((x): x is string => typeof x === 'string');
  return isObj(on) ? Object.keys(on) : [];
}

function writesData(job: Obj): boolean {
  const perms = job.permissions;
  if (perms === 'write-all' || (isObj(perms) && perms.contents === 'write')) return true;
  return asList(job.steps).some((s) => isObj(s) && typeof s.run === 'string' && /node\s+dist\/jobs\//.test(s.run));
}

function cancels(concurrency: unknown): boolean {
  return isObj(concurrency) && concurrency['cancel-in-progress'] !== undefined && concurrency['cancel-in-progress'] !== false;
}

/** Options of {@link auditWorkflow}. */
export interface AuditOptions {
  /** The app has sessions: a job with a `workflow_dispatch` trigger may have `actions: write` (to list and cancel its queued runs). @default false */
  session?: boolean;
}

/**
 * `actions: write` (enable/disable workflows, also cancel and delete runs) is allowed only on a job
 * that runs no action and no app code, sees no secret and may write nothing else: the keep-alive
 * job (keepalive.ts), which re-enables the schedules through the API.
 */
function keepaliveShaped(job: Obj): boolean {
  const perms = isObj(job.permissions) ? job.permissions : {};
  const others = Object.entries(perms).some(([scope, level]) => scope !== 'actions' && level === 'write');
  const steps = asList(job.steps);
  const plain = steps.every((s) => isObj(s) && s.uses === undefined && typeof s.run === 'string' && !/node\s+dist\/jobs\//.test(s.run));
  return !others && steps.length > 0 && plain && !/secrets\./.test(JSON.stringify(job));
}

function auditPermissions(wf: Obj, out: Finding[], o: AuditOptions): void {
  const dispatched = triggerNames(wf.on).includes('workflow_dispatch');
  const top = wf.permissions;
  if (!isObj(top) || Object.keys(top).length > 0) {
    out.push({ audit: 'excessive-permissions', where: 'permissions', message: 'top-level permissions must be {} so each job asks for what it needs' });
  }
  for (const [id, job] of Object.entries(isObj(wf.jobs) ? wf.jobs : {})) {
    if (!isObj(job)) continue;
    const perms = job.permissions;
    if (typeof perms === 'string') {
      out.push({ audit: 'excessive-permissions', where: `jobs.${id}.permissions`, message: `"${perms}" grants every scope` });
      continue;
    }
    for (const [scope, level] of Object.entries(isObj(perms) ? perms : {})) {
      if (level === 'write' && scope === 'actions') {
        // Sessions list and cancel their job's queued runs; otherwise only the keep-alive may write actions.
        if (!(o.session === true && dispatched) && !keepaliveShaped(job)) out.push({ audit: 'excessive-permissions', where: `jobs.${id}.permissions.actions`, message: 'actions: write belongs only on a job that runs no action or app code and sees no secret (the keep-alive), or on a dispatched job of an app with sessions' });
      } else if (level === 'write' && !ALLOWED_WRITES.has(scope)) {
        out.push({ audit: 'excessive-permissions', where: `jobs.${id}.permissions.${scope}`, message: `${scope}: write is not needed by a gfa job` });
      }
      if (level === 'write' && (scope === 'pages' || scope === 'id-token')) {
        const deploys = asList(job.steps).some((s) => isObj(s) && typeof s.uses === 'string' && s.uses.startsWith('actions/deploy-pages@'));
        if (!deploys) out.push({ audit: 'excessive-permissions', where: `jobs.${id}.permissions.${scope}`, message: `${scope}: write belongs only on the Pages deploy job` });
      }
    }
  }
}

function auditSteps(id: string, job: Obj, out: Finding[]): void {
  asList(job.steps).forEach((step, i) => {
    if (!isObj(step)) return;
    const where = `jobs.${id}.steps[${i}]`;
    if (typeof step.run === 'string' && step.run.includes('${{')) {
      out.push({ audit: 'template-injection', where: `${where}.run`, message: 'expression inside run: pass data through env: or a file instead' });
    }
    const script = isObj(step.with) ? step.with.script : undefined;
    if (typeof script === 'string' && script.includes('${{')) {
      out.push({ audit: 'template-injection', where: `${where}.with.script`, message: 'expression inside an inline script' });
    }
    if (typeof step.uses === 'string' && !step.uses.startsWith('./') && !PINNED.test(step.uses) && !/^docker:\/\/.+@sha256:[0-9a-f]{64}$/.test(step.uses)) {
      out.push({ audit: 'unpinned-uses', where: `${where}.uses`, message: `${step.uses} is not pinned to a 40-hex commit SHA` });
    }
    const pin = typeof step.uses === 'string' ? ACTION_PINS.find((p) => (step.uses as string).startsWith(`${p.repo}@`)) : undefined;
    if (pin && step.uses !== `${pin.repo}@${pin.sha}`) {
      out.push({ audit: 'stale-pin', where: `${where}.uses`, message: `${pin.repo} is not the pinned ${pin.tag} (${pin.sha.slice(0, 12)}); rebuild, or see node scripts/refresh-pins.mjs` });
    }
    if (typeof step.uses === 'string' && step.uses.startsWith('actions/checkout@')) {
      const persist = isObj(step.with) ? step.with['persist-credentials'] : undefined;
      if (persist !== false && persist !== 'false') {
        out.push({ audit: 'artipacked', where, message: 'checkout must set persist-credentials: false' });
      }
    }
  });
}

/** A job runs only on the default branch: its `if:` requires it, or every job it needs does. */
function guarded(job: Obj, jobs: Obj, seen = new Set<Obj>()): boolean {
  if (seen.has(job)) return false;
  seen.add(job);
  if (typeof job.if === 'string' && checksDefaultBranch(job.if, 'github')) return true;
  const needs = typeof job.needs === 'string' ? [job.needs] : asList(job.needs);
  return needs.length > 0 && needs.every((n) => typeof n === 'string' && isObj(jobs[n]) && guarded(jobs[n] as Obj, jobs, seen));
}

/** The Pages deploy job's environment, exactly as GitHub's Pages starter workflows write it. */
const PAGES_ENVIRONMENT = { name: 'github-pages', url: '${{ steps.deployment.outputs.page_url }}' };

/**
 * A job's `environment:` is either the Pages deploy's, on the job that runs actions/deploy-pages, or
 * the app's `githubEnvironment` as `{ name, deployment: false }` with a plain name: never an expression
 * (event data would pick whose secrets the job gets), never a bare string or `deployment: true` (a
 * deployment record on every run), never with a `url`.
 */
function auditEnvironment(id: string, job: Obj, out: Finding[]): void {
  const env = job.environment;
  if (env === undefined) return;
  const deploysPages = asList(job.steps).some((s) => isObj(s) && typeof s.uses === 'string' && s.uses.startsWith('actions/deploy-pages@'));
  const keys = isObj(env) ? Object.keys(env).sort().join(',') : '';
  const pages = deploysPages && isObj(env) && keys === 'name,url' && env.name === PAGES_ENVIRONMENT.name && env.url === PAGES_ENVIRONMENT.url;
  const own = isObj(env) && keys === 'deployment,name' && env.deployment === false && githubEnvironmentProblem(env.name) === undefined;
  if (!pages && !own) {
    out.push({ audit: 'environment', where: `jobs.${id}.environment`, message: 'a job names an environment only as { name: <plain name>, deployment: false } (the Pages deploy job: github-pages)' });
  }
}

function auditJobRef(id: string, job: Obj, jobs: Obj, out: Finding[]): void {
  if (!guarded(job, jobs)) {
    out.push({ audit: 'default-branch', where: `jobs.${id}.if`, message: "the job must require github.ref == format('refs/heads/{0}', github.event.repository.default_branch), with no || around it" });
  }
}

/** A step running a job bundle must come after actions/setup-node with a node-version of the pinned major or newer. */
function auditNode(id: string, job: Obj, out: Finding[]): void {
  const steps = asList(job.steps);
  steps.forEach((step, i) => {
    if (!isObj(step) || typeof step.run !== 'string' || !/node\s+dist\/jobs\//.test(step.run)) return;
    const setup = steps.slice(0, i).some((s) => {
      if (!isObj(s) || typeof s.uses !== 'string' || !s.uses.startsWith('actions/setup-node@')) return false;
      const version = isObj(s.with) ? String(s.with['node-version'] ?? '') : '';
      return Number(/^(\d+)/.exec(version)?.[1] ?? 0) >= NODE_MAJOR;
    });
    if (!setup) out.push({ audit: 'unknown-node', where: `jobs.${id}.steps[${i}]`, message: `run the bundle after actions/setup-node with node-version ${NODE_MAJOR}` });
  });
}

/** Audits one parsed GitHub workflow (the object `yaml.parse` returns). */
export function auditWorkflow(workflow: unknown, options: AuditOptions = {}): Finding[] {
  const out: Finding[] = [];
  if (!isObj(workflow)) return [{ audit: 'excessive-permissions', where: '', message: 'not a workflow mapping' }];
  for (const t of triggerNames(workflow.on)) {
    if (DANGEROUS_TRIGGERS.includes(t)) out.push({ audit: 'dangerous-triggers', where: `on.${t}`, message: `${t} runs with secrets on attacker-influenced code` });
  }
  auditPermissions(workflow, out, options);
  const text = JSON.stringify(workflow);
  if (/toJSON\(\s*secrets\s*\)/i.test(text) || /secrets\[/.test(text)) {
    out.push({ audit: 'overprovisioned-secrets', where: '', message: 'secrets passed wholesale; name each secret' });
  }
  const jobs = isObj(workflow.jobs) ? workflow.jobs : {};
  const anyWrites = Object.values(jobs).some((j) => isObj(j) && writesData(j));
  if (anyWrites && cancels(workflow.concurrency)) {
    out.push({ audit: 'cancel-in-progress', where: 'concurrency', message: 'cancel-in-progress would kill a data-writing job mid-run' });
  }
  for (const [id, job] of Object.entries(jobs)) {
    if (!isObj(job)) continue;
    auditSteps(id, job, out);
    auditJobRef(id, job, jobs, out);
    auditEnvironment(id, job, out);
    auditRunner(`jobs.${id}.runs-on`, job['runs-on'], out);
    auditNode(id, job, out);
    if (writesData(job) && cancels(job.concurrency)) {
      out.push({ audit: 'cancel-in-progress', where: `jobs.${id}.concurrency`, message: 'cancel-in-progress would kill a data-writing job mid-run' });
    }
  }
  return out;
}

/** Audits the parsed GitLab pipeline document (after the `spec` header): inputs only in variables. */
export function auditGitlab(config: unknown): Finding[] {
  const out: Finding[] = [];
  for (const [id, job] of Object.entries(isObj(config) ? config : {})) {
    if (!isObj(job)) continue;
    for (const key of ['script', 'before_script', 'after_script'] as const) {
      const lines = typeof job[key] === 'string' ? [job[key]] : asList(job[key]);
      lines.forEach((line, i) => {
        if (typeof line === 'string' && /\$\[\[|\$\{\{/.test(line)) {
          out.push({ audit: 'template-injection', where: `${id}.${key}[${i}]`, message: 'input interpolation inside a script: bind it to a variable' });
        }
      });
    }
    const runsBundle = asList(job.script).some((l) => typeof l === 'string' && /node\s+dist\/jobs\//.test(l));
    if (runsBundle || isObj(job.pages) || id === 'pages') auditGitlabJob(id, job, out);
    if (job.interruptible === true && runsBundle) {
      out.push({ audit: 'cancel-in-progress', where: `${id}.interruptible`, message: 'an interruptible job can be cancelled mid-write' });
    }
  }
  return out;
}

/**
 * Runner labels (GitHub `runs-on`, GitLab `tags`) are plain names: an expression or a variable there
 * would let event data pick the machine that gets the secrets.
 */
function auditRunner(where: string, labels: unknown, out: Finding[]): void {
  if (labels === undefined) return;
  const list = typeof labels === 'string' ? [labels] : Array.isArray(labels) ? labels : [labels];
  if (list.length === 0 || !list.every((l) => typeof l === 'string' && RUNNER_LABEL.test(l))) {
    out.push({ audit: 'runner-label', where, message: 'runner labels must be plain names (letters, digits, ".", "_", "-"), never an expression or a variable' });
  }
}

/** A GitLab job: every rule that can run it checks the default branch; its image is pinned by digest. */
function auditGitlabJob(id: string, job: Obj, out: Finding[]): void {
  auditRunner(`${id}.tags`, job.tags, out);
  const rules = asList(job.rules);
  const open = rules.filter((r) => !(isObj(r) && r.when === 'never'));
  if (rules.length === 0 || open.some((r) => !isObj(r) || typeof r.if !== 'string' || !checksDefaultBranch(r.if, 'gitlab'))) {
    out.push({ audit: 'default-branch', where: `${id}.rules`, message: 'every rule must require $CI_COMMIT_REF_NAME == $CI_DEFAULT_BRANCH, with no || around it' });
  }
  const img = isObj(job.image) ? job.image.name : job.image;
  if (typeof img !== 'string' || !/@sha256:[0-9a-f]{64}$/.test(img)) {
    out.push({ audit: 'unpinned-image', where: `${id}.image`, message: `image ${String(img)} is not pinned by digest (name@sha256:…)` });
  } else if (/^(docker\.io\/)?(library\/)?node[:@]/.test(img) && !img.endsWith(NODE_IMAGE.digest)) {
    out.push({ audit: 'stale-pin', where: `${id}.image`, message: `the node image is not the pinned ${NODE_IMAGE.name}:${NODE_IMAGE.tag}; rebuild, or see node scripts/refresh-pins.mjs` });
  }
}
