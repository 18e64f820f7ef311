/**
 * gfa's git client against a second server implementation, JGit 7.8 (the server behind Gerrit), over
 * smart HTTP: `npx tsx test/store/jgit/check.ts`. Not part of `npm test` (it needs Java 17+ and JGit
 * with its dependencies in the local Maven repository, ~/.m2); it fails, never skips, when they are
 * missing. JGit answers a by-id `want` under `filter tree:0` with an empty pack, which the store must
 * survive from the second write on (nested keys, listings, an encrypted store with signed heads).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { generateSecretKey } from '../../../framework/crypto/keys.ts';
import { gitDriver } from '../../../framework/store/drivers/git.ts';
import { openStore } from '../../../framework/store/open.ts';
import { createStore } from '../../../framework/store/store.ts';

const M2 = join(homedir(), '.m2/repository');
const JARS = [
  'org/eclipse/jgit/org.eclipse.jgit/7.8.0.202609011348-r/org.eclipse.jgit-7.8.0.202609011348-r.jar',
  'org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar',
  'com/googlecode/javaewah/JavaEWAH/1.2.3/JavaEWAH-1.2.3.jar',
  'commons-codec/commons-codec/1.17.1/commons-codec-1.17.1.jar',
].map((j) => join(M2, j));
for (const jar of JARS) if (!existsSync(jar)) throw new Error(`missing ${jar}: this check needs JGit 7.8 and its dependencies in ~/.m2`);

const root = mkdtempSync(join(tmpdir(), 'gfa-jgit-'));
const repo = (name: string): string => {
  const dir = join(root, `${name}.git`);
  execFileSync('git', ['init', '-q', '--bare', dir]);
  for (const [k, v] of [['uploadpack.allowFilter', 'true'], ['uploadpack.allowAnySHA1InWant', 'true']]) execFileSync('git', ['-C', dir, 'config', k!, v!]);
  return name;
};
const server = spawn('java', ['-cp', JARS.join(':'), join(import.meta.dirname, 'JGitServer.java'), root], { stdio: ['ignore', 'pipe', 'inherit'] });
try {
  const port = await new Promise<string>((resolve, reject) => {
    server.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
    server.once('exit', (code) => reject(new Error(`the JGit server exited (${code}); is Java 17+ installed?`)));
  });
  const url = (name: string) => `http://127.0.0.1:${port}/${name}.git`;

  // Plain store: three writes, each read back from a fresh cache (nested keys and listings).
  const plain = url(repo('plain'));
  for (let i = 0; i < 3; i++) {
    const w = createStore(gitDriver({ remote: plain }));
    await w.transaction(async (tx) => {
      tx.set('a/b/c', `nested ${i}`);
      tx.set(`list/${i}`, String(i));
    });
    await w.close();
    const r = createStore(gitDriver({ remote: plain }));
    assert.equal(await r.get('a/b/c'), `nested ${i}`);
    assert.deepEqual(await r.list('list/'), Array.from({ length: i + 1 }, (_, k) => `list/${k}`));
    await r.close();
  }
  console.log('ok: plain store, 3 writes, nested reads and listings from fresh caches');

  // Encrypted store with signed heads, a read-modify-write counter.
  const key = await generateSecretKey();
  const sealed = url(repo('sealed'));
  for (let i = 1; i <= 3; i++) {
    const s = await openStore({ remote: sealed, secretKeys: key });
    await s.transaction(async (tx) => tx.set('deep/n', String(Number((await tx.get('deep/n')) ?? '0') + 1)));
    await s.close();
  }
  const s = await openStore({ remote: sealed, secretKeys: key });
  assert.equal(await s.get('deep/n'), '3');
  await s.close();
  const message = execFileSync('git', ['-C', join(root, 'sealed.git'), 'log', '-1', '--format=%B', 'data']).toString();
  assert.match(message, /\ngfa-mac: v1 3 /);
  console.log('ok: encrypted store with signed heads, 3 read-modify-write transactions');
} finally {
  server.kill();
  rmSync(root, { recursive: true, force: true });
}
