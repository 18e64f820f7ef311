/**
 * Runs python-gitlab (Debian's python3-gitlab 3.12, installed by test/setup/tools.ts) against the
 * GitLab double: `py(script)` runs a Python snippet with `gl` (a `gitlab.Gitlab` for the double and
 * its owner token) and `p` (the project) defined, and returns what it printed as JSON; `cli(...args)`
 * runs the `gitlab` CLI (`python3 -m gitlab -o json`). Both run in a child process without blocking
 * the event loop (the double answers in this process).
 */
import { execFile } from 'node:child_process';
import type { GitlabDev } from '../../../../framework/dev/gitlab/server.ts';
import { pythonWithGitlab } from '../../../setup/tools.ts';

/** The Python that imports gitlab, or undefined (the caller skips with one line). */
export const PYTHON = pythonWithGitlab();

/** The line a test file prints when it skips. */
export function skipLine(file: string): string {
  return `skipped ${file}: python-gitlab is not installed (apt-get install python3-gitlab)\n`;
}

function run(args: string[], env: Record<string, string>, input?: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((ok) => {
    const child = execFile(PYTHON!, args, { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 }, (e, out, err) =>
      ok({ code: e ? Number((e as { code?: unknown }).code ?? 1) : 0, out, err }));
    if (input !== undefined) child.stdin?.end(input);
  });
}

const PRELUDE = `
import json, os, sys, gitlab
gl = gitlab.Gitlab(os.environ['GL_URL'], private_token=os.environ['GL_TOKEN'])
p = gl.projects.get(os.environ['GL_PROJECT'])
def out(v):
    print(json.dumps(v, default=str))
`;

/** Runs `script` (which calls `out(value)` once) and returns the value; throws with Python's error. */
export async function py<T = unknown>(dev: GitlabDev, script: string): Promise<T> {
  const r = await run(['-'], { GL_URL: dev.url, GL_TOKEN: dev.token, GL_PROJECT: dev.project }, `${PRELUDE}\n${script}\n`);
  if (r.code !== 0) throw new Error(`python-gitlab failed (${r.code}): ${r.err.trim().split('\n').slice(-3).join(' | ')}`);
  return JSON.parse(r.out.trim().split('\n').at(-1)!) as T;
}

/** Runs the `gitlab` CLI with JSON output (GITLAB_URL and GITLAB_PRIVATE_TOKEN set). */
export function cli(dev: GitlabDev, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return run(['-m', 'gitlab', '-o', 'json', ...args], { GITLAB_URL: dev.url, GITLAB_PRIVATE_TOKEN: dev.token });
}
