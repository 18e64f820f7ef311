/**
 * A writer process for the concurrency tests:
 *   node --import tsx test/store/helpers/writer.ts REMOTE ID TXS [CACHE_DIR|-] [forever]
 * Each transaction increments `counter`, writes `log/<new counter>` and `w/<ID>/<n>`.
 * With `forever` it loops until killed.
 */
import { gitDriver } from '../../../framework/store/drivers/git.ts';
import { createStore } from '../../../framework/store/store.ts';

const [remote, id, txs, cacheDir, forever] = process.argv.slice(2);
const store = createStore(gitDriver({ remote: remote!, ...(cacheDir && cacheDir !== '-' ? { cacheDir } : {}) }));
for (let i = 0; forever === 'forever' || i < Number(txs); i++) {
  await store.transaction(
    async (tx) => {
      const n = Number((await tx.get('counter')) ?? '0') + 1;
      tx.set('counter', String(n));
      tx.set(`log/${String(n).padStart(6, '0')}`, `${id}:${i}`);
      tx.set(`w/${id}/${i}`, String(n));
    },
    { retries: 200 },
  );
}
await store.close();
