import type { Kysely } from 'kysely';
import { isUniqueViolation, type Database } from '../db/index.js';
import { AppError, Errors } from '../http/errors.js';
import type { Clock } from '../lib/clock.js';
import { decodeCursor, encodeCursor } from '../lib/cursor.js';
import { newId } from '../lib/ids.js';
import type { AuthService } from './auth-service.js';
import { findDepartment, listDepartments } from './department-store.js';
import type { MfaService } from './mfa-service.js';
import type { PasswordHasher } from './password-hash.js';
import { checkPassword } from './password-policy.js';
import { presentUser, type UserView } from './presenters.js';
import type { UserPrincipal } from './principal.js';
import { canManageUserIn, roleConflict, unassignableRole, userScopeDepartment, type Role } from './roles.js';
import { revokeUserSessions } from './session-store.js';
import type { UserRow, UserStatus } from './tables.js';
import { findUser, findUserByUsername, insertUser, listUsers, replaceRoles, rolesOf, updateUser, type UserFilter } from './user-store.js';

export interface NewUser {
  username: string;
  displayName: string;
  departmentId: string | null;
  roles: Role[];
  password: string;
  email?: string | null;
  phone?: string | null;
}

export interface UserChanges {
  displayName?: string;
  departmentId?: string | null;
  roles?: Role[];
  status?: UserStatus;
  email?: string | null;
  phone?: string | null;
}

/** The actor a management action is attributed to; the CLI acts as the installation itself. */
export type Actor = UserPrincipal | { kind: 'system' };

function actorScope(actor: Actor) {
  return actor.kind === 'system' ? { roles: ['system_admin'] as Role[], departmentId: null } : actor;
}

