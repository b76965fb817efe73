import { describe, expect, it } from 'vitest';
import { checkPassword } from './password-policy.js';

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
