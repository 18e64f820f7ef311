/**
 * @module The two public test corpora, read from git at a pinned commit (nothing vendored):
 * gofeed's `testdata/` (MIT, https://github.com/mmcdole/gofeed) and feedparser's `tests/` (BSD-2-Clause,
 * https://github.com/kurtmckee/feedparser). Point `GOFEED_GIT` and `FEEDPARSER_GIT` at a clone (or a bare
 * mirror) of each; the default is `.bench/feed-corpora/<name>` at the repository root.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** One corpus: where upstream lives and the commit every figure is measured at. */
export interface Corpus {
  name: 'gofeed' | 'feedparser';
  upstream: string;
  commit: string;
  licence: string;
  env: string;
  prefix: string;
}

export const CORPORA: Corpus[] = [
  { name: 'gofeed', upstream: 'https://github.com/mmcdole/gofeed', commit: 'e010ca02e0eb28daf544c0447fdd64e4e99d5c5e', licence: 'MIT', env: 'GOFEED_GIT', prefix: 'testdata/' },
  { name: 'feedparser', upstream: 'https://github.com/kurtmckee/feedparser', commit: 'a22c5521cbb109871f1a2318948581901bd47e26', licence: 'BSD-2-Clause', env: 'FEEDPARSER_GIT', prefix: 'tests/' },
];

/** The git directory holding `corpus`, or a one-line reason it is missing (with how to get it). */
export function locate(corpus: Corpus, root: string): { dir: string } | { missing: string } {
  const dir = process.env[corpus.env] ?? join(root, '.bench/feed-corpora', corpus.name);
  const how = `git clone ${corpus.upstream} ${dir} (or set ${corpus.env}); figures are taken at ${corpus.commit.slice(0, 12)}`;
  if (!existsSync(dir)) return { missing: `${corpus.name} corpus not found at ${dir}: ${how}` };
  const has = spawnSync('git', ['-C', dir, 'cat-file', '-e', `${corpus.commit}^{commit}`]);
  if (has.status !== 0) return { missing: `${dir} lacks commit ${corpus.commit}: git -C ${dir} fetch origin` };
  return { dir };
}

/** Every file under the corpus prefix at its pinned commit: path → bytes. */
export function readCorpus(corpus: Corpus, dir: string): Map<string, Buffer> {
  const paths = execFileSync('git', ['-C', dir, 'ls-tree', '-r', '--name-only', corpus.commit, '--', corpus.prefix], { encoding: 'utf8', maxBuffer: 64 << 20 })
    .split('\n')
    .filter(Boolean);
  const out = spawnSync('git', ['-C', dir, 'cat-file', '--batch'], { input: paths.map((p) => `${corpus.commit}:${p}\n`).join(''), maxBuffer: 512 << 20 });
  const buf = out.stdout;
  const files = new Map<string, Buffer>();
  let at = 0;
  for (const path of paths) {
    const nl = buf.indexOf(10, at);
    const size = Number(buf.subarray(at, nl).toString('latin1').split(' ')[2]);
    files.set(path, buf.subarray(nl + 1, nl + 1 + size));
    at = nl + 1 + size + 1;
  }
  return files;
}
