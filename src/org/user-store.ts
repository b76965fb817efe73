import type { Kysely, Transaction } from 'kysely';
import { containsText, type Database } from '../db/index.js';
import type { Role } from './roles.js';
import type { UserRow, UserStatus } from './tables.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface UserFilter {
  q?: string;
  departmentId?: string;
  status?: UserStatus;
  role?: Role;
  /** Restricts to one department when the caller is a department head. */
  scopeDepartmentId?: string;
}

function filtered(db: Executor, filter: UserFilter) {
  let query = db.selectFrom('users');
  if (filter.q) {
    const q = filter.q;
    query = query.where((eb) => eb.or([containsText('username', q), containsText('display_name', q)]));
  }
  if (filter.departmentId) query = query.where('department_id', '=', filter.departmentId);
  if (filter.scopeDepartmentId) query = query.where('department_id', '=', filter.scopeDepartmentId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.role) {
    const role = filter.role;
    query = query.where((eb) => eb.exists(eb.selectFrom('user_roles').select('user_roles.user_id').whereRef('user_roles.user_id', '=', 'users.id').where('user_roles.role', '=', role)));
  }
  return query;
}

/** Keyset page ordered by username (unique), so pages stay stable while users are added. */
export async function listUsers(db: Executor, filter: UserFilter, page: { limit: number; afterUsername?: string }): Promise<{ rows: UserRow[]; total: number }> {
  let query = filtered(db, filter).selectAll();
  if (page.afterUsername) query = query.where('username', '>', page.afterUsername);
  const rows = await query.orderBy('username').limit(page.limit).execute();
  const count = await filtered(db, filter).select((eb) => eb.fn.countAll<string | number>().as('count')).executeTakeFirstOrThrow();
  return { rows, total: Number(count.count) };
}

export function findUser(db: Executor, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function rolesOf(db: Executor, userIds: readonly string[]): Promise<Map<string, Role[]>> {
  const byUser = new Map<string, Role[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await db.selectFrom('user_roles').select(['user_id', 'role']).where('user_id', 'in', userIds).orderBy('role').execute();
  for (const row of rows) byUser.get(row.user_id)?.push(row.role as Role);
  return byUser;
}

export async function insertUser(db: Executor, row: UserRow, roles: readonly Role[]): Promise<void> {
  await db.insertInto('users').values(row).execute();
  await replaceRoles(db, row.id, roles);
}

export async function updateUser(db: Executor, id: string, changes: Partial<Omit<UserRow, 'id' | 'username' | 'created_at'>>): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

export async function replaceRoles(db: Executor, userId: string, roles: readonly Role[]): Promise<void> {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  if (roles.length > 0) await db.insertInto('user_roles').values(roles.map((role) => ({ user_id: userId, role }))).execute();
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<string | number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}
