/** The owner passphrase's strength estimate (zxcvbn-ts): weak ones refused unless allowed (issue 14). */
import { describe, expect, it } from 'vitest';
import { isGfaError } from '../../framework/errors.ts';
import { checkPassphraseStrength } from '../../framework/crypto/passphrase-strength.ts';

async function refusal(p: string, userInputs?: string[]): Promise<Error> {
  try {
    await checkPassphraseStrength(p, { userInputs });
  } catch (err) {
    expect(isGfaError(err, 'E_WEAK_PASSPHRASE')).toBe(true);
    return err as Error;
  }
  throw new Error(`"${p}" was accepted`);
}

describe('checkPassphraseStrength', () => {
  it('refuses weak passphrases that a length rule would pass, without echoing them', async () => {
    for (const p of ['password123', 'qwertyuiopasdf', 'demo passphrase', 'aaaaaaaaaaaaaaaa', '1234567890123', 'iloveyou2024']) {
      const err = await refusal(p);
      expect(err.message).toMatch(/too easy to guess .*--weak-passphrase/);
      expect(err.message).not.toContain(p);
    }
    expect((await refusal('rss-reader2026', ['rss-reader'])).message).toContain('app name');
  });

  it('accepts strong ones, and weak ones with allowWeak (still reporting the score)', async () => {
    for (const p of ['correct horse battery staple', 'abcde-fghjk-mnpqr-stuvw', 'purple monkey dishwasher lamp']) {
      expect((await checkPassphraseStrength(p)).score).toBe(4);
    }
    const weak = await checkPassphraseStrength('password123', { allowWeak: true });
    expect(weak.score).toBeLessThan(4);
    expect(weak.warning).toBe('it is a commonly used password');
  });
});
