/**
 * The outbox's copy in localStorage, so pending requests survive a reload: sealed with the store's
 * envelope (XChaCha20-Poly1305) under a key derived from the trigger credential (SHA-256 of a label and
 * the credential), which the page holds only unlocked and in memory. Nothing readable is stored: a
 * same-origin page or a look at the profile sees only ciphertext and its length.
 */
import type { PendingRequest } from './outbox.ts';
import { localStore } from './storage.ts';

const PREFIX = 'gfa:outbox:';
const PATH = 'gfa/outbox';

const storage = localStore;

async function keyFor(credential: string): Promise<Uint8Array> {
  const bytes = new TextEncoder().encode(`gfa outbox v1\0${credential}`);
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
}

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** Saves (or, when empty, removes) the pending requests of `slot`. */
export async function savePending(slot: string, credential: string, pending: PendingRequest[]): Promise<void> {
  const s = storage();
  if (!s) return;
  if (pending.length === 0) {
    s.removeItem(PREFIX + slot);
    return;
  }
  const { sealValue } = await import('../crypto/envelope.ts');
  const plain = new TextEncoder().encode(JSON.stringify(pending.map(({ job, requestId, input }) => ({ job, requestId, input }))));
  try {
    s.setItem(PREFIX + slot, toBase64(await sealValue(await keyFor(credential), PATH, plain)));
  } catch {
    // full or disabled: the requests are still in memory
  }
}

/** The pending requests saved for `slot`, or [] (none, not ours, or not readable with this credential). */
export async function loadPending(slot: string, credential: string): Promise<Pick<PendingRequest, 'job' | 'requestId' | 'input'>[]> {
  const text = storage()?.getItem(PREFIX + slot);
  if (!text) return [];
  try {
    const { openValue } = await import('../crypto/envelope.ts');
    const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    const list = JSON.parse(new TextDecoder().decode(await openValue([await keyFor(credential)], PATH, bytes))) as unknown;
    return Array.isArray(list) ? list.filter((e): e is PendingRequest => typeof e?.job === 'string' && typeof e?.requestId === 'string') : [];
  } catch {
    return [];
  }
}
