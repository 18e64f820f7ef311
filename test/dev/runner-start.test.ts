/**
 * `gfa dev --as github|gitlab --runner-start SECONDS`: parsed into milliseconds, refused in one line
 * when it is not a number of seconds or comes without --as, and shown in `gfa dev --help` with the
 * defaults (the latency model of framework/dev/runner-start.ts).
 */
import { describe, expect, it } from 'vitest';
import { GITHUB_RUNNER_START_MS, GITLAB_RUNNER_START_MS, parseRunnerStart, waitForRunner } from '../../framework/dev/runner-start.ts';
import { manualClock } from '../../framework/dev/clock.ts';
import { runMain } from '../cli/helpers/main.ts';

describe('--runner-start', () => {
  it('parses seconds, decimals included, into milliseconds', () => {
    expect(parseRunnerStart('0')).toBe(0);
    expect(parseRunnerStart('0.3')).toBe(300);
    expect(parseRunnerStart('15')).toBe(15_000);
    for (const bad of ['', '-1', 'abc', '1e3', '3601']) expect(() => parseRunnerStart(bad)).toThrow(/--runner-start must be a number of seconds/);
  });

  it('is refused in one line (exit 2) when malformed or without --as', async () => {
    const bad = await runMain(['dev', '.', '--as', 'github', '--runner-start', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('gfa: --runner-start must be a number of seconds from 0 to 3600, not "soon"\n');
    const local = await runMain(['dev', '.', '--runner-start', '1']);
    expect(local.code).toBe(2);
    expect(local.stderr).toMatch(/^gfa: --runner-start needs --as github or --as gitlab[^\n]*\n$/);
  });

  it('shows in gfa dev --help with both defaults', async () => {
    const help = await runMain(['dev', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--runner-start SECONDS');
    expect(help.stdout).toContain(`default ${GITHUB_RUNNER_START_MS / 1000} on github, ${GITLAB_RUNNER_START_MS / 1000} on gitlab`);
  });

  it('waits from the creation time on the clock, and stops waiting when cancelled', async () => {
    const clock = manualClock();
    const created = clock.now();
    await clock.advance(1_000);
    let started = false;
    const wait = waitForRunner(clock, created, 5_000).then(() => (started = true));
    await clock.advance(3_999);
    expect(started).toBe(false);
    await clock.advance(1);
    await wait;
    expect(started).toBe(true);
    const stop = new AbortController();
    const cancelled = waitForRunner(clock, clock.now(), 5_000, stop.signal);
    stop.abort();
    await expect(cancelled).rejects.toThrow();
  });
});
