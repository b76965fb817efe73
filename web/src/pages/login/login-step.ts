import { ApiError, NETWORK_ERROR } from '../../api/problem';
import type { SecondFactor } from '../../api/types';
import { normalizeOtp, normalizeRecoveryCode } from '../../lib/totp-format';

/** The login form's steps: the password, then (for users with a factor) a one-time or a recovery code. */
export type LoginStep = 'password' | 'otp' | 'recovery';

export interface LoginOutcome {
  step: LoginStep;
  /** Whether the error is shown; the server asking for the second factor is not an error. */
  showError: boolean;
}

/**
 * What the form does after a refused sign-in. MFA_REQUIRED means the password was right and a code is
 * due; a wrong code, a rate limit or a lost connection keep the user on the code step; anything else
 * (wrong password, account locked) starts again from the password.
 */
export function afterLoginError(step: LoginStep, error: unknown): LoginOutcome {
  const code = error instanceof ApiError ? error.code : undefined;
  if (code === 'MFA_REQUIRED') return { step: step === 'password' ? 'otp' : step, showError: step !== 'password' };
  if (step === 'password') return { step, showError: true };
  const retryable = code === 'MFA_INVALID' || code === NETWORK_ERROR || (error instanceof ApiError && error.status === 429);
  return { step: retryable ? step : 'password', showError: true };
}

/** The second factor the current step sends, or nothing on the password step. */
export function secondFactor(step: LoginStep, values: { otp?: string | undefined; recoveryCode?: string | undefined }): SecondFactor | undefined {
  if (step === 'otp') return { otp: normalizeOtp(values.otp ?? '') };
  if (step === 'recovery') return { recoveryCode: normalizeRecoveryCode(values.recoveryCode ?? '') };
  return undefined;
}
