import { describe, expect, it } from 'vitest';
import { errorSummary } from './error-summary.js';

describe('errorSummary', () => {
  it('names the error class and its message on one line', () => {
    expect(errorSummary(new TypeError('bad\n  value'))).toBe('TypeError: bad value');
  });

  it('describes thrown non-errors', () => {
    expect(errorSummary('plain text')).toBe('plain text');
    expect(errorSummary({ code: 'E1' })).toBe('{"code":"E1"}');
    expect(errorSummary(undefined)).toBe('undefined');
    expect(errorSummary('   ')).toBe('unknown error');
  });

  it('cuts long messages to the limit, marking the cut', () => {
    const summary = errorSummary(new Error('x'.repeat(2_000)), 40);
    expect(summary).toHaveLength(40);
    expect(summary.endsWith('…')).toBe(true);
  });

  it('survives values that cannot be serialised', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(errorSummary(circular)).toBe('[object Object]');
  });
});
