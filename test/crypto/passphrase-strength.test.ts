/** The owner passphrase's strength estimate (zxcvbn-ts): weak ones refused unless allowed (issue 14). */
import { describe, expect, it } from 'vitest';
import { isGfaError } from '../../framework/errors.ts';
import { checkPassphraseStrength, MIN_GUESSES_LOG10 } from '../../framework/crypto/passphrase-strength.ts';
import { generatePassphrase } from '../../framework/crypto/passphrase-generate.ts';

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

  it('refuses three common words: zxcvbn scores them 4, but 10^12-10^14 guesses fall to a few GPUs (issue 19)', async () => {
    expect(MIN_GUESSES_LOG10).toBe(14);
    for (const p of ['tall tree river', 'summer house garden', 'kitten-piano-orbit']) {
      const err = await refusal(p);
      expect(err.message).toContain('gfa asks for 10^14');
      expect(err.message).toContain('gfa keygen --passphrase');
    }
  });
});

describe('generatePassphrase', () => {
  it('makes seven distinct-looking words from a list of 4,096, 84 bits, that pass the check', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const made = await generatePassphrase();
      expect(made.bits).toBe(84);
      expect(made.guessesLog10).toBeGreaterThan(MIN_GUESSES_LOG10);
      const words = made.passphrase.split('-');
      expect(words).toHaveLength(7);
      for (const w of words) expect(w).toMatch(/^[a-z]{4,8}$/);
      seen.add(made.passphrase);
      expect((await checkPassphraseStrength(made.passphrase)).guessesLog10).toBeGreaterThanOrEqual(MIN_GUESSES_LOG10);
    }
    expect(seen.size).toBe(20);
  });
});
