/** The GitHub emulator's Pages origin: its own port, named in the Pages API, and a clear error when that port is taken. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startGithubEmulator } from '../../../framework/dev/github/server.ts';
import { isGfaError } from '../../../framework/errors.ts';

describe('GitHub emulator Pages origin', () => {
  it('serves Pages on another origin than the API, at /{owner}/{repo}/', async () => {
    const emu = await startGithubEmulator();
    try {
      await emu.addRepo('owner/app');
      const token = emu.addToken(['owner/app'], { pages: 'write', administration: 'write' });
      const created = await fetch(`${emu.apiUrl}/repos/owner/app/pages`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"build_type":"workflow"}' });
      expect(created.status).toBe(201);
      expect(((await created.json()) as { html_url: string }).html_url).toBe(`${emu.pagesUrl}/owner/app/`);
      expect(new URL(emu.pagesUrl).origin).not.toBe(new URL(emu.apiUrl).origin);
      // The API origin does not serve Pages (as api.github.com does not), the Pages origin no API.
      expect((await fetch(`${emu.url}/pages/owner/app/`)).status).toBe(404);
      expect((await fetch(`${emu.pagesUrl}/api/v3/repos/owner/app`)).status).toBe(404);
    } finally {
      await emu.close();
    }
  });

  it('fails in one line when the Pages port is taken', async () => {
    const busy = createServer();
    await new Promise<void>((ok) => busy.listen(0, '127.0.0.1', ok));
    try {
      const err = await startGithubEmulator({ pagesPort: (busy.address() as AddressInfo).port }).catch((e: unknown) => e);
      expect(isGfaError(err, 'E_LISTEN')).toBe(true);
      expect((err as Error).message).toMatch(/^cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\); pick another --port/);
    } finally {
      await new Promise<void>((ok) => busy.close(() => ok()));
    }
  });
});
