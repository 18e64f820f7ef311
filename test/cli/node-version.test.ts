/**
 * The Node gfa runs on: the package declares the oldest it supports (`engines`, which its dependencies
 * need too), the tests run on that Node (the repository's devDependency `node`, which npm puts first on
 * the PATH of `npm test` and `npx vitest`), and the gfa command refuses an older one in one line.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProgram } from '../build/helpers/fixture.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'framework/cli/bin.mjs');
const major = (version: string): number => Number(version.replace(/^v/, '').split('.')[0]);
const engines = (file: string): string => (JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as { engines: { node: string } }).engines.node;
const FLOOR = Number(/^>=(\d+)$/.exec(engines('framework/package.json'))?.[1]);

/** A `node` on the PATH outside node_modules (the machine's own) older than the floor, if there is one. */
function olderNode(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const exe = join(dir, 'node');
    if (dir.includes('node_modules') || !existsSync(exe)) continue;
    const version = execFileSync(exe, ['--version'], { encoding: 'utf8' }).trim();
    if (major(version) < FLOOR) return exe;
  }
  return undefined;
}
const OLD = olderNode();

describe('the Node gfa needs', () => {
  it('is declared once, the same for the package and the repository, and the tests run on it', () => {
    expect(FLOOR).toBeGreaterThanOrEqual(22); // Node 20 reached its end of life in April 2026
    expect(engines('package.json')).toBe(engines('framework/package.json'));
    const pinned = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.node;
    expect(major(pinned!)).toBe(FLOOR);
    expect(major(process.versions.node)).toBeGreaterThanOrEqual(FLOOR);
  });

  it('runs gfa on this Node', async () => {
    const r = await runProgram(process.execPath, [BIN, '--version']);
    expect(r.code, r.stderr).toBe(0);
  });

  it.skipIf(OLD === undefined)(`refuses an older Node in one line (the machine's ${OLD ?? 'node: none older here'})`, async () => {
    const r = await runProgram(OLD!, [BIN, '--version']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^gfa: gfa needs Node ${FLOOR} or later, and this is Node \\d+\\.\\d+\\.\\d+; install a current Node [^\\n]*\\n$`));
  });
});
