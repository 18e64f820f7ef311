/** @module `star`: save an item for later (starred items survive pruning), or unstar it. */
import { defineJob, trigger } from 'gfa';
import { indexed } from '../lib/feed-index.ts';
import { starInput } from '../lib/schemas.ts';
import { GfaError } from '../lib/errors.ts';
import { getItems, getMeta, getStarred, keys, putJson, type Kv } from '../lib/store.ts';

/** Input of `star`. */
export interface StarInput {
  feedId: string;
  itemId: string;
  starred: boolean;
}

/** Adds the item to `starred.json` or takes it out. */
export async function star(kv: Kv, input: StarInput): Promise<{ feedId: string; itemId: string; starred: boolean }> {
  if (!(await getMeta(kv, input.feedId))) throw new GfaError('E_NOT_FOUND', `no feed with id ${input.feedId}; it may have been removed (reload the page)`);
  const items = await getItems(kv, input.feedId);
  if (!items.some((it) => it.id === input.itemId)) throw new GfaError('E_NOT_FOUND', `no item ${input.itemId} in that feed; it may have been pruned (reload the page)`);
  const before = await getStarred(kv, input.feedId);
  const set = new Set(before);
  if (input.starred) set.add(input.itemId);
  else set.delete(input.itemId);
  const next = items.map((it) => it.id).filter((id) => set.has(id));
  if (next.join() !== before.join()) await putJson(kv, keys.starred(input.feedId), next);
  return { ...input };
}

/** The `star` job. In its own file, so its bundle carries only its code; `index.json` follows what it changed. */
export default defineJob({
  on: [trigger({ input: starInput })],
  run: (ctx) => indexed(ctx.kv, star(ctx.kv, ctx.input), (o) => [o.feedId]),
});
