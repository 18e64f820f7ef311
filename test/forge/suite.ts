/**
 * The shared suite every server-side forge adapter runs (github and gitlab on their emulators, local on
 * gfa dev): repository facts, deploy twice (the second sends no write), trigger →
 * result read as the browser reads it, and doctor clean on a fresh set-up.
 */
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../framework/app/manifest.ts';
import { pollResult } from '../../framework/client/poll.ts';
import type { DeployInput, Forge } from '../../framework/forge/types.ts';

/** What a forge's test setup provides. */
export interface ServerForgeContext {
  forge: Forge;
  appDir: string;
  manifest: Manifest;
  /** The rest of a deploy's input (passphrase, credential, KDF limits). */
  deploy: Omit<DeployInput, 'appDir' | 'manifest' | 'progress'>;
  /** A triggerable job that finishes quickly, with a valid input. */
  job: { name: string; input?: unknown };
  /**
   * False when deploy cannot know the Pages address (GitLab self-managed: the Pages domain is the
   * instance's setting), so the report must leave it out rather than guess. @default true
   */
  pagesUrl?: boolean;
  /** How long the trigger check waits for the result, in ms. @default 30000 */
  runTimeoutMs?: number;
}

/** Registers the suite; `context()` is called inside the tests (after the caller's beforeAll). */
export function runServerForgeSuite(name: string, context: () => ServerForgeContext): void {
  describe(`server forge adapter: ${name}`, () => {
    it('reads the repository', async () => {
      const info = await context().forge.repository();
      expect(info.defaultBranch).toMatch(/^[A-Za-z0-9._/-]+$/);
      expect(['public', 'private', 'internal']).toContain(info.visibility);
      expect(() => new URL(info.webUrl)).not.toThrow();
      expect(info.webUrl).toMatch(/^https?:\/\//);
    });

    it('deploys; a second deploy sends no write; no progress line holds a new data key', async () => {
      const c = context();
      // The setup may have deployed already (a client suite needs the keys file): then both runs are repeats.
      const lines: string[] = [];
      const input = { ...c.deploy, appDir: c.appDir, manifest: c.manifest, progress: (l: string) => lines.push(l) };
      const first = await c.forge.deploy(input);
      expect(lines.length).toBeGreaterThan(0);
      if (c.pagesUrl === false) expect(first.pagesUrl).toBeUndefined();
      else expect(first.pagesUrl).toMatch(/^https?:\/\//);
      const again: string[] = [];
      const second = await c.forge.deploy({ ...input, progress: (l: string) => again.push(l) });
      expect(second.writes).toBe(0);
      expect(second.newSecretKey).toBeUndefined();
      if (first.newSecretKey) for (const l of [...lines, ...again]) expect(l).not.toContain(first.newSecretKey);
    });

    it('triggers a job whose result the reader finds at a later head, by SHA', async () => {
      const { forge, job, runTimeoutMs } = context();
      const reader = await forge.reader();
      const before = await reader.head();
      const requestId = `srv-${Date.now().toString(36)}`;
      await forge.trigger({ job: job.name, requests: [{ requestId, input: job.input }] });
      const bytes = await pollResult(reader, job.name, requestId, runTimeoutMs ?? 30_000, { since: before && before !== 'unchanged' ? before.etag : undefined });
      expect(bytes.length).toBeGreaterThan(0);
      const head = await reader.head();
      if (!head || head === 'unchanged') throw new Error('no head after the run');
      expect(await reader.listFiles(head.sha, 'results')).toContain(`results/${requestId}`);
    }, 200_000); // the run's own budget is runTimeoutMs; this only keeps vitest from cutting it short on a loaded CI machine

    it('doctor finds nothing wrong on a fresh set-up', async () => {
      const c = context();
      const checks = await c.forge.doctor({ appDir: c.appDir, manifest: c.manifest });
      expect(checks.length).toBeGreaterThan(0);
      expect(new Set(checks.map((x) => x.id)).size).toBe(checks.length);
      for (const x of checks) expect(['ok', 'warn', 'error']).toContain(x.status);
      expect(checks.filter((x) => x.status === 'error')).toEqual([]);
    });
  });
}
