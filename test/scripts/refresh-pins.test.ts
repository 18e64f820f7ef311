/**
 * `node scripts/refresh-pins.mjs` against local repositories standing in for github.com (it cannot
 * reach GitHub from here): it reports a newer release of the same major with its commit, and a new
 * major by name only; without Docker Hub it says so and exits 1. pins.ts is not written without --write.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ACTION_PINS } from '../../framework/pipeline/pins.ts';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(join(tmpdir(), 'gfa-pins-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A repository whose tags are `tags`, each on its own commit; returns tag → commit. */
async function repoWithTags(name: string, tags: string[]): Promise<Record<string, string>> {
  const repo = join(dir, name.replace('/', '+'));
  const git = (...args: string[]) => run('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args]);
  await run('git', ['init', '-q', repo]);
  const out: Record<string, string> = {};
  for (const tag of tags) {
    await git('commit', '-q', '--allow-empty', '-m', tag);
    await git('tag', '-a', '-m', tag, tag); // annotated: the script must peel it to the commit
    out[tag] = (await git('rev-parse', 'HEAD')).stdout.trim();
  }
  return out;
}

describe('scripts/refresh-pins.mjs', () => {
  it('prints the newer release of each pinned major and names a new major, writing nothing', async () => {
    const newer: Record<string, string> = {};
    for (const pin of ACTION_PINS) {
      const [maj, min] = pin.tag.replace(/^v/, '').split('.').map(Number) as [number, number];
      const next = `v${maj}.${min + 1}.0`;
      const shas = await repoWithTags(pin.repo, [pin.tag, next, `v${maj + 1}.0.0`]);
      newer[pin.repo] = `${pin.repo}: ${pin.tag} ${pin.sha} -> ${next} ${shas[next]}`;
    }
    const before = readFileSync(join(root, 'framework/pipeline/pins.ts'), 'utf8');
    const r = await run(process.execPath, ['scripts/refresh-pins.mjs'], { cwd: root, env: { ...process.env, REFRESH_PINS_GIT: join(dir, '{owner+name}'), REFRESH_PINS_DOCKER: 'http://127.0.0.1:9' } }).catch(
      (e: { stdout: string; stderr: string; code: number }) => e,
    );
    for (const line of Object.values(newer)) expect(r.stdout).toContain(line);
    expect(r.stdout).toMatch(/actions\/checkout: new major v\d+\.0\.0 .*update pins\.ts by hand/);
    // No Docker Hub here: said plainly, exit 1.
    expect(r.stderr).toMatch(/cannot reach github\.com or Docker Hub/);
    expect((r as { code?: number }).code).toBe(1);
    expect(readFileSync(join(root, 'framework/pipeline/pins.ts'), 'utf8')).toBe(before);
  }, 60_000);
});
