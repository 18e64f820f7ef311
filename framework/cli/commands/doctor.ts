/** `gfa doctor [APP_DIR] --forge github --repo OWNER/NAME [--json]` (`--forge gitlab --repo GROUP/NAME` the same). */
import { GfaError } from '../../errors.ts';
import { defineCommand } from '../command.ts';
import { loadManifest, resolvePassphrase, targetArgs } from '../forge-args.ts';

// Not `export default defineCommand(...)`: tsc 5.9 leaves `.ts` in dynamic imports inside an
// `export default <expression>` (test/package/dist.test.ts checks the build).
const command = defineCommand({
  usage: 'doctor [APP_DIR] --forge github --repo OWNER/NAME [--json]',
  help: 'On GitLab: doctor [APP_DIR] --forge gitlab --repo GROUP/NAME [--json]\n\nOne line per check (ok / warn / error and how to fix it); exit 1 on any error. With GFA_PASSPHRASE\n(or GFA_DISPATCH_TOKEN) it also checks that the browser credential cannot push, and reads failed results.',
  options: {
    ...targetArgs,
    json: { type: 'boolean', description: 'print the checks as JSON' },
  },
  async run({ values, positionals }) {
    if (positionals.length > 1) throw new GfaError('E_USAGE', 'gfa doctor takes one APP_DIR; see gfa doctor --help');
    const appDir = positionals[0] ?? '.';
    const env = process.env;
    const manifest = await loadManifest(appDir);
    const { resolveTarget } = await import('../../forge/infer.ts');
    const target = await resolveTarget(appDir, { forge: values.forge, repo: values.repo }, env);
    const passphrase = env.GFA_PASSPHRASE ? await resolvePassphrase(undefined, env, false) : undefined;
    const { openForge } = await import('../../forge/open.ts');
    const forge = await openForge(target, env, { branch: manifest.store.branch, passphrase, dispatchToken: env.GFA_DISPATCH_TOKEN || undefined });
    const checks = await forge.doctor({ appDir, manifest });
    if (passphrase !== undefined) {
      const { passphraseCheck } = await import('../../forge/doctor-passphrase.ts');
      const check = await passphraseCheck(forge, passphrase, [manifest.name, ...target.repo.split('/')]);
      if (check) checks.push(check);
    }
    if (values.json) process.stdout.write(`${JSON.stringify(checks, null, 2)}\n`);
    else for (const c of checks) process.stdout.write(`${(c.status === 'error' ? 'ERROR' : c.status).padEnd(5)} ${c.id}: ${c.message}\n`);
    return checks.some((c) => c.status === 'error') ? 1 : 0;
  },
});

export default command;
