/**
 * `gfa deploy [APP_DIR] --forge github --repo OWNER/NAME [--passphrase-file FILE] [--dispatch-token-file FILE] [--yes]`
 * `gfa deploy [APP_DIR] --forge gitlab --repo GROUP/NAME [--passphrase-file FILE] [--yes]`
 */
import { GfaError } from '../../errors.ts';
import { defineCommand } from '../command.ts';
import { confirm, deployKdf, loadManifest, readSecretFile, resolvePassphrase, targetArgs } from '../forge-args.ts';

// Not `export default defineCommand(...)`: tsc 5.9 leaves `.ts` in dynamic imports inside an
// `export default <expression>` (test/package/dist.test.ts checks the build).
const command = defineCommand({
  usage: 'deploy [APP_DIR] --forge github --repo OWNER/NAME [--passphrase-file FILE] [--dispatch-token-file FILE] [--yes] [--weak-passphrase]',
  help: [
    'On GitLab: deploy [APP_DIR] --forge gitlab --repo GROUP/NAME [--passphrase-file FILE] [--yes] [--weak-passphrase]',
    '',
    'GitHub: creates the Actions secret GFA_SECRET_KEY when absent (a new key is printed once: keep it in a password',
    'manager), commits .gfa/keys.json (data key and browser credential wrapped under the passphrase) and',
    'enables Pages (source: GitHub Actions). Progress goes to stderr; the Pages URL to stdout.',
    'The browser credential is a fine-grained token for this repository only with Actions: write and',
    'Contents: read (create it at github.com/settings/personal-access-tokens/new).',
    'GitLab: creates the masked CI/CD variable GFA_SECRET_KEY when absent, locks pipeline variables',
    '(no_one_allowed), allows job-token push, creates a pipeline trigger token, commits .gfa/keys.json (data',
    'key, trigger token and, for a private project, GITLAB_READ_TOKEN) and keeps one schedule per scheduled job.',
  ].join('\n'),
  options: {
    ...targetArgs,
    'passphrase-file': { type: 'string', valueName: 'FILE', description: 'owner passphrase (env GFA_PASSPHRASE; else asked on a terminal)' },
    'dispatch-token-file': { type: 'string', valueName: 'FILE', description: 'GitHub only: the browser credential (env GFA_DISPATCH_TOKEN; default: the one in .gfa/keys.json)' },
    yes: { type: 'boolean', description: 'do not ask before changing the repository (only asked on a terminal)' },
    'weak-passphrase': { type: 'boolean', description: 'accept a passphrase that the strength estimate calls easy to guess (anyone can copy .gfa/keys.json and try guesses offline)' },
  },
  async run({ values, positionals }) {
    if (positionals.length > 1) throw new GfaError('E_USAGE', 'gfa deploy takes one APP_DIR; see gfa deploy --help');
    const appDir = positionals[0] ?? '.';
    const env = process.env;
    const manifest = await loadManifest(appDir);
    const { resolveTarget } = await import('../../forge/infer.ts');
    const target = await resolveTarget(appDir, { forge: values.forge, repo: values.repo }, env);
    // The forge first: a flag that is wrong only for an unknown forge must not take the blame.
    if (target.forge !== 'github' && target.forge !== 'gitlab') throw (await import('../../forge/open.ts')).unknownForge(target.forge);
    const tokenFile = values['dispatch-token-file'];
    if (tokenFile && target.forge !== 'github') throw new GfaError('E_USAGE', `--dispatch-token-file is for GitHub only; on ${target.forge} deploy makes the trigger token itself`);
    if (values.yes !== true && !(await confirm(`Set up ${target.repo} on ${target.forge} for ${manifest.name}?`))) {
      throw new GfaError('E_USAGE', 'deploy cancelled; nothing was changed');
    }
    const passphrase = (await resolvePassphrase(values['passphrase-file'], env, true, true))!;
    // It wraps .gfa/keys.json, which anyone can read: refuse a guessable one before any forge call.
    const { checkPassphraseStrength } = await import('../../crypto/passphrase-strength.ts');
    await checkPassphraseStrength(passphrase, { allowWeak: values['weak-passphrase'] === true, userInputs: [manifest.name, ...target.repo.split('/')] });
    const dispatchToken = target.forge !== 'github' ? undefined : tokenFile ? await readSecretFile(tokenFile, 'the dispatch token') : env.GFA_DISPATCH_TOKEN || undefined;
    const { openForge } = await import('../../forge/open.ts');
    const forge = await openForge(target, env, { branch: manifest.store.branch });
    const progress = (line: string): void => void process.stderr.write(`deploy: ${line}\n`);
    const { unignoredSecretWarning } = await import('../secret-file-check.ts');
    for (const [file, what] of [[values['passphrase-file'], 'the owner passphrase'], [tokenFile, 'the browser credential']] as const) {
      const warning = file ? await unignoredSecretWarning(file, what) : undefined;
      if (warning) progress(warning);
    }
    const report = await forge.deploy({ appDir, manifest, passphrase, dispatchToken, secretKey: env.GFA_SECRET_KEY || undefined, kdf: deployKdf(), progress });
    if (report.newSecretKey) {
      process.stdout.write(`New data key (GFA_SECRET_KEY), shown once. Keep it in a password manager: gfa cannot read it back from ${target.forge === 'gitlab' ? 'GitLab' : 'GitHub'}.\n${report.newSecretKey}\n`);
    }
    progress(report.writes === 0 ? 'nothing to change (0 write requests)' : `done (${report.writes} write request${report.writes === 1 ? '' : 's'})`);
    if (report.pagesUrl) process.stdout.write(`${report.pagesUrl}\n`);
    // GitLab names a site's address only for gitlab.com's classic domains; elsewhere say where to find it.
    else progress(`Pages: the site's address is under Deploy > Pages of ${target.repo} once the pipeline on the default branch has run (gfa can name it only on gitlab.com)`);
    return 0;
  },
});

export default command;
