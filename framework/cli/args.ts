/** Options shared by several commands. Help text names the environment variable each one defaults to. */
import type { OptionSpec } from './command.ts';

/** Where the data branch lives. */
export const storeArgs = {
  remote: { type: 'string', valueName: 'URL', description: 'git remote of the data branch: a path, file://, or http(s):// URL (env GFA_REMOTE)' },
  branch: { type: 'string', valueName: 'NAME', description: 'data branch name (env GFA_BRANCH, default "data")' },
  history: { type: 'string', valueName: 'MODE', description: 'squash (default: one root commit, force-pushed) or keep (linear history) (env GFA_HISTORY)' },
} satisfies Record<string, OptionSpec>;
