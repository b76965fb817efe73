import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { ApiClientRow, InstitutionRow } from './tables.js';

export function listInstitutions(db: Kysely<Database>): Promise<InstitutionRow[]> {
  return db.selectFrom('institutions').selectAll().orderBy('code').execute();
}

export function findInstitution(db: Kysely<Database>, id: string): Promise<InstitutionRow | undefined> {
  return db.selectFrom('institutions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertInstitution(db: Kysely<Database>, row: InstitutionRow): Promise<void> {
  await db.insertInto('institutions').values(row).execute();
}

export async function updateInstitution(db: Kysely<Database>, id: string, changes: Partial<Omit<InstitutionRow, 'id' | 'code' | 'created_at'>>): Promise<void> {
  await db.updateTable('institutions').set(changes).where('id', '=', id).execute();
}

export function listApiClients(db: Kysely<Database>, institutionId: string): Promise<ApiClientRow[]> {
  return db.selectFrom('api_clients').selectAll().where('institution_id', '=', institutionId).orderBy('created_at').execute();
}

export function findApiClient(db: Kysely<Database>, institutionId: string, clientId: string): Promise<ApiClientRow | undefined> {
  return db.selectFrom('api_clients').selectAll().where('institution_id', '=', institutionId).where('client_id', '=', clientId).executeTakeFirst();
}

export async function insertApiClient(db: Kysely<Database>, row: ApiClientRow): Promise<void> {
  await db.insertInto('api_clients').values(row).execute();
}

export async function updateApiClientStatus(db: Kysely<Database>, id: string, status: ApiClientRow['status'], updatedAt: string): Promise<void> {
  await db.updateTable('api_clients').set({ status, updated_at: updatedAt }).where('id', '=', id).execute();
}
