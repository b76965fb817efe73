import { describe, expect, it } from 'vitest';
import { groupSecret, isOtp, normalizeOtp, normalizeRecoveryCode, recoveryCodesText } from './totp-format';

describe('groupSecret', () => {
  it('splits a 32-character secret into eight groups of four', () => {
    expect(groupSecret('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
  });

  it('leaves a short last group, drops padding and spaces, and upper-cases', () => {
    expect(groupSecret('abcdefghij')).toBe('ABCD EFGH IJ');
    expect(groupSecret('ABCD EFGH==')).toBe('ABCD EFGH');
    expect(groupSecret('')).toBe('');
  });

  it('round-trips: stripping the spaces gives the secret back', () => {
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(groupSecret(secret).replace(/ /g, '')).toBe(secret);
  });
});

describe('one-time codes', () => {
  it('strips the spaces and dashes authenticator apps show inside a code', () => {
    expect(normalizeOtp(' 123 456 ')).toBe('123456');
    expect(normalizeOtp('123-456')).toBe('123456');
  });

  it('accepts exactly six digits', () => {
    expect(isOtp('123456')).toBe(true);
    expect(isOtp('123 456')).toBe(true);
    expect(isOtp('12345')).toBe(false);
    expect(isOtp('1234567')).toBe(false);
    expect(isOtp('12345a')).toBe(false);
    expect(isOtp('')).toBe(false);
  });
});

describe('recovery codes', () => {
  it('lower-cases and drops spaces', () => {
    expect(normalizeRecoveryCode(' ABCD-EF12 ')).toBe('abcd-ef12');
    expect(normalizeRecoveryCode('abcd - ef12')).toBe('abcd-ef12');
  });

  it('writes one code a line under a heading naming the account', () => {
    expect(recoveryCodesText(['abcd-efgh', 'ijkl-mnop'], 'nurse.zhao', '2026-03-01 08:00')).toBe(
      'Yixiang recovery codes / 医享恢复码\nnurse.zhao · 2026-03-01 08:00\n\nabcd-efgh\nijkl-mnop\n',
    );
  });
});