export class UserService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly auth: AuthService,
    private readonly mfa: MfaService,
    private readonly passwords: PasswordHasher,
  ) {}

  async list(actor: UserPrincipal, filter: Omit<UserFilter, 'scopeDepartmentId'>, limit: number, cursor?: string) {
    const scope = userScopeDepartment(actor);
    if (scope === null) throw new AppError(Errors.FORBIDDEN);
    const after = cursor ? decodeCursor(cursor, 1) : undefined;
    if (after === null) throw new AppError(Errors.VALIDATION_FAILED, {}, [{ path: '/cursor', message: 'unknown cursor' }]);
    const { rows, total } = await listUsers(this.db, { ...filter, ...(scope === 'all' ? {} : { scopeDepartmentId: scope }) }, { limit: limit + 1, afterUsername: after?.[0] });
    const page = rows.slice(0, limit);
    const items = await this.present(page);
    const last = page[page.length - 1];
    return { items, total, nextCursor: rows.length > limit && last ? encodeCursor([last.username]) : null };
  }

  /** A user outside the caller's scope answers 404, like one that does not exist. */
  async get(actor: UserPrincipal, id: string): Promise<UserView> {
    const row = await findUser(this.db, id);
    const scope = userScopeDepartment(actor);
    if (!row || scope === null || (scope !== 'all' && row.department_id !== scope)) throw new AppError(Errors.USER_NOT_FOUND);
    return (await this.present([row]))[0]!;
  }

  async create(actor: Actor, input: NewUser): Promise<UserView> {
    this.checkRoles(actor, input.roles);
    await this.checkDepartment(input.departmentId);
    if (!canManageUserIn(actorScope(actor), input.departmentId)) throw new AppError(Errors.FORBIDDEN);
    const violation = checkPassword(input.password, input.username);
    if (violation) throw new AppError(Errors.PASSWORD_POLICY, { reason: violation.reason });

    const now = this.clock().toISOString();
    const row: UserRow = {
      id: newId(),
      username: input.username,
      display_name: input.displayName,
      department_id: input.departmentId,
      status: 'active',
      email: input.email ?? null,
      phone: input.phone ?? null,
      password_hash: await this.passwords.hash(input.password),
      password_changed_at: now,
      failed_login_count: 0,
      locked_until: null,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.db.transaction().execute((trx) => insertUser(trx, row, input.roles));
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError(Errors.USERNAME_TAKEN, { username: input.username });
      throw error;
    }
    return (await this.present([row]))[0]!;
  }

  async update(actor: UserPrincipal, id: string, changes: UserChanges): Promise<UserView> {
    const existing = await findUser(this.db, id);
    if (!existing || !canManageUserIn(actor, existing.department_id)) throw new AppError(Errors.USER_NOT_FOUND);
    const currentRoles = (await rolesOf(this.db, [id])).get(id) ?? [];
    // A department head must not be able to touch an administrator who happens to sit in their department.
    if (unassignableRole(actor.roles, currentRoles)) throw new AppError(Errors.FORBIDDEN);
    if (changes.roles) this.checkRoles(actor, changes.roles);
    if (changes.departmentId !== undefined) {
      await this.checkDepartment(changes.departmentId);
      if (!canManageUserIn(actor, changes.departmentId)) throw new AppError(Errors.FORBIDDEN);
    }
    if (actor.userId === id && this.locksSelfOut(actor, changes)) throw new AppError(Errors.SELF_LOCKOUT);

    const now = this.clock().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await updateUser(trx, id, {
        ...(changes.displayName !== undefined && { display_name: changes.displayName }),
        ...(changes.departmentId !== undefined && { department_id: changes.departmentId }),
        ...(changes.status !== undefined && { status: changes.status }),
        ...(changes.email !== undefined && { email: changes.email }),
        ...(changes.phone !== undefined && { phone: changes.phone }),
        updated_at: now,
      });
      if (changes.roles) await replaceRoles(trx, id, changes.roles);
      // Suspension or a role change takes effect on the very next request, not at session expiry.
      if ((changes.status && changes.status !== 'active') || changes.roles) {
        await revokeUserSessions(trx, id, now, changes.status && changes.status !== 'active' ? `status:${changes.status}` : 'roles-changed');
      }
    });
    // Principals carry roles and department: any change must reach this user's next request.
    this.auth.forgetUser(id);
    return (await this.view(id))!;
  }

  /**
   * A status change ordered by violation handling (suspension while a case is open, or the end of
   * a terminated contract), not by account management: the information administrator who decides a
   * case need not manage accounts. Ends the user's sessions at once when the account stops being
   * active. Returns the status it replaced.
   */
  async setStatusForCase(id: string, status: UserStatus, reason: string): Promise<UserStatus> {
    const existing = await findUser(this.db, id);
    if (!existing) throw new AppError(Errors.USER_NOT_FOUND);
    const now = this.clock().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await updateUser(trx, id, { status, updated_at: now });
      if (status !== 'active') await revokeUserSessions(trx, id, now, `status:${status}:${reason}`.slice(0, 200));
    });
    this.auth.forgetUser(id);
    return existing.status;
  }

  async resetPassword(actor: Actor, id: string, newPassword: string): Promise<void> {
    const user = await findUser(this.db, id);
    if (!user || !canManageUserIn(actorScope(actor), user.department_id)) throw new AppError(Errors.USER_NOT_FOUND);
    const roles = (await rolesOf(this.db, [id])).get(id) ?? [];
    if (unassignableRole(actorScope(actor).roles, roles)) throw new AppError(Errors.FORBIDDEN);
    await this.auth.setPassword(user, newPassword);
  }

  /**
   * Removes a user's second factor (lost phone) and ends their sessions; they sign in with the
   * password alone and enrol again. Same reach as a password reset.
   */
  async resetMfa(actor: Actor, id: string, reason: string): Promise<void> {
    const user = await findUser(this.db, id);
    if (!user || !canManageUserIn(actorScope(actor), user.department_id)) throw new AppError(Errors.USER_NOT_FOUND);
    const roles = (await rolesOf(this.db, [id])).get(id) ?? [];
    if (unassignableRole(actorScope(actor).roles, roles)) throw new AppError(Errors.FORBIDDEN);
    await this.mfa.reset(id, reason);
  }

  private locksSelfOut(actor: UserPrincipal, changes: UserChanges): boolean {
    if (changes.status && changes.status !== 'active') return true;
    const adminRoles = actor.roles.filter((role) => role === 'system_admin' || role === 'info_admin');
    return changes.roles !== undefined && adminRoles.some((role) => !changes.roles!.includes(role));
  }

  private checkRoles(actor: Actor, roles: Role[]): void {
    const conflict = roleConflict(roles);
    if (conflict) throw new AppError(Errors.ROLE_CONFLICT, { roles: conflict.join(' + ') });
    const refused = unassignableRole(actorScope(actor).roles, roles);
    if (refused) throw new AppError(Errors.ROLE_NOT_ASSIGNABLE, { role: refused });
  }

  private async checkDepartment(departmentId: string | null): Promise<void> {
    if (departmentId !== null && !(await findDepartment(this.db, departmentId))) {
      throw new AppError(Errors.DEPARTMENT_UNKNOWN, { departmentId });
    }
  }

  private async present(rows: UserRow[]): Promise<UserView[]> {
    const roles = await rolesOf(this.db, rows.map((row) => row.id));
    const departments = new Map((await listDepartments(this.db)).map((d) => [d.id, d]));
    const mfa = await this.mfa.views(rows.map((row) => ({ id: row.id, roles: roles.get(row.id) ?? [] })));
    return rows.map((row) => presentUser(row, roles.get(row.id) ?? [], row.department_id ? departments.get(row.department_id) : undefined, mfa.get(row.id)!));
  }

  async findByUsername(username: string): Promise<UserRow | undefined> {
    return findUserByUsername(this.db, username);
  }

  async view(id: string): Promise<UserView | undefined> {
    const row = await findUser(this.db, id);
    return row ? (await this.present([row]))[0] : undefined;
  }
}
