import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { AppError, Errors } from '../http/errors.js';
import type { Clock } from '../lib/clock.js';
import { newSecret } from '../lib/ids.js';
import type { PasswordHasher } from './password-hash.js';
import { assertNotLocked, recordFailedAttempt } from './lockout.js';
import type { MfaService, OfferedSecondFactor } from './mfa-service.js';
import { checkPassword } from './password-policy.js';
import type { UserPrincipal } from './principal.js';
import { permissionsFor } from './roles.js';
import { findLiveSession, insertSession, revokeSession, revokeUserSessions, touchSession } from './session-store.js';
import { findUser, findUserByUsername, rolesOf, updateUser } from './user-store.js';
import type { UserRow } from './tables.js';

export interface AuthSettings {
  idleMinutes: number;
  maxHours: number;
  maxFailedLogins: number;
  lockoutMinutes: number;
}

export const DEFAULT_AUTH_SETTINGS: AuthSettings = { idleMinutes: 30, maxHours: 12, maxFailedLogins: 5, lockoutMinutes: 15 };

export interface LoginContext {
  ip: string | null;
  userAgent: string | null;
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  user: UserRow;
  /** How the second step was passed; null for a user without a factor. */
  secondFactor: 'totp' | 'recovery-code' | null;
  /** Unused recovery codes after a sign-in that spent one. */
  recoveryCodesLeft?: number;
}

/** Tokens are stored only as hashes; the raw token exists in the client's hands alone. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Re-reading the touch timestamp on every request would be a write per read; once a minute is enough. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * How long a resolved token is trusted without asking the database again: three queries per
 * request otherwise. Sign-out, suspension, role, department and password changes made through this
 * instance drop the user's entries at once; made through another instance they take effect within
 * this window.
 */
const PRINCIPAL_CACHE_MS = 1_000;
const PRINCIPAL_CACHE_LIMIT = 10_000;

interface CachedPrincipal {
  at: number;
  expiresAt: number;
  lastSeenAt: number;
  principal: Omit<UserPrincipal, 'via'>;
}

