/** The SDK test page (bundled by esbuild for the browser): exposes steps that browser.test.ts drives. */
import { connectFromPage, isGfaError } from '../../../framework/client/index.ts';

const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));

const steps = {
  async wrongPassphrase(): Promise<string> {
    const err = await connectFromPage().unlock('not the passphrase', { allowWeak: true }).catch((e: unknown) => e);
    return isGfaError(err) ? err.code : String(err);
  },
  async run(passphrase: string): Promise<unknown> {
    const client = connectFromPage();
    await client.unlock(passphrase, { allowWeak: true, persist: 'session' });
    const job = await client.trigger<{ n: number }>('bump', { by: 2 });
    const out = await job.result();
    const failed = await (await client.trigger('fail')).result().then(
      () => 'no error',
      (e: unknown) => (isGfaError(e) ? e.code : String(e)),
    );
    return { requestId: job.requestId, n: out.n, kv: await client.kv.get('counter/n'), list: await client.kv.list('counter/'), failed };
  },
  /**
   * After a reload: is the client still unlocked from sessionStorage, and does localStorage hold
   * nothing but the highest signed-head counter seen (a number, not a secret)?
   */
  async afterReload(): Promise<unknown> {
    const client = connectFromPage();
    const kv = client.unlocked ? await client.kv.get('counter/n') : null;
    const stored = Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]);
    const others = stored.filter(([k, v]) => !(k?.startsWith('gfa:head-counter:') && /^\d+$/.test(v ?? '')));
    return { unlocked: client.unlocked, kv, localStorage: others.length, headCounters: stored.length - others.length };
  },
  violations: () => violations,
};
(window as unknown as { sdk: typeof steps }).sdk = steps;
document.body.dataset.ready = '1';
