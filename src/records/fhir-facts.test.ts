import { describe, expect, it } from 'vitest';
import { factsOf, instantOf } from './fhir-facts.js';

describe('instantOf', () => {
  it('turns local offsets and bare dates into UTC instants that sort as text', () => {
    expect(instantOf('2026-11-25T07:00:00+08:00')).toBe('2026-11-24T23:00:00.000Z');
    expect(instantOf('2026-11-25')).toBe('2026-11-24T16:00:00.000Z');
    expect(instantOf('2026-11')).toBe('2026-10-31T16:00:00.000Z');
    expect(instantOf('2026')).toBe('2025-12-31T16:00:00.000Z');
    expect(instantOf('2026-11-25T07:00:00Z')).toBe('2026-11-25T07:00:00.000Z');
  });
  it('keeps what it cannot read and nothing for nothing', () => {
    expect(instantOf('soon')).toBe('soon');
    expect(instantOf(null)).toBeNull();
  });
  it('is what the repository stores as the effective date', () => {
    expect(factsOf({ resourceType: 'Observation', status: 'final', code: {}, effectiveDateTime: '2026-11-25T07:00:00+08:00' }).effectiveAt).toBe('2026-11-24T23:00:00.000Z');
  });
});