export class AuthService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly settings: AuthSettings,
    private readonly mfa: MfaService,
    private readonly passwords: PasswordHasher,
  ) {}

  async login(username: string, password: string, context: LoginContext, offered: OfferedSecondFactor = {}): Promise<LoginResult> {
    const now = this.clock();
    const user = await findUserByUsername(this.db, username);
    if (!user) {
      await this.passwords.burn(password);
      throw new AppError(Errors.INVALID_CREDENTIALS);
    }
    assertNotLocked(user, now);
    if (!(await this.passwords.verify(password, user.password_hash))) {
      await this.recordFailure(user, now);
      throw new AppError(Errors.INVALID_CREDENTIALS);
    }
    // Status is checked after the password so a guesser cannot learn which accounts are suspended.
    if (user.status === 'suspended') throw new AppError(Errors.ACCOUNT_SUSPENDED);
    if (user.status === 'disabled') throw new AppError(Errors.ACCOUNT_DISABLED);
    // The second step comes after the password and status checks, so no code is spent on a sign-in refused for another reason.
    const second = await this.mfa.checkSignIn(user.id, offered);
    if (second.kind === 'missing') throw new AppError(Errors.MFA_REQUIRED);
    if (second.kind === 'invalid') {
      await this.recordFailure(user, now);
      throw new AppError(Errors.MFA_INVALID);
    }

    const token = newSecret('yx_');
    const csrfToken = newSecret();
    const expiresAt = new Date(now.getTime() + this.settings.maxHours * 3_600_000);
    await this.db.transaction().execute(async (trx) => {
      await updateUser(trx, user.id, { failed_login_count: 0, locked_until: null, last_login_at: now.toISOString() });
      await insertSession(trx, {
        token_hash: hashToken(token),
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: expiresAt.toISOString(),
        revoked_at: null,
        revoke_reason: null,
        ip: context.ip,
        user_agent: context.userAgent?.slice(0, 300) ?? null,
      });
    });
    if (this.passwords.needsRehash(user.password_hash)) await this.rehash(user, password);
    return {
      token,
      csrfToken,
      expiresAt,
      user: { ...user, last_login_at: now.toISOString() },
      secondFactor: second.kind === 'not-enrolled' ? null : second.kind,
      ...(second.kind === 'recovery-code' && { recoveryCodesLeft: second.recoveryCodesLeft }),
    };
  }

  /**
   * Remakes a hash made at an older, lower cost while the password is at hand. Only if the stored
   * hash is still the one checked: a reset committed meanwhile must not be overwritten. Best effort,
   * since the sign-in itself (and any code it used up) has already succeeded.
   */
  private async rehash(user: UserRow, password: string): Promise<void> {
    try {
      const remade = await this.passwords.hash(password);
      await this.db.updateTable('users').set({ password_hash: remade }).where('id', '=', user.id).where('password_hash', '=', user.password_hash).execute();
    } catch {
      // The old hash still verifies; the next sign-in tries again.
    }
  }

  private recordFailure(user: UserRow, now: Date): Promise<void> {
    return recordFailedAttempt(this.db, user, now, this.settings);
  }

  private readonly principals = new Map<string, CachedPrincipal>();
  /**
   * Bumped by every sign-out and account change. A lookup that began before a bump may have read the
   * old session or account, so it answers from what it read but does not cache it: otherwise it could
   * put back, for up to a second, what the change had just dropped.
   */
  private generation = 0;

  /** Drops every cached principal, e.g. when the `auth.mfa` policy changes whom it requires a factor of. */
  forgetAll(): void {
    this.generation += 1;
    this.principals.clear();
  }

  /** Drops every cached principal of a user, so a change to the account applies to the next request. */
  forgetUser(userId: string): void {
    this.generation += 1;
    for (const [tokenHash, cached] of this.principals) if (cached.principal.userId === userId) this.principals.delete(tokenHash);
  }

  /**
   * A principal resolved within the last moment, if nothing about its session can have changed
   * meanwhile through this instance: not expired, and not due for the idle check or the touch (both
   * of which need the database).
   */
  private cachedPrincipal(tokenHash: string, now: number): CachedPrincipal | null {
    const cached = this.principals.get(tokenHash);
    if (!cached) return null;
    const fresh = now >= cached.at && now - cached.at < PRINCIPAL_CACHE_MS && now < cached.expiresAt && now - cached.lastSeenAt <= TOUCH_INTERVAL_MS && cached.lastSeenAt + this.settings.idleMinutes * 60_000 > now;
    if (fresh) return cached;
    this.principals.delete(tokenHash);
    return null;
  }

  /** Resolves a token to a principal, or null when it is unknown, expired, idle too long or its user is no longer active. */
  async authenticate(token: string, via: UserPrincipal['via']): Promise<UserPrincipal | null> {
    const now = this.clock();
    const tokenHash = hashToken(token);
    const cached = this.cachedPrincipal(tokenHash, now.getTime());
    if (cached) return { ...cached.principal, via };
    const generation = this.generation;
    const session = await findLiveSession(this.db, tokenHash, now.toISOString());
    if (!session) return null;
    const idleDeadline = new Date(session.last_seen_at).getTime() + this.settings.idleMinutes * 60_000;
    if (idleDeadline <= now.getTime()) {
      await revokeSession(this.db, tokenHash, now.toISOString(), 'idle-timeout');
      return null;
    }
    const user = await findUser(this.db, session.user_id);
    if (!user || user.status !== 'active') return null;
    if (now.getTime() - new Date(session.last_seen_at).getTime() > TOUCH_INTERVAL_MS) {
      await touchSession(this.db, tokenHash, now.toISOString());
    }
    const touched = now.getTime() - new Date(session.last_seen_at).getTime() > TOUCH_INTERVAL_MS;
    const roles = (await rolesOf(this.db, [user.id])).get(user.id) ?? [];
    const mfaEnrolmentRequired = await this.mfa.enrolmentRequired(user.id, roles);
    const principal: Omit<UserPrincipal, 'via'> = {
      kind: 'user',
      userId: user.id,
      username: user.username,
      displayName: user.display_name,
      departmentId: user.department_id,
      roles,
      permissions: permissionsFor(roles),
      sessionTokenHash: tokenHash,
      csrfToken: session.csrf_token,
      mfaEnrolmentRequired,
    };
    if (this.principals.size >= PRINCIPAL_CACHE_LIMIT) this.principals.clear();
    if (generation === this.generation) this.principals.set(tokenHash, { at: now.getTime(), expiresAt: Date.parse(session.expires_at), lastSeenAt: touched ? now.getTime() : Date.parse(session.last_seen_at), principal });
    return { ...principal, via };
  }

  async logout(principal: UserPrincipal): Promise<void> {
    this.generation += 1;
    this.principals.delete(principal.sessionTokenHash);
    await revokeSession(this.db, principal.sessionTokenHash, this.clock().toISOString(), 'logout');
    this.generation += 1;
    this.principals.delete(principal.sessionTokenHash);
  }

  async changeOwnPassword(principal: UserPrincipal, currentPassword: string, newPassword: string): Promise<void> {
    const user = await findUser(this.db, principal.userId);
    if (!user || !(await this.passwords.verify(currentPassword, user.password_hash))) throw new AppError(Errors.INVALID_CREDENTIALS);
    await this.setPassword(user, newPassword, principal.sessionTokenHash);
  }

  /** Sets a password after the policy check and ends the user's other sessions. */
  async setPassword(user: UserRow, newPassword: string, keepSessionHash?: string): Promise<void> {
    const violation = checkPassword(newPassword, user.username);
    if (violation) throw new AppError(Errors.PASSWORD_POLICY, { reason: violation.reason });
    const now = this.clock().toISOString();
    const passwordHash = await this.passwords.hash(newPassword);
    await this.db.transaction().execute(async (trx) => {
      await updateUser(trx, user.id, { password_hash: passwordHash, password_changed_at: now, updated_at: now, failed_login_count: 0, locked_until: null });
      await revokeUserSessions(trx, user.id, now, 'password-changed', keepSessionHash);
    });
    this.forgetUser(user.id);
  }
}
