/**
 * Where a cache keeps the objects it fetched and made: loose files in a bare repository (a cache
 * directory shared by processes, or one `git` itself must read), or memory (a store's own temporary
 * cache with an in-process transport: nothing to create on disk, nothing to remove).
 */
import type { GitObject } from './catfile.ts';
import { readLooseObject, storeObject } from './objects.ts';

/** Objects by sha. Objects are immutable: a put of a present sha changes nothing. */
export interface ObjectStore {
  get(sha: string): Promise<GitObject | undefined>;
  put(sha: string, type: string, data: Uint8Array): Promise<void>;
}

/** Loose objects of the bare repository `gitDir`. */
export function looseObjects(gitDir: string): ObjectStore {
  return {
    get: (sha) => readLooseObject(gitDir, sha),
    put: (sha, type, data) => storeObject(gitDir, sha, type, data),
  };
}

/**
 * Objects in memory, least recently used dropped beyond `maxBytes` (a dropped object is fetched
 * again when needed; a transaction's new objects travel in its own list, not only here).
 */
export function memoryObjects(maxBytes = 64 * 1024 * 1024): ObjectStore {
  const objects = new Map<string, GitObject>();
  let bytes = 0;
  return {
    async get(sha) {
      const hit = objects.get(sha);
      if (hit) {
        objects.delete(sha);
        objects.set(sha, hit);
      }
      return hit;
    },
    async put(sha, type, data) {
      if (objects.has(sha)) return;
      objects.set(sha, { type, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) });
      bytes += data.byteLength;
      for (const [old, obj] of objects) {
        if (bytes <= maxBytes || old === sha) break;
        objects.delete(old);
        bytes -= obj.data.byteLength;
      }
    },
  };
}
