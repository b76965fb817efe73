import { indexCareTeams } from '../access/index.js';
import type { Kysely } from 'kysely';
import { BUILTIN_CATALOG } from '../catalog/builtin/index.js';
import { CatalogService } from '../catalog/index.js';
import type { Keyring } from '../crypto/index.js';
import type { Database } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import type { OrgModule } from '../org/index.js';
import { RecordIngest } from '../records/index.js';

/** Adds any built-in catalog resource the database lacks (new installs, and new built-ins after upgrades). */
export function ensureBuiltinCatalog(catalog: CatalogService): Promise<string[]> {
  return catalog.seed(BUILTIN_CATALOG);
}

/** The catalog, checking owner departments against the organisation. */
export function createCatalog(db: Kysely<Database>, clock: Clock, org: OrgModule): CatalogService {
  return new CatalogService(db, clock, async (code) => (await org.departments.getByCode(code).catch(() => null)) !== null);
}

/** Ingest routed by the current catalog; the server and the import commands share this wiring. */
export function createIngest(db: Kysely<Database>, keyring: Keyring, catalog: CatalogService, clock: Clock): RecordIngest {
  return new RecordIngest(db, keyring, () => catalog.definitions(), clock, [indexCareTeams]);
}
