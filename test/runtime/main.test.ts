/** The bundle entry's own lines (the last-resort error line included) mask secrets and their encoded forms (issue 14). */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
mkdirSync(join(root, 'tmp'), { recursive: true });
const dir = mkdtempSync(join(root, 'tmp', 'main-mask-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('main (the job entry)', () => {
  it('masks a job secret and a remote token in the last-resort error line, raw, URL-encoded and base64', async () => {
    const secret = 'feed/t0ken+with=odd&chars';
    const token = 'ghs_remote/secret+value';
    const script = join(dir, 'entry.ts');
    writeFileSync(
      script,
      `import { defineApp, defineJob, trigger } from ${JSON.stringify(join(root, 'framework/index.ts'))};
import { main } from ${JSON.stringify(join(root, 'framework/runtime/main.ts'))};
const app = defineApp({ name: 'm', jobs: { leak: defineJob({ on: [trigger()], secrets: ['FEED_TOKEN'], run: () => null }) } });
const s = process.env.FEED_TOKEN!;
await main(app, 'leak', { openStore: async (o) => {
  // A store that fails while naming everything it was given, as a careless error might.
  throw new Error(\`cannot open \${o.remote}: \${s} \${encodeURIComponent(s)} \${Buffer.from(s).toString('base64')} \${Buffer.from(s).toString('base64url')}\`);
} });
`,
    );
    const remote = `https://x-access-token:${encodeURIComponent(token)}@example.invalid/o/r.git`;
    const env = { ...process.env, GFA_REMOTE: remote, FEED_TOKEN: secret, GFA_TRIGGER: 'trigger', GFA_DEBUG: '1' };
    const r = await run(process.execPath, ['--import', 'tsx/esm', script], { cwd: root, env }).catch((e: { stdout: string; stderr: string; code: number }) => e);
    expect(r.stderr).toContain('(no result written)');
    for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url'), token, encodeURIComponent(token)]) {
      expect(r.stderr, form).not.toContain(form);
    }
    expect(r.stderr).toContain('***');
  });

  it("an encrypted app's CI log names the error code and request id, not the message with a feed's host (issue 19)", async () => {
    const script = join(dir, 'sealed.ts');
    writeFileSync(
      script,
      `import { defineApp, defineJob, trigger, GfaError } from ${JSON.stringify(join(root, 'framework/index.ts'))};
import { main } from ${JSON.stringify(join(root, 'framework/runtime/main.ts'))};
import { memoryDriver } from ${JSON.stringify(join(root, 'framework/store/drivers/memory.ts'))};
import { createStore } from ${JSON.stringify(join(root, 'framework/store/store.ts'))};
const app = defineApp({ name: 'm', store: { encrypt: true }, jobs: { add: defineJob({ on: [trigger()], run: () => { throw new GfaError('E_HTTP', 'cannot subscribe to private-feeds.example.org: HTTP 404'); } }) } });
const store = createStore(memoryDriver());
await main(app, 'add', { openStore: async () => ({ transaction: store.transaction, close: async () => {} }) as never });
`,
    );
    const base = { ...process.env, GFA_REMOTE: 'mem', GFA_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'), GFA_TRIGGER: 'trigger', GFA_REQUEST_ID: 'r-sealed-1' };
    const go = (env: Record<string, string | undefined>) => run(process.execPath, ['--import', 'tsx/esm', script], { cwd: root, env }).catch((e: { stdout: string; stderr: string; code: number }) => e);
    const onCi = await go({ ...base, GITHUB_ACTIONS: 'true' });
    expect(onCi.stderr).toContain('request r-sealed-1: error E_HTTP (the message is in the encrypted result)');
    expect(onCi.stderr).not.toContain('private-feeds.example.org');
    const local = await go({ ...base, GITHUB_ACTIONS: undefined, GITLAB_CI: undefined });
    expect(local.stderr).toContain('E_HTTP: cannot subscribe to private-feeds.example.org');
  });
});
