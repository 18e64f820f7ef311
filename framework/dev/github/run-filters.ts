/**
 * The filters of GitHub's run lists (`GET /actions/runs` and `GET /actions/workflows/{id}/runs`,
 * https://docs.github.com/en/rest/actions/workflow-runs#list-workflow-runs-for-a-repository): `actor`,
 * `branch`, `event`, `status` (a status or a conclusion), `head_sha`, and `created`, a date range in
 * the search syntax ("Returns workflow runs created within the given date-time range. For more
 * information on the syntax, see Understanding the search syntax"): `YYYY-MM-DD` (that day),
 * `>`, `>=`, `<`, `<=` before a date or date-time, `A..B` with `*` for an open end
 * (https://docs.github.com/en/search-github/getting-started-with-searching-on-github/understanding-the-search-syntax#query-for-dates;
 * dates are `YYYY-MM-DD`, date-times ISO 8601 `YYYY-MM-DDTHH:MM:SS` with an optional offset, UTC when
 * none is given). A `created` the double cannot read matches nothing. Newest first.
 */
import type { Run } from './state.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?$/;

/** `[from, to)` in epoch ms of one date or date-time: a whole day, or one second. */
function span(text: string): [number, number] | undefined {
  if (DATE.test(text)) {
    const from = Date.parse(`${text}T00:00:00Z`);
    return Number.isNaN(from) ? undefined : [from, from + 86_400_000];
  }
  if (DATETIME.test(text)) {
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`;
    const from = Date.parse(zoned);
    return Number.isNaN(from) ? undefined : [from, from + (/T\d{2}:\d{2}(?=$|Z|[+-])/.test(text) ? 60_000 : 1000)];
  }
  return undefined;
}

/** A test for a `created` value, or undefined when it cannot be read. */
export function createdFilter(value: string): ((ms: number) => boolean) | undefined {
  const v = value.trim();
  const op = /^(>=|<=|>|<)(.+)$/.exec(v);
  if (op) {
    const s = span(op[2]!);
    if (!s) return undefined;
    const [from, to] = s;
    return op[1] === '>' ? (t) => t >= to : op[1] === '>=' ? (t) => t >= from : op[1] === '<' ? (t) => t < from : (t) => t < to;
  }
  const range = /^(.+)\.\.(.+)$/.exec(v);
  if (range) {
    const lo = range[1] === '*' ? [-Infinity, -Infinity] : span(range[1]!);
    const hi = range[2] === '*' ? [Infinity, Infinity] : span(range[2]!);
    if (!lo || !hi) return undefined;
    return (t) => t >= lo[0]! && t < hi[1]!;
  }
  const s = span(v);
  return s ? (t) => t >= s[0] && t < s[1] : undefined;
}

/** The runs `q` selects, newest first. */
export function filterRuns(runs: Run[], q: URLSearchParams): Run[] {
  const created = q.get('created');
  const inRange = created === null ? () => true : (createdFilter(created) ?? (() => false));
  const want = (key: string, actual: string | null | undefined): boolean => !q.get(key) || q.get(key) === actual;
  return runs
    .filter((r) => want('event', r.event) && want('branch', r.headBranch) && want('head_sha', r.headSha) && want('actor', 'owner'))
    .filter((r) => !q.get('status') || r.status === q.get('status') || r.conclusion === q.get('status'))
    .filter((r) => inRange(Date.parse(r.createdAt)))
    .sort((a, b) => b.id - a.id);
}
