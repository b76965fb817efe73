import { describe, expect, it } from 'vitest';
import { actReasonFor, PURPOSE_OF_USE_CODES, purposeOfEvent } from './purpose-of-use.js';

describe('purpose of use', () => {
  it('maps every listed purpose to a v3-ActReason code', () => {
    for (const [purpose, coding] of Object.entries(PURPOSE_OF_USE_CODES)) {
      expect(coding.system, purpose).toBe('http://terminology.hl7.org/CodeSystem/v3-ActReason');
      expect(coding.code, purpose).toMatch(/^[A-Z]+$/);
    }
    expect(actReasonFor('referral')?.code).toBe('TREAT');
    expect(actReasonFor('billing')?.code).toBe('HPAYMT');
    expect(actReasonFor('quality-control')?.code).toBe('HQUALIMP');
  });

  it('tolerates case and underscore spellings and keeps unknown purposes as our own coding only', () => {
    expect(actReasonFor('Public_Health')?.code).toBe('PUBHLTH');
    expect(purposeOfEvent('teaching')).toEqual([{ coding: [{ system: 'urn:yixiang:purpose-of-use', code: 'teaching' }] }]);
    expect(purposeOfEvent(null)).toBeUndefined();
    expect(purposeOfEvent('  ')).toBeUndefined();
  });
});
