import { describe, expect, it } from 'vitest';
import { computeBlindIndex, normaliseForIndex } from './blind-index.js';
import { CryptoError } from './errors.js';

const key = Buffer.alloc(32, 1);

describe('normaliseForIndex', () => {
  it('folds ID card numbers: NFKC, spaces, lower-case x', () => {
    expect(normaliseForIndex('id-card', ' １１０１０５ 1949 1231 002x ')).toBe('11010519491231002X');
  });

  it('folds phone numbers: separators and the +86 / 0086 prefix', () => {
    for (const phone of ['138 0013 8000', '+86 138-0013-8000', '0086(138)00138000', '１３８００１３８０００']) {
      expect(normaliseForIndex('phone', phone)).toBe('13800138000');
    }
    expect(normaliseForIndex('phone', '010-6512 3456')).toBe('01065123456');
  });

  it('upper-cases medical record numbers; keeps case for free text', () => {
    expect(normaliseForIndex('mrn', ' mz-2024 0001 ')).toBe('MZ-20240001');
    expect(normaliseForIndex('name', '  Zhang   San ')).toBe('Zhang San');
  });

  it('rejects empty values and bad kinds', () => {
    expect(() => normaliseForIndex('phone', '  ')).toThrow(CryptoError);
    expect(() => normaliseForIndex('ID Card', 'x')).toThrow(/kind must match/);
  });
});

describe('computeBlindIndex', () => {
  it('is deterministic across spellings of the same value', () => {
    const a = computeBlindIndex('HMAC-SM3', key, 'id-card', '11010519491231002x');
    expect(computeBlindIndex('HMAC-SM3', key, 'id-card', '１１０１０５１９４９１２３１００２Ｘ')).toBe(a);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('separates kinds, keys and algorithms', () => {
    const base = computeBlindIndex('HMAC-SHA-256', key, 'mrn', '12345');
    expect(computeBlindIndex('HMAC-SHA-256', key, 'phone', '12345')).not.toBe(base);
    expect(computeBlindIndex('HMAC-SHA-256', Buffer.alloc(32, 2), 'mrn', '12345')).not.toBe(base);
    expect(computeBlindIndex('HMAC-SM3', key, 'mrn', '12345')).not.toBe(base);
  });
});
