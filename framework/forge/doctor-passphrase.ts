/**
 * doctor's `passphrase` check, the same on every forge: when GFA_PASSPHRASE opens the repository's
 * `.gfa/keys.json` (a public file), say whether it clears the strength floor `gfa deploy` enforces.
 * A keys file wrapped under a weak passphrase (an older gfa, or `--weak-passphrase`) is open to an
 * offline guessing attack by anyone who can read the repository.
 */
import { isGfaError } from '../errors.ts';
import type { Check, Forge } from './types.ts';

/** The check, or undefined when there is no keys file or the passphrase does not open it (other checks say so). */
export async function passphraseCheck(forge: Pick<Forge, 'reader'>, passphrase: string, userInputs: string[]): Promise<Check | undefined> {
  const { openExistingKeys } = await import('./keys-file.ts');
  const { checkPassphraseStrength, isWeak, MIN_GUESSES_LOG10 } = await import('../crypto/passphrase-strength.ts');
  const existing = await (await forge.reader()).keysFile();
  if (existing === undefined) return undefined;
  try {
    await openExistingKeys(existing, passphrase);
  } catch (err) {
    if (isGfaError(err, 'E_PASSPHRASE') || isGfaError(err, 'E_CONFIG')) return undefined;
    throw err;
  }
  const strength = await checkPassphraseStrength(passphrase, { allowWeak: true, userInputs });
  if (isWeak(strength)) {
    return {
      id: 'passphrase',
      status: 'warn',
      message: `the passphrase that wraps .gfa/keys.json is easy to guess (about 10^${strength.guessesLog10} guesses, gfa asks for 10^${MIN_GUESSES_LOG10}) and anyone can copy that file; rotate GFA_SECRET_KEY and the browser credential, delete .gfa/keys.json and gfa deploy again with a strong one (gfa keygen --passphrase)`,
    };
  }
  return { id: 'passphrase', status: 'ok', message: `the passphrase opens .gfa/keys.json and clears the strength floor (about 10^${strength.guessesLog10} guesses)` };
}
