/** `gfa keygen`: prints a new secret key for GFA_SECRET_KEY; `--passphrase`, a new owner passphrase. */
import { GfaError } from '../../errors.ts';
import { defineCommand } from '../command.ts';

// Not `export default defineCommand(...)`: tsc 5.9 leaves `.ts` in dynamic imports inside an
// `export default <expression>` (test/package/dist.test.ts checks the build).
const command = defineCommand({
  usage: 'keygen [--passphrase]',
  help: [
    'Store the key as the CI secret GFA_SECRET_KEY. To rotate, put the new key first:',
    'GFA_SECRET_KEY=NEW,OLD, run gfa kv rekey, then drop OLD.',
    '',
    'With --passphrase: prints an owner passphrase of seven random words instead (84 bits), for',
    'gfa deploy --passphrase-file; its strength goes to stderr. Keep it in a password manager.',
  ].join('\n'),
  options: {
    passphrase: { type: 'boolean', description: 'print a generated owner passphrase instead of a data key' },
  },
  async run({ values, positionals }) {
    if (positionals.length > 0) throw new GfaError('E_USAGE', 'keygen takes no arguments (it only prints a new key); see gfa keygen --help');
    if (values.passphrase === true) {
      const { generatePassphrase } = await import('../../crypto/passphrase-generate.ts');
      const made = await generatePassphrase();
      process.stdout.write(`${made.passphrase}\n`);
      process.stderr.write(`seven random words from a list of 4,096: ${made.bits} bits, about 10^${made.guessesLog10} guesses\n`);
      return;
    }
    const { generateSecretKey } = await import('../../crypto/keys.ts');
    process.stdout.write(`${await generateSecretKey()}\n`);
  },
});

export default command;
