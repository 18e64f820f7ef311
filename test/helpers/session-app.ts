/** The rss-reader with sessions on, for the session tests and bench (issue 24): the one line a user adds to gfa.config.ts. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Adds `session: { idleSeconds, maxSeconds }` to the rss-reader copy at `appDir`. */
export function withSession(appDir: string, idleSeconds: number, maxSeconds: number): void {
  const file = join(appDir, 'gfa.config.ts');
  const text = readFileSync(file, 'utf8');
  const anchor = "  name: 'rss-reader',\n";
  if (!text.includes(anchor)) throw new Error('the rss-reader config changed: update test/helpers/session-app.ts');
  writeFileSync(file, text.replace(anchor, `${anchor}  session: { idleSeconds: ${idleSeconds}, maxSeconds: ${maxSeconds} },\n`));
}
