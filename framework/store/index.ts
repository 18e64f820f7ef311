/** @module gfa/store: the data-branch key/value store, its drivers, and encryption. */
export { createStore, type KvTx, type Store } from './store.ts';
export { openStore, storeOptionsFromEnv, type OpenStoreOptions } from './open.ts';
export { gitDriver, type GitDriverOptions } from './drivers/git.ts';
export { memoryDriver, type MemoryDriver } from './drivers/memory.ts';
export { KEY_PATTERN, type Driver, type DriverTx, type TxOptions } from './types.ts';
export { checkKey, checkPrefix } from './key-rules.ts';
export { encryptedDriver, type EncryptedDriverOptions } from './drivers/encrypted.ts';
export { generateSecretKey, parseSecretKeys } from '../crypto/keys.ts';
export { rekey } from './rekey.ts';
export { wrapSecrets, unwrapSecrets, type KeysFile } from '../crypto/passphrase.ts';
