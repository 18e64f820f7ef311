/** YAML text for generated files: stable key order (as built), a header comment, pins commented. */
import { Document, visit } from 'yaml';
import { HEADER } from './model.ts';
import { CHECKOUT, DEPLOY_PAGES, UPLOAD_PAGES, uses } from './pins.ts';

const PIN_TAGS = new Map([CHECKOUT, UPLOAD_PAGES, DEPLOY_PAGES].map((p) => [uses(p), p.tag]));

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
