import { describe, expect, it } from 'vitest';
import { toInstant } from './instant.js';

describe('toInstant', () => {
  it('keeps a valid instant as recorded, offset included', () => {
    expect(toInstant('2026-11-25T17:00:00.123456+08:00')).toBe('2026-11-25T17:00:00.123456+08:00');
    expect(toInstant('2026-11-25t09:00:00z')).toBe('2026-11-25T09:00:00Z');
  });

  it('re-renders other parseable times in UTC with at most millisecond precision', () => {
    expect(toInstant('2026-11-25 09:00:00Z')).toBe('2026-11-25T09:00:00.000Z');
    expect(toInstant('2026-11-25T09:00:00.1234567Z')).toBe('2026-11-25T09:00:00.123Z');
    expect(toInstant('2026-11-25T24:00:00Z')).toBe('2026-11-26T00:00:00.000Z');
  });

  it('rejects what is not a real time', () => {
    expect(toInstant('')).toBeNull();
    expect(toInstant('yesterday')).toBeNull();
    expect(toInstant('2026-02-31T00:00:00Z')).toBeNull();
  });
});
