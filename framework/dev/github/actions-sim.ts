/**
 * Runs a GitHub workflow job's `run:` steps the way the Actions runner does (no `act` here; a test
 * double, not GitHub): `${{ }}` in `if:`, `env:` and `run:` is evaluated with @actions/expressions
 * against the contexts, then substituted as text (as GitHub does — which is what makes template
 * injection possible), and each script runs as `bash -e <file>` with the GITHUB_* environment and the
 * step's env. `uses:` steps are skipped: the working directory already is the checkout.
 * Docs: https://docs.github.com/en/actions/reference/workflows-and-actions/contexts (github, secrets, inputs),
 * https://docs.github.com/en/actions/reference/workflows-and-actions/variables#default-environment-variables
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import { truthy } from '@actions/expressions/result';
import { runInGroup } from '../spawn-group.ts';

type Obj = Record<string, any>;

/** A finished step's process. */
export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; signal?: AbortSignal }): Promise<ExecResult> {
  return runInGroup(cmd, args, options).then(({ code, stdout, stderr }) => ({ code, stdout, stderr }));
}

/** Evaluates one expression (without `${{ }}`) against plain-JSON contexts. */
export function evaluate(expression: string, contexts: Obj): data.ExpressionData {
  const lexed = new Lexer(expression).lex();
  const ast = new Parser(lexed.tokens, Object.keys(contexts), []).parse();
  const ctx = JSON.parse(JSON.stringify(contexts), data.reviver) as data.Dictionary;
  return new Evaluator(ast, ctx).evaluate();
}

/** Replaces every `${{ expr }}` in text by its string value, once, like the runner. */
export function substitute(text: string, contexts: Obj): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_m, expr: string) => evaluate(expr.trim(), contexts).coerceString());
}

/** A job's `if:` (with or without `${{ }}`); absent means true. */
export function jobCondition(job: Obj, contexts: Obj): boolean {
  if (job.if === undefined) return true;
  const text = String(job.if).trim();
  const m = /^\$\{\{([\s\S]*)\}\}$/.exec(text);
  return truthy(evaluate(m ? m[1]!.trim() : text, contexts));
}

/** What a run sees of the repository and the runner. */
export interface SimOptions {
  eventName: string;
  payload: Obj;
  secrets?: Record<string, string>;
  /** The checkout: scripts run here. */
  workdir: string;
  /** `github.ref` of the run. @default `refs/heads/<refName>` */
  ref?: string;
  /** Extra environment for the runner (e.g. GFA_REMOTE pointing at a local bare repo, GITHUB_SERVER_URL). */
  runnerEnv?: Record<string, string>;
  /** `github.token` (the run's GITHUB_TOKEN). @default "ghs_simulated_token" */
  token?: string;
  /** `github.repository`. @default "owner/app" */
  repository?: string;
  /** `github.ref_name`. @default "main" */
  refName?: string;
  /** Aborting it kills the running step and runs no further step (a cancelled run). */
  signal?: AbortSignal;
  /**
   * Why the job may not start although its `if:` holds (an environment's branch policy refuses the
   * ref): it then fails before any step, with this line as its log, and none of its steps gets a secret.
   */
  refused?: string;
}

/** What ran. */
export interface SimResult {
  ran: boolean;
  steps: (ExecResult & { name: string })[];
}

/** Runs job `jobId` of a parsed workflow. */
export async function simulateJob(workflow: Obj, jobId: string, o: SimOptions): Promise<SimResult> {
  const job = workflow.jobs[jobId] as Obj;
  const refName = o.refName ?? 'main';
  const github = {
    event: o.payload,
    event_name: o.eventName,
    token: o.token ?? 'ghs_simulated_token',
    repository: o.repository ?? 'owner/app',
    ref_name: (o.ref ?? `refs/heads/${refName}`).replace(/^refs\/(heads|tags)\//, ''),
    ref: o.ref ?? `refs/heads/${refName}`,
    workspace: o.workdir,
  };
  // `steps.<id>.outputs` as the runner keeps them (written by a step to the file named by GITHUB_OUTPUT).
  const stepsContext: Record<string, { outputs: Record<string, string> }> = {};
  const contexts: Obj = { github, secrets: o.secrets ?? {}, inputs: o.eventName === 'workflow_dispatch' ? (o.payload.inputs ?? {}) : {}, env: {}, steps: stepsContext };
  if (!jobCondition(job, contexts)) return { ran: false, steps: [] };
  if (o.refused !== undefined) return { ran: true, steps: [{ name: 'Set up job', code: 1, stdout: '', stderr: `${o.refused}\n` }] };
  // `defaults.run.working-directory`, relative to the checkout (https://docs.github.com/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_iddefaultsrun).
  const workingDirectory = (job.defaults as Obj | undefined)?.run?.['working-directory'] as string | undefined;
  const tmp = mkdtempSync(join(tmpdir(), 'gfa-actions-sim-'));
  try {
    const eventPath = join(tmp, 'event.json');
    writeFileSync(eventPath, JSON.stringify(o.payload));
    const steps: SimResult['steps'] = [];
    for (const [i, step] of (job.steps as Obj[]).entries()) {
      // A step's `if:` is evaluated like a job's, against the steps that ran before it.
      if (!jobCondition(step, contexts)) continue;
      if (typeof step.run !== 'string') continue;
      const outputFile = join(tmp, `output-${i}`);
      writeFileSync(outputFile, '');
      const stepEnv: Record<string, string> = {};
      for (const [k, v] of Object.entries((step.env ?? {}) as Obj)) stepEnv[k] = substitute(String(v), contexts);
      const script = join(tmp, `step-${i}.sh`);
      writeFileSync(script, substitute(step.run, contexts));
      const env = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? tmp,
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_EVENT_NAME: o.eventName,
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_WORKSPACE: o.workdir,
        GITHUB_REPOSITORY: github.repository,
        GITHUB_REF: github.ref,
        GITHUB_REF_NAME: refName,
        RUNNER_TEMP: tmp,
        GITHUB_OUTPUT: outputFile,
        ...o.runnerEnv,
        ...stepEnv,
      };
      const cwd = workingDirectory ? join(o.workdir, workingDirectory) : o.workdir;
      if (o.signal?.aborted) break;
      const r = await run('bash', ['-e', script], { cwd, env, signal: o.signal });
      steps.push({ name: String(step.name ?? `step ${i}`), ...r });
      if (typeof step.id === 'string') {
        const outputs = Object.fromEntries(readFileSync(outputFile, 'utf8').split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
        stepsContext[step.id] = { outputs };
      }
      if (r.code !== 0) break;
    }
    return { ran: true, steps };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
