/** @module `update-feed`: rename a feed or move it to a folder. */
import { defineJob, trigger } from 'gfa';
import { indexed } from '../lib/feed-index.ts';
import { updateFeedInput } from '../lib/schemas.ts';
import { GfaError } from '../lib/errors.ts';
import { getMeta, keys, putJson, type Kv } from '../lib/store.ts';
import { displayTitle } from '../lib/types.ts';

/** Input of `update-feed`: an empty `title` goes back to the feed's own title; an empty `folder` takes it out of its folder. */
export interface UpdateFeedInput {
  feedId: string;
  title?: string;
  folder?: string;
}

/** Sets the owner's name and/or folder of a feed. */
export async function updateFeed(kv: Kv, input: UpdateFeedInput): Promise<{ feedId: string; title: string; folder?: string }> {
  const meta = await getMeta(kv, input.feedId);
  if (!meta) throw new GfaError('E_NOT_FOUND', `no feed with id ${input.feedId}; it may have been removed (reload the page)`);
  const next = { ...meta };
  if (input.title !== undefined) {
    if (input.title === '' || input.title === meta.title) delete next.name;
    else next.name = input.title;
  }
  if (input.folder !== undefined) {
    if (input.folder === '') delete next.folder;
    else next.folder = input.folder;
  }
  await putJson(kv, keys.meta(meta.id), next);
  return { feedId: meta.id, title: displayTitle(next), ...(next.folder ? { folder: next.folder } : {}) };
}

/** The `update-feed` job. In its own file, so its bundle carries only its code; `index.json` follows what it changed. */
export default defineJob({
  on: [trigger({ input: updateFeedInput })],
  run: (ctx) => indexed(ctx.kv, updateFeed(ctx.kv, ctx.input), (o) => [o.feedId]),
});
