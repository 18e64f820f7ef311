/**
 * The local owner credentials of `gfa dev`: the owner passphrase (given or generated once), the
 * trigger credential, and `.gfa/keys.json` (data key + trigger credential wrapped under the passphrase),
 * all kept under APP_DIR/.gfa/local/ with mode 0600.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeysFile } from '../crypto/passphrase.ts';
import type { UnlockedSecrets } from '../contract.ts';

/** Argon2id limits; only tests pass weaker ones than the MODERATE default. */
export interface KdfLimits {
  opslimit: number;
  memlimit: number;
}

/** What the dev server serves and checks. */
export interface LocalCredentials {
  passphrase: string;
  /** The trigger credential: `POST /api/trigger` needs it as a Bearer token. */
  triggerToken: string;
  keysFile: KeysFile;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return undefined;
  }
}

/** Passphrases that were printed in gfa's own README (`npm start` used one): never kept. */
const PUBLISHED = new Set(['demo passphrase']);

async function readOrCreate(path: string, make: () => string): Promise<string> {
  const existing = await readText(path);
  if (existing && !PUBLISHED.has(existing)) return existing;
  const value = make();
  await writeFile(path, `${value}\n`, { mode: 0o600 });
  return value;
}

/** A passphrase that is easy to type: four groups of five base32-ish characters. */
function generatePassphrase(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return chars.match(/.{5}/g)!.join('-');
}

/**
 * Loads or creates the local credentials under `dir`. `passphrase`, when given, replaces the stored one.
 * The keys file is re-wrapped only when the passphrase, token, data key or KDF limits change.
 */
export async function localCredentials(
  dir: string,
  options: { passphrase?: string; secretKey?: string; kdf?: KdfLimits },
): Promise<LocalCredentials> {
  const passFile = join(dir, 'passphrase');
  if (options.passphrase !== undefined) await writeFile(passFile, `${options.passphrase}\n`, { mode: 0o600 });
  const passphrase = options.passphrase ?? (await readOrCreate(passFile, generatePassphrase));
  const triggerToken = await readOrCreate(join(dir, 'trigger-token'), () => `gfa_local_${randomBytes(24).toString('base64url')}`);
  const secrets: Record<string, string> & UnlockedSecrets = { triggerToken };
  if (options.secretKey !== undefined) secrets.dataKey = options.secretKey;
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([passphrase, secrets, options.kdf ?? null]))
    .digest('hex');
  const keysPath = join(dir, 'keys.json');
  const stamp = join(dir, 'keys.json.sha256');
  const cached = await readText(keysPath);
  if (cached && (await readText(stamp)) === fingerprint) {
    return { passphrase, triggerToken, keysFile: JSON.parse(cached) as KeysFile };
  }
  const { wrapSecrets } = await import('../crypto/passphrase.ts');
  const keysFile = await wrapSecrets(passphrase, { ...secrets }, options.kdf);
  await writeFile(keysPath, `${JSON.stringify(keysFile, null, 2)}\n`, { mode: 0o600 });
  await writeFile(stamp, `${fingerprint}\n`, { mode: 0o600 });
  return { passphrase, triggerToken, keysFile };
}
