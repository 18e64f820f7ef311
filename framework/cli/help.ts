/** Help text for `gfa --help` and `gfa <command> --help`. */
import type { Command } from './command.ts';

/** Formats help for the whole CLI (`path` empty), a command, or a command with sub-commands (`listing`: name → description). */
export function formatHelp(path: string, cmd: Command | undefined, listing?: Record<string, string>): string {
  const out: string[] = [];
  if (!cmd) {
    out.push('gfa: Git Forge Apps. Apps that live in one git repository and run on the forge.', '', 'Usage: gfa <command> [options]', '');
  } else {
    out.push(`Usage: gfa ${cmd.usage}`, '', cmd.description ?? '');
    if (cmd.help) out.push('', cmd.help.trimEnd());
    out.push('');
  }
  if (listing) {
    out.push('Commands:');
    const entries = Object.entries(listing);
    const width = Math.max(...entries.map(([n]) => `${path} ${n}`.trim().length));
    for (const [name, description] of entries) out.push(`  ${`${path} ${name}`.trim().padEnd(width)}  ${description}`);
    out.push('');
  }
  const options = Object.entries(cmd?.options ?? {});
  if (options.length > 0) {
    out.push('Options:');
    const labels = options.map(([name, o]) => `--${name}${o.short ? `, -${o.short}` : ''}${o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : ''}`);
    const width = Math.max(...labels.map((l) => l.length));
    options.forEach(([, o], i) => out.push(`  ${labels[i]!.padEnd(width)}  ${o.description}`));
    out.push('');
  }
  if (!cmd) out.push('Options:', '  --help, -h     this text (gfa <command> --help: the options of one command)', '  --version, -v  the version of gfa', '');
  out.push(cmd ? `Run gfa --help for all commands. GFA_DEBUG=1 prints stack traces.` : 'Run gfa <command> --help for the options of one command. GFA_DEBUG=1 prints stack traces.');
  return `${out.join('\n')}\n`;
}

/** Name → description of sub-commands, loading each. */
export async function describe(table: Record<string, () => Promise<Command>>): Promise<Record<string, string>> {
  const entries = await Promise.all(Object.entries(table).map(async ([name, load]) => [name, (await load()).description ?? ''] as const));
  return Object.fromEntries(entries);
}
