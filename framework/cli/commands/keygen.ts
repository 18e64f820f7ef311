/** `gfa keygen`: prints a new secret key for GFA_SECRET_KEY. */
import { GfaError } from '../../errors.ts';
import { defineCommand } from '../command.ts';

// Not `export default defineCommand(...)`: tsc 5.9 leaves `.ts` in dynamic imports inside an
// `export default <expression>` (test/package/dist.test.ts checks the build).
const command = defineCommand({
  usage: 'keygen',
  help: 'Store the key as the CI secret GFA_SECRET_KEY. To rotate, put the new key first:\nGFA_SECRET_KEY=NEW,OLD, run gfa kv rekey, then drop OLD.',
  async run({ positionals }) {
    if (positionals.length > 0) throw new GfaError('E_USAGE', 'keygen takes no arguments (it only prints a new key); see gfa keygen --help');
    const { generateSecretKey } = await import('../../crypto/keys.ts');
    process.stdout.write(`${await generateSecretKey()}\n`);
  },
});

export default command;
