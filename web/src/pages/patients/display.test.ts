import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import type { PresentedRecord } from '../../api/types';
import { appendPage } from '../../lib/append-page';
import { genderLabel, isPatientId, patientLink, recordKey } from './display';
import { accessSettingsFrom, DEFAULT_ACCESS_SETTINGS } from './use-access-settings';

const record = (type: string, id: string, patientId: string | null = 'p-1'): PresentedRecord => ({
  resource: { resourceType: type, id },
  catalogCode: 'CLIN_LAB_REPORT',
  basis: 'care-team',
  patientId,
  masked: [],
  omitted: [],
  emergency: false,
  grantId: null,
});

describe('records in lists', () => {
  it('keys records by type and id', () => {
    expect(recordKey(record('Observation', 'o-1'))).toBe('Observation/o-1');
  });

  it('tells apart records of different types that share an id, so a next page does not drop one', () => {
    const shown = [record('Observation', 'o-1'), record('DiagnosticReport', 'r-1')];
    const next = [record('DiagnosticReport', 'r-1'), record('Observation', 'o-2'), record('DiagnosticReport', 'o-1')];
    expect(appendPage(shown, next, recordKey).map(recordKey)).toEqual(['Observation/o-1', 'DiagnosticReport/r-1', 'Observation/o-2', 'DiagnosticReport/o-1']);
  });

  it('links to the integrated view only with the real patient id', () => {
    expect(patientLink(record('Patient', 'p-1', 'p-1'))).toBe('/patients/p-1');
    expect(patientLink(record('Patient', 'p-3a9f', null))).toBeUndefined();
  });
});

describe('isPatientId', () => {
  it('accepts what the API accepts in a path', () => {
    expect(isPatientId('46fb02bd-ad1e-8508-83b1-05eb85de1db1')).toBe(true);
    expect(isPatientId('MRN.123')).toBe(true);
    expect(isPatientId('')).toBe(false);
    expect(isPatientId('a/b')).toBe(false);
    expect(isPatientId('x'.repeat(65))).toBe(false);
  });
});

describe('genderLabel', () => {
  const t = ((key: string) => `<${key}>`) as unknown as TFunction;
  it('translates FHIR genders and shows anything else as returned', () => {
    expect(genderLabel(t, 'female')).toBe('<gender.female>');
    expect(genderLabel(t, '*')).toBe('*');
    expect(genderLabel(t, null)).toBeNull();
  });
});

describe('accessSettingsFrom', () => {
  it('reads purposes, the emergency rules and the look-back of existing results', () => {
    const purposes = [{ code: 'treatment', label: { zh: '诊疗', en: 'Treatment' } }];
    const settings = accessSettingsFrom([
      { key: 'access.purposes', description: { zh: '', en: '' }, value: purposes, version: null, effectiveFrom: null, pending: null },
      { key: 'access.emergency', description: { zh: '', en: '' }, value: { windowMinutes: 60, reviewDeadlineHours: 8, minReasonLength: 20 }, version: 2, effectiveFrom: null, pending: null },
      { key: 'access.recentResults', description: { zh: '', en: '' }, value: { days: 14, catalogCodes: ['CLIN_LAB_REPORT'] }, version: 1, effectiveFrom: null, pending: null },
    ]);
    expect(settings).toEqual({ purposes, emergency: { windowMinutes: 60, reviewDeadlineHours: 8, minReasonLength: 20 }, recentDays: 14 });
  });

  it('keeps the defaults for missing or malformed keys', () => {
    expect(accessSettingsFrom([])).toEqual(DEFAULT_ACCESS_SETTINGS);
    const odd = accessSettingsFrom([{ key: 'access.emergency', description: { zh: '', en: '' }, value: { windowMinutes: '4h' }, version: 1, effectiveFrom: null, pending: null }]);
    expect(odd.emergency.minReasonLength).toBe(10);
  });
});
