/**
 * Runs a command in its own process group and collects its output; aborting the signal kills the
 * whole group (a cancelled CI run: the step's shell and everything it started), as a runner does.
 */
import { spawn } from 'node:child_process';

/** A finished process. */
export interface GroupResult {
  /** Exit code; 1 when killed by a signal; 127 when the command could not start. */
  code: number;
  stdout: string;
  stderr: string;
  /** The command could not start (ENOENT and the like). */
  notFound?: boolean;
}

/** Runs `cmd args` to the end (or until `signal` aborts, which sends SIGTERM to its group). */
export function runInGroup(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; signal?: AbortSignal }): Promise<GroupResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => void (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => void (stderr += d));
    const kill = (): void => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    };
    options.signal?.addEventListener('abort', kill, { once: true });
    if (options.signal?.aborted) kill();
    child.on('error', (err: NodeJS.ErrnoException) => {
      options.signal?.removeEventListener('abort', kill);
      resolve({ code: 127, stdout, stderr: `${stderr}${err.message}\n`, notFound: err.code === 'ENOENT' });
    });
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', kill);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}
