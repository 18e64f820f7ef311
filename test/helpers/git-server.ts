/**
 * A real git smart-HTTP server for tests: bare repositories under a temporary directory, served by
 * `git http-backend` on 127.0.0.1 at a random port, behind HTTP Basic auth.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handleGitHttp } from '../../framework/dev/git-http.ts';

/** A running test git server. */
export interface GitServer {
  /** `http://user:pass@127.0.0.1:PORT/git/<name>.git` for a repository created with {@link GitServer.createRepo}. */
  url(name: string): string;
  /** The same URL without credentials (requests get 401). */
  urlWithoutAuth(name: string): string;
  /** Creates a bare repository that serves partial clones; returns its path on disk. */
  createRepo(name: string): string;
  /** Directory holding the bare repositories. */
  root: string;
  /** Requests served, bytes of answer bodies sent and of request bodies received, for assertions on traffic. */
  requests: { count: number; bytesOut: number; bytesIn: number };
  close(): Promise<void>;
}

/** Starts a server. Always `close()` it (in `afterAll`). */
export async function startGitServer(options: { user?: string; password?: string } = {}): Promise<GitServer> {
  const user = options.user ?? 'gfa';
  const password = options.password ?? 'test-password';
  const expected = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const root = mkdtempSync(join(tmpdir(), 'gfa-git-server-'));
  const requests = { count: 0, bytesOut: 0, bytesIn: 0 };
  const server: Server = createServer((req, res) => {
    requests.count++;
    req.on('data', (chunk: Buffer) => (requests.bytesIn += chunk.length));
    const write = res.write.bind(res);
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (chunk && typeof (chunk as { length?: number }).length === 'number') requests.bytesOut += (chunk as { length: number }).length;
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof res.write;
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="gfa-test"' }).end();
      return;
    }
    void handleGitHttp(req, res, { projectRoot: root, prefix: '/git', remoteUser: user });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const enc = (s: string) => encodeURIComponent(s);
  return {
    root,
    requests,
    url: (name) => `http://${enc(user)}:${enc(password)}@127.0.0.1:${port}/git/${name}.git`,
    urlWithoutAuth: (name) => `http://127.0.0.1:${port}/git/${name}.git`,
    createRepo(name) {
      const dir = join(root, `${name}.git`);
      execFileSync('git', ['init', '--bare', '-q', '-b', 'main', dir]);
      for (const [k, v] of [
        ['uploadpack.allowFilter', 'true'],
        ['uploadpack.allowAnySHA1InWant', 'true'],
        ['http.receivepack', 'true'],
      ] as const) {
        execFileSync('git', ['-C', dir, 'config', k, v]);
      }
      return dir;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
