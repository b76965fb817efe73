import { describe, expect, it } from 'vitest';
import { DEFAULT_PURPOSE, pickPurpose } from './purpose';

const options = [
  { code: 'treatment', label: { zh: '诊疗', en: 'Treatment' } },
  { code: 'referral', label: { zh: '转诊', en: 'Referral' } },
];

describe('pickPurpose', () => {
  it('keeps the purpose chosen in this session while the settings list it', () => {
    expect(pickPurpose('referral', options)).toBe('referral');
  });

  it('falls back to treatment when nothing was chosen or the choice was dropped from the settings', () => {
    expect(pickPurpose(null, options)).toBe(DEFAULT_PURPOSE);
    expect(pickPurpose('research', options)).toBe('treatment');
  });

  it('takes the first listed purpose when treatment is not among them', () => {
    expect(pickPurpose(null, [{ code: 'billing', label: { zh: '收费结算', en: 'Billing' } }])).toBe('billing');
  });

  it('keeps the choice (or treatment) until the settings have arrived', () => {
    expect(pickPurpose('referral', [])).toBe('referral');
    expect(pickPurpose(undefined, [])).toBe('treatment');
  });
});
