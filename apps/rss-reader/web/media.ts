/**
 * @module An item's enclosures: a play control for audio and video, and a download link for every one.
 * Players load nothing until pressed (`preload="none"`), so listing a podcast costs no request to its
 * host; the page's CSP allows media from https hosts (gfa.config.ts `pages.media`), so the control is
 * only made for https URLs; others get the link alone.
 */
import type { Enclosure } from '../lib/types.ts';
import { el, link } from './dom.ts';

const AUDIO_EXT = /\.(mp3|m4a|aac|oga|ogg|opus|wav|flac)$/i;
const VIDEO_EXT = /\.(mp4|m4v|webm|mov|ogv)$/i;

/** `audio`, `video`, or undefined for anything else, by MIME type or, without one, by file extension. */
export function mediaKind(e: Enclosure): 'audio' | 'video' | undefined {
  if (e.type?.startsWith('audio/')) return 'audio';
  if (e.type?.startsWith('video/')) return 'video';
  if (e.type) return undefined;
  const path = new URL(e.url).pathname;
  return AUDIO_EXT.test(path) ? 'audio' : VIDEO_EXT.test(path) ? 'video' : undefined;
}

/** "12.3 MB", "850 KB". */
function size(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} KB`;
}

/** What the download link says: "Download audio (MP3, 12.3 MB)". */
export function downloadLabel(e: Enclosure): string {
  const kind = mediaKind(e) ?? 'file';
  const ext = /\.([a-z0-9]{1,5})$/i.exec(new URL(e.url).pathname)?.[1]?.toUpperCase();
  const parts = [ext, e.length ? size(e.length) : undefined].filter(Boolean);
  return `Download ${kind}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/** The enclosures block of one item, or undefined when it has none. */
export function renderEnclosures(enclosures: Enclosure[] | undefined, title: string): HTMLElement | undefined {
  if (!enclosures?.length) return undefined;
  return el(
    'div',
    'item-media',
    ...enclosures.map((e) => {
      const kind = mediaKind(e);
      let player: HTMLMediaElement | undefined;
      if (kind && e.url.startsWith('https:')) {
        player = el(kind, `player ${kind}`);
        player.controls = true;
        player.preload = 'none';
        player.src = e.url;
        player.setAttribute('aria-label', `Play: ${title}`);
        if (player instanceof HTMLVideoElement) player.playsInline = true;
      }
      const download = link(e.url, downloadLabel(e), 'download');
      download.setAttribute('download', '');
      return el('div', 'enclosure', player, download);
    }),
  );
}
