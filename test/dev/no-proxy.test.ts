/** Children that talk to the doubles on 127.0.0.1 bypass any proxy the environment names. */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { withLoopbackNoProxy } from '../../framework/dev/no-proxy.ts';

const run = promisify(execFile);

describe('withLoopbackNoProxy', () => {
  it('adds the loopback names to NO_PROXY and no_proxy, keeping what was there', () => {
    const env = withLoopbackNoProxy({ HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'corp.example, .internal', no_proxy: 'corp.example' });
    expect(env.NO_PROXY).toBe('corp.example,.internal,127.0.0.1,localhost,::1');
    expect(env.no_proxy).toBe(env.NO_PROXY);
    expect(env.HTTPS_PROXY).toBe('http://proxy:3128');
  });

  it('lets git reach a server on 127.0.0.1 while http_proxy names a dead proxy', async () => {
    const server = createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/none.git`;
    const proxied = { PATH: process.env.PATH, HOME: process.env.HOME, http_proxy: 'http://127.0.0.1:9', GIT_TERMINAL_PROMPT: '0' };
    const said = async (env: Record<string, string | undefined>) => (await run('git', ['ls-remote', url], { env: env as NodeJS.ProcessEnv }).catch((e: { stderr: string }) => e)).stderr as string;
    try {
      // Through the dead proxy git cannot connect; bypassing it, the server answers (404: not a repository).
      expect(await said(proxied)).toMatch(/Failed to connect|Could not resolve proxy|Connection refused/i);
      expect(await said(withLoopbackNoProxy(proxied))).toMatch(/404|not found/i);
    } finally {
      server.close();
    }
  });
});
