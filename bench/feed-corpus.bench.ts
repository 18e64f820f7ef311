/**
 * Feed parsing against public corpora: the reader's parser (and, with `FEEDS_BASELINE=<checkout>`, another
 * checkout's, e.g. main's) and three npm peers (rss-parser, @extractus/feed-extractor, feedsmith) on the
 * same bodies, over gofeed's `testdata/` and feedparser's `tests/` at pinned commits (see
 * feed-corpus/corpora.ts for where they are read from). Per field: how many expectations each parser
 * meets; per parser: files the corpora call well-formed that it refused, and the time of one pass.
 * `npm run bench:feeds` runs only this; a table goes to stderr, one JSON record per figure to stdout.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIELDS, gofeedCases, type Case } from './feed-corpus/cases.ts';
import { agrees, counted } from './feed-corpus/compare.ts';
import { CORPORA, locate, readCorpus } from './feed-corpus/corpora.ts';
import { feedparserCases } from './feed-corpus/feedparser-expect.ts';
import { extractorAdapter, feedsmithAdapter, readerAdapter, rssParserAdapter, type Adapter, type View } from './feed-corpus/views.ts';
import type { Report } from './index.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Parses every case once; returns views (or the refusal) and the time spent in the parser. */
async function pass(adapter: Adapter, cases: Case[]): Promise<{ views: (View | Error)[]; ms: number }> {
  let ms = 0;
  const views: (View | Error)[] = [];
  for (const c of cases) {
    const t = performance.now();
    try {
      views.push(await adapter.parse(c.bytes, c.url, c.contentType));
    } catch (err) {
      views.push(err instanceof Error ? err : new Error(String(err)));
    }
    ms += performance.now() - t;
  }
  return { views, ms };
}

export default async function feedCorpus(report: Report): Promise<void> {
  const cases: Case[] = [];
  for (const corpus of CORPORA) {
    const where = locate(corpus, root);
    if ('missing' in where) {
      process.stderr.write(`bench: feed-corpus skipped: ${where.missing}\n`);
      return;
    }
    const files = readCorpus(corpus, where.dir);
    cases.push(...(corpus.name === 'gofeed' ? gofeedCases(files) : feedparserCases(files)));
  }
  const adapters: Adapter[] = [await readerAdapter('reader', root)];
  if (process.env.FEEDS_BASELINE) adapters.push(await readerAdapter('reader@baseline', process.env.FEEDS_BASELINE));
  adapters.push(await rssParserAdapter(), await extractorAdapter(), await feedsmithAdapter());
  const rows: string[][] = [['field', 'expected', ...adapters.map((a) => a.name)]];
  const results = new Map<string, { views: (View | Error)[]; ms: number }>();
  for (const a of adapters) {
    const first = await pass(a, cases);
    // Readers are timed on their best of three passes after the first; peers on one (they are not the subject).
    let ms = first.ms;
    if (a.name.startsWith('reader')) for (let i = 0; i < 3; i++) ms = Math.min(ms, (await pass(a, cases)).ms);
    results.set(a.name, { views: first.views, ms });
  }
  for (const field of FIELDS) {
    const row: string[] = [field];
    let expected = 0;
    const matched = new Map(adapters.map((a) => [a.name, 0]));
    cases.forEach((c, i) => {
      for (const e of c.expect.filter((x) => x.field === field && counted(x))) {
        expected++;
        for (const a of adapters) {
          const v = results.get(a.name)!.views[i]!;
          if (!(v instanceof Error) && agrees(v, e)) matched.set(a.name, matched.get(a.name)! + 1);
        }
      }
    });
    row.push(String(expected));
    for (const a of adapters) {
      const m = matched.get(a.name)!;
      const pct = expected ? (100 * m) / expected : 0;
      row.push(`${m} (${pct.toFixed(1)}%)`);
      report({ name: `${a.name}.${field}`, value: Number(pct.toFixed(1)), unit: '%', matched: m, expected });
    }
    rows.push(row);
  }
  const wellFormed = cases.filter((c) => c.wellFormed);
  const refusedRow = ['refused well-formed', String(wellFormed.length)];
  const timeRow = ['parse time (ms)', String(cases.length)];
  for (const a of adapters) {
    const { views, ms } = results.get(a.name)!;
    const refused = cases.filter((c, i) => c.wellFormed && views[i] instanceof Error);
    refusedRow.push(String(refused.length));
    timeRow.push(ms.toFixed(0));
    report({ name: `${a.name}.refused_wellformed`, value: refused.length, unit: 'files', of: wellFormed.length, sample: refused.slice(0, 5).map((c) => c.path) });
    report({ name: `${a.name}.parse_time`, value: Number(ms.toFixed(1)), unit: 'ms', files: cases.length });
  }
  rows.push(refusedRow, timeRow);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) process.stderr.write(`${r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}\n`);
}
