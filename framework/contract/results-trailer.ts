/**
 * The `gfa-results` trailer: which results a data-branch head holds, so a client waiting for
 * `results/<id>` can tell from the head commit it already fetches (for the layout) that the file is
 * not there yet, and not ask for it (each 404 is a line in the browser console, and a request).
 *
 * `gfa-results: <from> <id> <id> …` promises: every `results/<id>` at this head whose request id
 * carries a time (see `requestIdTime`) of at least `from` ms is listed. Ids whose time is below `from`
 * or unknown are not covered either way; a head without the trailer (an older writer) proves nothing.
 * Writers roll the list: the ids this commit sets, then the previous head's, most recent first, capped
 * at {@link RESULTS_MAX_IDS} ids and {@link RESULTS_MAX_CHARS} characters by dropping the oldest
 * request times first (ids without a time before any), with `from` raised past every dropped time.
 *
 * It sits before `gfa-layout` and `gfa-mac` in the trailer block, so readers that know only those
 * find them where they always were. The head MAC does not cover it: a forged line can only make a
 * client read a missing file (one 404) or not read one that exists (a wait that ends in a timeout, or
 * in E_RUN_FAILED once the run ended), never accept a wrong value; anyone with push access can already
 * make the client refuse the branch. Covering it would need a new MAC version, which today's readers refuse.
 */
import { isRequestId, requestIdTime, resultKey } from '../contract.ts';

/** The trailer's name. */
export const RESULTS_TRAILER = 'gfa-results';
/** At most this many ids in the trailer. */
export const RESULTS_MAX_IDS = 64;
/** At most this many characters of ids (with their separating spaces) in the trailer. */
export const RESULTS_MAX_CHARS = 2048;

/** What a head's trailer says: the results listed (most recent first) and the request time from which the list is complete. */
export interface ResultsHint {
  /** Every result with a request-id time ≥ this (ms) is in {@link ResultsHint.ids}. */
  from: number;
  ids: string[];
}

/** The hint of a store with no results at all (a branch about to be created). */
export function emptyResults(): ResultsHint {
  return { from: 0, ids: [] };
}

/** The `gfa-results` line of a message: the last trailer, or the one before `gfa-layout` and/or `gfa-mac`. */
export function resultsLine(message: string): string | undefined {
  const lines = message.replace(/\s+$/, '').split('\n');
  let last = lines.pop();
  if (last?.startsWith('gfa-mac:')) last = lines.pop();
  if (last?.startsWith('gfa-layout:')) last = lines.pop();
  return last?.startsWith(`${RESULTS_TRAILER}:`) ? last : undefined;
}

/** The hint a head commit's message carries; undefined when it has none or a malformed one (it then proves nothing). */
export function parseResults(message: string): ResultsHint | undefined {
  const line = resultsLine(message);
  if (line === undefined) return undefined;
  const [from, ...ids] = line.slice(RESULTS_TRAILER.length + 1).trim().split(' ');
  if (from === undefined || !/^\d{1,15}$/.test(from) || !ids.every((id) => id === '' || isRequestId(id))) return undefined;
  return { from: Number(from), ids: ids.filter((id) => id !== '') };
}

/** The trailer line for `hint`. */
export function formatResults(hint: ResultsHint): string {
  return [`${RESULTS_TRAILER}: ${hint.from}`, ...hint.ids].join(' ');
}

/**
 * The hint of a new commit on a head with hint `previous`: `set` are the request ids whose results
 * this commit writes, `deleted` those it removes. The list is capped (see the module comment).
 */
export function rollResults(previous: ResultsHint, set: readonly string[], deleted: readonly string[] = [], limits = { ids: RESULTS_MAX_IDS, chars: RESULTS_MAX_CHARS }): ResultsHint {
  const gone = new Set(deleted);
  const ids = [...new Set([...set, ...previous.ids])].filter((id) => isRequestId(id) && !gone.has(id));
  // Which to keep: the latest request times first; ids without a time are dropped before any other.
  const byTime = ids.map((id) => ({ id, time: requestIdTime(id) ?? -1 })).sort((a, b) => b.time - a.time);
  const keep = new Set<string>();
  let chars = 0;
  let from = previous.from;
  for (const { id, time } of byTime) {
    const cost = id.length + (keep.size > 0 ? 1 : 0);
    if (keep.size < limits.ids && chars + cost <= limits.chars) {
      keep.add(id);
      chars += cost;
    } else if (time >= from) {
      from = time + 1;
    }
  }
  // An id kept below `from` says nothing the reader can use: drop it too.
  return { from, ids: ids.filter((id) => keep.has(id) && (requestIdTime(id) ?? from) >= from) };
}

/**
 * True when `hint` proves `results/<id>` is absent at its head: there is a hint, `id` carries a time
 * of at least `from`, and it is not listed. Otherwise the file must be read to know.
 */
export function provesAbsent(hint: ResultsHint | undefined, id: string): boolean {
  if (hint === undefined) return false;
  const time = requestIdTime(id);
  return time !== undefined && time >= hint.from && !hint.ids.includes(id);
}

/** The request id a key names when it is a result (`results/<id>`), else undefined. */
export function resultId(key: string): string | undefined {
  const dir = resultKey('');
  const id = key.startsWith(dir) ? key.slice(dir.length) : undefined;
  return id !== undefined && isRequestId(id) ? id : undefined;
}
