/**
 * Runs the CLI in this process through the programmatic `main(argv)` of framework/cli/main.ts, with
 * stdout and stderr captured and `env` laid over process.env for the call (restored after), so a test
 * can spy on `fetch` or read an emulator's state while the command runs.
 */
import { vi } from 'vitest';
import { main } from '../../../framework/cli/main.ts';

/** What one run printed and returned. */
export interface MainRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `gfa <argv>` with `env` set (an empty string unsets a variable) and `cwd` as the working directory. */
export async function runMain(argv: string[], env: Record<string, string> = {}): Promise<MainRun> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(env)) {
    if (v === '') delete process.env[k];
    else process.env[k] = v;
  }
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
