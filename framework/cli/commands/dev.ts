/** `gfa dev [APP_DIR] [--port N] [--passphrase P] [--tick]`: the embedded local forge. */
import { ENV } from '../../contract.ts';
import { GfaError } from '../../errors.ts';
import { defineCommand } from '../command.ts';

// Not `export default defineCommand(...)`: tsc 5.9 leaves `.ts` in dynamic imports inside an
// `export default <expression>` (test/package/dist.test.ts checks the build).
const command = defineCommand({
  usage: 'dev [APP_DIR] [--port N] [--passphrase P] [--tick]',
  help: 'Builds the app, then serves it until Ctrl-C. Rebuilds when its sources change.',
  options: {
    port: { type: 'string', valueName: 'N', description: 'port on 127.0.0.1 (env GFA_DEV_PORT, default 4400; 0 = any free port)' },
    passphrase: { type: 'string', valueName: 'P', description: 'owner passphrase for .gfa/keys.json (env GFA_PASSPHRASE; default: generated once and printed)' },
    tick: { type: 'boolean', description: 'fire every schedule once at startup' },
  },
  async run({ values, positionals }) {
    if (positionals.length > 1) throw new GfaError('E_USAGE', 'gfa dev takes one APP_DIR; see gfa dev --help');
    const portText = values.port ?? process.env[ENV.devPort] ?? '4400';
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65535) throw new GfaError('E_USAGE', `--port must be a number from 0 to 65535, not "${portText}"`);
    const { startDevServer } = await import('../../dev/server.ts');
    const server = await startDevServer({
      appDir: positionals[0] ?? '.',
      port,
      passphrase: values.passphrase ?? process.env[ENV.passphrase],
      tick: values.tick === true,
    });
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    process.stdout.write('gfa dev: stopping (waiting for running jobs)\n');
    await server.close();
    return 0;
  },
});

export default command;
