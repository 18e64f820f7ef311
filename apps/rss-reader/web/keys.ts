/** @module Keyboard shortcuts: j/k next/previous, o open, m toggle read, s star, r refresh, / search, ? the list. */

/** What the shortcuts do. */
export interface ShortcutActions {
  /** False while the page is locked: no shortcut then. */
  active(): boolean;
  move(step: 1 | -1): void;
  open(): void;
  toggleRead(): void;
  toggleStar(): void;
  refresh(): void;
  search(): void;
  help(): void;
}

/** Listens on the document; keys typed into fields, and keys with Ctrl/Alt/Meta, are left alone. */
export function bindShortcuts(a: ShortcutActions, doc: Document = document): void {
  doc.addEventListener('keydown', (e) => {
    if (!a.active() || e.ctrlKey || e.altKey || e.metaKey) return;
    const target = e.target as HTMLElement | null;
    if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
    if (doc.querySelector('dialog[open]')) return;
    const map: Record<string, () => void> = {
      j: () => a.move(1),
      k: () => a.move(-1),
      o: a.open,
      m: a.toggleRead,
      s: a.toggleStar,
      r: a.refresh,
      '/': a.search,
      '?': a.help,
    };
    const run = map[e.key];
    if (!run) return;
    e.preventDefault();
    run();
  });
}
