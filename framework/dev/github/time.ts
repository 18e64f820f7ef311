/**
 * GitHub's timestamps: ISO 8601 in UTC to the second, `YYYY-MM-DDTHH:MM:SSZ`, with no fraction
 * ("All timestamps return in UTC time, ISO 8601 format: YYYY-MM-DDTHH:MM:SSZ",
 * https://docs.github.com/en/rest/using-the-rest-api/getting-started-with-the-rest-api#timezones;
 * the OpenAPI examples agree, e.g. `"created_at": "2020-01-22T19:33:08Z"` on workflow-run).
 */

/** `ms` (epoch milliseconds, default now) as GitHub writes a time. */
export function ghTime(ms: number = Date.now()): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A time as an HTTP date (`Last-Modified`), https://www.rfc-editor.org/rfc/rfc9110#section-5.6.7 */
export function httpDate(iso: string): string {
  return new Date(iso).toUTCString();
}
