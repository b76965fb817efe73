import { describe, expect, it } from 'vitest';
import type { Consent, PolicySetting } from '../../api/types';
import { choiceProblem, consentCover, DEFAULT_REFERRAL_SETTINGS, documentSet, fieldsChoice, keptResources, referralBody, referralSettingsFrom, wholeChoice } from './referral-draft';

const template = {
  necessaryFields: {
    CLIN_PATIENT: ['mrn', 'name', 'gender'],
    CLIN_NOTE: ['patient', 'title', 'content'],
    CLIN_LAB_REPORT: ['patient', 'testCode', 'resultQuantity'],
    CLIN_RETIRED: ['x'],
    CLIN_EMPTY: [],
  },
};
const published = new Set(['CLIN_PATIENT', 'CLIN_NOTE', 'CLIN_LAB_REPORT', 'CLIN_EMPTY']);
const set = documentSet(template, published, { wholeHistory: ['CLIN_PATIENT'] });

function consent(overrides: Partial<Consent>): Consent {
  return {
    id: 'c-1',
    patientId: 'p-1',
    recipient: { kind: 'institution', id: 'i-1', name: { zh: '江城市第一人民医院', en: 'Jiangcheng No.1' } },
    purpose: 'referral',
    purposeLabel: null,
    catalogCodes: null,
    validFrom: '2026-01-01T00:00:00.000Z',
    validTo: null,
    status: 'active',
    state: 'in-force',
    evidence: { kind: 'verbal', recordedAt: '2026-01-01T00:00:00.000Z', note: null, clinician: null, form: null },
    createdBy: { id: 'u-1', displayName: '王明' },
    createdAt: '2026-01-01T00:00:00.000Z',
    withdrawnAt: null,
    withdrawnBy: null,
    withdrawalReason: null,
    ...overrides,
  };
}

describe('the referral document set', () => {
  it('is the template’s necessary fields of published resources, in the template’s order', () => {
    expect(set).toEqual([
      { catalogCode: 'CLIN_PATIENT', fields: ['mrn', 'name', 'gender'], wholeHistory: true },
      { catalogCode: 'CLIN_NOTE', fields: ['patient', 'title', 'content'], wholeHistory: false },
      { catalogCode: 'CLIN_LAB_REPORT', fields: ['patient', 'testCode', 'resultQuantity'], wholeHistory: false },
    ]);
    // Without the catalog, every template resource is offered (the server still skips unpublished ones).
    expect(documentSet(template, null, { wholeHistory: [] }).map((e) => e.catalogCode)).toEqual(['CLIN_PATIENT', 'CLIN_NOTE', 'CLIN_LAB_REPORT', 'CLIN_RETIRED']);
    expect(documentSet(undefined, published, { wholeHistory: [] })).toEqual([]);
  });

  it('sends no fields when the whole set goes', () => {
    expect(fieldsChoice(set, wholeChoice(set))).toBeUndefined();
    expect(fieldsChoice(set, {})).toBeUndefined();
  });

  it('names only the resources left out or narrowed, within the template and in its order', () => {
    const choice = { ...wholeChoice(set), CLIN_NOTE: [], CLIN_LAB_REPORT: ['resultQuantity', 'patient', 'notInTemplate'] };
    expect(fieldsChoice(set, choice)).toEqual({ CLIN_NOTE: [], CLIN_LAB_REPORT: ['patient', 'resultQuantity'] });
    expect(keptResources(set, choice)).toEqual(['CLIN_PATIENT', 'CLIN_LAB_REPORT']);
    expect(choiceProblem(set, choice)).toBeNull();
  });

  it('refuses to leave everything out', () => {
    expect(choiceProblem(set, { CLIN_PATIENT: [], CLIN_NOTE: [], CLIN_LAB_REPORT: [] })).toBe('nothingLeft');
    expect(choiceProblem([], {})).toBeNull();
  });

  it('builds the request with a trimmed reason, and a summary only when one was written', () => {
    expect(referralBody({ patientId: 'p-1', institutionId: 'i-1', urgency: 'urgent', reason: ' 胸痛待查 ', clinicalSummary: '  ' }, set, { CLIN_NOTE: [] })).toEqual({
      patientId: 'p-1',
      institutionId: 'i-1',
      urgency: 'urgent',
      reason: '胸痛待查',
      fields: { CLIN_NOTE: [] },
    });
    expect(referralBody({ patientId: 'p-1', institutionId: 'i-1', urgency: 'routine', reason: '会诊', clinicalSummary: ' ST 段压低 ' }, set, {})).toEqual({
      patientId: 'p-1',
      institutionId: 'i-1',
      urgency: 'routine',
      reason: '会诊',
      clinicalSummary: 'ST 段压低',
    });
  });
});

describe('the consent pre-check', () => {
  const codes = ['CLIN_PATIENT', 'CLIN_LAB_REPORT'];

  it('finds nothing in force without a consent to that institution for referral', () => {
    expect(consentCover([], 'i-1', codes)).toEqual({ inForce: [], uncovered: codes });
    const others = [
      consent({ id: 'other-institution', recipient: { kind: 'institution', id: 'i-2', name: null } }),
      consent({ id: 'other-purpose', purpose: 'treatment' }),
      consent({ id: 'withdrawn', state: 'withdrawn', status: 'withdrawn' }),
      consent({ id: 'expired', state: 'expired' }),
      consent({ id: 'later', state: 'not-yet-valid' }),
    ];
    expect(consentCover(others, 'i-1', codes)).toEqual({ inForce: [], uncovered: codes });
  });

  it('covers every resource with a consent naming none, and only the named ones otherwise', () => {
    expect(consentCover([consent({})], 'i-1', codes).uncovered).toEqual([]);
    const labsOnly = consent({ catalogCodes: ['CLIN_LAB_REPORT'] });
    expect(consentCover([labsOnly], 'i-1', codes)).toEqual({ inForce: [labsOnly], uncovered: ['CLIN_PATIENT'] });
    expect(consentCover([labsOnly, consent({ id: 'c-2', catalogCodes: ['CLIN_PATIENT'] })], 'i-1', codes).uncovered).toEqual([]);
  });
});

describe('referralSettingsFrom', () => {
  const item = (value: unknown): PolicySetting => ({ key: 'sharing.referral', description: { zh: '', en: '' }, value, version: 1, effectiveFrom: null, pending: null });

  it('reads the fast-track setting and keeps the defaults when it is missing or malformed', () => {
    const value = { reviewSteps: ['dept_head', 'privacy_officer'], targetMinutes: 20, accessDays: 7, lookbackMonths: 6, wholeHistory: [] };
    expect(referralSettingsFrom([item(value)])).toEqual(value);
    expect(referralSettingsFrom([])).toEqual(DEFAULT_REFERRAL_SETTINGS);
    expect(referralSettingsFrom([item({ targetMinutes: '30' })])).toEqual(DEFAULT_REFERRAL_SETTINGS);
  });
});
