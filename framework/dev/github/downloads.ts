/**
 * Short-lived download URLs, as GitHub hands out for logs and archives: the API answers
 * `302 Found` with a `Location` that needs no token and "expires after 1 minute"
 * (https://docs.github.com/en/rest/actions/workflow-runs#download-workflow-run-logs,
 * https://docs.github.com/en/rest/actions/workflow-jobs#download-job-logs-for-a-workflow-run).
 * GitHub's URLs point at another host; the double serves them at `/_downloads/<key>` on its web
 * origin (a test double, not GitHub).
 */
import { randomBytes } from 'node:crypto';

const TTL_MS = 60_000;

/** The downloads a double holds. */
export class Downloads {
  private items = new Map<string, { body: Uint8Array; type: string; expires: number }>();

  /** Registers `body` and returns its path (`/_downloads/<key>`). */
  add(body: Uint8Array, type: string, now = Date.now()): string {
    for (const [k, v] of this.items) if (v.expires <= now) this.items.delete(k);
    const key = randomBytes(18).toString('base64url');
    this.items.set(key, { body, type, expires: now + TTL_MS });
    return `/_downloads/${key}`;
  }

  /** The answer for `path`, or undefined when it is not a download path; 404 once expired. */
  serve(path: string, now = Date.now()): Response | undefined {
    const m = /^\/_downloads\/([A-Za-z0-9_-]+)$/.exec(path);
    if (!m) return undefined;
    const item = this.items.get(m[1]!);
    if (!item || item.expires <= now) return new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain' } });
    return new Response(new Uint8Array(item.body), { status: 200, headers: { 'content-type': item.type } });
  }
}
