import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { PatientIdentifierRow, RecordRow } from './tables.js';

type Db = Kysely<Database>;
const CHUNK = 300;

/** Existing rows for these business identifiers, keyed `${resourceType}|${sourceKey}`. */
export async function findBySourceKeys(db: Db, keys: { resourceType: string; sourceKey: string }[]): Promise<Map<string, Pick<RecordRow, 'id' | 'resource_type' | 'version_id' | 'created_at'>>> {
  const found = new Map<string, Pick<RecordRow, 'id' | 'resource_type' | 'version_id' | 'created_at'>>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const slice = keys.slice(i, i + CHUNK);
    // Both columns of the (resource_type, source_key) index, so the lookup never scans the table.
    const rows = await db
      .selectFrom('records')
      .select(['id', 'resource_type', 'version_id', 'created_at', 'source_key'])
      .where('resource_type', 'in', [...new Set(slice.map((k) => k.resourceType))])
      .where('source_key', 'in', slice.map((k) => k.sourceKey))
      .execute();
    for (const row of rows) found.set(`${row.resource_type}|${row.source_key}`, row);
  }
  return found;
}

/** Which of these `Type/id` references exist, with the source key that owns each. */
export async function findByIds(db: Db, refs: { resourceType: string; id: string }[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < refs.length; i += CHUNK) {
    const slice = refs.slice(i, i + CHUNK);
    const rows = await db
      .selectFrom('records')
      .select(['id', 'resource_type', 'source_key'])
      .where('resource_type', 'in', [...new Set(slice.map((r) => r.resourceType))])
      .where('id', 'in', slice.map((r) => r.id))
      .execute();
    for (const row of rows) found.set(`${row.resource_type}/${row.id}`, row.source_key);
  }
  return found;
}

export async function insertRecords(db: Db, rows: RecordRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('records').values(rows.slice(i, i + 200)).execute();
}

export async function updateRecord(db: Db, row: RecordRow): Promise<void> {
  const { id, resource_type, created_at, ...changes } = row;
  await db.updateTable('records').set(changes).where('resource_type', '=', resource_type).where('id', '=', id).execute();
}

export async function replacePatientIdentifiers(db: Db, patientIds: string[], rows: PatientIdentifierRow[]): Promise<void> {
  for (let i = 0; i < patientIds.length; i += CHUNK) await db.deleteFrom('patient_identifiers').where('patient_id', 'in', patientIds.slice(i, i + CHUNK)).execute();
  for (let i = 0; i < rows.length; i += 300) await db.insertInto('patient_identifiers').values(rows.slice(i, i + 300)).execute();
}

export function findRecord(db: Db, resourceType: string, id: string): Promise<RecordRow | undefined> {
  return db.selectFrom('records').selectAll().where('resource_type', '=', resourceType).where('id', '=', id).executeTakeFirst();
}

export async function patientsByIdentifier(db: Db, kind: string, blindIndexes: string[]): Promise<string[]> {
  const rows = await db.selectFrom('patient_identifiers').select('patient_id').where('kind', '=', kind).where('blind_index', 'in', blindIndexes).execute();
  return [...new Set(rows.map((row) => row.patient_id))];
}

export async function countRecords(db: Db): Promise<number> {
  const row = await db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}
