/** Async child processes for tests (never the Sync variants: a git server may share this process). */
import { execFile } from 'node:child_process';

/** Result of a finished process; never throws on a non-zero exit. */
export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { cwd: options.cwd, env: options.env, maxBuffer: 32 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Runs and throws with the output when the exit code is not 0. */
export async function mustRun(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<string> {
  const r = await run(cmd, args, options);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** gitlab-ci-local 4.73.0 from the workspace (4.74+ crash on Node 20). */
export const GCL = new URL('../../../node_modules/.bin/gitlab-ci-local', import.meta.url).pathname;
