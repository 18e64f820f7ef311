/**
 * Server-side Forge checks written against the Forge interface only, so the shared suite
 * (test/forge/suite.ts) can fold them in: repository facts, deploy idempotency (a second run sends no
 * write), doctor clean after deploy, trigger + reader (the job's result appears at a new head).
 */
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../../framework/app/manifest.ts';
import { pollResult } from '../../../framework/client/poll.ts';
import type { ClientForge, Forge } from '../../../framework/forge/types.ts';

/** What a forge's test setup provides. */
export interface ServerForgeContext {
  forge: Forge;
  appDir: string;
  manifest: Manifest;
  passphrase: string;
  /** Weak Argon2id limits for speed. */
  kdf: { opslimit: number; memlimit: number };
  /** A triggerable job that writes its result quickly, with a valid input; omit to skip the run check. */
  job?: { name: string; input?: unknown };
  /** Run-check timeout in ms. @default 60000 */
  runTimeoutMs?: number;
}

/** Registers the checks; `context()` is called inside the tests. */
export function runServerForgeChecks(name: string, context: () => ServerForgeContext): void {
  describe(`server forge adapter: ${name}`, () => {
    it('reads the repository', async () => {
      const info = await context().forge.repository();
      expect(info.defaultBranch).toMatch(/\S/);
      expect(['public', 'private', 'internal']).toContain(info.visibility);
      expect(info.webUrl).toMatch(/^https?:\/\//);
    });

    it('deploys, and a second deploy sends no write request', async () => {
      const { forge, appDir, manifest, passphrase, kdf } = context();
      const lines: string[] = [];
      // The setup may have deployed already (the client suite needs the keys file): then this run is a repeat too.
      const first = await forge.deploy({ appDir, manifest, passphrase, kdf, progress: (l) => lines.push(l) });
      expect(first.writes).toBeGreaterThanOrEqual(0);
      expect(lines.length).toBeGreaterThan(0);
      const again: string[] = [];
      const second = await forge.deploy({ appDir, manifest, passphrase, kdf, progress: (l) => again.push(l) });
      expect(second.writes).toBe(0);
      expect(second.newSecretKey).toBeUndefined();
      if (first.newSecretKey) for (const l of [...lines, ...again]) expect(l).not.toContain(first.newSecretKey);
    });

    it('doctor finds nothing wrong after deploy', async () => {
      const { forge, appDir, manifest } = context();
      const checks = await forge.doctor({ appDir, manifest });
      expect(checks.filter((c) => c.status === 'error')).toEqual([]);
      expect(new Set(checks.map((c) => c.id)).size).toBe(checks.length);
    });

    it('triggers a job whose result appears at a new data-branch head', async () => {
      const { forge, job, runTimeoutMs } = context();
      if (!job) return;
      const requestId = `server-${Date.now().toString(36)}`;
      await forge.trigger({ job: job.name, requestId, input: job.input });
      const reader = (await forge.reader()) as ClientForge;
      const bytes = await pollResult(reader, job.name, requestId, runTimeoutMs ?? 60_000);
      expect(bytes.length).toBeGreaterThan(0);
      const head = await reader.head();
      if (head === undefined || head === 'unchanged') throw new Error('no data branch head after the run');
      expect(await reader.listFiles(head.sha, 'results')).toContain(`results/${requestId}`);
    });
  });
}
