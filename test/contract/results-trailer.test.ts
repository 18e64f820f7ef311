/** The `gfa-results` trailer (issue 23): format, parse, roll, truncate, and what it proves. */
import { describe, expect, it } from 'vitest';
import { newRequestId, parseLayout, requestIdTime } from '../../framework/contract.ts';
import { emptyResults, formatResults, parseResults, provesAbsent, resultId, resultsLine, rollResults } from '../../framework/contract/results-trailer.ts';

const T = Date.UTC(2026, 11, 7);
const id = (ms: number, tag = ''): string => newRequestId({ now: ms, tag });

describe('gfa-results trailer', () => {
  it('formats and parses back, before gfa-layout and gfa-mac', () => {
    const a = id(T + 2);
    const b = id(T + 1);
    const line = formatResults({ from: T, ids: [a, b] });
    expect(line).toBe(`gfa-results: ${T} ${a} ${b}`);
    expect(parseResults(`gfa: x\n\n${line}`)).toEqual({ from: T, ids: [a, b] });
    const mac = 'gfa-mac: v2 3 0123456789abcdef AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
    const full = `gfa: x\n\n${line}\ngfa-layout: fanout-1 {"results":2000}\n${mac}\n`;
    expect(resultsLine(full)).toBe(line);
    expect(parseResults(full)).toEqual({ from: T, ids: [a, b] });
    // Readers of the layout find it where they always did.
    expect(parseLayout(full).fan.get('results')).toBe(2000);
    expect(parseResults(`gfa: x\n\n${line}\n${mac}`)?.ids).toEqual([a, b]);
    expect(parseResults(`gfa: x\n\ngfa-results: 0`)).toEqual({ from: 0, ids: [] });
  });

  it('proves nothing without a trailer, or with a malformed one or one out of place', () => {
    expect(parseResults('gfa: update')).toBeUndefined();
    expect(parseResults('gfa: x\n\ngfa-results: soon a b')).toBeUndefined();
    expect(parseResults('gfa: x\n\ngfa-results: 1 a/b')).toBeUndefined();
    expect(parseResults('gfa: x\n\ngfa-results: 1 a\nsomething else')).toBeUndefined();
    expect(provesAbsent(undefined, id(T))).toBe(false);
  });

  it('proves absence only for an unlisted id whose time is at least from', () => {
    const hint = { from: T, ids: [id(T + 5)] };
    expect(provesAbsent(hint, hint.ids[0]!)).toBe(false);
    expect(provesAbsent(hint, id(T))).toBe(true);
    expect(provesAbsent(hint, id(T - 1))).toBe(false);
    expect(provesAbsent(hint, 'my-own-id')).toBe(false);
  });

  it('rolls: this commit’s ids first, then the previous head’s; deleted ids leave', () => {
    const [a, b, c] = [id(T + 1), id(T + 2), id(T + 3)];
    const first = rollResults(emptyResults(), [a]);
    expect(first).toEqual({ from: 0, ids: [a] });
    const second = rollResults(first, [c, b]);
    expect(second).toEqual({ from: 0, ids: [c, b, a] });
    expect(rollResults(second, [a], [b])).toEqual({ from: 0, ids: [a, c] });
    expect(rollResults(second, [], [], { ids: 64, chars: 2048 }).ids).toEqual([c, b, a]);
  });

  it('truncates by dropping the oldest request times first, ids without a time before them, and raises from past them', () => {
    const ids = Array.from({ length: 70 }, (_, i) => id(T + i * 1000));
    const rolled = rollResults(emptyResults(), ['custom-id', ...ids]);
    expect(rolled.ids).toHaveLength(64);
    expect(rolled.ids).not.toContain('custom-id');
    expect(rolled.ids).toEqual(ids.slice(6));
    expect(rolled.from).toBe(requestIdTime(ids[5]!)! + 1);
    // Every kept id is at or above from, every dropped one below it: absence of any id ≥ from is proved.
    for (const kept of rolled.ids) expect(requestIdTime(kept)!).toBeGreaterThanOrEqual(rolled.from);
    expect(provesAbsent(rolled, ids[5]!)).toBe(false);
    expect(formatResults(rolled).length).toBeLessThan(2100);
  });

  it('truncates by characters: long ids fill 2 KB before 64 of them', () => {
    const long = Array.from({ length: 60 }, (_, i) => id(T + i, 'x'.repeat(38)));
    const rolled = rollResults(emptyResults(), long);
    const chars = rolled.ids.join(' ').length;
    expect(chars).toBeLessThanOrEqual(2048);
    expect(rolled.ids.length).toBeLessThan(60);
    expect(rolled.from).toBe(requestIdTime(long[60 - rolled.ids.length - 1]!)! + 1);
    // from never goes down.
    expect(rollResults({ from: T + 10_000, ids: [] }, [id(T)]).from).toBe(T + 10_000);
    // An id below from (already out of the list's reach) is not kept.
    expect(rollResults({ from: T + 10_000, ids: [] }, [id(T)]).ids).toEqual([]);
  });

  it('names the result ids of keys', () => {
    expect(resultId('results/abc')).toBe('abc');
    expect(resultId('results/a/b')).toBeUndefined();
    expect(resultId('feeds/abc')).toBeUndefined();
  });
});
