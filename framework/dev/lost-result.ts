/**
 * When a job process dies without a result (killed, out of memory, a crash before the runtime could
 * record one), `gfa dev` writes an error result for it, so a client waiting on `results/<requestId>`
 * gets a clear error instead of a timeout. A result the job did write is never replaced.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '../app/manifest.ts';
import { resultKey, type JobResult } from '../contract.ts';
import type { RunRecord } from './jobs.ts';

/** Writes `results/<requestId>` = an `E_JOB_FAILED` error result, unless one exists. */
export async function writeLostResult(
  record: RunRecord,
  o: { remote: string; manifest: Manifest; secretKey?: string; cacheDir: string },
): Promise<void> {
  const { openStore } = await import('../store/open.ts');
  const cacheDir = join(o.cacheDir, `lost-${record.requestId}`);
  const store = await openStore({ remote: o.remote, branch: o.manifest.store.branch, history: o.manifest.store.history, secretKeys: o.secretKey, cacheDir });
  const finishedAt = new Date().toISOString();
  const result: JobResult = {
    job: record.job,
    requestId: record.requestId,
    status: 'error',
    error: { code: 'E_JOB_FAILED', message: `the job process exited (${record.exitCode === null ? 'killed by a signal' : `code ${record.exitCode}`}) without writing a result; see the gfa dev log` },
    startedAt: new Date(Date.parse(finishedAt) - record.durationMs).toISOString(),
    finishedAt,
  };
  try {
    await store.transaction(
      async (tx) => {
        if ((await tx.get(resultKey(record.requestId))) === undefined) tx.set(resultKey(record.requestId), JSON.stringify(result));
      },
      { message: `gfa dev: record the lost result of ${record.requestId}` },
    );
  } finally {
    await store.close();
    await rm(cacheDir, { recursive: true, force: true }).catch(() => {});
  }
}
