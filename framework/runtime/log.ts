/** @module The job's logger: lines to stderr with secret values masked. */
import { formatWithOptions } from 'node:util';
import type { JobLog } from '../app/types.ts';

/**
 * Each secret as it may reach a log: as is, URL-encoded (a token in a remote URL), and base64 or
 * base64url with or without padding (a token in a Basic header or a config blob).
 */
export function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s.length === 0) continue;
    const b64 = Buffer.from(s, 'utf8').toString('base64');
    for (const f of [s, encodeURIComponent(s), b64, b64.replace(/=+$/, ''), Buffer.from(s, 'utf8').toString('base64url')]) forms.add(f);
  }
  return [...forms];
}

/**
 * Replaces every occurrence of each secret, and of its encoded forms ({@link secretForms}), in `text`
 * with `***` (longest first, so a prefix never leaks the rest).
 */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secretForms(secrets).sort((a, b) => b.length - a.length)) {
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

/**
 * Whether this run's log is one strangers may read while its data is sealed: an encrypted app on a
 * forge's CI (run logs of public repositories are public). Such a log names error codes and request
 * ids, never an error's message, which can carry user text (a feed's host, an input).
 */
export function sealedAppOnPublicLog(encrypt: boolean, env: Record<string, string | undefined>): boolean {
  return encrypt && (env.GITHUB_ACTIONS === 'true' || env.GITLAB_CI === 'true');
}
