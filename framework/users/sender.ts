/**
 * @module Who wrote the text of an issue or comment event, as the forge's numeric user id, and the
 * text (issue 26). The id is the identity: logins can change, ids do not, so a login is never taken
 * for one. The sender must be the text's author: a maintainer editing a stranger's comment sends an
 * `edited` event whose text is the stranger's, and binding it to the maintainer would be wrong.
 * - GitHub (`issues`, `issue_comment`): `sender.id`, and `issue.user.id` / `comment.user.id` with
 *   `issue.body` / `comment.body` (docs.github.com "Webhook events and payloads").
 * - GitLab (issue and note hooks, `object_kind` `issue` / `note`): `user.id` (who triggered the hook),
 *   and `object_attributes.author_id` with `object_attributes.description` / `.note`
 *   (docs.gitlab.com "Webhook events"; see framework/forge/FACTS.md).
 * Browser-safe.
 */
import { GfaError } from '../errors.ts';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});

/** The author's id and the text of an event; undefined when the event carries no text of an issue or comment. */
export interface AuthoredText {
  /** The numeric forge user id, as decimal text. */
  user: string;
  body: string;
}

function where(event: string, payload: Obj): { body: unknown; author: unknown; sender: unknown; field: string } | undefined {
  if (typeof payload.object_kind === 'string') {
    const attrs = obj(payload.object_attributes);
    const sender = obj(payload.user).id;
    if (payload.object_kind === 'note') return { body: attrs.note, author: attrs.author_id, sender, field: 'user.id' };
    if (payload.object_kind === 'issue') return { body: attrs.description, author: attrs.author_id, sender, field: 'user.id' };
    return undefined;
  }
  const sender = obj(payload.sender).id;
  if (event === 'issue_comment') { const c = obj(payload.comment); return { body: c.body, author: obj(c.user).id, sender, field: 'sender.id' }; }
  if (event === 'issues') { const i = obj(payload.issue); return { body: i.body, author: obj(i.user).id, sender, field: 'sender.id' }; }
  return undefined;
}

const numericId = (v: unknown): string | undefined => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? String(v) : undefined);

/** The text's body, or undefined when the event has none (no issue or comment text). */
export function eventBody(event: string, payload: unknown): string | undefined {
  const w = where(event, obj(payload));
  return w && typeof w.body === 'string' ? w.body : undefined;
}

/**
 * The author's numeric id and the text. Throws one-line `E_UNTRUSTED` when the event names no numeric
 * id (a login or nothing) or its sender is not the text's author.
 */
export function authoredText(event: string, payload: unknown): AuthoredText | undefined {
  const w = where(event, obj(payload));
  if (!w || typeof w.body !== 'string') return undefined;
  const sender = numericId(w.sender);
  if (sender === undefined) throw new GfaError('E_UNTRUSTED', `the event names no numeric user id (${w.field}); a user is known by the forge's id, never a login`);
  if (numericId(w.author) !== sender) throw new GfaError('E_UNTRUSTED', `user ${sender} sent the event but did not write its text (an edit by someone else); only the author's own text is read`);
  return { user: sender, body: w.body };
}
