import { describe, expect, it } from 'vitest';
import { makeDateShifter, makePseudonymiser, PSEUDONYM_PATTERN } from './pseudonyms.js';

describe('makePseudonymiser', () => {
  const key = Buffer.alloc(32, 7);

  it('gives the same pseudonym remembered or not, per key, in the package form', () => {
    const pseudonymise = makePseudonymiser('HMAC-SHA-256', key);
    const first = pseudonymise('Observation/o-1');
    expect(first).toMatch(PSEUDONYM_PATTERN);
    expect(pseudonymise.once('Observation/o-1')).toBe(first);
    expect(pseudonymise('Observation/o-1')).toBe(first);
    expect(makePseudonymiser('HMAC-SHA-256', Buffer.alloc(32, 8))('Observation/o-1')).not.toBe(first);
    expect(makePseudonymiser('HMAC-SM3', key)('Observation/o-1')).not.toBe(first);
  });
});

describe('makeDateShifter', () => {
  it('never shifts by zero and stays within the bound', () => {
    const shift = makeDateShifter('HMAC-SHA-256', Buffer.alloc(32, 3), 5);
    for (let i = 0; i < 200; i += 1) {
      const days = shift(`Patient/p-${i}`);
      expect(days).not.toBe(0);
      expect(Math.abs(days)).toBeLessThanOrEqual(5);
    }
    expect(() => makeDateShifter('HMAC-SHA-256', Buffer.alloc(32, 3), 0)).toThrow(RangeError);
  });
});
