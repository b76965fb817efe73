import type { AppConfig } from '../app/config.js';
import { createCatalog, createIngest, ensureBuiltinCatalog } from '../app/catalog-seed.js';
import { openKeyring } from '../app/keyring.js';
import type { DatabaseHandle } from '../db/index.js';
import { systemClock } from '../lib/clock.js';
import { createOrgModule } from '../org/index.js';
import type { RecordIngest } from '../records/index.js';

/** What the command-line importers need: the built-in catalog present and an ingest routed by it. */
export async function ingestForCli(handle: DatabaseHandle, settings: AppConfig): Promise<RecordIngest> {
  const catalog = createCatalog(handle.db, systemClock, createOrgModule(handle.db, systemClock));
  await ensureBuiltinCatalog(catalog);
  return createIngest(handle.db, openKeyring(settings, handle, systemClock), catalog, systemClock);
}
