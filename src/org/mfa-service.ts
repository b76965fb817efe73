import type { Kysely } from 'kysely';
import type { Keyring } from '../crypto/index.js';
import type { Database } from '../db/index.js';
import { AppError, Errors } from '../http/errors.js';
import { addMinutes, type Clock } from '../lib/clock.js';
import { assertNotLocked, recordFailedAttempt, type LockoutSettings } from './lockout.js';
import { confirmedFactorsOf, confirmFactor, deleteFactor, findFactor, hasConfirmedFactor, replaceRecoveryCodes, spendRecoveryCode, unusedRecoveryCodes, upsertPendingFactor, useStep } from './mfa-store.js';
import type { PasswordHasher } from './password-hash.js';
import type { UserPrincipal } from './principal.js';
import type { Role } from './roles.js';
import { revokeUserSessions } from './session-store.js';
import type { MfaFactorRow } from './tables.js';
import { base32Decode, generateRecoveryCodes, newTotpSecret, normaliseRecoveryCode, otpauthUri, verifyTotp } from './totp.js';
import { findUser } from './user-store.js';

/** Keyring purposes: the TOTP secret's envelope key, and the MAC key of recovery codes. */
export const MFA_KEY_PURPOSE = 'mfa';
export const MFA_RECOVERY_KEY_PURPOSE = 'mfa-recovery';
const ISSUER = 'Yixiang';
const PENDING_MINUTES = 10;

// The user id is bound into both, so a secret or code hash copied onto another user's row is useless.
export const totpSecretAad = (userId: string) => Buffer.from(`yixiang-mfa-totp/v1|${userId}`);
const recoveryInput = (userId: string, code: string) => `yixiang-mfa-recovery/v1|${userId}|${code}`;

/** The `auth.mfa` policy setting: which roles must sign in with a second factor. */
export interface MfaPolicy {
  requiredRoles: readonly Role[];
}

export interface MfaDependencies {
  /** Absent in the CLI, which shows and resets factors but never enrols or checks codes. */
  keyring: Keyring | null;
  policy: () => Promise<MfaPolicy>;
  /** Wrong codes (and passwords) on the signed-in routes count against the account like failed sign-ins. */
  lockout: LockoutSettings;
  passwords: PasswordHasher;
}

/** `user.mfa` in every user view. */
export interface MfaView {
  enrolled: boolean;
  required: boolean;
  enrolledAt: string | null;
  recoveryCodesLeft: number;
}

/** What a sign-in offered besides the password. */
export interface OfferedSecondFactor {
  otp?: string;
  recoveryCode?: string;
}

/** The second-factor part of a sign-in whose password was right. */
export type SecondFactorCheck =
  | { kind: 'not-enrolled' }
  | { kind: 'missing' }
  | { kind: 'invalid' }
  | { kind: 'totp' }
  | { kind: 'recovery-code'; recoveryCodesLeft: number };

export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
  expiresAt: string;
}

/**
 * Two-step sign-in (两步验证, ADR 0023): TOTP enrolment and verification, recovery codes, and
 * whether the `auth.mfa` policy requires a factor of a user. Sessions are ended here where a factor
 * change demands it; listeners (the principal cache) hear of every change.
 */
