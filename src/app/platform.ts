import { mkdirSync } from 'node:fs';
import { systemActor } from '../audit/index.js';
import { openMigratedDatabase, type DatabaseHandle } from '../db/index.js';
import { isEmptyDatabase, loadDemoHospital, loadDemoRecords } from '../demo/index.js';
import { systemClock, type Clock } from '../lib/clock.js';
import type { AppConfig } from './config.js';
import { ensureBuiltinCatalog } from './catalog-seed.js';
import { openKeyring } from './keyring.js';
import { buildApp, type AppDependencies, type YixiangApp } from './server.js';

export interface Platform extends YixiangApp {
  database: DatabaseHandle;
  demoLoaded: boolean;
  close(): Promise<void>;
}

/**
 * Opens everything the server needs, in order: data directory, database (migrated), demo data
 * when asked for and the database is empty, then the HTTP app.
 */
export async function openPlatform(config: AppConfig, clock: Clock = systemClock, overrides: Pick<AppDependencies, 'webRoot' | 'loginRateLimit' | 'auditOptions' | 'housekeepingEveryMs' | 'passwords'> = {}): Promise<Platform> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const database = await openMigratedDatabase(config);
  try {
    let demoCounts: Awaited<ReturnType<typeof loadDemoHospital>> | null = null;
    if (config.demo && (await isEmptyDatabase(database.db))) demoCounts = await loadDemoHospital(database.db, clock, overrides.passwords);
    const keyring = openKeyring(config, database, clock);
    const built = await buildApp({ config, database, keyring, clock, ...overrides });
    await ensureBuiltinCatalog(built.catalog);
    const demoLoaded = demoCounts !== null;
    if (demoCounts) {
      const records = config.demoPatients > 0 ? await loadDemoRecords(built.ingest, config.demoPatients) : null;
      await built.auditLog.append({ actor: systemActor('yixiang serve --demo'), action: 'create', objectType: 'demo_hospital', objectId: null, outcome: 'success', details: { ...demoCounts, patients: config.demoPatients, records } });
    }
    return {
      ...built,
      database,
      demoLoaded,
      async close() {
        await built.app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
