import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { PolicySettingRow } from './tables.js';

type Db = Kysely<Database>;

export function allVersions(db: Db): Promise<PolicySettingRow[]> {
  return db.selectFrom('policy_settings').selectAll().orderBy('key').orderBy('version').execute();
}

export function versionsOf(db: Db, key: string): Promise<PolicySettingRow[]> {
  return db.selectFrom('policy_settings').selectAll().where('key', '=', key).orderBy('version', 'desc').execute();
}

/** Appends the next version; the primary key makes two concurrent writers of one key collide. */
export async function insertVersion(db: Db, row: Omit<PolicySettingRow, 'version'>): Promise<PolicySettingRow> {
  const latest = await db.selectFrom('policy_settings').select((eb) => eb.fn.max<number>('version').as('v')).where('key', '=', row.key).executeTakeFirst();
  const version = Number(latest?.v ?? 0) + 1;
  const stored = { ...row, version };
  await db.insertInto('policy_settings').values(stored).execute();
  return stored;
}
