import { describe, expect, it } from 'vitest';
import { ApiError, NETWORK_ERROR } from '../../api/problem';
import { afterLoginError, secondFactor } from './login-step';

const problem = (status: number, code: string) => new ApiError({ status, code, title: code });

describe('afterLoginError', () => {
  it('asks for the code, without an error, when the password was right and a factor is due', () => {
    expect(afterLoginError('password', problem(401, 'MFA_REQUIRED'))).toEqual({ step: 'otp', showError: false });
  });

  it('stays on the password step for a wrong password', () => {
    expect(afterLoginError('password', problem(401, 'INVALID_CREDENTIALS'))).toEqual({ step: 'password', showError: true });
  });

  it('keeps the code step and shows the error for a wrong or replayed code', () => {
    expect(afterLoginError('otp', problem(401, 'MFA_INVALID'))).toEqual({ step: 'otp', showError: true });
    expect(afterLoginError('recovery', problem(401, 'MFA_INVALID'))).toEqual({ step: 'recovery', showError: true });
  });

  it('keeps the code step when the connection or the rate limit got in the way', () => {
    expect(afterLoginError('otp', new ApiError({ status: 0, code: NETWORK_ERROR, title: 'x' }))).toEqual({ step: 'otp', showError: true });
    expect(afterLoginError('otp', problem(429, 'RATE_LIMITED'))).toEqual({ step: 'otp', showError: true });
  });

  it('starts again from the password when the account got locked or the password no longer holds', () => {
    expect(afterLoginError('otp', problem(423, 'ACCOUNT_LOCKED'))).toEqual({ step: 'password', showError: true });
    expect(afterLoginError('recovery', problem(401, 'INVALID_CREDENTIALS'))).toEqual({ step: 'password', showError: true });
  });

  it('shows MFA_REQUIRED as an error if it comes back on the code step (an empty code)', () => {
    expect(afterLoginError('otp', problem(401, 'MFA_REQUIRED'))).toEqual({ step: 'otp', showError: true });
  });
});

describe('secondFactor', () => {
  it('sends nothing extra on the password step', () => {
    expect(secondFactor('password', { otp: '123456' })).toBeUndefined();
  });

  it('sends the code without spaces, or the recovery code lower-cased', () => {
    expect(secondFactor('otp', { otp: '123 456' })).toEqual({ otp: '123456' });
    expect(secondFactor('recovery', { recoveryCode: ' ABCD-EFGH ' })).toEqual({ recoveryCode: 'abcd-efgh' });
  });
});
