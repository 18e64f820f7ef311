/**
 * How hard the owner passphrase is to guess. It guards `.gfa/keys.json`, a file anyone can copy and
 * attack offline, so a length rule is not enough: zxcvbn-ts (dictionaries of common passwords, English
 * words and names, keyboard patterns, dates, l33t) estimates the guesses, and gfa asks for at least
 * 10^{@link MIN_GUESSES_LOG10} of them. Why that floor: hashcat's Argon2id kernel (hashcat PR #4284,
 * 2025) does 1,667 guesses a second on an RTX 4090 at m=64 MiB, t=3; the keys file uses libsodium's
 * MODERATE (m=256 MiB, t=3), about four times the memory traffic, so roughly 400 a second per GPU.
 * 10^10 guesses (zxcvbn's top score, the old floor) fall to 25 such GPUs in twelve days; 10^14 take one GPU
 * about 8,000 years, or a thousand rented GPUs eight years. Used by `gfa dev --passphrase`, `npm start`,
 * `gfa deploy` and `gfa doctor`; `--weak-passphrase` overrides.
 */
import { GfaError } from '../errors.ts';

/** What {@link checkPassphraseStrength} found. */
export interface PassphraseStrength {
  /** zxcvbn's score, 0 (guessable in seconds) to 4 (at least 10^10 guesses). */
  score: number;
  /** log10 of the estimated number of guesses. */
  guessesLog10: number;
  /** A short reason when weak (never the passphrase itself). */
  warning?: string;
}

/** Options of {@link checkPassphraseStrength}. */
export interface StrengthOptions {
  /** Accept a weak passphrase (`--weak-passphrase`); the result still says how weak. @default false */
  allowWeak?: boolean;
  /** Words an attacker would try first: the app and repo names. `gfa`, `demo`, `passphrase`… are always added. */
  userInputs?: string[];
}

/** The lowest accepted score. */
export const MIN_SCORE = 4;
/** The fewest estimated guesses accepted, as a power of ten (see the module comment for why). */
export const MIN_GUESSES_LOG10 = 14;
const ALWAYS_TRY = ['gfa', 'demo', 'passphrase', 'password', 'secret', 'owner', 'github', 'gitlab'];
/** zxcvbn-ts reports translation keys; the English phrases gfa needs. */
const WARNINGS: Record<string, string> = {
  common: 'it is a commonly used password',
  commonNames: 'it is built on a common name',
  namesByThemselves: 'it is built on a name',
  topTen: 'it is one of the ten most used passwords',
  topHundred: 'it is one of the hundred most used passwords',
  similarToCommon: 'it is close to a commonly used password',
  userInputs: 'it uses the app name or words like "demo" and "passphrase"',
  keyPattern: 'it is a keyboard pattern',
  straightRow: 'it is a row of keys',
  simpleRepeat: 'it repeats characters',
  extendedRepeat: 'it repeats a pattern',
  sequences: 'it is a sequence such as abc or 123',
  recentYears: 'it contains a recent year',
  dates: 'it contains a date',
  wordByItself: 'a single word is easy to guess',
  pwned: 'it appears in leaked password lists',
};

type Check = (p: string, userInputs: string[]) => { score: number; guessesLog10: number; feedback: { warning: string | null } };
let checker: Promise<Check> | undefined;

/** Loads the estimator and its dictionaries (about 1 MB) once, on first use. */
function loadChecker(): Promise<Check> {
  checker ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')]);
    // English words too: a passphrase of a few common words is far weaker than its length suggests.
    const factory = new ZxcvbnFactory({ dictionary: { ...common.dictionary, ...en.dictionary }, graphs: common.adjacencyGraphs });
    return (p, userInputs) => factory.check(p, userInputs);
  })();
  return checker;
}

/**
 * Estimates the strength of `passphrase`; throws `E_WEAK_PASSPHRASE` (with the reason, never the
 * passphrase) when it scores below {@link MIN_SCORE}, unless `allowWeak`.
 */
export async function checkPassphraseStrength(passphrase: string, options: StrengthOptions = {}): Promise<PassphraseStrength> {
  const check = await loadChecker();
  const inputs = [...ALWAYS_TRY, ...(options.userInputs ?? [])].map((w) => w.toLowerCase());
  // zxcvbn's cost grows with length; past 100 characters the first 100 decide (they are already strong or not).
  const result = check(passphrase.slice(0, 100), inputs);
  const warning = result.feedback.warning ? (WARNINGS[result.feedback.warning] ?? 'it follows a guessable pattern') : undefined;
  const strength: PassphraseStrength = { score: result.score, guessesLog10: Math.round(result.guessesLog10 * 10) / 10, ...(warning ? { warning } : {}) };
  if (isWeak(strength) && !options.allowWeak) {
    throw new GfaError(
      'E_WEAK_PASSPHRASE',
      `the passphrase is too easy to guess (about 10^${strength.guessesLog10} guesses, gfa asks for 10^${MIN_GUESSES_LOG10}${warning ? `; ${warning}` : ''}) and it guards a public file; use six or more random words (gfa keygen --passphrase makes some), or pass --weak-passphrase`,
    );
  }
  return strength;
}

/** Whether a strength is below the floor (score or guesses). */
export function isWeak(strength: PassphraseStrength): boolean {
  return strength.score < MIN_SCORE || strength.guessesLog10 < MIN_GUESSES_LOG10;
}
