/** Runs `git` as an async child process with a clean, prompt-free environment and redacted errors. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { GfaError } from '../../errors.ts';

/** The result of one git invocation. */
export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Removes `user:pass@` from URLs so credentials never reach a message. */
export function redact(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1***@');
}

/** Environment for git: no prompts, no user or system config, no inherited GIT_* overrides, C locale. */
export function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  return {
    ...env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    LC_ALL: 'C',
  };
}

/** Runs `git args` in `cwd`; resolves with the exit code (never rejects on a non-zero exit). */
export function runGit(cwd: string, args: string[], input?: Uint8Array | string): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err) => reject(new GfaError('E_GIT', `cannot run git (${err.message}); install git and put it on PATH`)));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr }));
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

/** Like {@link runGit} but throws GfaError('E_GIT') with the first stderr line (redacted) on failure. */
export async function git(cwd: string, args: string[], input?: Uint8Array | string): Promise<Buffer> {
  const r = await runGit(cwd, args, input);
  if (r.code !== 0) throw gitError(args, r);
  return r.stdout;
}

/** A one-line, credential-free error for a failed git command. */
export function gitError(args: string[], r: GitResult, code: 'E_GIT' | 'E_REMOTE' = 'E_GIT'): GfaError {
  const line = r.stderr.split('\n').map((l) => l.trim()).find((l) => /^(fatal|error):/.test(l)) ?? r.stderr.split('\n')[0] ?? '';
  const cmd = args.find((a) => !a.startsWith('-') && !a.includes('=')) ?? 'git';
  return new GfaError(code, redact(`git ${cmd} failed (exit ${r.code}): ${line.trim() || 'no message'}`));
}

/** An idle long-lived git process must not keep Node alive; a busy one must. */
export function setRef(child: ChildProcessWithoutNullStreams, on: boolean): void {
  for (const h of [child, child.stdout, child.stderr, child.stdin] as unknown as { ref?: () => void; unref?: () => void }[]) {
    if (on) h.ref?.();
    else h.unref?.();
  }
}
