/**
 * The shared suite every client forge adapter runs (local now; github and gitlab with the forge work):
 * keys file, head with conditional requests, reads by SHA, listings, triggers and credentials.
 */
import { describe, expect, it } from 'vitest';
import { pollResult } from '../../framework/client/poll.ts';
import type { ClientForge } from '../../framework/client/types.ts';
import { isGfaError } from '../../framework/errors.ts';

/** What a forge's test setup provides. */
export interface ForgeSuiteContext {
  forge: ClientForge;
  /** The trigger credential (as unwrapped from the keys file). */
  credential: string;
  /** A triggerable job that writes data and finishes quickly, with a valid input. */
  job: { name: string; input?: unknown };
  /** How long a triggered run may take to show its result. @default 30_000 */
  resultTimeoutMs?: number;
}

/** Registers the suite; `context()` is called inside the tests (after the caller's beforeAll). */
export function runForgeSuite(name: string, context: () => ForgeSuiteContext): void {
  describe(`client forge adapter: ${name}`, () => {
    it('fetches the keys file', async () => {
      const file = (await context().forge.keysFile()) as { version?: unknown; kdf?: unknown };
      expect(file.version).toBe(1);
      expect(file.kdf).toBeTypeOf('object');
    });

    it('refuses a trigger with a wrong credential', async () => {
      const { forge, job } = context();
      const err = await forge.trigger('wrong-credential', { job: job.name, requests: [{ requestId: 'suite-denied', input: job.input }] }).catch((e: unknown) => e);
      expect(isGfaError(err, 'E_FORGE')).toBe(true);
    });

    it('triggers a job; its result appears at a new head, read by SHA', async () => {
      const { forge, credential, job, resultTimeoutMs } = context();
      const requestId = `suite-${Date.now().toString(36)}`;
      await forge.trigger(credential, { job: job.name, requests: [{ requestId, input: job.input }] });
      const bytes = await pollResult(forge, job.name, requestId, resultTimeoutMs ?? 30_000);
      expect(bytes.length).toBeGreaterThan(0);
      const head = await forge.head();
      if (head === undefined || head === 'unchanged') throw new Error('no head after a job run');
      expect(head.sha).toMatch(/^[0-9a-f]{40,64}$/);
      expect(await forge.head(head.etag)).toBe('unchanged');
      expect(await forge.readFile(head.sha, `results/${requestId}`)).toEqual(bytes);
      expect(await forge.readFile(head.sha, 'results/no-such-request')).toBeUndefined();
      expect(await forge.listFiles(head.sha, 'results')).toContain(`results/${requestId}`);
      const all = await forge.listFiles(head.sha, '');
      expect(all).toContain(`results/${requestId}`);
      expect([...all].sort()).toEqual(all);
    }, 200_000); // the run's own budget is resultTimeoutMs; this only keeps vitest from cutting it short

    it('gives up polling with E_TIMEOUT', async () => {
      const err = await pollResult(context().forge, 'none', 'never-triggered', 300).catch((e: unknown) => e);
      expect(isGfaError(err, 'E_TIMEOUT')).toBe(true);
    });
  });
}
