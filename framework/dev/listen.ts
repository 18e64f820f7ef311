/** Listening on 127.0.0.1, with a one-line error when the port is taken. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GfaError } from '../errors.ts';

/**
 * Starts `server` on 127.0.0.1:`port` (0: any free port) with idle connections kept longer than
 * clients keep theirs (so the client closes first), and resolves with its origin `http://127.0.0.1:PORT`.
 * A failure is `E_LISTEN`, whose message ends with `hint`.
 */
export async function listenLocal(server: Server, port: number, hint: string): Promise<string> {
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) => fail(new GfaError('E_LISTEN', `cannot listen on 127.0.0.1:${port} (${err.code ?? err.message}); ${hint}`, { cause: err })));
    server.listen(port, '127.0.0.1', ok);
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
