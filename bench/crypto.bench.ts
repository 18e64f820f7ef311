/**
 * Envelope cost: bytes added per value, and seal/open throughput of the codec the encrypted driver
 * uses, against the naive per-call API (`sealValue`/`openValue`, which derive subkeys every time)
 * and against bare XChaCha20-Poly1305 with no key id or commitment. Also one MODERATE Argon2id unlock.
 */
import type { Report } from './index.ts';
import { ENVELOPE_OVERHEAD, createEnvelopeCodec, openValue, sealValue } from '../framework/crypto/envelope.ts';
import { generateSecretKey, parseSecretKeys } from '../framework/crypto/keys.ts';
import { unwrapSecrets, wrapSecrets } from '../framework/crypto/passphrase.ts';
import { getSodium } from '../framework/crypto/sodium.ts';

/** Runs `fn` repeatedly for about `ms` milliseconds; returns operations per second. */
async function rate(fn: () => unknown, ms = 400): Promise<number> {
  for (let i = 0; i < 20; i++) await fn();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 16; i++) await fn();
    n += 16;
  }
  return (n * 1000) / (performance.now() - start);
}

export default async function crypto(report: Report): Promise<void> {
  const sodium = await getSodium();
  const key = parseSecretKeys(await generateSecretKey())[0]!;
  const codec = await createEnvelopeCodec([key]);
  report({ name: 'envelope-overhead', value: ENVELOPE_OVERHEAD, unit: 'bytes', bareAead: 24 + 16, breakdown: 'version 1 + key id 8 + commitment 32 + nonce 24 + tag 16' });

  for (const size of [100, 4096, 1024 * 1024]) {
    const plain = sodium.randombytes_buf(size);
    const path = 'feeds/item.json';
    const env = codec.seal(path, plain);
    const ad = new TextEncoder().encode(path);
    const nonce = sodium.randombytes_buf(24);
    const bare = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plain, ad, null, nonce, key);
    const ms = size > 100_000 ? 1000 : 400;
    const seal = await rate(() => codec.seal(path, plain), ms);
    const open = await rate(() => codec.open(path, env), ms);
    const naiveSeal = await rate(() => sealValue(key, path, plain), ms);
    const naiveOpen = await rate(() => openValue([key], path, env), ms);
    const bareSeal = await rate(() => sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plain, ad, null, nonce, key), ms);
    const bareOpen = await rate(() => sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, bare, ad, nonce, key), ms);
    const mbps = (ops: number) => Math.round(((ops * size) / 1e6) * 10) / 10;
    report({ name: `seal-${size}B`, value: Math.round(seal), unit: 'ops/s', bytes: size, MBps: mbps(seal), naiveOpsPerSec: Math.round(naiveSeal), speedupVsNaive: +(seal / naiveSeal).toFixed(2), bareAeadOpsPerSec: Math.round(bareSeal), costVsBareAead: +(bareSeal / seal).toFixed(2) });
    report({ name: `open-${size}B`, value: Math.round(open), unit: 'ops/s', bytes: size, MBps: mbps(open), naiveOpsPerSec: Math.round(naiveOpen), speedupVsNaive: +(open / naiveOpen).toFixed(2), bareAeadOpsPerSec: Math.round(bareOpen), costVsBareAead: +(bareOpen / open).toFixed(2) });
  }

  const file = await wrapSecrets('bench passphrase', { dataKey: 'x' });
  const start = performance.now();
  await unwrapSecrets(file, 'bench passphrase');
  report({ name: 'unlock-argon2id-moderate', value: Math.round(performance.now() - start), unit: 'ms', opslimit: file.kdf.opslimit, memlimit: file.kdf.memlimit });
}
