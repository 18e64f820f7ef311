/**
 * @module The page's CSS. Applied as a constructed stylesheet: the CSP allows no inline styles, and
 * this needs no extra file in the Pages build.
 */

const css = `
:root { color-scheme: light dark; --fg: #1d2430; --muted: #5d6778; --bg: #f6f7f9; --card: #fff; --line: #dde1e8;
  --accent: #2456c7; --accent-fg: #fff; --danger: #b3261e; --ok: #1e7a3c; --star: #8a5a00; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
@media (prefers-color-scheme: dark) { :root { --fg: #e4e7ee; --muted: #9aa3b4; --bg: #14171d; --card: #1c2028; --line: #2c323d; --accent: #7ea2ff; --accent-fg: #0b1020; --danger: #ff8a80; --ok: #7ddc98; --star: #ffc857; } }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; background: var(--bg); color: var(--fg); }
button { font: inherit; border: 1px solid var(--accent); background: var(--accent); color: var(--accent-fg); border-radius: 6px; padding: .3em .8em; cursor: pointer; }
button.quiet { background: transparent; color: var(--accent); }
button.danger { background: transparent; color: var(--danger); border-color: var(--danger); }
button:disabled { opacity: .5; cursor: default; pointer-events: none; }
.item.pending .item-actions button { font-style: italic; }
.pending-mark, .pending-count { color: var(--muted, #666); font-size: .85em; }
input { font: inherit; padding: .35em .6em; border: 1px solid var(--line); border-radius: 6px; background: var(--card); color: var(--fg); width: 100%; }
.bar { display: flex; align-items: center; gap: 1rem; padding: .6rem 1.2rem; background: var(--card); border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 1; }
.bar h1 { font-size: 1.15rem; margin: 0; }
.status { flex: 1; margin: 0; color: var(--muted); font-size: .9rem; display: flex; align-items: center; gap: .5em; }
.status.error { color: var(--danger); } .status.ok { color: var(--ok); }
.status-action { font-size: .85rem; padding: .05em .6em; }
.spinner { width: 1em; height: 1em; border: 2px solid var(--line); border-top-color: var(--accent); border-radius: 50%; animation: spin .8s linear infinite; }
@keyframes spin { to { transform: rotate(360deg); } }
.toolbar { display: flex; gap: .5rem; }
.unlock { max-width: 26rem; margin: 4rem auto; padding: 1.5rem; background: var(--card); border: 1px solid var(--line); border-radius: 10px; display: grid; gap: .6rem; }
.unlock h2 { margin: 0; } .unlock p { margin: 0; color: var(--muted); }
.error { color: var(--danger); margin: 0; }
.app { display: grid; grid-template-columns: minmax(14rem, 18rem) 1fr; gap: 1.2rem; padding: 1.2rem; max-width: 72rem; margin: 0 auto; }
@media (max-width: 700px) { .app { grid-template-columns: 1fr; } }
.feeds ul { list-style: none; margin: 0 0 .4rem; padding: 0; display: grid; gap: .2rem; }
.feed { width: 100%; display: flex; align-items: center; gap: .5rem; text-align: left; background: transparent; color: var(--fg); border-color: transparent; }
.feed:hover { background: var(--card); }
.feed.selected { background: var(--card); border-color: var(--line); font-weight: 600; }
.feed-title { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.feed-error { color: var(--danger); font-weight: 700; }
.count { min-width: 1.8em; text-align: center; border-radius: 999px; background: var(--accent); color: var(--accent-fg); font-size: .8rem; padding: 0 .4em; }
.count.zero { background: var(--line); color: var(--muted); }
.add-feed { display: grid; gap: .4rem; padding-top: .8rem; border-top: 1px solid var(--line); }
.add-feed label { font-size: .9rem; color: var(--muted); }
.items-head { display: flex; align-items: baseline; gap: 1rem; flex-wrap: wrap; }
.items-head h2 { flex: 1 1 12rem; margin: 0 0 .6rem; font-size: 1.3rem; overflow-wrap: break-word; }
.to-feeds { display: none; }
.feed-actions { display: flex; gap: .5rem; }
.item-list { list-style: none; padding: 0; margin: 0; display: grid; gap: .4rem; }
.item { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .45rem .8rem; position: relative; }
.item.unread { border-left: 4px solid var(--accent); }
.item.read { color: var(--muted); }
.item-title { margin: 0; font-size: 1rem; line-height: 1.35; overflow-wrap: break-word; }
.item.read .item-title { font-weight: 500; }
.item-title a { color: inherit; text-decoration: none; } .item-title a:hover { text-decoration: underline; color: var(--accent); }
.item-line { display: flex; flex-wrap: wrap; align-items: center; gap: .2rem .8rem; }
.item-line .item-meta { flex: 1 1 12rem; margin: 0; }
.item-meta { margin: .1rem 0 0; color: var(--muted); font-size: .85rem; }
/* Compact: two lines of summary, actions on the meta line; the link opens the rest. */
.item-summary { margin: .15rem 0 0; overflow-wrap: break-word; font-size: .92rem; line-height: 1.4; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
.item-media { display: grid; gap: .4rem; margin-top: .5rem; }
.enclosure { display: flex; flex-wrap: wrap; align-items: center; gap: .3rem .8rem; }
.player.audio { width: min(100%, 24rem); height: 2.2rem; }
.player.video { width: 100%; max-height: 22rem; background: #000; border-radius: 6px; }
.download { font-size: .85rem; color: var(--accent); }
.item-actions { display: flex; gap: .4rem; }
.item-actions button { font-size: .8rem; padding: .05em .6em; }
.star.on { color: var(--star); border-color: var(--star); }
.item.cursor { outline: 2px solid var(--accent); outline-offset: 2px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.toolbar input[type=search] { width: 14rem; }
.bar { flex-wrap: wrap; }
@media (max-width: 700px) {
  .bar { gap: .4rem .8rem; padding: .5rem .8rem; }
  .bar h1 { white-space: nowrap; }
  .toolbar { flex-basis: 100%; min-width: 0; }
  .toolbar input[type=search] { width: auto; flex: 1; min-width: 5rem; }
  .app { padding: .8rem; }
  /* A phone shows the items first; the feed list (and the add form) is one tap away. */
  .items { order: -1; }
  .to-feeds { display: inline-block; font-size: .9rem; color: var(--accent); }
  .feeds { border-top: 1px solid var(--line); padding-top: .8rem; scroll-margin-top: 6rem; }
  .items-head h2 { scroll-margin-top: 6rem; }
  .items-head { gap: .2rem .8rem; }
  .items-head h2 { margin: 0; }
  .items .feed-panel { margin: .2rem 0 .6rem; }
  .feed-panel .feed-info { margin: 0; }
  .feed-actions { flex-wrap: wrap; gap: .4rem; }
  .feed-actions button { white-space: nowrap; font-size: .85rem; padding: .15em .7em; }
}
.folder-name { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: .6rem 0 .2rem .3rem; }
.feed-list { list-style: none; margin: 0 0 .4rem; padding: 0; display: grid; gap: .2rem; }
.opml { display: grid; gap: .4rem; padding-top: .8rem; margin-top: .8rem; border-top: 1px solid var(--line); font-size: .9rem; }
.opml input[type=file] { font-size: .8rem; }
.file-label, .check { color: var(--muted); font-size: .9rem; }
.check { display: inline-flex; align-items: center; gap: .3em; }
.check input { width: auto; }
.feed-panel { margin: -.4rem 0 .8rem; display: grid; gap: .3rem; }
dialog { background: var(--card); color: var(--fg); border: 1px solid var(--line); border-radius: 10px; max-width: 24rem; }
dialog dl { display: grid; grid-template-columns: auto 1fr; gap: .3rem 1rem; }
dialog dt { font-family: ui-monospace, monospace; font-weight: 700; } dialog dd { margin: 0; }
.feed-info { margin: -.4rem 0 .6rem; } .feed-info a { color: var(--muted); }
.empty { color: var(--muted); padding: 2rem; text-align: center; }
`;

/** Adopts the stylesheet into the document (once). */
export function applyStyles(doc: Document = document): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
}
