/** YAML text for generated files: stable key order (as built), a header comment, pins commented. */
import { Document, visit } from 'yaml';
import { HEADER } from './model.ts';
import { ACTION_PINS, image, NODE_IMAGE, uses } from './pins.ts';

const PIN_TAGS = new Map([...ACTION_PINS.map((p): [string, string] => [uses(p), p.tag]), [image(NODE_IMAGE), `${NODE_IMAGE.name}:${NODE_IMAGE.tag}`]]);

/** Renders one YAML document; `header` lines become leading comments (the first is {@link HEADER}). */
export function renderYaml(value: unknown, header: string[] = [HEADER]): string {
  const doc = new Document(value);
  if (header.length > 0) doc.commentBefore = header.map((l) => ` ${l}`).join('\n');
  visit(doc, {
    Scalar(_key, node) {
      const tag = typeof node.value === 'string' ? PIN_TAGS.get(node.value) : undefined;
      if (tag) node.comment = ` ${tag}`;
    },
  });
  return doc.toString({ lineWidth: 0, indentSeq: true });
}
