/**
 * The local forge's job runner: with `runnerStartMs` a run waits that long before its job starts, as a
 * forge's runner does (tests that must see a change still pending rely on it); by default it does not.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../framework/app/manifest.ts';
import { createJobRunner } from '../../framework/dev/jobs.ts';

const dir = mkdtempSync(join(tmpdir(), 'gfa-jobs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A runner over an app with no jobs: a run of an unknown job ends at once, after the runner's start. */
const runner = (runnerStartMs?: number) =>
  createJobRunner({ appDir: dir, manifest: () => ({ jobs: {}, store: { branch: 'data', history: 'squash' } }) as unknown as Manifest, remote: dir, cacheDir: dir, log: () => {}, runnerStartMs });

describe('createJobRunner runnerStartMs', () => {
  it('starts a run no earlier than runnerStartMs after its request', async () => {
    const t = Date.now();
    const record = await runner(400).run({ job: 'nope', requestId: 'r1', trigger: 'trigger' });
    expect(Date.now() - t).toBeGreaterThanOrEqual(395);
    expect(record.durationMs).toBeGreaterThanOrEqual(395);
    expect(record.status).toBe('error');
  });

  it('counts the wait as the run still going: idle() waits for it', async () => {
    const r = runner(300);
    let ended = false;
    void r.run({ job: 'nope', requestId: 'r2', trigger: 'trigger' }).then(() => (ended = true));
    await new Promise((ok) => setTimeout(ok, 50));
    expect(ended).toBe(false);
    await r.idle();
    expect(ended).toBe(true);
  });
});
