/**
 * Reads just enough of a GitHub `if:` expression or a GitLab `rules: if:` to tell whether it requires
 * the default branch: the check must be one of the top-level `&&` terms, and no `||` may sit at the
 * top level (where it could let another term run the job on any ref).
 */

const CHECKS = {
  github: ["github.ref==format('refs/heads/{0}',github.event.repository.default_branch)"],
  gitlab: ['$CI_COMMIT_REF_NAME==$CI_DEFAULT_BRANCH', '$CI_COMMIT_BRANCH==$CI_DEFAULT_BRANCH'],
} as const;

/** Splits on `op` outside parentheses and quotes. */
function splitTop(text: string, op: '&&' | '||'): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && text.startsWith(op, i)) {
      parts.push(text.slice(start, i));
      start = i + op.length;
      i += op.length - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Removes parentheses that enclose the whole text (`((a && b))` → `a && b`, but not `(a) && (b)`). */
function unwrap(text: string): string {
  let t = text.trim();
  for (;;) {
    if (!t.startsWith('(') || !t.endsWith(')')) return t;
    let depth = 0;
    for (let i = 0; i < t.length - 1; i++) {
      depth += t[i] === '(' ? 1 : t[i] === ')' ? -1 : 0;
      if (depth === 0) return t; // the first "(" closes before the end
    }
    t = t.slice(1, -1).trim();
  }
}

/** True when `condition` can be true only on the default branch. */
export function checksDefaultBranch(condition: string, forge: 'github' | 'gitlab'): boolean {
  const m = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(condition);
  const expr = unwrap(forge === 'github' && m ? m[1]! : condition);
  if (splitTop(expr, '||').length > 1) return false;
  return splitTop(expr, '&&').some((term) => (CHECKS[forge] as readonly string[]).includes(unwrap(term).replace(/\s+/g, '')));
}
