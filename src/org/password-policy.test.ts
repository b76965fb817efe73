import { describe, expect, it } from 'vitest';
import { checkPassword } from './password-policy.js';
import { hashPassword, verifyPassword } from './password-hash.js';

describe('checkPassword', () => {
  it('accepts the demo password', () => {
    expect(checkPassword('Yixiang@2026', 'dr.wang')).toBeNull();
  });

  it.each([
    ['Short@1', 'at least 10'],
    ['alllowercaseletters', 'at least 3 of'],
    ['ALLUPPER123', 'at least 3 of'],
    ['Xdr.wang@2026', 'username'],
  ])('rejects %s', (password, reason) => {
    expect(checkPassword(password, 'dr.wang')?.reason.en).toContain(reason);
  });

  it('rejects over-long passwords', () => {
    expect(checkPassword('Aa1!'.repeat(40), 'x')?.reason.en).toContain('at most');
  });
});

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('Yixiang@2026');
    expect(stored.startsWith('scrypt$32768$8$3$')).toBe(true);
    expect(await verifyPassword('Yixiang@2026', stored)).toBe(true);
    expect(await verifyPassword('Yixiang@2027', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('Yixiang@2026')).not.toBe(await hashPassword('Yixiang@2026'));
  });

  it('treats a malformed stored hash as a mismatch', async () => {
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
  });
});
