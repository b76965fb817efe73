import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { AppError, Errors } from '../http/errors.js';
import { addMinutes } from '../lib/clock.js';
import type { UserRow } from './tables.js';
import { updateUser } from './user-store.js';

export interface LockoutSettings {
  maxFailedLogins: number;
  lockoutMinutes: number;
}

/** Refuses an account locked after repeated failures, until the lock runs out. */
export function assertNotLocked(user: UserRow, now: Date): void {
  if (user.locked_until && user.locked_until > now.toISOString()) throw new AppError(Errors.ACCOUNT_LOCKED, { until: user.locked_until });
}

/**
 * Counts a wrong password or second-factor code against the account; the attempt that reaches the
 * limit locks it (GB/T 22239 login-failure handling) and is answered ACCOUNT_LOCKED itself.
 */
export async function recordFailedAttempt(db: Kysely<Database>, user: UserRow, now: Date, settings: LockoutSettings): Promise<void> {
  const failures = user.failed_login_count + 1;
  const locked = failures >= settings.maxFailedLogins;
  const until = addMinutes(now, settings.lockoutMinutes).toISOString();
  await updateUser(db, user.id, { failed_login_count: locked ? 0 : failures, locked_until: locked ? until : user.locked_until });
  if (locked) throw new AppError(Errors.ACCOUNT_LOCKED, { until });
}
