import { describe, expect, it } from 'vitest';
import { consentCovers, consentState, type ConsentTerms } from './consent.js';

const terms = (overrides: Partial<ConsentTerms> = {}): ConsentTerms => ({
  patientId: 'p1',
  recipientKind: 'institution',
  recipientId: 'inst-1',
  purpose: 'referral',
  catalogCodes: ['CLIN_LAB_REPORT', 'CLIN_IMAGING_REPORT'],
  validFrom: '2026-11-01T00:00:00.000Z',
  validTo: '2026-12-01T00:00:00.000Z',
  status: 'active',
  ...overrides,
});
const lab = { recipientId: 'inst-1', purpose: 'referral', catalogCode: 'CLIN_LAB_REPORT', at: '2026-11-15T00:00:00.000Z' };

describe('consentCovers', () => {
  it('covers the named institution, purpose and resource within the period', () => {
    expect(consentCovers(terms(), lab)).toBe(true);
    expect(consentCovers(terms(), { ...lab, catalogCode: 'CLIN_IMAGING_REPORT', at: new Date('2026-11-30T23:59:59.999Z') })).toBe(true);
  });

  it('covers every resource when no catalog codes are named', () => {
    expect(consentCovers(terms({ catalogCodes: null }), { ...lab, catalogCode: 'CLIN_PRESCRIPTION' })).toBe(true);
  });

  it('covers nothing else: another institution, purpose or resource', () => {
    expect(consentCovers(terms(), { ...lab, recipientId: 'inst-2' })).toBe(false);
    expect(consentCovers(terms(), { ...lab, purpose: 'research' })).toBe(false);
    expect(consentCovers(terms(), { ...lab, catalogCode: 'CLIN_PRESCRIPTION' })).toBe(false);
  });

  it('is in force from valid_from (inclusive) to valid_to (exclusive), or until withdrawn when open-ended', () => {
    expect(consentCovers(terms(), { ...lab, at: '2026-11-01T00:00:00.000Z' })).toBe(true);
    expect(consentCovers(terms(), { ...lab, at: '2026-10-31T23:59:59.999Z' })).toBe(false);
    expect(consentCovers(terms(), { ...lab, at: '2026-12-01T00:00:00.000Z' })).toBe(false);
    expect(consentCovers(terms({ validTo: null }), { ...lab, at: '2036-01-01T00:00:00.000Z' })).toBe(true);
  });

  it('covers nothing once withdrawn, whatever its period', () => {
    expect(consentCovers(terms({ status: 'withdrawn' }), lab)).toBe(false);
  });

  it('compares instants, not text, for times given with an offset', () => {
    expect(consentCovers(terms(), { ...lab, at: '2026-11-01T07:59:59+08:00' })).toBe(false);
    expect(consentCovers(terms(), { ...lab, at: '2026-11-01T08:00:00+08:00' })).toBe(true);
  });
});

describe('consentState', () => {
  it('tells apart in force, not yet valid, expired and withdrawn', () => {
    expect(consentState(terms(), '2026-11-15T00:00:00.000Z')).toBe('in-force');
    expect(consentState(terms(), '2026-10-15T00:00:00.000Z')).toBe('not-yet-valid');
    expect(consentState(terms(), '2026-12-15T00:00:00.000Z')).toBe('expired');
    expect(consentState(terms({ status: 'withdrawn' }), '2026-11-15T00:00:00.000Z')).toBe('withdrawn');
  });
});
