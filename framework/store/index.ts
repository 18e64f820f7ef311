/** @module gfa/store: the data-branch key/value store, its drivers, and encryption. */
export { createStore, type KvTx, type Store } from './store.ts';
export { openStore, storeOptionsFromEnv, type OpenStoreOptions } from './open.ts';
export { gitDriver, type GitDriverOptions } from './branch.ts';
export { memoryDriver, type MemoryDriver } from './memory.ts';
export { KEY_PATTERN, type Driver, type DriverTx, type TxOptions } from './types.ts';
export { encryptedDriver, type EncryptedDriverOptions } from './encrypted.ts';
export { generateSecretKey, parseSecretKeys } from './keys.ts';
export { rekey } from './rekey.ts';
export { wrapSecrets, unwrapSecrets, type KeysFile } from './passphrase.ts';
