/**
 * @module The fenced block a join or a signed request travels in, inside an issue or comment body
 * (issue 26): a line ```` ```gfa-join ```` or ```` ```gfa-request ````, one JSON object, a closing
 * ```` ``` ````. A body is hostile input: it is size-capped before any search, it may hold one gfa
 * block only, the block's text is capped by kind, and its JSON must be one object. Errors are one line
 * and never echo the body. Browser-safe (the page writes blocks with {@link formatBlock}).
 */
import { GfaError } from '../errors.ts';
import { MAX_INPUT_BYTES } from '../contract.ts';

/** What a block carries. */
export type BlockKind = 'join' | 'request';

/**
 * The longest body searched for a block, in UTF-16 units: GitHub caps a comment at 65,536 characters
 * and GitLab a note at 1,000,000; a signed request's input is capped at {@link MAX_INPUT_BYTES}, so a
 * body that holds a block and is longer than this is refused unread.
 */
export const MAX_BODY_CHARS = 4 * MAX_INPUT_BYTES;

/** The most a block's JSON may be, per kind (bytes of UTF-8): a join card is small; a request carries the input. */
export const MAX_BLOCK_BYTES: Readonly<Record<BlockKind, number>> = { join: 2048, request: MAX_INPUT_BYTES + 2048 };

/** The opening fence's prefix; a body with none at a line start holds no block. */
const OPEN = /^[ \t]{0,3}```gfa-/gm;
const HAS_OPEN = new RegExp(OPEN.source, 'm');

/**
 * The one gfa block in `body`, parsed; undefined when the body holds none (the event is then the
 * app's). Throws one-line `E_INPUT` for a body that holds a block that cannot be read.
 */
export function findBlock(body: string): { kind: BlockKind; value: Record<string, unknown> } | undefined {
  if (!HAS_OPEN.test(body)) return undefined;
  if (body.length > MAX_BODY_CHARS) throw new GfaError('E_INPUT', `the text is longer than ${MAX_BODY_CHARS} characters; a gfa block travels in a short comment`);
  const starts = [...body.matchAll(OPEN)].map((m) => m.index);
  if (starts.length > 1) throw new GfaError('E_INPUT', 'the text holds more than one gfa block; post one per comment');
  const start = starts[0]!;
  const lineEnd = body.indexOf('\n', start);
  const opening = body.slice(start, lineEnd === -1 ? body.length : lineEnd).trim();
  const kind = opening === '```gfa-join' ? 'join' : opening === '```gfa-request' ? 'request' : undefined;
  if (kind === undefined) throw new GfaError('E_INPUT', 'a gfa block opens with ```gfa-join or ```gfa-request on a line of its own');
  const close = lineEnd === -1 ? -1 : body.slice(lineEnd + 1).search(/^[ \t]{0,3}```[ \t]*\r?$/m);
  if (close === -1) throw new GfaError('E_INPUT', `the gfa-${kind} block has no closing \`\`\` line`);
  const text = body.slice(lineEnd + 1, lineEnd + 1 + close);
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_BLOCK_BYTES[kind]) throw new GfaError('E_INPUT_TOO_LARGE', `the gfa-${kind} block is ${bytes} bytes; the limit is ${MAX_BLOCK_BYTES[kind]}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new GfaError('E_INPUT', `the gfa-${kind} block is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new GfaError('E_INPUT', `the gfa-${kind} block must hold one JSON object`);
  return { kind, value: value as Record<string, unknown> };
}

/** The block's text for a comment body: the fence, the JSON on one line, the closing fence. */
export function formatBlock(kind: BlockKind, value: unknown): string {
  return `\`\`\`gfa-${kind}\n${JSON.stringify(value)}\n\`\`\`\n`;
}
