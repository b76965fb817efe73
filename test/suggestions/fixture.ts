import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/index.js';
import { permissionsFor, type Role, type UserPrincipal } from '../../src/org/index.js';

/** A principal for a demo user, as authentication would build it, for tests that call services directly. */
export async function principalFor(db: Kysely<Database>, username: string): Promise<UserPrincipal> {
  const user = await db.selectFrom('users').select(['id', 'username', 'display_name', 'department_id']).where('username', '=', username).executeTakeFirstOrThrow();
  const roles = (await db.selectFrom('user_roles').select('role').where('user_id', '=', user.id).execute()).map((row) => row.role as Role);
  return { kind: 'user', userId: user.id, username: user.username, displayName: user.display_name, departmentId: user.department_id, roles, permissions: permissionsFor(roles), sessionTokenHash: 'test', via: 'bearer', csrfToken: 'test' };
}

/** The smallest valid PNG signature plus a header chunk's length: enough for the type check. */
export const PNG_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
