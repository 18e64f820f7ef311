/**
 * The browser-safe HTTP layer of the forge adapters: an injected `fetch` and clock, and one rule for
 * rate limits, so every adapter backs off the same way and says so in one line.
 *
 * A rate-limited answer is 429, or 403 with `retry-after` or `x-ratelimit-remaining: 0` (GitHub:
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit;
 * GitLab: 429 with `Retry-After`, https://docs.gitlab.com/security/rate_limits/). The wait is
 * `retry-after`, else until `x-ratelimit-reset`, else a minute (GitHub's advice for a secondary limit
 * with neither header; GitLab does not expose its headers to a browser, framework/forge/FACTS.md). A
 * refused request was not processed, so any method is retried, twice at most; a wait longer than
 * `maxWaitMs` is not waited: the error says when to come back. Other answers are returned as they are.
 */
import { GfaError } from '../errors.ts';

/** Time, injected so a test of a long wait needs no real waiting. */
export interface HttpClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realHttpClock: HttpClock = { now: () => Date.now(), sleep: (ms) => new Promise((ok) => setTimeout(ok, ms)) };

/** Settings of {@link createHttp}. */
export interface HttpOptions {
  /** The forge's name in messages: "GitHub", "GitLab". */
  forge: string;
  fetch?: typeof fetch;
  clock?: HttpClock;
  /** Told before each wait, e.g. "GitHub's rate limit: waiting 42 s". @default no message */
  onWait?: (line: string) => void;
  /** The longest wait taken; longer ones fail at once. @default 60000 */
  maxWaitMs?: number;
}

/**
 * Milliseconds to wait before trying again, or undefined when `res` is not a rate-limit answer. A 403
 * with no readable header is a rate limit when its message says so (GitHub's secondary limit as a page
 * sees it: "You have exceeded a secondary rate limit…").
 */
export async function rateLimitDelay(res: Response, now: number): Promise<number | undefined> {
  if (res.status !== 429 && res.status !== 403) return undefined;
  const after = res.headers.get('retry-after');
  if (after !== null && after.trim() !== '') {
    const secs = Number(after);
    if (Number.isFinite(secs)) return Math.max(1000, secs * 1000);
    const date = Date.parse(after);
    if (!Number.isNaN(date)) return Math.max(1000, date - now);
  }
  if (res.headers.get('x-ratelimit-remaining') === '0') {
    const reset = Number(res.headers.get('x-ratelimit-reset'));
    return Number.isFinite(reset) ? Math.max(1000, reset * 1000 - now) : 60_000;
  }
  if (res.status === 429) return 60_000;
  const message = await res.clone().json().then((b: { message?: unknown }) => String(b?.message ?? ''), () => '');
  return /rate limit/i.test(message) ? 60_000 : undefined;
}

/** A `fetch` that waits out rate limits as above. Network failures throw as `fetch` does. */
export function createHttp(options: HttpOptions): (url: string, init?: RequestInit) => Promise<Response> {
  const f = options.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));
  const clock = options.clock ?? realHttpClock;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  return async (url, init) => {
    for (let attempt = 0; ; attempt++) {
      const res = await f(url, init);
      const delay = await rateLimitDelay(res, clock.now());
      if (delay === undefined || attempt >= 2) return res;
      if (delay > maxWaitMs) {
        throw new GfaError('E_FORGE', `${options.forge}'s rate limit is used up until ${new Date(clock.now() + delay).toISOString().slice(0, 19)}Z; try again then`);
      }
      options.onWait?.(`${options.forge}'s rate limit: waiting ${Math.ceil(delay / 1000)} s`);
      await res.body?.cancel().catch(() => {});
      await clock.sleep(delay);
    }
  };
}

/**
 * What the forge said in an error body, in one line, or undefined when it said nothing readable. The
 * shapes: `{"message": "…"}` (GitHub; GitLab's `render_api_error!`), `{"error": "…"}` (GitLab's Grape
 * parameter errors, `lib/api/api.rb`; `gfa dev`), `{"message": {"cron": ["is invalid"], "base": […]}}`
 * (GitLab's `render_validation_error!`: messages per field, `base` for the record as a whole) and
 * `{"error": "…", "error_description": "…"}` (OAuth). At most 300 characters.
 */
export function forgeMessage(body: unknown): string | undefined {
  const words = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v.trim() === '' ? undefined : v;
    if (Array.isArray(v)) return v.map(words).filter((x) => x !== undefined).join('; ') || undefined;
    if (v && typeof v === 'object') {
      const parts = Object.entries(v).map(([field, m]) => {
        const said = words(m);
        return said === undefined ? undefined : field === 'base' ? said : `${field} ${said}`;
      });
      return parts.filter((x) => x !== undefined).join('; ') || undefined;
    }
    return v === undefined || v === null ? undefined : String(v);
  };
  if (!body || typeof body !== 'object') return typeof body === 'string' ? oneLine(body) : undefined;
  const b = body as { message?: unknown; error?: unknown; error_description?: unknown };
  const said = words(b.message) ?? [words(b.error), words(b.error_description)].filter((x) => x !== undefined).join(': ');
  return said ? oneLine(said) : undefined;
}

function oneLine(text: string): string | undefined {
  const line = text.split('\n').map((l) => l.trim()).filter((l) => l !== '')[0];
  return line === undefined ? undefined : line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

/** `HTTP 400: ref is missing`: the status and {@link forgeMessage} of an answer (its body is read). */
export async function httpDetail(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    body = /^\s*</.test(text) ? undefined : text; // an HTML error page says nothing in one line
  }
  const said = forgeMessage(body);
  return said ? `HTTP ${res.status}: ${said}` : `HTTP ${res.status}`;
}
