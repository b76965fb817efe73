import { describe, expect, it } from 'vitest';
import { consentReach } from './audience.js';

describe('consentReach', () => {
  it('lets the information administrator and the privacy officer handle any patient’s consents', () => {
    expect(consentReach(['info_admin'], 'write')).toBe('any-patient');
    expect(consentReach(['privacy_officer'], 'read')).toBe('any-patient');
  });
  it('limits clinicians to patients they can see, for reading and recording alike', () => {
    expect(consentReach(['staff'], 'write')).toBe('treating');
    expect(consentReach(['dept_head', 'staff'], 'read')).toBe('treating');
  });
  it('lets auditors read any patient’s consents but record none', () => {
    expect(consentReach(['auditor'], 'read')).toBe('any-patient');
    expect(consentReach(['auditor'], 'write')).toBe('none');
  });
  it('gives the system administrator nothing (no clinical data)', () => {
    expect(consentReach(['system_admin'], 'read')).toBe('none');
  });
});
