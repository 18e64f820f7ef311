/**
 * What GitLab checks when a pipeline schedule is saved, and its `next_run_at`
 * (gitlab-org/gitlab `app/models/ci/pipeline_schedule.rb`, `app/validators/cron_validator.rb`,
 * `cron_timezone_validator.rb`; doc/api/pipeline_schedules.md):
 * - `cron` must parse (GitLab: Fugit, here croner: 5 fields, or 6 with seconds) and `cron_timezone`
 *   must be a time zone, else `{"message": {"cron": [" is invalid syntax"]}}` (the validators' text,
 *   leading space included); blank values are also "can't be blank";
 * - time zones: TZInfo identifiers (`America/Los_Angeles`, `UTC`, `Etc/UTC`) and ActiveSupport names;
 *   only a few common ActiveSupport names are known here (`Pacific Time (US & Canada)`, `Tokyo`, …);
 * - a short ref naming an existing branch is stored expanded (`main` → `refs/heads/main`);
 * - `next_run_at` is the cron's next time in its zone. GitLab then rounds it up to the next run of its
 *   schedule worker and spaces runs by the plan's daily limit; the double does neither.
 */
import { Cron } from 'croner';

/** ActiveSupport::TimeZone names the double knows, with their TZInfo identifiers. */
const ACTIVE_SUPPORT: Record<string, string> = {
  'UTC': 'UTC', 'Pacific Time (US & Canada)': 'America/Los_Angeles', 'Mountain Time (US & Canada)': 'America/Denver',
  'Central Time (US & Canada)': 'America/Chicago', 'Eastern Time (US & Canada)': 'America/New_York', 'London': 'Europe/London',
  'Berlin': 'Europe/Berlin', 'Paris': 'Europe/Paris', 'Amsterdam': 'Europe/Amsterdam', 'Tokyo': 'Asia/Tokyo', 'Sydney': 'Australia/Sydney',
};

/** The TZInfo identifier of a GitLab time zone, or undefined when GitLab would refuse it. */
export function zoneOf(name: string): string | undefined {
  if (name in ACTIVE_SUPPORT) return ACTIVE_SUPPORT[name];
  if (!/^[A-Z][A-Za-z_]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name;
  } catch {
    return undefined;
  }
}

/** The cron's next run after `from` in `zone`, as GitLab's JSON shows times, or undefined when it does not parse. */
export function nextRunAt(cron: string, zone: string, from = new Date()): string | undefined {
  try {
    return new Cron(cron.trim(), { timezone: zone }).nextRun(from)?.toISOString();
  } catch {
    return undefined;
  }
}

/** The model errors of a schedule's cron and time zone (`{}` when valid). */
export function scheduleErrors(s: { cron: string; cron_timezone: string; ref: string; description: string }): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);
  if (s.description.trim() === '') add('description', "can't be blank");
  if (s.ref.trim() === '') add('ref', "can't be blank");
  if (s.cron.trim() === '') add('cron', "can't be blank");
  const zone = zoneOf(s.cron_timezone);
  if (s.cron_timezone.trim() === '') add('cron_timezone', "can't be blank");
  if (nextRunAt(s.cron, zone ?? 'UTC') === undefined) add('cron', ' is invalid syntax');
  if (zone === undefined) add('cron_timezone', ' is invalid syntax');
  return errors;
}
