import { createKeyring, loadMasterKey, type Keyring } from '../crypto/index.js';
import type { DatabaseHandle } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import type { AppConfig } from './config.js';

/** The keyring for this installation: KEK from the validated setting or the data directory's key file. */
export function openKeyring(config: AppConfig, database: DatabaseHandle, clock: Clock): Keyring {
  const masterKey = loadMasterKey({ env: { YIXIANG_MASTER_KEY: config.masterKey ?? undefined }, dataDir: config.dataDir });
  return createKeyring({ db: database.db, profile: config.cryptoProfile, masterKey, clock });
}
