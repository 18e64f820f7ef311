/**
 * Generated owner passphrases: random words, easy to type and to read back, with their strength known
 * exactly (not estimated). The words are the 4,096 most common English words of four to eight letters
 * in zxcvbn-ts's English list (`@zxcvbn-ts/language-en`, from film subtitles), so each word adds 12 bits
 * and seven words give 84 bits: about 10^25 guesses, far above {@link MIN_GUESSES_LOG10}.
 */
import { MIN_GUESSES_LOG10 } from './passphrase-strength.ts';

/** Words in the list: 2^12. */
const LIST_SIZE = 4096;
/** Words in a generated passphrase. @default 7 */
export const GENERATED_WORDS = 7;

let words: Promise<string[]> | undefined;

/** The word list, built once from the English dictionary. */
function wordList(): Promise<string[]> {
  words ??= import('@zxcvbn-ts/language-en').then(({ dictionary }) => {
    const seen = new Set<string>();
    for (const w of dictionary['commonWords-en'] as string[]) {
      if (/^[a-z]{4,8}$/.test(w)) seen.add(w);
      if (seen.size === LIST_SIZE) break;
    }
    if (seen.size < LIST_SIZE) throw new Error(`the English word list has only ${seen.size} usable words`);
    return [...seen];
  });
  return words;
}

/** A uniform random index below `n` (a power of two here, so no modulo bias). */
function randomIndex(n: number): number {
  const buf = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buf);
  return buf[0]! % n;
}

/** A generated passphrase and its strength. */
export interface GeneratedPassphrase {
  passphrase: string;
  /** Exact entropy: words × 12 bits. */
  bits: number;
  /** log10 of the guesses an attacker who knows the list needs on average (half the space). */
  guessesLog10: number;
}

/** Makes a passphrase of `count` random words joined by `-`. */
export async function generatePassphrase(count = GENERATED_WORDS): Promise<GeneratedPassphrase> {
  const list = await wordList();
  const chosen = Array.from({ length: count }, () => list[randomIndex(LIST_SIZE)]!);
  const bits = count * Math.log2(LIST_SIZE);
  const guessesLog10 = Math.round((bits - 1) * Math.log10(2) * 10) / 10;
  if (guessesLog10 < MIN_GUESSES_LOG10) throw new Error(`${count} words are below the strength floor`);
  return { passphrase: chosen.join('-'), bits, guessesLog10 };
}
