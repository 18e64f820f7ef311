/**
 * @module Building DOM nodes from untrusted feed text: text goes in with `textContent` only, links only
 * when http(s). There is no innerHTML anywhere in this page.
 */
import { safeHttpUrl } from '../lib/text.ts';

type Child = Node | string | undefined | false;

/** Creates `<tag class=...>` with text and child nodes appended safely. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const c of children) {
    if (c === undefined || c === false) continue;
    node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return node;
}

/** A link that opens in a new tab without a referrer, or plain text when `href` is not http(s). */
export function link(href: string | undefined, text: string, className?: string): HTMLElement {
  const safe = safeHttpUrl(href);
  if (!safe) return el('span', className, text);
  const a = el('a', className, text);
  a.href = safe;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  return a;
}

/** A button wired to `onClick`. */
export function button(label: string, onClick: () => void, className?: string): HTMLButtonElement {
  const b = el('button', className, label);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

/** `document.getElementById` that fails loudly when the page and the script disagree. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page has no #${id}`);
  return node as T;
}

/** "3 h ago", "2 d ago", or a date. */
export function ago(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '';
  const s = (now - Date.parse(iso)) / 1000;
  if (!Number.isFinite(s)) return '';
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  if (s < 86400 * 14) return `${Math.floor(s / 86400)} d ago`;
  return new Date(iso).toISOString().slice(0, 10);
}
