import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import { PasswordHasher } from '../org/index.js';
import { DEMO_DEPARTMENTS, DEMO_INSTITUTIONS, DEMO_PASSWORD, DEMO_USERS } from './hospital.js';

/** Stable ids, so a demo database looks the same every time and tests can name its rows. */
export function demoId(kind: string, key: string): string {
  const hex = createHash('sha256').update(`yixiang-demo:${kind}:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export class DemoNotEmptyError extends Error {
  constructor() {
    super('The database already has users; the demo hospital is only loaded into an empty database.');
  }
}

export async function isEmptyDatabase(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

/** Loads the synthetic demo hospital in one transaction; refuses a database that already has users. */
export async function loadDemoHospital(db: Kysely<Database>, clock: Clock, passwords = new PasswordHasher()): Promise<{ departments: number; institutions: number; users: number }> {
  if (!(await isEmptyDatabase(db))) throw new DemoNotEmptyError();
  const now = clock().toISOString();
  // Hash in parallel: scrypt runs on libuv's thread pool, so this takes a fraction of the serial time.
  const hashes = await Promise.all(DEMO_USERS.map(() => passwords.hash(DEMO_PASSWORD)));

  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('departments')
      .values(DEMO_DEPARTMENTS.map((d) => ({ id: demoId('department', d.code), code: d.code, name_zh: d.zh, name_en: d.en, type: d.type, status: 'active' as const, created_at: now, updated_at: now })))
      .execute();
    await trx
      .insertInto('institutions')
      .values(
        DEMO_INSTITUTIONS.map((i) => ({
          id: demoId('institution', i.code),
          code: i.code,
          name_zh: i.zh,
          name_en: i.en,
          kind: i.kind,
          status: 'active' as const,
          agreement_start: i.agreementStart,
          agreement_end: i.agreementEnd,
          contact_name: i.contactName,
          contact_phone: i.contactPhone,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    await trx
      .insertInto('users')
      .values(
        DEMO_USERS.map((u, index) => ({
          id: demoId('user', u.username),
          username: u.username,
          display_name: u.displayName,
          department_id: u.department ? demoId('department', u.department) : null,
          status: 'active' as const,
          email: `${u.username}@demo.yixiang.invalid`,
          phone: null,
          password_hash: hashes[index]!,
          password_changed_at: now,
          failed_login_count: 0,
          locked_until: null,
          last_login_at: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    await trx
      .insertInto('user_roles')
      .values(DEMO_USERS.flatMap((u) => u.roles.map((role) => ({ user_id: demoId('user', u.username), role }))))
      .execute();
  });
  return { departments: DEMO_DEPARTMENTS.length, institutions: DEMO_INSTITUTIONS.length, users: DEMO_USERS.length };
}
