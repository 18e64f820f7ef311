/**
 * `gfa migrate [APP_DIR] --from github --repo OWNER/NAME --to gitlab --repo GROUP/NAME [--finish]` (and the
 * reverse): each `--repo` belongs to the `--from` or `--to` before it.
 */
import { GfaError } from '../../errors.ts';
import { defineCommand } from '../command.ts';
import { confirm, deployKdf, loadManifest, readSecretFile, resolvePassphrase } from '../forge-args.ts';

const USAGE = 'gfa migrate [APP_DIR] --from github --repo OWNER/NAME --to gitlab --repo GROUP/NAME';

/** `--from F --repo A --to G --repo B`, in any order of the two pairs. */
function pairs(options: { name: string; value?: string }[]): { from: { forge?: string; repo?: string }; to: { forge?: string; repo?: string } } {
  const sides = { from: {} as { forge?: string; repo?: string }, to: {} as { forge?: string; repo?: string } };
  let side: 'from' | 'to' | undefined;
  for (const o of options) {
    if (o.name === 'from' || o.name === 'to') {
      if (sides[o.name].forge !== undefined) throw new GfaError('E_USAGE', `--${o.name} is given twice; see gfa migrate --help`);
      side = o.name;
      sides[side].forge = o.value;
    } else if (o.name === 'repo') {
      if (!side) throw new GfaError('E_USAGE', `--repo must follow --from FORGE or --to FORGE: ${USAGE}`);
      if (sides[side].repo !== undefined) throw new GfaError('E_USAGE', `--${side} ${sides[side].forge} has two --repo; give --to FORGE before the target's --repo`);
      sides[side].repo = o.value;
    }
  }
  return sides;
}

// Not `export default defineCommand(...)`: see deploy.ts.
const command = defineCommand({
  usage: 'migrate [APP_DIR] --from github --repo OWNER/NAME --to gitlab --repo GROUP/NAME [--finish] [--passphrase-file FILE] [--dispatch-token-file FILE] [--yes]',
  help: [
    'Also the reverse: migrate [APP_DIR] --from gitlab --repo GROUP/NAME --to github --repo OWNER/NAME --dispatch-token-file FILE',
    '',
    'Moves the app to another repository, step by step, each step reading first and writing only what is missing:',
    "  1. opens the source's .gfa/keys.json with the owner passphrase: its data key becomes the target's;",
    '  2. copies the data branch as it is (the same commits, so the same signed heads) with git, from the',
    "     source's git over HTTPS to the target's, and checks the copy: the head's MAC verifies under the data",
    '     key and every value opens. A target branch that is not the copy gfa made is never overwritten;',
    '  3. deploys the target as gfa deploy does (the target must already hold the built app: git push it first);',
    "  4. turns the target's schedules on (GitHub: the scheduled jobs' workflows enabled; GitLab: gfa's",
    '     pipeline schedules, made by deploy).',
    'The source keeps working until you run the same command with --finish, which also turns the source\'s',
    "schedules off (GitHub: disables the scheduled jobs' workflows; GitLab: deactivates gfa's pipeline",
    'schedules) and says so. An interrupted run is finished by running it again; a run with nothing left',
    'to do says "nothing to do" and sends no write. Progress goes to stderr; the Pages URL to stdout.',
    'Tokens: GITHUB_TOKEN or GH_TOKEN (with GITHUB_API_URL for GitHub Enterprise Server) and GITLAB_TOKEN',
    '(with GITLAB_URL, default https://gitlab.com), each with the rights gfa deploy needs, Actions: write on GitHub.',
    'An existing GFA_SECRET_KEY on the target cannot always be read back (GitHub secrets, hidden GitLab',
    "variables): if the target has one from another app, delete it first, or the target's jobs cannot open the data.",
  ].join('\n'),
  options: {
    from: { type: 'string', valueName: 'FORGE', description: 'the forge the app is on now: github or gitlab, followed by its --repo' },
    to: { type: 'string', valueName: 'FORGE', description: 'the forge to move it to: github or gitlab, followed by its --repo' },
    repo: { type: 'string', multiple: true, valueName: 'REPO', description: 'after --from or --to: OWNER/NAME on GitHub, the project path GROUP[/SUBGROUP…]/NAME on GitLab' },
    finish: { type: 'boolean', description: "also turn the source's schedules off (after checking the target works)" },
    'passphrase-file': { type: 'string', valueName: 'FILE', description: "owner passphrase of the source's keys file (env GFA_PASSPHRASE; else asked on a terminal)" },
    'dispatch-token-file': { type: 'string', valueName: 'FILE', description: "GitHub target only: the browser credential (env GFA_DISPATCH_TOKEN; default: the one in the target's .gfa/keys.json)" },
    yes: { type: 'boolean', description: 'do not ask before changing the repositories (only asked on a terminal)' },
    'weak-passphrase': { type: 'boolean', description: 'accept a passphrase that the strength estimate calls easy to guess (as gfa deploy)' },
  },
  async run({ values, positionals, options }) {
    if (positionals.length > 1) throw new GfaError('E_USAGE', 'gfa migrate takes one APP_DIR; see gfa migrate --help');
    const { checkPair, label } = await import('../../migrate/targets.ts');
    const given = pairs(options ?? []);
    const { from, to } = checkPair(given.from, given.to);
    const appDir = positionals[0] ?? '.';
    const env = process.env;
    const tokenFile = values['dispatch-token-file'];
    if (tokenFile && to.forge !== 'github') throw new GfaError('E_USAGE', `--dispatch-token-file is for a GitHub target only; on ${to.forge} deploy makes the trigger token itself`);
    const manifest = await loadManifest(appDir);
    const { openForge } = await import('../../forge/open.ts');
    // Both forges first: a missing token or a malformed --repo fails before any question or request.
    const source = await openForge(from, env, { branch: manifest.store.branch });
    const target = await openForge(to, env, { branch: manifest.store.branch });
    const finish = values.finish === true;
    if (values.yes !== true && !(await confirm(`Move ${manifest.name} from ${label(from)} to ${label(to)}${finish ? ` and turn ${label(from)}'s schedules off` : ''}?`))) {
      throw new GfaError('E_USAGE', 'migrate cancelled; nothing was changed');
    }
    const passphrase = (await resolvePassphrase(values['passphrase-file'], env, true, false))!;
    const { checkPassphraseStrength } = await import('../../crypto/passphrase-strength.ts');
    await checkPassphraseStrength(passphrase, { allowWeak: values['weak-passphrase'] === true, userInputs: [manifest.name, ...to.repo.split('/')] });
    const dispatchToken = to.forge !== 'github' ? undefined : tokenFile ? await readSecretFile(tokenFile, 'the dispatch token') : env.GFA_DISPATCH_TOKEN || undefined;
    const progress = (line: string): void => void process.stderr.write(`migrate: ${line}\n`);
    const { migrate } = await import('../../migrate/migrate.ts');
    const report = await migrate({ appDir, manifest, source, target, passphrase, dispatchToken, finish, kdf: deployKdf(), progress });
    const counts = `${report.writes} write request${report.writes === 1 ? '' : 's'}, ${report.pushes} git push${report.pushes === 1 ? '' : 'es'}`;
    progress(report.writes + report.pushes === 0 ? `nothing to do (${counts})` : `done (${counts})`);
    if (report.pagesUrl) process.stdout.write(`${report.pagesUrl}\n`);
    return 0;
  },
});

export default command;
