/**
 * The server-side `local` adapter: the {@link Forge} over a running `gfa dev`. `gfa dev` sets itself up
 * (keys file, data remote, trigger credential), so deploy has nothing to write; trigger posts to its
 * trigger endpoint; reads go through the local client adapter; doctor checks that it answers.
 */
import { localForge } from './client.ts';
import { GfaError } from '../../errors.ts';
import type { Check, Forge } from '../types.ts';

/** Options of {@link localServerForge}. */
export interface LocalServerOptions {
  /** The gfa dev origin, e.g. `http://127.0.0.1:4400`. */
  url: string;
  /** The trigger credential gfa dev printed (APP_DIR/.gfa/local/trigger-token). */
  triggerToken: string;
}

/** Creates the adapter. */
export function localServerForge(o: LocalServerOptions): Forge {
  const url = o.url.replace(/\/+$/, '');
  const client = localForge({ url });
  return {
    name: 'local',
    target: { forge: 'local', repo: url },
    async repository() {
      return { defaultBranch: 'main', visibility: 'private', webUrl: `${url}/` };
    },
    async deploy(input) {
      input.progress('gfa dev keeps its own keys file, data remote and trigger credential: nothing to deploy');
      return { pagesUrl: `${url}/`, writes: 0 };
    },
    async trigger(batch) {
      return client.trigger(o.triggerToken, batch);
    },
    async reader() {
      return client;
    },
    async doctor() {
      const checks: Check[] = [];
      try {
        await client.head();
        checks.push({ id: 'server', status: 'ok', message: `gfa dev answers at ${url}` });
      } catch (err) {
        checks.push({ id: 'server', status: 'error', message: `${(err as GfaError).message}; start it with gfa dev` });
        return checks;
      }
      try {
        const { validateKeysFile } = await import('../../crypto/passphrase.ts');
        validateKeysFile(await client.keysFile());
        checks.push({ id: 'keys-file', status: 'ok', message: '.gfa/keys.json is valid' });
      } catch (err) {
        checks.push({ id: 'keys-file', status: 'error', message: `${(err as Error).message.split('\n')[0]}` });
      }
      return checks;
    },
  };
}