export class MfaService {
  private readonly listeners: ((userId: string) => void)[] = [];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly deps: MfaDependencies,
  ) {}

  /** Called after every change of a user's factor, so cached principals are re-resolved. */
  onChange(listener: (userId: string) => void): void {
    this.listeners.push(listener);
  }

  async requiredFor(roles: readonly Role[]): Promise<boolean> {
    const { requiredRoles } = await this.deps.policy();
    return roles.some((role) => requiredRoles.includes(role));
  }

  /** Whether the user must enrol before doing anything else; no query unless the policy names one of their roles. */
  async enrolmentRequired(userId: string, roles: readonly Role[]): Promise<boolean> {
    return (await this.requiredFor(roles)) && !(await hasConfirmedFactor(this.db, userId));
  }

  async views(users: readonly { id: string; roles: readonly Role[] }[]): Promise<Map<string, MfaView>> {
    const factors = await confirmedFactorsOf(this.db, users.map((user) => user.id));
    const { requiredRoles } = await this.deps.policy();
    return new Map(
      users.map((user) => {
        const factor = factors.get(user.id);
        const required = user.roles.some((role) => requiredRoles.includes(role));
        return [user.id, { enrolled: factor !== undefined, required, enrolledAt: factor?.confirmedAt ?? null, recoveryCodesLeft: factor?.recoveryCodesLeft ?? 0 }];
      }),
    );
  }

  /**
   * The second step of a sign-in. A wrong, replayed or spent code is `invalid` (the caller counts
   * it as a failed sign-in); no code at all is `missing` (it does not). An accepted code is used up.
   */
  async checkSignIn(userId: string, offered: OfferedSecondFactor): Promise<SecondFactorCheck> {
    const factor = await findFactor(this.db, userId);
    if (!factor || factor.status !== 'confirmed') return { kind: 'not-enrolled' };
    if (offered.otp !== undefined) return (await this.acceptTotp(factor, offered.otp)) ? { kind: 'totp' } : { kind: 'invalid' };
    if (offered.recoveryCode !== undefined) {
      const left = await this.spendRecovery(userId, offered.recoveryCode);
      return left === null ? { kind: 'invalid' } : { kind: 'recovery-code', recoveryCodesLeft: left };
    }
    return { kind: 'missing' };
  }

  /** Starts, or restarts with a new secret, an enrolment that must be confirmed within 10 minutes. */
  async startEnrolment(principal: UserPrincipal): Promise<TotpEnrolment> {
    const now = this.clock();
    const secret = newTotpSecret();
    const expiresAt = addMinutes(now, PENDING_MINUTES).toISOString();
    const sealed = await this.keyring().encrypt(MFA_KEY_PURPOSE, base32Decode(secret), totpSecretAad(principal.userId));
    const row: MfaFactorRow = { user_id: principal.userId, method: 'totp', secret: sealed.toString('base64'), status: 'pending', created_at: now.toISOString(), confirmed_at: null, pending_expires_at: expiresAt, last_used_step: null };
    if (!(await upsertPendingFactor(this.db, row))) throw new AppError(Errors.MFA_ALREADY_ENROLLED);
    return { secret, otpauthUri: otpauthUri(ISSUER, principal.username, secret), expiresAt };
  }

  /** Confirms the pending enrolment with a first code; returns the recovery codes (shown once) and ends the user's other sessions. */
  async confirmEnrolment(principal: UserPrincipal, code: string): Promise<string[]> {
    const now = this.clock();
    const factor = await findFactor(this.db, principal.userId);
    if (factor?.status === 'confirmed') throw new AppError(Errors.MFA_ALREADY_ENROLLED);
    if (!factor || !factor.pending_expires_at || factor.pending_expires_at <= now.toISOString()) throw new AppError(Errors.MFA_ENROLMENT_NOT_FOUND);
    const step = verifyTotp(await this.openSecret(factor), code, now);
    if (step === null) throw new AppError(Errors.MFA_INVALID_CODE);
    const codes = generateRecoveryCodes();
    const rows = await this.recoveryRows(principal.userId, codes, now.toISOString());
    await this.db.transaction().execute(async (trx) => {
      if (!(await confirmFactor(trx, principal.userId, step, now.toISOString()))) throw new AppError(Errors.MFA_ENROLMENT_NOT_FOUND);
      await replaceRecoveryCodes(trx, principal.userId, rows);
      await revokeUserSessions(trx, principal.userId, now.toISOString(), 'mfa-enrolled', principal.sessionTokenHash);
    });
    this.changed(principal.userId);
    return codes;
  }

  /**
   * Turns the factor off, with the password and a current code; refused while the policy requires
   * it. A stolen session alone must not be enough, nor a stolen session and password.
   */
  async disable(principal: UserPrincipal, password: string, code: string): Promise<void> {
    const factor = await this.confirmedFactor(principal.userId);
    if (await this.requiredFor(principal.roles)) throw new AppError(Errors.MFA_REQUIRED_BY_POLICY);
    const user = await this.unlockedUser(principal.userId);
    if (!(await this.deps.passwords.verify(password, user.password_hash))) {
      await recordFailedAttempt(this.db, user, this.clock(), this.deps.lockout);
      throw new AppError(Errors.INVALID_CREDENTIALS);
    }
    await this.checkCode(user.id, factor, code);
    await this.db.transaction().execute((trx) => deleteFactor(trx, principal.userId));
    this.changed(principal.userId);
  }

  /** New recovery codes for a current code; the old ones stop working. */
  async regenerateRecoveryCodes(principal: UserPrincipal, code: string): Promise<string[]> {
    const factor = await this.confirmedFactor(principal.userId);
    await this.checkCode(principal.userId, factor, code);
    const codes = generateRecoveryCodes();
    const rows = await this.recoveryRows(principal.userId, codes, this.clock().toISOString());
    await this.db.transaction().execute((trx) => replaceRecoveryCodes(trx, principal.userId, rows));
    return codes;
  }

  /**
   * An administrator's reset for a user who lost their authenticator: removes the factor and its
   * recovery codes and ends all the user's sessions. Who may do it is the caller's check.
   */
  async reset(userId: string, reason: string): Promise<void> {
    await this.confirmedFactor(userId);
    const now = this.clock().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await deleteFactor(trx, userId);
      await revokeUserSessions(trx, userId, now, `mfa-reset:${reason}`.slice(0, 200));
    });
    this.changed(userId);
  }

  private async confirmedFactor(userId: string): Promise<MfaFactorRow> {
    const factor = await findFactor(this.db, userId);
    if (!factor || factor.status !== 'confirmed') throw new AppError(Errors.MFA_NOT_ENROLLED);
    return factor;
  }

  private async unlockedUser(userId: string) {
    const user = await findUser(this.db, userId);
    if (!user) throw new AppError(Errors.UNAUTHENTICATED);
    assertNotLocked(user, this.clock());
    return user;
  }

  /**
   * A code on a signed-in route: refused while the account is locked, and a wrong one counts toward
   * the lock, so a stolen session cannot guess its way to new recovery codes.
   */
  private async checkCode(userId: string, factor: MfaFactorRow, code: string): Promise<void> {
    const user = await this.unlockedUser(userId);
    if (await this.acceptTotp(factor, code)) return;
    await recordFailedAttempt(this.db, user, this.clock(), this.deps.lockout);
    throw new AppError(Errors.MFA_INVALID_CODE);
  }

  /** Checks a code and marks its step used; false for a wrong code or one whose step was already used. */
  private async acceptTotp(factor: MfaFactorRow, code: string): Promise<boolean> {
    const step = verifyTotp(await this.openSecret(factor), code, this.clock(), { after: factor.last_used_step });
    return step !== null && (await useStep(this.db, factor.user_id, step));
  }

  /** Spends a recovery code; the number left, or null when it is not one of the user's unused codes. */
  private async spendRecovery(userId: string, typed: string): Promise<number | null> {
    const code = normaliseRecoveryCode(typed);
    if (code === null) return null;
    const unused = await unusedRecoveryCodes(this.db, userId);
    const input = recoveryInput(userId, code);
    for (const row of unused) {
      if (!(await this.keyring().verifyHmac(row.key_id, input, Buffer.from(row.code_mac, 'hex')))) continue;
      if (!(await spendRecoveryCode(this.db, userId, row.code_mac, this.clock().toISOString()))) return null;
      return unused.length - 1;
    }
    return null;
  }

  private async recoveryRows(userId: string, codes: readonly string[], nowIso: string) {
    return Promise.all(
      codes.map(async (code) => {
        const { keyId, mac } = await this.keyring().hmac(MFA_RECOVERY_KEY_PURPOSE, recoveryInput(userId, code));
        return { user_id: userId, code_mac: mac.toString('hex'), key_id: keyId, created_at: nowIso, used_at: null };
      }),
    );
  }

  private async openSecret(factor: MfaFactorRow): Promise<Buffer> {
    return this.keyring().decrypt(factor.secret, totpSecretAad(factor.user_id));
  }

  private keyring(): Keyring {
    if (!this.deps.keyring) throw new AppError(Errors.INTERNAL);
    return this.deps.keyring;
  }

  private changed(userId: string): void {
    for (const listener of this.listeners) listener(userId);
  }
}
