/** @module The job's logger: lines to stderr with secret values masked. */
import { formatWithOptions } from 'node:util';
import type { JobLog } from '../app/types.ts';

/** Replaces every occurrence of each secret in `text` with `***` (longest first, so a prefix never leaks the rest). */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
    if (s.length > 0) out = out.split(s).join('***');
  }
  return out;
}

/** A logger that writes `[level] message` lines to `write` (stderr by default), masking `secrets`. */
export function createLog(secrets: readonly string[], write: (line: string) => void = (l) => process.stderr.write(l)): JobLog {
  const line = (level: string, args: unknown[]): void => {
    const text = formatWithOptions({ colors: false, depth: 4 }, ...args);
    write(`${level} ${maskSecrets(text, secrets)}\n`);
  };
  return {
    info: (...args) => line('info ', args),
    warn: (...args) => line('warn ', args),
    error: (...args) => line('error', args),
  };
}
