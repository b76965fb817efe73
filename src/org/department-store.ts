import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { DepartmentRow } from './tables.js';

export function listDepartments(db: Kysely<Database>): Promise<DepartmentRow[]> {
  return db.selectFrom('departments').selectAll().orderBy('code').execute();
}

export function findDepartment(db: Kysely<Database>, id: string): Promise<DepartmentRow | undefined> {
  return db.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findDepartmentByCode(db: Kysely<Database>, code: string): Promise<DepartmentRow | undefined> {
  return db.selectFrom('departments').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertDepartment(db: Kysely<Database>, row: DepartmentRow): Promise<void> {
  await db.insertInto('departments').values(row).execute();
}

export async function updateDepartment(db: Kysely<Database>, id: string, changes: Partial<Omit<DepartmentRow, 'id' | 'code' | 'created_at'>>): Promise<void> {
  await db.updateTable('departments').set(changes).where('id', '=', id).execute();
}

export async function countActiveUsersIn(db: Kysely<Database>, departmentId: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('department_id', '=', departmentId)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
